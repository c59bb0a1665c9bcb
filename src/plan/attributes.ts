import { isDeepStrictEqual } from 'node:util';
import type { Change, PathStep } from './schema.js';

/**
 * Attribute-level view of one change, made safe for display: sensitive values are replaced
 * by a marker *here*, in the core, so no renderer ever holds one.
 *
 * A value is sensitive when `before_sensitive` / `after_sensitive` mark it (`true` for a
 * whole subtree, or a structure mirroring the value with `true` on sensitive leaves), or
 * when its attribute name is one providers always treat as secret (SENSITIVE_ATTRIBUTE_NAMES:
 * a defence for format 0.1 plans of Terraform < 0.15, which wrote provider-sensitive values
 * such as `password` in clear).
 */
export type DisplayValue =
  | { kind: 'value'; text: string }
  | { kind: 'lines'; lines: string[] }
  | { kind: 'sensitive' }
  | { kind: 'unknown' }
  | { kind: 'absent' };

export interface AttributeChange {
  /** `tags.Name`, `ingress[0].cidr_blocks[1]`, `tags["kubernetes.io/role"]` */
  path: string;
  before: DisplayValue;
  after: DisplayValue;
  /** The path is (inside) one of the change's `replace_paths`. */
  forcesReplacement: boolean;
}

export interface AttributeChanges {
  changes: AttributeChange[];
  /** Entries left out after `limit`. */
  omitted: number;
}

/** Attribute names whose values are secret whatever the plan's sensitivity marks say. */
const SENSITIVE_ATTRIBUTE_NAMES: ReadonlySet<string> = new Set([
  'password',
  'master_password',
  'admin_password',
  'secret_string',
  'secret_binary',
  'private_key',
  'private_key_pem',
  'private_key_openssh',
  'client_secret',
  'secret_access_key',
  'auth_token',
  'admin_secret',
  'sensitive_content',
]);

/** Longest single-line value shown before it is shortened with an ellipsis. */
const MAX_VALUE_CHARS = 160;
/** Longest multi-line value kept (lines). */
const MAX_VALUE_LINES = 400;
const SENSITIVE_TEXT = '(sensitive)';

/**
 * The attributes a change sets or changes, `before → after`. For a create every attribute
 * with a value (or unknown until apply); for an update/replace/drift entry every leaf that
 * differs. Bounded by `limit` entries.
 */
export function attributeChanges(
  change: Change,
  options: { limit?: number; createOnly?: boolean } = {},
): AttributeChanges {
  const limit = options.limit ?? 200;
  const replacePaths = (change.replace_paths ?? []).map((path) => path.map(String));
  const state: WalkState = {
    out: [],
    omitted: 0,
    limit,
    replacePaths,
    create: options.createOnly ?? change.before == null,
  };
  walk(state, change.before, change.after, change.before_sensitive, change.after_sensitive, change.after_unknown, []);
  return { changes: state.out, omitted: state.omitted };
}

interface WalkState {
  out: AttributeChange[];
  omitted: number;
  limit: number;
  replacePaths: string[][];
  create: boolean;
}

type Container = Record<string, unknown> | unknown[];

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isContainer(value: unknown): value is Container {
  return value !== null && typeof value === 'object';
}

function isEmptyContainer(value: unknown): boolean {
  return Array.isArray(value) ? value.length === 0 : isObject(value) && Object.keys(value).length === 0;
}

function child(marks: unknown, key: string | number): unknown {
  if (Array.isArray(marks)) return typeof key === 'number' ? marks[key] : undefined;
  if (isObject(marks)) return marks[String(key)];
  return undefined;
}

function walk(
  state: WalkState,
  before: unknown,
  after: unknown,
  bs: unknown,
  as: unknown,
  au: unknown,
  path: PathStep[],
): void {
  const last = path[path.length - 1];
  const byName = typeof last === 'string' && SENSITIVE_ATTRIBUTE_NAMES.has(last);
  const beforeSensitive = bs === true || byName;
  const afterSensitive = as === true || byName;
  const unknown = au === true;
  const sameShape =
    (before == null || after == null || Array.isArray(before) === Array.isArray(after)) &&
    (isContainer(before) || isContainer(after));
  const bothContainersOrNull = (before == null || isContainer(before)) && (after == null || isContainer(after));
  const recurse =
    !beforeSensitive &&
    !afterSensitive &&
    !unknown &&
    sameShape &&
    bothContainersOrNull &&
    !isEmptyContainer(before) &&
    !isEmptyContainer(after);
  if (recurse) {
    const container = (isContainer(after) ? after : before) as Container;
    if (Array.isArray(container)) {
      const length = Math.max(
        Array.isArray(before) ? before.length : 0,
        Array.isArray(after) ? after.length : 0,
        Array.isArray(au) ? au.length : 0,
      );
      for (let i = 0; i < length; i += 1) {
        walk(state, child(before, i), child(after, i), child(bs, i), child(as, i), child(au, i), [...path, i]);
      }
    } else {
      const keys = new Set<string>([
        ...(isObject(before) ? Object.keys(before) : []),
        ...(isObject(after) ? Object.keys(after) : []),
      ]);
      if (isObject(au)) for (const key of Object.keys(au)) if (au[key] === true) keys.add(key);
      for (const key of keys)
        walk(state, child(before, key), child(after, key), child(bs, key), child(as, key), child(au, key), [
          ...path,
          key,
        ]);
    }
    return;
  }
  // A leaf (or a subtree shown as one value).
  if (path.length === 0 && before == null && after == null && !unknown) return;
  if (state.create) {
    if (!unknown && (after == null || isEmptyContainer(after))) return;
  } else if (!unknown) {
    if (isDeepStrictEqual(before ?? null, after ?? null)) return;
  }
  if (state.out.length >= state.limit) {
    state.omitted += 1;
    return;
  }
  const steps = path.map(String);
  state.out.push({
    path: formatPath(path),
    before: state.create ? { kind: 'absent' } : displayValue(before, beforeSensitive ? true : bs),
    after: unknown ? { kind: 'unknown' } : displayValue(after, afterSensitive ? true : as),
    forcesReplacement: state.replacePaths.some(
      (replace) => replace.length > 0 && replace.every((step, i) => steps[i] === step),
    ),
  });
}

/**
 * A value for display. `sensitiveMarks` is the matching `*_sensitive` structure: `true`
 * hides the whole value; a structure with any `true` hides those parts (a container shown
 * as one value gets its sensitive leaves replaced by "(sensitive)").
 */
export function displayValue(value: unknown, sensitiveMarks: unknown): DisplayValue {
  if (sensitiveMarks === true) return value == null ? { kind: 'absent' } : { kind: 'sensitive' };
  if (value == null) return { kind: 'absent' };
  if (typeof value === 'string') return displayString(value);
  if (typeof value !== 'object') return { kind: 'value', text: String(value) };
  const safe = redact(value, sensitiveMarks);
  const compact = JSON.stringify(safe);
  if (compact.length <= MAX_VALUE_CHARS) return { kind: 'value', text: compact };
  return linesOf(JSON.stringify(safe, null, 2));
}

/** Copy of `value` with every part marked sensitive (or named like a secret) replaced. */
function redact(value: unknown, marks: unknown, key?: string): unknown {
  if (marks === true || (key !== undefined && SENSITIVE_ATTRIBUTE_NAMES.has(key) && value != null))
    return SENSITIVE_TEXT;
  if (Array.isArray(value)) return value.map((item, i) => redact(item, child(marks, i)));
  if (isObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(value)) copy[k] = redact(item, child(marks, k), k);
    return copy;
  }
  return value;
}

/** True when a `*_sensitive` structure marks anything at all. */
export function hasSensitiveMark(marks: unknown): boolean {
  if (marks === true) return true;
  if (Array.isArray(marks)) return marks.some(hasSensitiveMark);
  if (isObject(marks)) return Object.values(marks).some(hasSensitiveMark);
  return false;
}

function displayString(value: string): DisplayValue {
  if (value.includes('\n')) return linesOf(value);
  const trimmed = value.trimStart();
  if (value.length > MAX_VALUE_CHARS && (trimmed.startsWith('{') || trimmed.startsWith('['))) {
    try {
      return linesOf(JSON.stringify(JSON.parse(value), null, 2));
    } catch {
      // not a JSON document: shown shortened below
    }
  }
  return { kind: 'value', text: shorten(JSON.stringify(value)) };
}

function linesOf(text: string): DisplayValue {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length > MAX_VALUE_LINES) {
    const omitted = lines.length - MAX_VALUE_LINES;
    lines.length = MAX_VALUE_LINES;
    lines.push(`… (${omitted} more lines)`);
  }
  return {
    kind: 'lines',
    lines: lines.map((line) => (line.length > MAX_VALUE_CHARS * 2 ? shorten(line, MAX_VALUE_CHARS * 2) : line)),
  };
}

function shorten(text: string, max = MAX_VALUE_CHARS): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1)}…`;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function formatPath(path: readonly PathStep[]): string {
  let text = '';
  if (path.length === 0) return '(whole value)';
  for (const step of path) {
    if (typeof step === 'number') text += `[${step}]`;
    else if (IDENTIFIER.test(step)) text += text === '' ? step : `.${step}`;
    else text += `[${JSON.stringify(step)}]`;
  }
  return text;
}
