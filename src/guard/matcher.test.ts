import { describe, expect, it } from 'vitest';
import type { AllowEntry } from './config.js';
import { allows, applyAllowlist, IdentifierMatcher, isExpired, wordRegex, type IdentifierDef } from './matcher.js';
import type { Violation } from './types.js';
import { random } from '../../test/helpers/random.js';

const defs: IdentifierDef[] = [
  { value: 'phenom-prod', owner: 'production', kind: 'name prefix' },
  { value: 'phenom-prod-postgres', owner: 'production', kind: 'database identifier' },
  { value: 'phenom', owner: 'production', kind: 'identifier' },
  { value: 'phenom-dev', owner: 'development', kind: 'name prefix' },
];

const found = (text: string, self: string | string[] = 'development', list = defs) =>
  new IdentifierMatcher(list, self)
    .find(text)
    .map((m) => `${m.index}:${text.slice(m.index, m.index + m.length)}:${m.def.kind}`);

describe('IdentifierMatcher', () => {
  it('matches at word boundaries, case-insensitively, the longest identifier first', () => {
    expect(found('db phenom-prod-postgres.x')).toEqual(['3:phenom-prod-postgres:database identifier']);
    expect(found('PHENOM-PROD-api')).toEqual(['0:PHENOM-PROD:name prefix']);
    const withoutBare = defs.filter((d) => d.value !== 'phenom');
    expect(found('phenom-production xphenom-prod phenom-prod2', 'development', withoutBare)).toEqual([]);
    expect(found('a/phenom-prod_b "phenom-prod"')).toEqual(['2:phenom-prod:name prefix', '17:phenom-prod:name prefix']);
  });

  it('does not report a foreign identifier that is only part of an own one', () => {
    expect(found('phenom-dev-cluster')).toEqual([]);
    expect(found('phenom stack')).toEqual(['0:phenom:identifier']);
    expect(found('phenom-dev-cluster', 'production')).toEqual(['0:phenom-dev:name prefix']);
  });

  it('matches a prefix written with its separator: the separator is the boundary', () => {
    const staging: IdentifierDef[] = [{ value: 'staging-', owner: 'staging', kind: 'name prefix' }];
    // The incident: staging's cluster and database endpoint in a production script.
    const script = 'aws ecs update-service --cluster staging-ecs-cluster; psql -h staging-db.abc.rds';
    expect(found(script, 'production', staging)).toEqual([
      `${script.indexOf('staging-ecs')}:staging-:name prefix`,
      `${script.indexOf('staging-db')}:staging-:name prefix`,
    ]);
    expect(found('nonstaging-x stagingx staging', 'production', staging)).toEqual([]);
    const suffix: IdentifierDef[] = [{ value: '-prod', owner: 'production', kind: 'name prefix' }];
    expect(found('api-prod api-production', 'development', suffix)).toEqual(['3:-prod:name prefix']);
  });

  it('drops identifiers of every environment the scanned one may read (a shared environment naming it)', () => {
    const shared: IdentifierDef[] = [...defs, { value: 'phenom-global', owner: 'global', kind: 'name prefix' }];
    expect(found('zone phenom-global-dns', ['development', 'global'], shared)).toEqual([]);
    expect(found('zone phenom-global-dns', 'development', shared)).toEqual(['5:phenom-global:name prefix']);
  });
});

describe('IdentifierMatcher against the regex of its identifiers', () => {
  // Letters, digits, separators and characters beyond ASCII that fold to ASCII letters in some case mapping.
  const ALPHABET = ['a', 'b', 'A', 'B', '0', '1', '-', '_', '.', ' ', '/', '\u017f', '\u212a', 'k', 'K', 's', '\u00e9'];
  it('finds what wordRegex finds, at the same places, on generated texts and identifiers', () => {
    const next = random(18);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const ascii = ALPHABET.filter((c) => c.charCodeAt(0) < 128);
    const word = (max: number, from = ALPHABET) =>
      Array.from({ length: 1 + Math.floor(next() * max) }, () => pick(from)).join('');
    let matched = 0;
    for (let round = 0; round < 300; round += 1) {
      const list: IdentifierDef[] = Array.from({ length: 1 + Math.floor(next() * 6) }, (_, i) => ({
        // Mostly ASCII identifiers (matched by a trie), some beyond (matched by the regex itself).
        value: round % 4 === 0 ? word(4) : word(4, ascii),
        owner: i % 3 === 0 ? 'development' : 'production',
        kind: 'name prefix',
      }));
      const lower = new Map<string, IdentifierDef>();
      for (const def of [...list].sort((a, b) => b.value.length - a.value.length))
        if (!lower.has(def.value.toLowerCase())) lower.set(def.value.toLowerCase(), def);
      const regex = wordRegex([...lower.keys()]);
      for (let t = 0; t < 20; t += 1) {
        const text = word(40);
        const expected: string[] = [];
        for (let m = regex.exec(text); m; m = regex.exec(text)) {
          const def = lower.get(m[0].toLowerCase());
          if (def && def.owner !== 'development') expected.push(`${m.index}:${m[0]}:${def.value}`);
        }
        const actual = new IdentifierMatcher(list, 'development')
          .find(text)
          .map((m) => `${m.index}:${text.slice(m.index, m.index + m.length)}:${m.def.value}`);
        expect(actual, JSON.stringify({ text, list })).toEqual(expected);
        matched += actual.length;
      }
    }
    expect(matched).toBeGreaterThan(500);
  });
});

describe('wordRegex', () => {
  it('counts whole words only: "production" is not inside "nonproduction"', () => {
    const count = (text: string) => text.match(wordRegex(['production']))?.length ?? 0;
    expect(count('production nonproduction production-db productions PRODUCTION')).toBe(3);
  });
});

const violation = (over: Partial<Violation> = {}): Violation => ({
  rule: 'foreign-identifier',
  severity: 'error',
  env: 'development',
  file: 'environments/development/locals.tf',
  line: 2,
  column: 20,
  endLine: 2,
  endColumn: 40,
  message: "'phenom-prod-postgres-clone-20260620' contains production's database identifier 'phenom-prod-postgres'",
  key: 'k',
  ...over,
});

const entry = (over: Partial<AllowEntry>): AllowEntry => ({
  reason: 'r',
  file: 'env-guard.yaml',
  line: 3,
  column: 5,
  index: 0,
  ...over,
});

const source = (text: string) => () => text.split('\n');

describe('allow-list', () => {
  const text = 'locals {\n  snapshot_from = "phenom-prod-postgres-clone-20260620"\n}\n';

  it('allows by literal (in the source over the finding, or in its message), rule, path glob and environment — all that are given', () => {
    const lines = source(text);
    expect(allows(entry({ literal: 'phenom-prod-postgres-clone-20260620' }), violation(), lines)).toBe(true);
    // Word boundaries: a literal that is only part of a longer word does not count.
    expect(allows(entry({ literal: 'postgres-clone-2026' }), violation({ message: 'x' }), lines)).toBe(false);
    expect(allows(entry({ literal: 'prod-postgres-clone' }), violation({ message: 'x' }), lines)).toBe(true);
    expect(allows(entry({ rule: 'foreign-identifier' }), violation(), lines)).toBe(true);
    expect(allows(entry({ rule: 'path-escape' }), violation(), lines)).toBe(false);
    expect(allows(entry({ path: 'environments/development/**' }), violation(), lines)).toBe(true);
    expect(allows(entry({ path: 'environments/development' }), violation(), lines)).toBe(true);
    expect(allows(entry({ path: 'environments/production/**' }), violation(), lines)).toBe(false);
    expect(allows(entry({ rule: 'foreign-identifier', environment: 'production' }), violation(), lines)).toBe(false);
    expect(
      allows(
        entry({ literal: 'phenom-prod-postgres-clone-20260620', rule: 'foreign-identifier', path: '**/locals.tf' }),
        violation(),
        lines,
      ),
    ).toBe(true);
  });

  it('an entry holds through the end of its expiry day (UTC); then it allows nothing and its would-be findings are counted', () => {
    const e = entry({ literal: 'phenom-prod-postgres-clone-20260620', expires: '2026-12-31' });
    expect(isExpired(e, new Date('2026-12-31T23:59:59Z'))).toBe(false);
    expect(isExpired(e, new Date('2027-01-01T00:00:00Z'))).toBe(true);
    expect(isExpired({ expires: undefined }, new Date('2100-01-01'))).toBe(false);
    const stands = violation({ message: "'phenom-prod-media' contains production's bucket", column: 3, endColumn: 20 });
    const live = applyAllowlist([violation(), stands], [e], new Date('2026-12-31T12:00:00Z'), source(text));
    expect(live.allowed.map((a) => a.violation)).toEqual([violation()]);
    expect(live.violations).toEqual([stands]);
    expect(live.references.get(e)).toEqual({
      allowed: [{ file: violation().file, line: 2, column: 20 }],
      afterExpiry: [],
    });
    const late = applyAllowlist([violation()], [e], new Date('2027-01-02T00:00:00Z'), source(text));
    expect(late.allowed).toEqual([]);
    expect(late.violations).toEqual([violation()]);
    expect(late.references.get(e)).toEqual({
      allowed: [],
      afterExpiry: [{ file: violation().file, line: 2, column: 20 }],
    });
  });
});
