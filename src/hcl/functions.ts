/**
 * Terraform's pure functions, evaluated statically so that a value derived from a literal is
 * seen as Terraform will see it (`trimsuffix("phenom-prod-db-clone", "-clone")`,
 * `replace(x, "/-\\d+$/", "")`, `base64decode(…)`, `format("%s-%s", …)`). Semantics follow
 * Terraform's function reference; regular expressions are RE2, as in Terraform, through re2js
 * (linear time, so no pattern can hang the run). A call that cannot be evaluated — wrong
 * argument types, an invalid pattern, a result larger than MAX_VALUE_SIZE — is unknown with a
 * reason, never an exception.
 */
import { RE2JS } from 're2js';
import { jsonTooDeep } from './nesting.js';

export type KnownValue = string | number | boolean | null | KnownValue[] | { [key: string]: KnownValue };
export type Value = { known: true; value: KnownValue } | { known: false; reason: string };

export const known = (value: KnownValue): Value => ({ known: true, value });
export const unknown = (reason: string): Value => ({ known: false, reason });

/** Strings longer than this, and collections with more elements, are not built (unknown instead). */
export const MAX_VALUE_SIZE = 1_000_000;

type Fn = (args: KnownValue[]) => Value;
type Obj = { [key: string]: KnownValue };

const isObject = (v: KnownValue | undefined): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Terraform converts numbers and booleans to strings where a string is expected. */
export const str = (v: KnownValue | undefined): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

const num = (v: KnownValue | undefined): number | undefined => {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
};

/** A function of string arguments (numbers and booleans converted) that may be unknown. */
const stringValue =
  (f: (...s: string[]) => Value) =>
  (args: KnownValue[]): Value => {
    const strings = args.map(str);
    if (!strings.every((s): s is string => s !== undefined)) return unknown('non-string argument');
    return f(...strings);
  };

const stringFn = (f: (...s: string[]) => KnownValue) => stringValue((...s) => known(f(...s)));

const list = (v: KnownValue | undefined): KnownValue[] | undefined => (Array.isArray(v) ? v : undefined);

const chars = (s: string) => Array.from(s);

/** The size of a value, for the MAX_VALUE_SIZE guard. */
export function sizeOf(value: KnownValue): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.length;
  if (isObject(value)) return Object.keys(value).length;
  return 1;
}

/** An RE2 pattern compiled by re2js, or why it cannot be. */
export function compileRe2(pattern: string): { re: RE2JS } | { reason: string } {
  try {
    return { re: RE2JS.compile(pattern) };
  } catch (error) {
    return { reason: `invalid RE2 pattern ${JSON.stringify(pattern)}: ${(error as Error).message}` };
  }
}

/** Go's `Regexp.Expand`: `$1`, `${1}`, `$name`, `${name}`, `$$`; anything else after `$` is literal. */
function expandTemplate(template: string, group: (name: string) => string | undefined): string {
  let out = '';
  for (let i = 0; i < template.length;) {
    const ch = template[i];
    if (ch !== '$') {
      out += ch;
      i += 1;
      continue;
    }
    if (template[i + 1] === '$') {
      out += '$';
      i += 2;
      continue;
    }
    const braced = template[i + 1] === '{';
    const match = (braced ? /^\{([A-Za-z0-9_]+)\}/ : /^([A-Za-z0-9_]+)/).exec(template.slice(i + 1));
    if (!match) {
      out += '$';
      i += 1;
      continue;
    }
    out += group(match[1] ?? '') ?? '';
    i += 1 + (match[0]?.length ?? 0);
  }
  return out;
}

/**
 * Terraform's `replace(string, "/re/", replacement)`: Go's `ReplaceAllString` (an empty match
 * right after a previous match is not replaced; `$1`/`${name}` expand in the replacement).
 */
export function re2ReplaceAll(re: RE2JS, src: string, template: string): string {
  const matcher = re.matcher(src);
  const names = re.namedGroups() as Record<string, number>;
  let out = '';
  let lastEnd = 0;
  let search = 0;
  let first = true;
  while (search <= src.length && matcher.find(search)) {
    const start = matcher.start();
    const end = matcher.end();
    out += src.slice(lastEnd, start);
    if (end > lastEnd || start === 0 || first) {
      out += expandTemplate(template, (name) => {
        const index = /^\d+$/.test(name) ? Number(name) : names[name];
        if (index === undefined || index > matcher.groupCount()) return '';
        return matcher.group(index) ?? '';
      });
    }
    first = false;
    lastEnd = end;
    const width = (src.codePointAt(search) ?? 0) > 0xffff ? 2 : 1;
    search = end > search ? end : search + width;
    if (out.length > MAX_VALUE_SIZE) return out;
  }
  return out + src.slice(lastEnd);
}

/** `regex()`'s result for one match: the match, the list of groups, or the map of named groups. */
function regexResult(re: RE2JS, matcher: ReturnType<RE2JS['matcher']>): KnownValue {
  const count = matcher.groupCount();
  if (count === 0) return matcher.group(0) ?? '';
  const names = Object.entries(re.namedGroups() as Record<string, number>);
  if (names.length > 0) return Object.fromEntries(names.map(([name, i]) => [name, matcher.group(i) ?? null]));
  return Array.from({ length: count }, (_, i) => matcher.group(i + 1) ?? null);
}

function regexFn(all: boolean): Fn {
  return (args) => {
    const [pattern, subject] = args.map(str);
    if (pattern === undefined || subject === undefined) return unknown('non-string argument');
    const compiled = compileRe2(pattern);
    if ('reason' in compiled) return unknown(compiled.reason);
    const matcher = compiled.re.matcher(subject);
    if (!all) return matcher.find() ? known(regexResult(compiled.re, matcher)) : unknown('pattern does not match');
    const out: KnownValue[] = [];
    let from = 0;
    while (from <= subject.length && matcher.find(from) && out.length < MAX_VALUE_SIZE) {
      out.push(regexResult(compiled.re, matcher));
      from = matcher.end() > from ? matcher.end() : from + 1;
    }
    return known(out);
  };
}

/** Terraform's `format` verbs for the values a static evaluation has: %s %d %f %v %q %t %%. */
function formatValue(spec: string, value: KnownValue | undefined): string | undefined {
  const verb = spec[spec.length - 1];
  if (value === undefined) return undefined;
  switch (verb) {
    case 'q':
      return typeof value === 'string' ? JSON.stringify(value) : undefined;
    case 'd': {
      const n = num(value);
      return n === undefined
        ? undefined
        : String(Math.trunc(n)).padStart(
            Number(/(\d+)$/.exec(spec.slice(0, -1))?.[1] ?? 0),
            spec.includes('0') ? '0' : ' ',
          );
    }
    case 'f': {
      const n = num(value);
      const precision = /\.(\d+)/.exec(spec)?.[1];
      return n === undefined ? undefined : n.toFixed(precision === undefined ? 6 : Math.min(20, Number(precision)));
    }
    case 'v':
      return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
    default:
      return str(value);
  }
}

function base64Decode(s: string): Value {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) return unknown('base64decode of invalid base64');
  return known(Buffer.from(s, 'base64').toString('utf8'));
}

/** Terraform's `flatten`: nested lists become one list (iteratively: any depth is safe). */
function flattenList(items: readonly KnownValue[]): KnownValue[] {
  const out: KnownValue[] = [];
  const stack: KnownValue[] = [...items].reverse();
  while (stack.length > 0) {
    const item = stack.pop() as KnownValue;
    if (Array.isArray(item)) for (let i = item.length - 1; i >= 0; i -= 1) stack.push(item[i] as KnownValue);
    else out.push(item);
  }
  return out;
}

/** Pure functions whose results matter for names, paths and keys; any other function is unknown. */
export const FUNCTIONS: Readonly<Record<string, Fn>> = {
  lower: stringFn((s = '') => s.toLowerCase()),
  upper: stringFn((s = '') => s.toUpperCase()),
  title: stringFn((s = '') =>
    s.replace(/(^|[^\p{L}\p{N}])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase()),
  ),
  chomp: stringFn((s = '') => s.replace(/(\r?\n)+$/, '')),
  trimspace: stringFn((s = '') => s.trim()),
  trim: stringFn((s = '', cut = '') => {
    const set = new Set(chars(cut));
    const c = chars(s);
    let a = 0;
    let b = c.length;
    while (a < b && set.has(c[a] ?? '')) a += 1;
    while (b > a && set.has(c[b - 1] ?? '')) b -= 1;
    return c.slice(a, b).join('');
  }),
  trimprefix: stringFn((s = '', p = '') => (s.startsWith(p) ? s.slice(p.length) : s)),
  trimsuffix: stringFn((s = '', p = '') => (p && s.endsWith(p) ? s.slice(0, -p.length) : s)),
  strrev: stringFn((s = '') => chars(s).reverse().join('')),
  startswith: stringFn((s = '', p = '') => s.startsWith(p)),
  endswith: stringFn((s = '', p = '') => s.endsWith(p)),
  strcontains: stringFn((s = '', p = '') => s.includes(p)),
  replace: stringValue((s = '', from = '', to = '') => {
    if (from.length > 1 && from.startsWith('/') && from.endsWith('/')) {
      const compiled = compileRe2(from.slice(1, -1));
      if ('reason' in compiled) return unknown(compiled.reason);
      return known(re2ReplaceAll(compiled.re, s, to));
    }
    if (from === '') return known(s);
    return known(s.split(from).join(to));
  }),
  regex: regexFn(false),
  regexall: regexFn(true),
  substr: (args) => {
    const [s, offsetArg, lengthArg] = args;
    const text = str(s);
    const offset = num(offsetArg);
    const length = num(lengthArg);
    if (text === undefined || offset === undefined || length === undefined) return unknown('substr of non-strings');
    const c = chars(text);
    const start = offset < 0 ? Math.max(0, c.length + offset) : Math.min(offset, c.length);
    return known(c.slice(start, length < 0 ? undefined : start + length).join(''));
  },
  split: stringFn((sep = '', s = '') => (s === '' ? [] : s.split(sep))),
  tostring: (args) =>
    args[0] === null
      ? known(null)
      : str(args[0]) === undefined
        ? unknown('tostring of a collection')
        : known(str(args[0]) ?? ''),
  tonumber: (args) => (num(args[0]) === undefined ? unknown('tonumber of a non-number') : known(num(args[0]) ?? 0)),
  tobool: (args) =>
    typeof args[0] === 'boolean'
      ? known(args[0])
      : args[0] === 'true' || args[0] === 'false'
        ? known(args[0] === 'true')
        : unknown('tobool of a non-bool'),
  abspath: stringFn((s = '') => s),
  dirname: stringFn((s = '') => (s.includes('/') ? s.slice(0, s.lastIndexOf('/')) || '/' : '.')),
  basename: stringFn((s = '') => s.slice(s.lastIndexOf('/') + 1)),
  format: (args) => {
    const [pattern, ...rest] = args;
    if (typeof pattern !== 'string') return unknown('format pattern is not a string');
    let i = 0;
    let failed = false;
    const out = pattern.replace(/%(%|[-+ 0#]*\d*(?:\.\d+)?[sdvqft])/g, (match, spec: string) => {
      if (spec === '%') return '%';
      const value = formatValue(spec, rest[i++]);
      if (value === undefined) failed = true;
      return value ?? match;
    });
    return failed ? unknown('format argument of the wrong type') : known(out);
  },
  formatlist: (args) => {
    const [pattern, ...rest] = args;
    const length = rest.find(Array.isArray)?.length ?? 1;
    const out: KnownValue[] = [];
    for (let n = 0; n < length; n += 1) {
      const value = FUNCTIONS.format?.([pattern ?? null, ...rest.map((r) => (Array.isArray(r) ? (r[n] ?? null) : r))]);
      if (!value?.known) return value ?? unknown('formatlist');
      out.push(value.value);
    }
    return known(out);
  },
  join: (args) => {
    const [sep, ...lists] = args;
    if (typeof sep !== 'string') return unknown('join separator is not a string');
    const items = lists.flatMap((l) => (Array.isArray(l) ? l : [l])).map(str);
    return items.every((s): s is string => s !== undefined) ? known(items.join(sep)) : unknown('join of non-strings');
  },
  concat: (args) => (args.every(Array.isArray) ? known(args.flat()) : unknown('concat of non-lists')),
  flatten: (args) => (Array.isArray(args[0]) ? known(flattenList(args[0])) : unknown('flatten of a non-list')),
  compact: (args) =>
    Array.isArray(args[0]) ? known(args[0].filter((v) => v !== null && v !== '')) : unknown('compact of a non-list'),
  distinct: (args) =>
    Array.isArray(args[0])
      ? known([...new Map(args[0].map((v) => [JSON.stringify(v), v])).values()])
      : unknown('distinct of a non-list'),
  reverse: (args) => (Array.isArray(args[0]) ? known([...args[0]].reverse()) : unknown('reverse of a non-list')),
  sort: (args) => {
    const items = list(args[0])?.map(str);
    return items?.every((s): s is string => s !== undefined)
      ? known([...items].sort())
      : unknown('sort of non-strings');
  },
  slice: (args) => {
    const [l, a, b] = args;
    return Array.isArray(l) && typeof a === 'number' && typeof b === 'number'
      ? known(l.slice(a, b))
      : unknown('slice of a non-list');
  },
  length: (args) => {
    const [v] = args;
    if (typeof v === 'string') return known(chars(v).length);
    return v !== null && typeof v === 'object' ? known(sizeOf(v)) : unknown('length of a non-collection');
  },
  contains: (args) => {
    const [l, v] = args;
    return Array.isArray(l)
      ? known(l.some((x) => JSON.stringify(x) === JSON.stringify(v)))
      : unknown('contains of a non-list');
  },
  index: (args) => {
    const [l, v] = args;
    const i = Array.isArray(l) ? l.findIndex((x) => JSON.stringify(x) === JSON.stringify(v)) : -1;
    return i === -1 ? unknown('index: value not in list') : known(i);
  },
  keys: (args) => (isObject(args[0]) ? known(Object.keys(args[0]).sort()) : unknown('keys of a non-map')),
  values: (args) => {
    const m = args[0];
    return isObject(m)
      ? known(
          Object.keys(m)
            .sort()
            .map((k) => m[k] ?? null),
        )
      : unknown('values of a non-map');
  },
  zipmap: (args) => {
    const [k, v] = args;
    if (!Array.isArray(k) || !Array.isArray(v) || k.length !== v.length) return unknown('zipmap of unequal lists');
    const out: Obj = {};
    k.forEach((key, i) => (out[String(str(key) ?? '')] = v[i] ?? null));
    return known(out);
  },
  merge: (args) =>
    args.every((a) => isObject(a) || a === null)
      ? known(Object.assign({}, ...args.filter((a) => a !== null)) as KnownValue)
      : unknown('merge of non-objects'),
  tomap: (args) => (isObject(args[0]) ? known(args[0]) : unknown('tomap of a non-map')),
  coalesce: (args) => {
    const found = args.find((a) => a !== null && a !== '');
    return found === undefined ? unknown('coalesce of empty values') : known(found);
  },
  coalescelist: (args) => {
    const found = args.find((a) => Array.isArray(a) && a.length > 0);
    return found === undefined ? unknown('coalescelist of empty lists') : known(found);
  },
  one: (args) => {
    const l = list(args[0]);
    if (!l || l.length > 1) return unknown('one of a list with more than one element');
    return known(l[0] ?? null);
  },
  lookup: (args) => {
    const [map, key, fallback] = args;
    if (!isObject(map) || typeof key !== 'string') return unknown('lookup on a non-map');
    if (Object.hasOwn(map, key)) return known(map[key] as KnownValue);
    return fallback === undefined ? unknown(`no key '${key}'`) : known(fallback);
  },
  element: (args) => {
    const [l, index] = args;
    const i = num(index);
    if (!Array.isArray(l) || i === undefined || l.length === 0 || i < 0) return unknown('element of a non-list');
    return known(l[Math.trunc(i) % l.length] as KnownValue);
  },
  tolist: (args) => (Array.isArray(args[0]) ? known(args[0]) : unknown('tolist of a non-list')),
  toset: (args) =>
    Array.isArray(args[0])
      ? known([...new Set(args[0].map((v) => JSON.stringify(v)))].map((v) => JSON.parse(v) as KnownValue))
      : unknown('toset of a non-list'),
  range: (args) => {
    const numbers = args.map(num);
    if (!numbers.every((n): n is number => n !== undefined)) return unknown('range of non-numbers');
    const [a = 0, b, step = 1] = numbers.length === 1 ? [0, numbers[0], 1] : numbers;
    if (b === undefined || step === 0 || Math.abs((b - a) / step) > 1024) return unknown('range too large to evaluate');
    const out: number[] = [];
    for (let x = a; step > 0 ? x < b : x > b; x += step) out.push(x);
    return known(out);
  },
  min: (args) =>
    args.every((a) => num(a) !== undefined) && args.length > 0
      ? known(Math.min(...args.map((a) => num(a) ?? 0)))
      : unknown('min of non-numbers'),
  max: (args) =>
    args.every((a) => num(a) !== undefined) && args.length > 0
      ? known(Math.max(...args.map((a) => num(a) ?? 0)))
      : unknown('max of non-numbers'),
  abs: (args) => (num(args[0]) === undefined ? unknown('abs of a non-number') : known(Math.abs(num(args[0]) ?? 0))),
  ceil: (args) => (num(args[0]) === undefined ? unknown('ceil of a non-number') : known(Math.ceil(num(args[0]) ?? 0))),
  floor: (args) =>
    num(args[0]) === undefined ? unknown('floor of a non-number') : known(Math.floor(num(args[0]) ?? 0)),
  base64decode: stringValue((s = '') => base64Decode(s)),
  base64encode: stringFn((s = '') => Buffer.from(s, 'utf8').toString('base64')),
  urlencode: stringFn((s = '') => encodeURIComponent(s).replace(/%20/g, '+')),
  jsonencode: (args) => known(JSON.stringify(args[0] ?? null)),
  jsondecode: stringValue((s = '') => {
    if (jsonTooDeep(s)) return unknown('jsondecode of a document nested too deeply');
    try {
      return known(JSON.parse(s) as KnownValue);
    } catch {
      return unknown('jsondecode of invalid JSON');
    }
  }),
};
