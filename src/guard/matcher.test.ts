import { describe, expect, it } from 'vitest';
import { AllowMatcher, coveringHit, IdentifierMatcher, isExpired, type IdentifierDef } from './matcher.js';

const defs: IdentifierDef[] = [
  { value: 'phenom-prod', owner: 'production', kind: 'name prefix' },
  { value: 'phenom-prod-postgres', owner: 'production', kind: 'database identifier' },
  { value: 'phenom', owner: 'production', kind: 'identifier' },
  { value: 'phenom-dev', owner: 'development', kind: 'name prefix' },
];

const found = (text: string, self = 'development', list = defs) =>
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
});

describe('allow-list', () => {
  it('covers matches inside an allowed literal until the end of its expiry day (UTC)', () => {
    const entry = {
      literal: 'phenom-prod-postgres-clone-20260620',
      environment: 'development',
      reason: 'r',
      expires: '2026-12-31',
    };
    const text = 'restore PHENOM-PROD-postgres-clone-20260620 and phenom-prod-postgres';
    const matches = new IdentifierMatcher(defs, 'development').find(text);
    const hits = new AllowMatcher([entry], new Date('2026-12-31T23:59:00Z')).occurrences(text);
    expect(matches.map((m) => coveringHit(hits, m) !== undefined)).toEqual([true, false]);
    expect(isExpired(entry, new Date('2026-12-31T23:59:59Z'))).toBe(false);
    expect(isExpired(entry, new Date('2027-01-01T00:00:00Z'))).toBe(true);
    expect(isExpired({ ...entry, expires: undefined }, new Date('2100-01-01'))).toBe(false);
  });
});
