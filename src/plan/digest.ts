import { createHash, type Hash } from 'node:crypto';
import { MAX_PLAN_NESTING, tooDeepAt, tooDeepError } from './nesting.js';
import type { Plan } from './schema.js';

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
  const cached = digests.get(plan);
  if (cached !== undefined) return cached;
  const hash = createHash('sha256');
  const writer = new HashWriter(hash);
  try {
    writer.write('{"output_changes":');
    writeCanonical(plan.output_changes ?? {}, writer, 2);
    writer.write(',"resource_changes":');
    writeCanonical(plan.resource_changes ?? [], writer, 2);
  } catch (error) {
    if (!(error instanceof TooDeep)) throw error;
    const field = tooDeepAt(plan.output_changes, MAX_PLAN_NESTING - 1) ? 'output_changes' : 'resource_changes';
    throw tooDeepError(where, [field, ...(tooDeepAt(plan[field], MAX_PLAN_NESTING - 1) ?? [])]);
  }
  writer.write('}');
  writer.flush();
  const digest = hash.digest('hex');
  digests.set(plan, digest);
  return digest;
}

/**
 * Digests of parsed plans (parsePlan computes it once, to check the nesting with the file's
 * name; summarizePlan reuses it). Plans are read-only once parsed.
 */
const digests = new WeakMap<Plan, string>();

class TooDeep extends Error {}

/** Buffers small pieces and feeds the hash in chunks: no giant string for a 50 MB plan. */
class HashWriter {
  private buffer: string[] = [];
  private size = 0;
  constructor(private readonly hash: Hash) {}
  write(text: string): void {
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

/** `depth`: the nesting level of `value` in the plan document (the top-level object is 1). */
function writeCanonical(value: unknown, out: HashWriter, depth: number): void {
  if (value === null || typeof value !== 'object') {
    // undefined never occurs in parsed JSON; treat it like null to stay total.
    out.write(value === undefined ? 'null' : JSON.stringify(value));
    return;
  }
  // Fast path: most of a plan (the `before`/`after` values Terraform writes from Go maps) is
  // already canonical, and the native JSON.stringify of such a subtree is the same text.
  if (isCanonical(value, depth)) {
    out.write(JSON.stringify(value));
    return;
  }
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
  const keys = Object.keys(record);
  if (!isSorted(keys)) keys.sort();
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

/**
 * True when JSON.stringify(value) is already canonical: every object's keys sorted, no undefined.
 * Throws TooDeep past MAX_PLAN_NESTING (before JSON.stringify or the recursion could overflow).
 */
function isCanonical(value: unknown, depth: number): boolean {
  if (value === undefined) return false;
  if (value === null || typeof value !== 'object') return true;
  if (depth > MAX_PLAN_NESTING) throw new TooDeep();
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) if (!isCanonical(value[i], depth + 1)) return false;
    return true;
  }
  // Key order first (cheap), so an unsorted object is rejected before its children are walked.
  let previous: string | undefined;
  for (const key in value) {
    if (previous !== undefined && previous > key) return false;
    previous = key;
  }
  for (const key in value) if (!isCanonical((value as Record<string, unknown>)[key], depth + 1)) return false;
  return true;
}

function isSorted(keys: string[]): boolean {
  for (let i = 1; i < keys.length; i += 1) if (keys[i - 1]! > keys[i]!) return false;
  return true;
}
