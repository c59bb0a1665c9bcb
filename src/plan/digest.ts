import { createHash, type Hash } from 'node:crypto';
import type { Plan } from './schema.js';

/**
 * SHA-256 (hex) of the plan's `resource_changes` and `output_changes` in canonical JSON:
 * object keys sorted by code unit, no whitespace, numbers and strings as JSON.stringify
 * writes them. Independent of key order and formatting of the input, so the apply step
 * can prove that the plan it is about to apply is the one that was reviewed.
 *
 * Hashed document: `{"output_changes":{…},"resource_changes":[…]}`; a missing field
 * counts as empty (`{}` / `[]`), as in a plan without changes.
 */
export function planDigest(plan: Plan): string {
  const hash = createHash('sha256');
  const writer = new HashWriter(hash);
  writer.write('{"output_changes":');
  writeCanonical(plan.output_changes ?? {}, writer);
  writer.write(',"resource_changes":');
  writeCanonical(plan.resource_changes ?? [], writer);
  writer.write('}');
  writer.flush();
  return hash.digest('hex');
}

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

function writeCanonical(value: unknown, out: HashWriter): void {
  if (value === null || typeof value !== 'object') {
    // undefined never occurs in parsed JSON; treat it like null to stay total.
    out.write(value === undefined ? 'null' : JSON.stringify(value));
    return;
  }
  // Fast path: most of a plan (the `before`/`after` values Terraform writes from Go maps) is
  // already canonical, and the native JSON.stringify of such a subtree is the same text.
  if (isCanonical(value)) {
    out.write(JSON.stringify(value));
    return;
  }
  if (Array.isArray(value)) {
    out.write('[');
    for (let i = 0; i < value.length; i += 1) {
      if (i > 0) out.write(',');
      writeCanonical(value[i], out);
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
    writeCanonical(item, out);
  }
  out.write('}');
}

/** True when JSON.stringify(value) is already canonical: every object's keys sorted, no undefined. */
function isCanonical(value: unknown): boolean {
  if (value === undefined) return false;
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) if (!isCanonical(value[i])) return false;
    return true;
  }
  // Key order first (cheap), so an unsorted object is rejected before its children are walked.
  let previous: string | undefined;
  for (const key in value) {
    if (previous !== undefined && previous > key) return false;
    previous = key;
  }
  for (const key in value) if (!isCanonical((value as Record<string, unknown>)[key])) return false;
  return true;
}

function isSorted(keys: string[]): boolean {
  for (let i = 1; i < keys.length; i += 1) if (keys[i - 1]! > keys[i]!) return false;
  return true;
}
