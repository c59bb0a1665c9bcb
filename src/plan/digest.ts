import { createHash, type Hash } from 'node:crypto';
import { writeResourceChanges } from './digest-text.js';
import { MAX_PLAN_NESTING, tooDeepAt, tooDeepError } from './nesting.js';
import type { Plan, ResourceChange } from './schema.js';

/**
 * SHA-256 (hex) of the plan's `resource_changes` and `output_changes` in canonical JSON:
 * object keys sorted by code unit, no whitespace, numbers and strings as JSON.stringify
 * writes them. Independent of key order and formatting of the input, so the apply step
 * can prove that the plan it is about to apply is the one that was reviewed.
 *
 * Hashed document: `{"output_changes":{…},"resource_changes":[…]}`; a missing field
 * counts as empty (`{}` / `[]`), as in a plan without changes.
 *
 * Values nested deeper than MAX_PLAN_NESTING levels are refused with a ConfigurationError (the
 * walk recurses; the check rides along it, so it costs nothing on ordinary plans). `where` names
 * the file in that message.
 */
export function planDigest(plan: Plan, where = 'plan'): string {
  return digestOfPlan(plan, where, undefined);
}

/**
 * planDigest of a plan parsePlan has just made from `text` (JSON.parse of it, then validatePlan):
 * resource_changes are read from the text where it is canonical already (digest-text.ts), which
 * gives the same digest for less work. Only for that text: any other would give another digest.
 */
export function parsedPlanDigest(plan: Plan, where: string, text: string): string {
  return digestOfPlan(plan, where, text);
}

function digestOfPlan(plan: Plan, where: string, text: string | undefined): string {
  const cached = digests.get(plan);
  if (cached !== undefined) return cached;
  let digest: string | undefined;
  try {
    if (text !== undefined && plan.resource_changes !== undefined) digest = digestWithText(plan, text);
    digest ??= digestOf(plan, (entries, writer) => writeValue(entries, writer, 2));
  } catch (error) {
    if (!(error instanceof TooDeep)) throw error;
    const field = tooDeepAt(plan.output_changes, MAX_PLAN_NESTING - 1) ? 'output_changes' : 'resource_changes';
    throw tooDeepError(where, [field, ...(tooDeepAt(plan[field], MAX_PLAN_NESTING - 1) ?? [])]);
  }
  digests.set(plan, digest);
  return digest;
}

/** The digest, with `resource_changes` written by `writeEntries`; `output_changes` (a few values) always from the parsed plan. */
function digestOf(plan: Plan, writeEntries: (entries: readonly ResourceChange[], writer: HashWriter) => void): string {
  const hash = createHash('sha256');
  const writer = new HashWriter(hash);
  writer.write('{"output_changes":');
  writeValue(plan.output_changes ?? {}, writer, 2);
  writer.write(',"resource_changes":');
  writeEntries(plan.resource_changes ?? [], writer);
  writer.write('}');
  writer.flush();
  return hash.digest('hex');
}

/**
 * The same digest with resource_changes read from `text`, the document `plan` was parsed from
 * (digest-text.ts: values whose text is canonical already are hashed as they are written, the
 * others serialized here); undefined when the text cannot be read that way.
 */
function digestWithText(plan: Plan, text: string): string | undefined {
  try {
    return digestOf(plan, (entries, writer) => {
      if (!writeResourceChanges(text, entries, writer, (value, depth) => writeForm(value, writer, depth)))
        throw new TextUnreadable();
    });
  } catch (error) {
    if (error instanceof TextUnreadable) return undefined;
    throw error;
  }
}

class TextUnreadable extends Error {}

/**
 * Digests of parsed plans (parsePlan computes it once, to check the nesting with the file's
 * name; summarizePlan reuses it). Plans are read-only once parsed.
 */
const digests = new WeakMap<Plan, string>();

class TooDeep extends Error {}

/**
 * Buffers small pieces and feeds the hash in chunks (one hash update costs more than joining a
 * few strings); a large piece goes to the hash as it is, without a copy.
 */
class HashWriter {
  private buffer: string[] = [];
  private size = 0;
  constructor(private readonly hash: Hash) {}
  write(text: string): void {
    if (text.length > 1 << 14) {
      this.flush();
      this.hash.update(text, 'utf8');
      return;
    }
    this.buffer.push(text);
    this.size += text.length;
    if (this.size > 1 << 16) this.flush();
  }
  flush(): void {
    if (this.buffer.length === 0) return;
    this.hash.update(this.buffer.join(''), 'utf8');
    this.buffer = [];
    this.size = 0;
  }
}

/**
 * Writes the canonical JSON of `value` (nesting level `depth`; the top-level object is 1). An
 * array is written in batches of elements, each batch one native JSON.stringify of the
 * elements' canonical forms, so that a long `resource_changes` never becomes one string.
 */
function writeValue(value: unknown, out: HashWriter, depth: number): void {
  if (!Array.isArray(value)) {
    writeForm(value, out, depth);
    return;
  }
  out.write('[');
  let batch: unknown[] = [];
  let written = false;
  const flush = () => {
    if (batch.length === 0) return;
    const text = JSON.stringify(batch);
    if (written) out.write(',');
    // The batch's own brackets are not part of the document.
    out.write(text.slice(1, -1));
    written = true;
    batch = [];
  };
  for (const item of value) {
    let form: unknown;
    try {
      form = canonicalForm(item, depth + 1);
    } catch (error) {
      if (!(error instanceof Unrepresentable)) throw error;
      flush();
      if (written) out.write(',');
      writeCanonical(item, out, depth + 1);
      written = true;
      continue;
    }
    batch.push(form);
    if (batch.length === BATCH) flush();
  }
  flush();
  out.write(']');
}

/** Array elements per JSON.stringify call: few calls, and strings of tens of kilobytes. */
const BATCH = 64;

function writeForm(value: unknown, out: HashWriter, depth: number): void {
  let form: unknown;
  try {
    form = canonicalForm(value, depth);
  } catch (error) {
    if (!(error instanceof Unrepresentable)) throw error;
    writeCanonical(value, out, depth);
    return;
  }
  // undefined never occurs in parsed JSON; treat it like null to stay total.
  out.write(JSON.stringify(form) ?? 'null');
}

/**
 * `value` itself when JSON.stringify of it is already canonical (every object's keys sorted), so
 * that most of a plan (the `before`/`after` values Terraform writes from Go maps) is serialized
 * by the native JSON.stringify without a copy; otherwise a copy with sorted keys that shares
 * every canonical subtree. One walk of every value, which also refuses nesting deeper than
 * MAX_PLAN_NESTING (TooDeep, before JSON.stringify could overflow the stack). Throws
 * Unrepresentable for an object whose sorted copy JSON.stringify would not write in that order
 * (integer-like keys, which JavaScript enumerates first, and `__proto__`).
 */
function canonicalForm(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_PLAN_NESTING) throw new TooDeep();
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      if (item === null || typeof item !== 'object') continue;
      const form = canonicalForm(item, depth + 1);
      if (form !== item) (copy ??= value.slice())[i] = form;
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  // '' sorts before every key, so the first key needs no test of its own.
  let previous = '';
  let sorted = true;
  // Children whose form is a copy, as key, form, key, form, …
  let forms: unknown[] | undefined;
  for (const key in record) {
    if (previous > key) sorted = false;
    previous = key;
    const item = record[key];
    if (item === null || typeof item !== 'object') continue;
    const form = canonicalForm(item, depth + 1);
    if (form !== item) (forms ??= []).push(key, form);
  }
  if (sorted && forms === undefined) return value;
  const keys = sorted ? ownKeys(record) : sortedKeys(record);
  const copy: Record<string, unknown> = {};
  for (const key of keys) copy[key] = record[key];
  // Assigning an existing key keeps its place.
  if (forms) for (let i = 0; i < forms.length; i += 2) copy[forms[i] as string] = forms[i + 1];
  return copy;
}

/** The keys of an object whose keys are in order, for its copy; `__proto__` cannot be copied. */
function ownKeys(record: Record<string, unknown>): readonly string[] {
  const keys = Object.keys(record);
  if (keys.includes('__proto__')) throw new Unrepresentable();
  return keys;
}

/**
 * The sorted keys of an object whose keys are not in order. Objects of one kind (every resource
 * entry, every `change`) come with the same keys in the same order, so the last sorted list is
 * kept per first key and reused when an object's keys match it one for one, instead of sorting
 * the same keys again for each of thousands of entries.
 */
function sortedKeys(record: Record<string, unknown>): readonly string[] {
  let order: KeyOrder | undefined;
  let first: string | undefined;
  let count = 0;
  for (const key in record) {
    if (count === 0) {
      first = key;
      order = keyOrders.get(key);
    }
    if (order === undefined || order.input[count] !== key) {
      order = undefined;
      break;
    }
    count += 1;
  }
  if (order !== undefined && count === order.input.length) return order.sorted;
  const input = Object.keys(record);
  const sorted = [...input].sort();
  for (const key of sorted) if (isIndexLike(key) || key === '__proto__') throw new Unrepresentable();
  if (first !== undefined) {
    if (keyOrders.size >= MAX_KEY_ORDERS) keyOrders.clear();
    keyOrders.set(first, { input, sorted });
  }
  return sorted;
}

interface KeyOrder {
  /** The keys as the object enumerates them. */
  input: readonly string[];
  sorted: readonly string[];
}

/** Sorted key lists by first key (a few kinds of unsorted objects per plan; bounded for odd ones). */
const keyOrders = new Map<string, KeyOrder>();
const MAX_KEY_ORDERS = 64;

function isIndexLike(key: string): boolean {
  const first = key.charCodeAt(0);
  return first >= 48 && first <= 57 && INDEX_KEY.test(key);
}

/** A key JavaScript orders as an array index, ahead of every other key, whatever the insertion order. */
const INDEX_KEY = /^(?:0|[1-9]\d*)$/;

class Unrepresentable extends Error {}

/**
 * The general canonical writer, piece by piece (sorting keys as it goes); for the rare values
 * canonicalForm cannot copy. `depth`: the nesting level of `value` in the plan document.
 */
function writeCanonical(value: unknown, out: HashWriter, depth: number): void {
  if (value === null || typeof value !== 'object') {
    out.write(value === undefined ? 'null' : JSON.stringify(value));
    return;
  }
  if (depth > MAX_PLAN_NESTING) throw new TooDeep();
  if (Array.isArray(value)) {
    out.write('[');
    for (let i = 0; i < value.length; i += 1) {
      if (i > 0) out.write(',');
      writeCanonical(value[i], out, depth + 1);
    }
    out.write(']');
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  out.write('{');
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    out.write(first ? JSON.stringify(key) + ':' : ',' + JSON.stringify(key) + ':');
    first = false;
    writeCanonical(item, out, depth + 1);
  }
  out.write('}');
}
