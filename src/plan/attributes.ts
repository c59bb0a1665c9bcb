import { isDeepStrictEqual } from 'node:util';
import { decodeJsonDocument, jsonDiff, type JsonDiff } from './json-diff.js';
import type { Change, PathStep } from './schema.js';
import { formatNumber } from './numbers.js';
import {
  fittedMarks,
  hasSensitivityData,
  isSensitiveName,
  MASKED_TEXT,
  safeWithoutMarks,
  SENSITIVE_TEXT,
} from './sensitivity.js';
import type { OutputChangeView } from './summary.js';

/**
 * Attribute-level view of one change, made safe for display: sensitive values are replaced
 * by a marker *here*, in the core, so no renderer ever holds one (rules: sensitivity.ts).
 */
export type DisplayValue =
  | { kind: 'value'; text: string }
  | { kind: 'lines'; lines: string[] }
  | { kind: 'sensitive' }
  /** Hidden because the change has no sensitivity data and the attribute is not known to be safe. */
  | { kind: 'masked' }
  | { kind: 'unknown' }
  | { kind: 'absent' };

export interface AttributeChange {
  /** `tags.Name`, `ingress[0].cidr_blocks[1]`, `tags["kubernetes.io/role"]` */
  path: string;
  before: DisplayValue;
  after: DisplayValue;
  /** The path is (inside, or contains) one of the change's `replace_paths`. */
  forcesReplacement: boolean;
  /** The value is a JSON document in a string (`jsonencode`, a JSON heredoc): its structural diff. */
  json?: JsonDiff;
}

export interface AttributeChanges {
  changes: AttributeChange[];
  /** Entries left out after `limit`. */
  omitted: number;
  /** The change carries no sensitivity data: strings not known to be safe are masked. */
  conservative: boolean;
}

/** Longest single-line value shown before it is shortened with an ellipsis. */
const MAX_VALUE_CHARS = 160;
/** Longest multi-line value kept (lines). */
const MAX_VALUE_LINES = 400;
/** Lines of one structural JSON diff. */
const MAX_JSON_DIFF_LINES = 200;

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
  const conservative = !hasSensitivityData(change);
  const state: WalkState = {
    out: [],
    omitted: 0,
    limit,
    replacePaths: (change.replace_paths ?? []).map((path) => path.map(String)),
    create: options.createOnly ?? change.before == null,
    conservative,
  };
  walk(state, change.before, change.after, change.before_sensitive, change.after_sensitive, change.after_unknown, []);
  return { changes: state.out, omitted: state.omitted, conservative };
}

/** An output's change as one attribute (sensitive outputs hidden whole). */
export function outputAttributeChange(view: OutputChangeView): AttributeChange {
  const { change } = view;
  const marks = view.sensitive ? true : undefined;
  const path = [view.name];
  const conservative = !view.sensitive && !hasSensitivityData(change);
  const before = displayValue(change.before, marks, conservative ? path : undefined);
  const after =
    change.after_unknown === true
      ? ({ kind: 'unknown' } as const)
      : displayValue(change.after, marks, conservative ? path : undefined);
  return {
    path: view.name,
    before: view.kind === 'create' ? { kind: 'absent' } : before,
    after,
    forcesReplacement: false,
    ...jsonOf(view.kind === 'create' ? null : change.before, change.after, before, after),
  };
}

/**
 * `replace_paths` entry as an attribute path for display, cut where it enters a sensitive value:
 * the keys of a sensitive map (and the indexes of a sensitive list) are part of the secret.
 */
export function replacePathText(path: readonly PathStep[], change: Change): string {
  let before = change.before;
  let after = change.after;
  let bs = fittedMarks(before, change.before_sensitive);
  let as = fittedMarks(after, change.after_sensitive);
  for (let i = 0; i < path.length; i += 1) {
    const step = path[i]!;
    before = child(before, step);
    after = child(after, step);
    bs = fittedMarks(before, bs === true ? true : child(bs, step));
    as = fittedMarks(after, as === true ? true : child(as, step));
    if (bs === true || as === true) return formatPath(path.slice(0, i + 1));
  }
  return formatPath(path);
}

interface WalkState {
  out: AttributeChange[];
  omitted: number;
  limit: number;
  replacePaths: string[][];
  create: boolean;
  conservative: boolean;
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
  if (isObject(marks) && Object.prototype.hasOwnProperty.call(marks, String(key))) return marks[String(key)];
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
  bs = fittedMarks(before, bs);
  as = fittedMarks(after, as);
  const byName = isSensitiveName(path[path.length - 1]);
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
  const maskPath = state.conservative ? path : undefined;
  const shownBefore: DisplayValue = state.create
    ? { kind: 'absent' }
    : displayValue(before, beforeSensitive ? true : bs, maskPath);
  const shownAfter: DisplayValue = unknown
    ? { kind: 'unknown' }
    : displayValue(after, afterSensitive ? true : as, maskPath);
  state.out.push({
    path: formatPath(path),
    before: shownBefore,
    after: shownAfter,
    forcesReplacement: state.replacePaths.some(
      (replace) =>
        replace.length > 0 &&
        replace.slice(0, steps.length).every((step, i) => steps[i] === step) &&
        steps.slice(0, replace.length).every((step, i) => replace[i] === step),
    ),
    ...jsonOf(state.create ? null : before, unknown ? null : after, shownBefore, shownAfter),
  });
}

/** `{ json }` when the visible sides are JSON documents in strings, else `{}`. */
function jsonOf(before: unknown, after: unknown, shownBefore: DisplayValue, shownAfter: DisplayValue) {
  const visible = (value: unknown, shown: DisplayValue) =>
    value == null
      ? null
      : typeof value === 'string' && (shown.kind === 'value' || shown.kind === 'lines')
        ? value
        : undefined;
  const b = visible(before, shownBefore);
  const a = visible(after, shownAfter);
  if (b === undefined || a === undefined || (b === null && a === null)) return {};
  const decodedBefore = b === null ? undefined : decodeJsonDocument(b);
  const decodedAfter = a === null ? undefined : decodeJsonDocument(a);
  if ((b !== null && !decodedBefore) || (a !== null && !decodedAfter)) return {};
  if (decodedBefore && decodedAfter && isDeepStrictEqual(decodedBefore, decodedAfter)) {
    return {
      json: {
        lines: [{ mark: ' ' as const, depth: 0, text: '# (only formatting changed: the same JSON document)' }],
        cut: 0,
      },
    };
  }
  return { json: jsonDiff(decodedBefore, decodedAfter, MAX_JSON_DIFF_LINES) };
}

/**
 * A value for display. `sensitiveMarks` is the matching `*_sensitive` structure: `true`
 * hides the whole value; a structure with any `true` hides those parts (a container shown
 * as one value gets its sensitive leaves replaced by "(sensitive)"). `maskPath` is set for
 * changes without sensitivity data: the value's path, whose strings are masked unless known safe.
 */
export function displayValue(value: unknown, marks: unknown, maskPath?: readonly PathStep[]): DisplayValue {
  const sensitiveMarks = fittedMarks(value, marks);
  if (sensitiveMarks === true) return value == null ? { kind: 'absent' } : { kind: 'sensitive' };
  if (value == null) return { kind: 'absent' };
  if (typeof value === 'string') {
    if (maskPath && !safeWithoutMarks(maskPath)) return { kind: 'masked' };
    return displayString(value);
  }
  if (typeof value !== 'object') return { kind: 'value', text: String(value) };
  const safe = redact(value, sensitiveMarks, maskPath ? [...maskPath] : undefined);
  const compact = JSON.stringify(safe);
  if (compact.length <= MAX_VALUE_CHARS) return { kind: 'value', text: compact };
  return linesOf(JSON.stringify(safe, null, 2));
}

/** Copy of `value` with every part marked sensitive (or named like a secret, or masked) replaced. */
function redact(value: unknown, valueMarks: unknown, maskPath: PathStep[] | undefined, key?: string): unknown {
  const marks = fittedMarks(value, valueMarks);
  if (marks === true || (isSensitiveName(key) && value != null)) return SENSITIVE_TEXT;
  if (typeof value === 'string' && maskPath && !safeWithoutMarks(maskPath)) return MASKED_TEXT;
  if (Array.isArray(value))
    return value.map((item, i) => redact(item, child(marks, i), maskPath ? [...maskPath, i] : undefined));
  if (isObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(value))
      Object.defineProperty(copy, k, {
        value: redact(item, child(marks, k), maskPath ? [...maskPath, k] : undefined, k),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return copy;
  }
  return value;
}

function displayString(value: string): DisplayValue {
  if (value.includes('\n')) return linesOf(value);
  const trimmed = value.trimStart();
  if (value.length > MAX_VALUE_CHARS && (trimmed.startsWith('{') || trimmed.startsWith('['))) {
    const decoded = decodeJsonDocument(value);
    if (decoded) return linesOf(JSON.stringify(decoded, null, 2));
  }
  return { kind: 'value', text: shorten(JSON.stringify(value)) };
}

function linesOf(text: string): DisplayValue {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length > MAX_VALUE_LINES) {
    const omitted = lines.length - MAX_VALUE_LINES;
    lines.length = MAX_VALUE_LINES;
    lines.push(`… (${formatNumber(omitted)} more lines)`);
  }
  return {
    kind: 'lines',
    lines: lines.map((line) => shorten(line, MAX_VALUE_CHARS * 2)),
  };
}

/** `text` cut to about `max` characters, saying how many were cut. */
export function shorten(text: string, max = MAX_VALUE_CHARS): string {
  if (text.length <= max) return text;
  const keep = max - 1;
  return `${text.slice(0, keep)}… (${formatNumber(text.length - keep)} more characters)`;
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
