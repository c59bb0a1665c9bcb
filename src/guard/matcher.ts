/**
 * Identifiers and exceptions.
 *
 * Identifiers: what one environment must not contain is every identifier the model assigns to
 * an environment it may not read, matched case-insensitively at word boundaries: an ASCII
 * letter or digit next to a match means "part of a longer word". The boundary is only checked
 * on a side where the identifier itself ends in a letter or digit, so a prefix written with its
 * separator (`staging-`) matches `staging-ecs-cluster`, and `phenom-prod` matches
 * `phenom-prod-postgres` but not `phenom-production`. The environment's own identifiers are
 * matched too, so that a foreign identifier that is only part of an own one (`phenom` vs
 * `phenom-dev`) is not reported.
 *
 * Exceptions (the allow-list): an entry names what it allows — a literal, a rule, a path glob,
 * an environment, any combination — with a reason and an optional last day. A finding is
 * allowed by the first live entry all of whose criteria hold; an entry past its day allows
 * nothing (and is itself an error, `allowlist-expired`); an entry that allowed nothing is a
 * warning (`allowlist-unused`).
 */
import { globMatcher, type PathMatch } from '../lib/glob.js';
import { remembered } from '../lib/maps.js';
import { IDENTIFIER_KINDS, type IdentifierKind, type ModelEnvironment } from '../model/index.js';
import { isWithin } from '../repo/index.js';
import type { AllowEntry } from './config.js';
import { FOREIGN_IDENTIFIER } from './rules/registry.js';
import type { Location, Violation } from './types.js';

export interface IdentifierDef {
  value: string;
  /** Environment the identifier belongs to. */
  owner: string;
  kind: string;
}

export interface IdentifierMatch {
  def: IdentifierDef;
  /** Offset into the searched text and matched length. */
  index: number;
  length: number;
}

/** The identifier lists of an environment, with the kind named in messages (`prefixes` → 'name prefix'). */
export const IDENTIFIER_FIELDS = Object.entries(IDENTIFIER_KINDS) as [IdentifierKind, string][];

export function identifiersOf(env: ModelEnvironment): IdentifierDef[] {
  return IDENTIFIER_FIELDS.flatMap(([field, kind]) =>
    env.identifiers[field].map((value) => ({ value, owner: env.name, kind })),
  );
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const WORD = /[A-Za-z0-9]/;

/** One alternative: the value with a boundary on each side where it ends in a letter or digit. */
function bounded(value: string): string {
  const before = WORD.test(value.charAt(0)) ? '(?<![A-Za-z0-9])' : '';
  const after = WORD.test(value.charAt(value.length - 1)) ? '(?![A-Za-z0-9])' : '';
  return `${before}${escape(value)}${after}`;
}

/** Any of `values` (at least one), case-insensitively, at word boundaries; longer values win at one position. */
export function wordRegex(values: readonly string[]): RegExp {
  const alternatives = [...values].sort((a, b) => b.length - a.length).map(bounded);
  return new RegExp(`(?:${alternatives.join('|')})`, 'gi');
}

const isWordCode = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * ASCII keys (lowercase) found exactly as `wordRegex(keys)` finds them — left to right, the
 * longest key that keeps its boundaries at each position, case-insensitively — in one pass over
 * the text with a trie, where the regex tries every alternative at every position. For ASCII
 * keys the regex's case folding is ASCII's: no other character folds to an ASCII one.
 */
class KeyTrie {
  /** `state * 128 + code` → the next state + 1 (0: no key goes on with that character). */
  private readonly next: Int32Array;
  /** The key that ends at a state. */
  private readonly ends: (string | undefined)[] = [undefined];

  constructor(keys: readonly string[]) {
    const rows: number[][] = [[]];
    for (const key of keys) {
      let state = 0;
      for (let i = 0; i < key.length; i += 1) {
        const code = key.charCodeAt(i);
        const row = rows[state] as number[];
        let to = row[code];
        if (to === undefined) {
          to = rows.length;
          rows.push([]);
          this.ends.push(undefined);
          row[code] = to;
          // Keys are lowercase: an upper-case letter goes the same way.
          if (code >= 97 && code <= 122) row[code - 32] = to;
        }
        state = to;
      }
      this.ends[state] = key;
    }
    this.next = new Int32Array(rows.length * 128);
    rows.forEach((row, state) => row.forEach((to, code) => (this.next[state * 128 + code] = to + 1)));
  }

  /** Calls `found` for each match: its offset, length and key. */
  find(text: string, found: (index: number, length: number, key: string) => void): void {
    const { next, ends } = this;
    const n = text.length;
    for (let p = 0; p < n;) {
      let state = 0;
      let bestLength = 0;
      let best: string | undefined;
      for (let q = p; q < n; q += 1) {
        const code = text.charCodeAt(q);
        const to = code < 128 ? (next[state * 128 + code] ?? 0) : 0;
        if (to === 0) break;
        state = to - 1;
        const key = ends[state];
        if (key === undefined) continue;
        const length = q - p + 1;
        const before = !isWordCode(key.charCodeAt(0)) || p === 0 || !isWordCode(text.charCodeAt(p - 1));
        const after = !isWordCode(key.charCodeAt(length - 1)) || q + 1 === n || !isWordCode(text.charCodeAt(q + 1));
        if (before && after) [bestLength, best] = [length, key];
      }
      if (best === undefined) p += 1;
      else {
        found(p, bestLength, best);
        p += bestLength;
      }
    }
  }
}

function isAscii(key: string): boolean {
  if (key.length === 0) return false;
  for (let i = 0; i < key.length; i += 1) if (key.charCodeAt(i) >= 128) return false;
  return true;
}

/**
 * `keys` (lowercase) in a text as `wordRegex(keys)` finds them: by a trie when they are ASCII,
 * else by that regex. `found` gets each match's offset, length and key.
 */
export function wordFinder(
  keys: readonly string[],
): (text: string, found: (index: number, length: number, key: string) => void) => void {
  if (keys.length === 0) return () => undefined;
  if (keys.every(isAscii)) {
    const trie = new KeyTrie(keys);
    return (text, found) => trie.find(text, found);
  }
  const regex = wordRegex(keys);
  return (text, found) => {
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m; m = regex.exec(text)) found(m.index, m[0].length, m[0].toLowerCase());
  };
}

/** Every identifier of the model, indexed once for the matchers of all environments. */
export class IdentifierIndex {
  readonly findKeys: ReturnType<typeof wordFinder>;
  readonly byValue = new Map<string, IdentifierDef>();

  constructor(defs: readonly IdentifierDef[]) {
    for (const def of [...defs].sort((a, b) => b.value.length - a.value.length)) {
      const lower = def.value.toLowerCase();
      if (!this.byValue.has(lower)) this.byValue.set(lower, def);
    }
    this.findKeys = wordFinder([...this.byValue.keys()]);
  }
}

/** What `find` returns for a text without foreign identifiers (most texts): one array for all. */
const NO_MATCHES: readonly IdentifierMatch[] = Object.freeze([]);

export class IdentifierMatcher {
  private readonly index: IdentifierIndex;
  private readonly readable: ReadonlySet<string>;
  /** The matches of the text being searched; one callback for every search, no closure per text. */
  private found: IdentifierMatch[] | undefined;
  private readonly collect = (index: number, length: number, key: string): void => {
    const def = this.index.byValue.get(key);
    if (def && !this.readable.has(def.owner)) (this.found ??= []).push({ def, index, length });
  };

  /**
   * `self` is the environment being scanned, or every environment it may read (itself first,
   * then the shared environments that name it): matches of their identifiers are dropped.
   */
  constructor(defs: readonly IdentifierDef[] | IdentifierIndex, self: string | readonly string[]) {
    this.index = defs instanceof IdentifierIndex ? defs : new IdentifierIndex(defs);
    this.readable = new Set(typeof self === 'string' ? [self] : self);
  }

  /** Foreign identifiers in `text`, left to right, longest first at each position. */
  find(text: string): readonly IdentifierMatch[] {
    this.found = undefined;
    this.index.findKeys(text, this.collect);
    const found = this.found;
    this.found = undefined;
    return found ?? NO_MATCHES;
  }
}

/** An entry holds through the end of its `expires` day (UTC). */
/** Allow-list paths as matchers, compiled once per glob and process. */
const pathGlobs = new Map<string, PathMatch>();
const pathGlob = (glob: string): PathMatch => remembered(pathGlobs, glob, () => globMatcher(glob));

export function isExpired(entry: Pick<AllowEntry, 'expires'>, now: Date): boolean {
  if (!entry.expires) return false;
  return now.getTime() >= Date.parse(`${entry.expires}T00:00:00Z`) + 24 * 3600 * 1000;
}

/** The source text a finding is checked against: its file's lines (undefined when the file is not text). */
export type SourceLines = (file: string) => readonly string[] | undefined;

/** Whether the literal occurs (word boundaries, any case) in the source overlapping the finding's range. */
function literalAtFinding(literal: string, violation: Violation, lines: readonly string[] | undefined): boolean {
  if (!lines) return false;
  const regex = wordRegex([literal]);
  const endLine = violation.endLine ?? violation.line;
  for (let n = violation.line; n <= endLine; n += 1) {
    const text = lines[n - 1];
    if (text === undefined) break;
    const from = n === violation.line ? violation.column - 1 : 0;
    // A point finding (no end) covers its own column.
    const to = n === endLine ? Math.max((violation.endColumn ?? violation.column + 1) - 1, from + 1) : text.length;
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m; m = regex.exec(text))
      if (m.index < to && m.index + m[0].length > from) return true;
  }
  return false;
}

/**
 * Whether every criterion the entry names holds for the finding. A literal holds when it occurs
 * (word boundaries, any case) in the source over the finding or in its message — or, for a
 * value formed by evaluation, in that value.
 */
export function allows(entry: AllowEntry, violation: Violation, source: SourceLines): boolean {
  if (entry.environment !== undefined && violation.env !== entry.environment) return false;
  if (entry.rule !== undefined && violation.rule !== entry.rule) return false;
  if (
    entry.path !== undefined &&
    !pathGlob(entry.path)(violation.file) &&
    !isWithin(violation.file, entry.path.replace(/\/+$/, ''))
  )
    return false;
  if (entry.literal !== undefined) {
    // A value formed by evaluation is allowed only when the value itself holds the literal.
    if (violation.subject !== undefined) return wordRegex([entry.literal]).test(violation.subject);
    const inMessage = wordRegex([entry.literal]).test(violation.message);
    if (!inMessage && !literalAtFinding(entry.literal, violation, source(violation.file))) return false;
  }
  return true;
}

/**
 * Whether a live entry would allow a foreign-identifier finding for `match` inside `text` (a
 * string of `file`, scanned for environment `env`): its literal covers the match at word
 * boundaries, and its rule, path and environment criteria hold. For a check that must know
 * before the allow-list runs (a value derived from an allowed literal is a new finding).
 */
export function allowsIdentifier(
  entries: readonly AllowEntry[],
  now: Date,
  at: { env: string; file: string; text: string; index: number; length: number },
): boolean {
  return entries.some((entry) => {
    if (isExpired(entry, now) || entry.literal === undefined) return false;
    if (entry.environment !== undefined && entry.environment !== at.env) return false;
    if (entry.rule !== undefined && entry.rule !== FOREIGN_IDENTIFIER) return false;
    if (
      entry.path !== undefined &&
      !pathGlob(entry.path)(at.file) &&
      !isWithin(at.file, entry.path.replace(/\/+$/, ''))
    )
      return false;
    const regex = wordRegex([entry.literal]);
    for (let m = regex.exec(at.text); m; m = regex.exec(at.text))
      if (m.index <= at.index && at.index + at.length <= m.index + m[0].length) return true;
    return false;
  });
}

export interface AllowlistOutcome {
  /** Findings no live entry allows. */
  violations: Violation[];
  /** Findings an entry allows, each with it. */
  allowed: { violation: Violation; entry: AllowEntry }[];
  /** Per entry (in file order): the places of the findings it allowed, and the ones it would have allowed had it not expired. */
  references: Map<AllowEntry, { allowed: Location[]; afterExpiry: Location[] }>;
}

/** Splits findings into the ones that stand and the ones a live entry allows (the first that matches). */
export function applyAllowlist(
  violations: readonly Violation[],
  entries: readonly AllowEntry[],
  now: Date,
  source: SourceLines,
): AllowlistOutcome {
  const references = new Map(entries.map((e) => [e, { allowed: [] as Location[], afterExpiry: [] as Location[] }]));
  const live = entries.filter((e) => !isExpired(e, now));
  const expired = entries.filter((e) => isExpired(e, now));
  const out: AllowlistOutcome = { violations: [], allowed: [], references };
  for (const violation of violations) {
    const place = { file: violation.file, line: violation.line, column: violation.column };
    for (const entry of expired) if (allows(entry, violation, source)) references.get(entry)?.afterExpiry.push(place);
    const entry = live.find((e) => allows(e, violation, source));
    if (entry) {
      out.allowed.push({ violation, entry });
      references.get(entry)?.allowed.push(place);
    } else {
      out.violations.push(violation);
    }
  }
  return out;
}
