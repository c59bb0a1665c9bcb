import { MAX_PLAN_NESTING } from './nesting.js';
import type { ResourceChange } from './schema.js';

/**
 * The canonical JSON of a plan's `resource_changes` (see digest.ts) read from the text the plan
 * was parsed from, instead of serialized again from the parsed values. Terraform writes every
 * value (`before`, `after`, the marks…) compactly with sorted keys, so the text of a value is
 * usually its canonical form already; checking that on the text costs less than walking and
 * re-serializing the parsed value. Only the entries and their `change`, whose keys Terraform
 * does not sort, are put together again, member by member.
 *
 * A value's text is used only when it is exactly what the canonical writer would produce: no
 * whitespace, keys in strictly increasing code-unit order without escapes or `__proto__`, string
 * escapes as JSON.stringify writes them, numbers as JSON.stringify writes them. Any other value
 * is written by `fallback` from its parsed form (`entries`, the validated resource_changes), so
 * the result never depends on how the text is written. When the text cannot be read this way
 * at all (not the one top-level list, whitespace between entries, an entry's keys escaped,
 * repeated or `__proto__`, nesting too deep), `writeResourceChanges` returns false; what it
 * wrote must then be discarded.
 */
export function writeResourceChanges(
  text: string,
  entries: readonly ResourceChange[],
  out: Sink,
  fallback: Fallback,
): boolean {
  // Any character above U+00FF makes V8 keep the whole text in two bytes per character, where
  // reading it costs more than serializing the parsed values; without one, there is no lone
  // surrogate either (JSON.stringify would escape it). Free on a one-byte text (the regular
  // expression cannot match one), a search up to the first such character on others.
  if (BEYOND_LATIN1.test(text)) return false;
  const key = findKey(text, 0);
  if (key === -1) return false;
  const start = valueAfterKey(text, key);
  const reader = new TextReader(text, entries, out, fallback);
  let end: number;
  try {
    end = reader.list(start, entries.length);
  } catch (error) {
    if (error === GIVE_UP) return false;
    throw error;
  }
  // JSON.parse keeps the last of repeated keys: the list read must be the only one a key of that
  // name can name. No other key token "resource_changes" after it, and before it none at all
  // (findKey found the first), none spelt with escapes anywhere outside it.
  return findKey(text, end) === -1 && !escapedLetterOf(text, 0, key) && !escapedLetterOf(text, end, text.length);
}

/** Where the reader writes the canonical text (digest.ts: the hash, in chunks). */
export interface Sink {
  write(text: string): void;
}

/** Writes the canonical form of a parsed value at nesting level `depth`. */
export type Fallback = (value: unknown, depth: number) => void;

const KEY = '"resource_changes"';
/** Nesting level of an entry in the hashed document (the document is 1, the list 2). */
const ENTRY_DEPTH = 3;

/** Thrown inside the reader when the text cannot be read this way; never escapes the module. */
const GIVE_UP = new Error('the text is not read for the digest');

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * The position of the first key token `"resource_changes"` at or after `from`, or -1. In valid
 * JSON such a token preceded by a backslash is inside a string, and one not followed by a colon
 * is a string value.
 */
function findKey(text: string, from: number): number {
  for (let at = text.indexOf(KEY, from); at !== -1; at = text.indexOf(KEY, at + 1)) {
    if (at > 0 && text.charCodeAt(at - 1) === BACKSLASH) continue;
    if (text.charCodeAt(skipSpace(text, at + KEY.length)) === COLON) return at;
  }
  return -1;
}

function valueAfterKey(text: string, key: number): number {
  return skipSpace(text, skipSpace(text, key + KEY.length) + 1);
}

function skipSpace(text: string, at: number): number {
  let p = at;
  for (;;) {
    const c = text.charCodeAt(p);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return p;
    p += 1;
  }
}

/**
 * Whether `text[from, to)` has a `\u00XX` escape of a letter of "resource_changes": a key that
 * JSON.parse reads as that name could be spelt with one (other escapes never stand for letters).
 */
function escapedLetterOf(text: string, from: number, to: number): boolean {
  for (let at = text.indexOf('\\u00', from); at !== -1 && at < to; at = text.indexOf('\\u00', at + 1)) {
    const code = Number.parseInt(text.slice(at + 4, at + 6), 16);
    if (KEY_LETTERS.has(code)) return true;
  }
  return false;
}

const KEY_LETTERS = new Set([...'resource_changes'].map((letter) => letter.charCodeAt(0)));

const BEYOND_LATIN1 = /[\u0100-\uffff]/;

/**
 * The members of one object the reader puts together again (an entry, or its `change`), as
 * positions in the text, kept for the object being read and reused for the next one.
 */
class Members {
  count = 0;
  /** The key token's opening quote. */
  readonly keyStart: number[] = [];
  /** Just past the colon after the key: where the value starts. */
  readonly valueStart: number[] = [];
  readonly valueEnd: number[] = [];
  /** The value's text is its canonical form. */
  readonly canonical: boolean[] = [];
  /** Member indexes in key order. */
  readonly order: number[] = [];
}

class TextReader {
  /** The next backslash at or after the last position searched from; -1: none left; -2: not searched yet. */
  private backslash = -2;
  /** Cleared when the value being read is not in canonical form. */
  private canonical = true;
  /** Set when the last string read had an escape. */
  private escaped = false;
  private readonly entry = new Members();
  private readonly change = new Members();

  constructor(
    private readonly text: string,
    private readonly entries: readonly ResourceChange[],
    private readonly out: Sink,
    private readonly fallback: Fallback,
  ) {}

  /** Reads and writes the list at `start` (`count` entries); returns the position after it. */
  list(start: number, count: number): number {
    const { text, out } = this;
    if (text.charCodeAt(start) !== OPEN_BRACKET) throw GIVE_UP;
    let p = start + 1;
    out.write('[');
    let index = 0;
    if (text.charCodeAt(p) === CLOSE_BRACKET) p += 1;
    else {
      for (;;) {
        if (index >= count) throw GIVE_UP;
        const end = this.members(p, ENTRY_DEPTH, this.entry, true);
        if (index > 0) out.write(',');
        this.writeEntry(this.entries[index]!);
        index += 1;
        const next = text.charCodeAt(end);
        p = end + 1;
        if (next === CLOSE_BRACKET) break;
        if (next !== COMMA) throw GIVE_UP;
      }
    }
    if (index !== count) throw GIVE_UP;
    out.write(']');
    return p;
  }

  /**
   * Reads the object at `start` into `into`: each member's positions and whether its value is
   * canonical; an entry's `change` (with `nested`) goes into this.change. Returns its end.
   */
  private members(start: number, depth: number, into: Members, nested: boolean): number {
    const { text } = this;
    if (text.charCodeAt(start) !== OPEN_BRACE) throw GIVE_UP;
    into.count = 0;
    let p = start + 1;
    if (text.charCodeAt(p) === CLOSE_BRACE) return p + 1;
    for (;;) {
      if (text.charCodeAt(p) !== QUOTE) throw GIVE_UP;
      const keyEnd = this.string(p);
      if (this.escaped || text.charCodeAt(keyEnd) !== COLON || isProto(text, p, keyEnd)) throw GIVE_UP;
      const i = into.count;
      into.keyStart[i] = p;
      into.valueStart[i] = keyEnd + 1;
      if (nested && isChangeKey(text, p, keyEnd)) {
        p = this.members(keyEnd + 1, depth + 1, this.change, false);
        into.canonical[i] = false;
      } else {
        this.canonical = true;
        p = this.value(keyEnd + 1, depth + 1);
        into.canonical[i] = this.canonical;
      }
      into.valueEnd[i] = p;
      insertInOrder(text, into, i);
      into.count = i + 1;
      const next = text.charCodeAt(p);
      p += 1;
      if (next === CLOSE_BRACE) return p;
      if (next !== COMMA) throw GIVE_UP;
    }
  }

  private writeEntry(entry: ResourceChange): void {
    const { out } = this;
    const members = this.entry;
    out.write('{');
    for (let k = 0; k < members.count; k += 1) {
      const i = members.order[k]!;
      if (members.canonical[i] || !isChangeKey(this.text, members.keyStart[i]!, members.valueStart[i]! - 1)) {
        this.writeMember(members, i, k, entry as Record<string, unknown>);
        continue;
      }
      this.writeKey(members, i, k);
      this.writeObject(this.change, entry.change as Record<string, unknown>, ENTRY_DEPTH + 1);
    }
    out.write('}');
  }

  private writeObject(members: Members, parsed: Record<string, unknown>, depth: number): void {
    this.out.write('{');
    for (let k = 0; k < members.count; k += 1) this.writeMember(members, members.order[k]!, k, parsed, depth);
    this.out.write('}');
  }

  /** Member `i`, the `k`th in key order: its text, or its key and the fallback's form of its value. */
  private writeMember(
    members: Members,
    i: number,
    k: number,
    parsed: Record<string, unknown>,
    depth = ENTRY_DEPTH,
  ): void {
    const start = members.keyStart[i]!;
    if (members.canonical[i]) {
      // The comma before the member in the text, when there is one, comes along in the same slice.
      const withComma = k > 0 && this.text.charCodeAt(start - 1) === COMMA;
      if (k > 0 && !withComma) this.out.write(',');
      this.out.write(this.text.slice(withComma ? start - 1 : start, members.valueEnd[i]));
      return;
    }
    this.writeKey(members, i, k);
    this.fallback(parsed[this.text.slice(start + 1, members.valueStart[i]! - 2)], depth + 1);
  }

  private writeKey(members: Members, i: number, k: number): void {
    if (k > 0) this.out.write(',');
    this.out.write(this.text.slice(members.keyStart[i], members.valueStart[i]));
  }

  /** Reads the value at `start` (clearing this.canonical where it is not canonical); returns its end. */
  private value(start: number, depth: number): number {
    const c = this.text.charCodeAt(start);
    if (c === QUOTE) return this.string(start);
    if (c === OPEN_BRACE) return this.object(start, depth);
    if (c === OPEN_BRACKET) return this.array(start, depth);
    // true, null
    if (c === 0x74 || c === 0x6e) return start + 4;
    // false
    if (c === 0x66) return start + 5;
    return this.number(start);
  }

  private object(start: number, depth: number): number {
    if (depth > MAX_PLAN_NESTING) throw GIVE_UP;
    const { text } = this;
    let p = start + 1;
    if (text.charCodeAt(p) === CLOSE_BRACE) return p + 1;
    let previous = -1;
    let previousEnd = -1;
    for (;;) {
      if (text.charCodeAt(p) !== QUOTE) throw GIVE_UP;
      const keyEnd = this.string(p);
      if (this.escaped || isProto(text, p, keyEnd)) {
        this.canonical = false;
        previous = -1;
      } else {
        // Strictly increasing: a repeated key (JSON.parse keeps the last) is not canonical either.
        if (previous !== -1 && compareKeys(text, previous, previousEnd, p, keyEnd) >= 0) this.canonical = false;
        previous = p;
        previousEnd = keyEnd;
      }
      if (text.charCodeAt(keyEnd) !== COLON) throw GIVE_UP;
      p = this.value(keyEnd + 1, depth + 1);
      const next = text.charCodeAt(p);
      p += 1;
      if (next === CLOSE_BRACE) return p;
      if (next !== COMMA) throw GIVE_UP;
    }
  }

  private array(start: number, depth: number): number {
    if (depth > MAX_PLAN_NESTING) throw GIVE_UP;
    const { text } = this;
    let p = start + 1;
    if (text.charCodeAt(p) === CLOSE_BRACKET) return p + 1;
    for (;;) {
      p = this.value(p, depth + 1);
      const next = text.charCodeAt(p);
      p += 1;
      if (next === CLOSE_BRACKET) return p;
      if (next !== COMMA) throw GIVE_UP;
    }
  }

  /**
   * The end of the string token at `start`; sets this.escaped when it has an escape, and clears
   * this.canonical for an escape JSON.stringify would not write.
   */
  private string(start: number): number {
    const { text } = this;
    this.escaped = false;
    let p = start + 1;
    for (;;) {
      const quote = text.indexOf('"', p);
      const backslash = this.nextBackslash(p);
      if (backslash === -1 || backslash > quote) return quote + 1;
      this.escaped = true;
      const c = text.charCodeAt(backslash + 1);
      if (c === 0x75) {
        if (!isControlEscape(text, backslash + 2)) this.canonical = false;
        p = backslash + 6;
      } else {
        // \/ is the one short escape JSON.stringify never writes.
        if (c === 0x2f) this.canonical = false;
        p = backslash + 2;
      }
    }
  }

  /**
   * The first backslash at or after `from`, or -1 (searched again only once passed: most strings
   * have none; the reader only moves forward).
   */
  private nextBackslash(from: number): number {
    if (this.backslash !== -1 && this.backslash < from) this.backslash = this.text.indexOf('\\', from);
    return this.backslash;
  }

  private number(start: number): number {
    const { text } = this;
    let p = start;
    // Integers up to 15 digits without a leading zero are written back as they are.
    let plain = true;
    if (text.charCodeAt(p) === 0x2d) {
      p += 1;
      if (text.charCodeAt(p) === 0x30) plain = false;
    }
    for (;;) {
      const c = text.charCodeAt(p);
      if (c >= 0x30 && c <= 0x39) p += 1;
      else if (c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d) {
        plain = false;
        p += 1;
      } else break;
    }
    if (p === start) throw GIVE_UP;
    if (plain && p - start <= 15) return p;
    const token = text.slice(start, p);
    if (JSON.stringify(Number(token)) !== token) this.canonical = false;
    return p;
  }
}

/** `\u00XX` as JSON.stringify writes it (at `at`: the four hex digits): a control character without a short escape, lowercase. */
function isControlEscape(text: string, at: number): boolean {
  if (text.charCodeAt(at) !== 0x30 || text.charCodeAt(at + 1) !== 0x30) return false;
  const high = text.charCodeAt(at + 2);
  const low = text.charCodeAt(at + 3);
  if (high !== 0x30 && high !== 0x31) return false;
  const digit = low >= 0x30 && low <= 0x39 ? low - 0x30 : low >= 0x61 && low <= 0x66 ? low - 0x61 + 10 : -1;
  if (digit === -1) return false;
  const code = (high - 0x30) * 16 + digit;
  // \b \t \n \f \r
  return code !== 8 && code !== 9 && code !== 10 && code !== 12 && code !== 13;
}

/** Compares the key tokens `[a, aEnd)` and `[b, bEnd)` (quotes included, no escapes) by code unit. */
function compareKeys(text: string, a: number, aEnd: number, b: number, bEnd: number): number {
  const aLength = aEnd - a - 2;
  const bLength = bEnd - b - 2;
  const length = Math.min(aLength, bLength);
  for (let i = 1; i <= length; i += 1) {
    const difference = text.charCodeAt(a + i) - text.charCodeAt(b + i);
    if (difference !== 0) return difference;
  }
  return aLength - bLength;
}

/** Places member `i` in `members.order` by key (insertion: a handful of members); a repeated key gives up. */
function insertInOrder(text: string, members: Members, i: number): void {
  const { order, keyStart, valueStart } = members;
  const start = keyStart[i]!;
  const end = valueStart[i]! - 1;
  let k = i;
  for (; k > 0; k -= 1) {
    const other = order[k - 1]!;
    const difference = compareKeys(text, keyStart[other]!, valueStart[other]! - 1, start, end);
    if (difference === 0) throw GIVE_UP;
    if (difference < 0) break;
    order[k] = other;
  }
  order[k] = i;
}

function isProto(text: string, start: number, end: number): boolean {
  return end - start === 11 && text.startsWith('"__proto__"', start);
}

function isChangeKey(text: string, start: number, end: number): boolean {
  return end - start === 8 && text.startsWith('"change"', start);
}
