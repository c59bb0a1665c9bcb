/**
 * Finds the identifiers one environment must not contain: every identifier the config
 * assigns to another environment, matched case-insensitively at word boundaries (an ASCII
 * letter or digit on either side means "part of a longer word"). A name prefix such as
 * `phenom-prod` therefore matches `phenom-prod-postgres` but not `phenom-production`.
 * The environment's own identifiers are matched too, so that a foreign identifier that is
 * only a prefix of an own one (`phenom` vs `phenom-dev`) is not reported.
 */
import type { AllowEntry, EnvironmentConfig } from './config.js';

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

/** The config fields that list an environment's identifiers, with the kind named in messages. */
export const IDENTIFIER_FIELDS = [
  ['prefixes', 'name prefix'],
  ['cognito_pool_ids', 'Cognito user pool id'],
  ['buckets', 'bucket'],
  ['database_identifiers', 'database identifier'],
  ['account_ids', 'account id'],
  ['identifiers', 'identifier'],
] as const satisfies readonly (readonly [keyof EnvironmentConfig, string])[];

export function identifiersOf(env: EnvironmentConfig): IdentifierDef[] {
  return IDENTIFIER_FIELDS.flatMap(([field, kind]) => env[field].map((value) => ({ value, owner: env.name, kind })));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Any of `values` (at least one), case-insensitively, at word boundaries; longer values win at one position. */
export function wordRegex(values: readonly string[]): RegExp {
  const alternatives = [...values].sort((a, b) => b.length - a.length).map(escape);
  return new RegExp(`(?<![A-Za-z0-9])(?:${alternatives.join('|')})(?![A-Za-z0-9])`, 'gi');
}

export class IdentifierMatcher {
  private readonly regex: RegExp | undefined;
  private readonly byValue = new Map<string, IdentifierDef>();

  /** `self` is the environment being scanned; matches of its own identifiers are dropped. */
  constructor(
    defs: readonly IdentifierDef[],
    private readonly self: string,
  ) {
    for (const def of [...defs].sort((a, b) => b.value.length - a.value.length)) {
      const lower = def.value.toLowerCase();
      const existing = this.byValue.get(lower);
      // The same literal declared by two environments: treat it as the scanned environment's own.
      if (!existing || def.owner === self) this.byValue.set(lower, def);
    }
    this.regex = this.byValue.size > 0 ? wordRegex([...this.byValue.keys()]) : undefined;
  }

  /** Foreign identifiers in `text`, left to right, longest first at each position. */
  find(text: string): IdentifierMatch[] {
    if (!this.regex) return [];
    const out: IdentifierMatch[] = [];
    this.regex.lastIndex = 0;
    for (let m = this.regex.exec(text); m; m = this.regex.exec(text)) {
      const def = this.byValue.get(m[0].toLowerCase());
      if (def && def.owner !== this.self) out.push({ def, index: m.index, length: m[0].length });
    }
    return out;
  }
}

export interface AllowHit {
  entry: AllowEntry;
  expired: boolean;
  /** Offset and length of the allow-listed literal's occurrence. */
  index: number;
  length: number;
}

/** Occurrences of the environment's allow-listed literals in a text. */
export class AllowMatcher {
  private readonly patterns: { entry: AllowEntry; regex: RegExp; expired: boolean }[];

  constructor(entries: readonly AllowEntry[], now: Date) {
    this.patterns = entries.map((entry) => ({
      entry,
      regex: new RegExp(escape(entry.literal), 'gi'),
      expired: isExpired(entry, now),
    }));
  }

  occurrences(text: string): AllowHit[] {
    const out: AllowHit[] = [];
    for (const { entry, regex, expired } of this.patterns) {
      regex.lastIndex = 0;
      for (let m = regex.exec(text); m; m = regex.exec(text))
        out.push({ entry, expired, index: m.index, length: m[0].length });
    }
    return out;
  }
}

/** An entry expires at the end of its `expires` day (UTC). */
export function isExpired(entry: AllowEntry, now: Date): boolean {
  if (!entry.expires) return false;
  return now.getTime() >= Date.parse(`${entry.expires}T00:00:00Z`) + 24 * 3600 * 1000;
}

/** The allow-list hit covering a match, if any. */
export function coveringHit(hits: readonly AllowHit[], match: IdentifierMatch): AllowHit | undefined {
  return hits.find((h) => h.index <= match.index && match.index + match.length <= h.index + h.length);
}
