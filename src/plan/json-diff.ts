import { isDeepStrictEqual } from 'node:util';
import { diffArrays } from 'diff';
import { MAX_PLAN_NESTING, tooDeepAt } from './nesting.js';
import { formatNumber } from './numbers.js';

/**
 * Structural diff of two JSON documents held in string attributes (`jsonencode`d container
 * definitions, IAM and bucket policies, Step Functions definitions), the way Terraform's own
 * renderer shows them: only what changed, with unchanged keys and elements folded into a count,
 * plus a few identifying keys (`name`, `Sid`, …) as context.
 *
 * The result is lines with a mark (`+` added, `-` removed, ` ` context) and a nesting depth;
 * the renderer indents them. Bounded by `maxLines`; the lines left out are counted.
 */
export interface DiffLine {
  mark: ' ' | '+' | '-';
  depth: number;
  text: string;
}

export interface JsonDiff {
  lines: DiffLine[];
  /** Lines left out after `maxLines`. */
  cut: number;
}

/** Keys that say which object a change is in; shown even when unchanged. */
const CONTEXT_KEYS: ReadonlySet<string> = new Set(['name', 'Name', 'Sid', 'id', 'Id', 'family', 'StartAt']);
/** Containers shorter than this (as compact JSON) are written on one line. */
const INLINE_CHARS = 72;
const MAX_SCALAR_CHARS = 200;
/** Arrays longer than this are compared element by element, not by a longest-common-subsequence. */
const MAX_LCS_ELEMENTS = 2_000;

/**
 * The JSON document in `text` when it is an object or an array (what `jsonencode` of a map or
 * list writes, or a JSON heredoc), else undefined. Documents nested deeper than the plan limit
 * are not decoded (shown as text).
 */
export function decodeJsonDocument(text: string): object | undefined {
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  return tooDeepAt(value, MAX_PLAN_NESTING) ? undefined : value;
}

/** `before` / `after`: decoded documents, or undefined for a side that does not exist (create, delete). */
export function jsonDiff(before: unknown, after: unknown, maxLines = 200): JsonDiff {
  const out = new Lines(maxLines);
  if (before === undefined) writeValue(out, '+', 0, '', after, '');
  else if (after === undefined) writeValue(out, '-', 0, '', before, '');
  else writePair(out, 0, '', before, after, '');
  return { lines: out.lines, cut: out.cut };
}

class Lines {
  lines: DiffLine[] = [];
  cut = 0;
  constructor(private readonly max: number) {}
  push(mark: DiffLine['mark'], depth: number, text: string): void {
    if (this.lines.length >= this.max) this.cut += 1;
    else this.lines.push({ mark, depth, text });
  }
}

function isContainer(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}

function keyText(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : JSON.stringify(key);
}

function scalarText(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  if (text.length <= MAX_SCALAR_CHARS) return text;
  return `${text.slice(0, MAX_SCALAR_CHARS - 1)}… (${formatNumber(text.length - MAX_SCALAR_CHARS + 1)} more characters)`;
}

/** A short container on one line (`["s3:GetObject", "s3:PutObject"]`), or undefined when it is long. */
function inlineText(value: object): string | undefined {
  const text = JSON.stringify(value);
  if (text.length > INLINE_CHARS) return undefined;
  const write = (item: unknown): string => {
    if (!isContainer(item)) return JSON.stringify(item);
    if (Array.isArray(item)) return `[${item.map(write).join(', ')}]`;
    const entries = Object.entries(item);
    return entries.length === 0
      ? '{}'
      : `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${write(v)}`).join(', ')} }`;
  };
  return write(value);
}

/** `prefix` is `key = ` (padded) inside an object, '' elsewhere; `suffix` is ',' inside an array. */
function writeValue(out: Lines, mark: DiffLine['mark'], depth: number, prefix: string, value: unknown, suffix: string) {
  if (!isContainer(value)) {
    out.push(mark, depth, `${prefix}${scalarText(value)}${suffix}`);
    return;
  }
  const compact = inlineText(value);
  if (compact !== undefined) {
    out.push(mark, depth, `${prefix}${compact}${suffix}`);
    return;
  }
  if (Array.isArray(value)) {
    out.push(mark, depth, `${prefix}[`);
    for (const item of value) writeValue(out, mark, depth + 1, '', item, ',');
    out.push(mark, depth, `]${suffix}`);
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  const width = Math.max(0, ...keys.map((key) => keyText(key).length));
  out.push(mark, depth, `${prefix}{`);
  for (const key of keys) writeValue(out, mark, depth + 1, `${keyText(key).padEnd(width)} = `, record[key], '');
  out.push(mark, depth, `}${suffix}`);
}

/** A value present on both sides. */
function writePair(out: Lines, depth: number, prefix: string, before: unknown, after: unknown, suffix: string) {
  if (isDeepStrictEqual(before, after)) {
    writeValue(out, ' ', depth, prefix, after, suffix);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    out.push(' ', depth, `${prefix}[`);
    writeArray(out, depth + 1, before, after);
    out.push(' ', depth, `]${suffix}`);
    return;
  }
  if (isContainer(before) && isContainer(after) && !Array.isArray(before) && !Array.isArray(after)) {
    out.push(' ', depth, `${prefix}{`);
    writeObject(out, depth + 1, before as Record<string, unknown>, after as Record<string, unknown>);
    out.push(' ', depth, `}${suffix}`);
    return;
  }
  writeValue(out, '-', depth, prefix, before, suffix);
  writeValue(out, '+', depth, prefix, after, suffix);
}

function writeObject(out: Lines, depth: number, before: Record<string, unknown>, after: Record<string, unknown>) {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const has = (record: Record<string, unknown>, key: string) => Object.prototype.hasOwnProperty.call(record, key);
  const shown = keys.filter(
    (key) =>
      !has(before, key) ||
      !has(after, key) ||
      !isDeepStrictEqual(before[key], after[key]) ||
      (CONTEXT_KEYS.has(key) && !isContainer(after[key])),
  );
  const width = Math.max(0, ...shown.map((key) => keyText(key).length));
  for (const key of shown) {
    const prefix = `${keyText(key).padEnd(width)} = `;
    if (!has(before, key)) writeValue(out, '+', depth, prefix, after[key], '');
    else if (!has(after, key)) writeValue(out, '-', depth, prefix, before[key], '');
    else writePair(out, depth, prefix, before[key], after[key], '');
  }
  const hidden = keys.length - shown.length;
  if (hidden > 0) out.push(' ', depth, `# (${hidden} unchanged ${hidden === 1 ? 'key' : 'keys'} hidden)`);
}

function writeArray(out: Lines, depth: number, before: unknown[], after: unknown[]) {
  const parts =
    before.length <= MAX_LCS_ELEMENTS && after.length <= MAX_LCS_ELEMENTS
      ? diffArrays(before, after, { comparator: (a, b) => isDeepStrictEqual(a, b) })
      : positional(before, after);
  const hide = (count: number) => {
    if (count > 0) out.push(' ', depth, `# (${count} unchanged ${count === 1 ? 'element' : 'elements'} hidden)`);
  };
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i]!;
    if (!part.added && !part.removed) {
      hide(part.value.length);
      continue;
    }
    // A removed run followed by an added one: elements of the same kind are changed in place.
    const next = parts[i + 1];
    if (part.removed && next?.added) {
      const removed = part.value;
      const added = next.value;
      const paired = Math.min(removed.length, added.length);
      for (let j = 0; j < paired; j += 1) {
        const a = removed[j];
        const b = added[j];
        if (isContainer(a) && isContainer(b) && Array.isArray(a) === Array.isArray(b))
          writePair(out, depth, '', a, b, ',');
        else {
          writeValue(out, '-', depth, '', a, ',');
          writeValue(out, '+', depth, '', b, ',');
        }
      }
      for (const item of removed.slice(paired)) writeValue(out, '-', depth, '', item, ',');
      for (const item of added.slice(paired)) writeValue(out, '+', depth, '', item, ',');
      i += 1;
      continue;
    }
    for (const item of part.value) writeValue(out, part.added ? '+' : '-', depth, '', item, ',');
  }
}

/** Element-by-element comparison for very long arrays (same shape as diffArrays' result). */
function positional(before: unknown[], after: unknown[]) {
  const parts: { value: unknown[]; added: boolean; removed: boolean }[] = [];
  const length = Math.max(before.length, after.length);
  for (let i = 0; i < length; i += 1) {
    if (i < before.length && i < after.length && isDeepStrictEqual(before[i], after[i])) {
      const last = parts[parts.length - 1];
      if (last && !last.added && !last.removed) last.value.push(after[i]);
      else parts.push({ value: [after[i]], added: false, removed: false });
      continue;
    }
    if (i < before.length) parts.push({ value: [before[i]], added: false, removed: true });
    if (i < after.length) parts.push({ value: [after[i]], added: true, removed: false });
  }
  return parts;
}
