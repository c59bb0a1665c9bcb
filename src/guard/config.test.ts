import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../lib/errors.js';
import { parseGuardConfig, parseLedger } from './config.js';

const VALID = `version: 1
environments:
  - name: production
    dir: environments/production
    prefixes: [phenom-prod]
  - name: development
    dir: environments/development/
    prefixes: [phenom-dev]
    cognito_pool_ids: [us-east-1_n8gO6SbP6]
allowlist:
  - literal: phenom-prod-postgres-clone-20260620
    environment: development
    reason: restored from this snapshot
    expires: 2027-01-31
`;

const error = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigurationError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigurationError');
};

describe('parseGuardConfig', () => {
  it('accepts a valid config and fills defaults', () => {
    const config = parseGuardConfig(VALID, 'env-guard.yaml');
    expect(config.environments[1]).toEqual({
      name: 'development',
      dir: 'environments/development',
      prefixes: ['phenom-dev'],
      cognito_pool_ids: ['us-east-1_n8gO6SbP6'],
      buckets: [],
      database_identifiers: [],
      account_ids: [],
      identifiers: [],
    });
    expect(config.allowlist[0]?.expires).toBe('2027-01-31');
    expect(config.strict).toBe(false);
    expect(config.parity.deliberate).toEqual([]);
  });

  it('names the file, the key path, expected and got for a wrong type', () => {
    const text = VALID.replace('prefixes: [phenom-dev]', 'prefixes: phenom-dev');
    expect(error(() => parseGuardConfig(text, 'env-guard.yaml'))).toBe(
      'env-guard.yaml: environments[1].prefixes: expected array, got string (line 8)',
    );
  });

  it('rejects unknown keys with the keys it accepts', () => {
    const text = VALID.replace('    prefixes: [phenom-prod]', '    prefixes: [phenom-prod]\n    prefixs: [x]');
    expect(error(() => parseGuardConfig(text, 'cfg.yaml'))).toBe(
      'cfg.yaml: environments[0].prefixs: unknown key (expected one of: name, dir, prefixes, cognito_pool_ids, buckets, database_identifiers, account_ids, identifiers) (line 6)',
    );
    expect(error(() => parseGuardConfig(`${VALID}extra: 1\n`, 'cfg.yaml'))).toMatch(
      /^cfg\.yaml: extra: unknown key \(expected one of: version, environments, allowlist, snapshots, parity, followups, strict\)/,
    );
  });

  it("takes the owner of a snapshot's KMS key, which must be a declared environment", () => {
    const withSnapshot = (owner: string) =>
      `${VALID}snapshots:\n  - identifier: phenom-prod-postgres-clone-20260620\n    master_username: phenomprod\n    kms_key_owner: ${owner}\n`;
    expect(parseGuardConfig(withSnapshot('production'), 'c.yaml').snapshots[0]?.kms_key_owner).toBe('production');
    expect(error(() => parseGuardConfig(withSnapshot('prod'), 'c.yaml'))).toContain(
      "snapshots[0].kms_key_owner: 'prod' is not a declared environment (expected one of: production, development)",
    );
  });

  it('reports YAML syntax errors with line and column', () => {
    expect(error(() => parseGuardConfig('version: 1\nenvironments: [\n', 'env-guard.yaml'))).toMatch(
      /^env-guard\.yaml:3:1: invalid YAML: /,
    );
  });

  it('reports missing keys, bad dates, bad account ids and wrong versions', () => {
    expect(
      error(() => parseGuardConfig(VALID.replace('    reason: restored from this snapshot\n', ''), 'c.yaml')),
    ).toBe('c.yaml: allowlist[0].reason: is required (expected string) (line 11)');
    expect(error(() => parseGuardConfig(VALID.replace('2027-01-31', '2027-02-30'), 'c.yaml'))).toMatch(
      /^c\.yaml: allowlist\[0\]\.expires: expected a date YYYY-MM-DD, got "2027-02-30" \(line 14\)$/,
    );
    expect(
      error(() => parseGuardConfig(VALID.replace('prefixes: [phenom-prod]', 'account_ids: ["12345"]'), 'c.yaml')),
    ).toMatch(/environments\[0\]\.account_ids\[0\]: expected a 12-digit AWS account id/);
    expect(error(() => parseGuardConfig(VALID.replace('version: 1', 'version: 2'), 'c.yaml'))).toBe(
      'c.yaml: version: expected 1, got 2 (line 1)',
    );
    expect(error(() => parseGuardConfig('', 'c.yaml'))).toBe('c.yaml: version: is required (expected 1)');
  });

  it('checks cross-field rules: overlapping directories, duplicate names, unknown environments', () => {
    expect(
      error(() =>
        parseGuardConfig(VALID.replace('dir: environments/development/', 'dir: environments/production/dev'), 'c.yaml'),
      ),
    ).toBe(
      "c.yaml: environments[1].dir: 'environments/production/dev' overlaps environments[0].dir 'environments/production' (environment directories must be disjoint) (line 7)",
    );
    expect(error(() => parseGuardConfig(VALID.replace('name: development', 'name: production'), 'c.yaml'))).toMatch(
      /environments\[1\]\.name: duplicate environment name 'production'/,
    );
    expect(
      error(() => parseGuardConfig(VALID.replace('environment: development', 'environment: staging'), 'c.yaml')),
    ).toBe(
      "c.yaml: allowlist[0].environment: 'staging' is not a declared environment (expected one of: production, development) (line 12)",
    );
    expect(
      error(() => parseGuardConfig(VALID.replace('dir: environments/development/', 'dir: ../elsewhere'), 'c.yaml')),
    ).toMatch(/environments\[1\]\.dir: expected a directory relative to the root, without \.\./);
  });
});

describe('parseLedger', () => {
  const ledger = (items: string) => `version: 1\nfollowups:\n${items}`;

  it('keeps each item with its line', () => {
    const items = parseLedger(
      ledger(
        '  - id: manual\n    environment: development\n    title: Do it\n    status: open\n  - id: debt\n    environment: production\n    title: Codify\n    resolved_by:\n      - type: aws_wafv2_web_acl\n',
      ),
      'l.yaml',
      ['production', 'development'],
    );
    expect(items.map((i) => [i.id, i.line, i.status ?? 'code'])).toEqual([
      ['manual', 3, 'open'],
      ['debt', 7, 'code'],
    ]);
  });

  it('needs exactly one of status and resolved_by, known environments and unique ids', () => {
    expect(
      error(() =>
        parseLedger(ledger('  - id: x\n    environment: development\n    title: T\n'), 'l.yaml', ['development']),
      ),
    ).toBe(
      'l.yaml: followups[0]: expected exactly one of status (manual item) or resolved_by (resolved by code) (line 3)',
    );
    expect(
      error(() =>
        parseLedger(ledger('  - id: x\n    environment: qa\n    title: T\n    status: open\n'), 'l.yaml', [
          'development',
        ]),
      ),
    ).toBe(
      "l.yaml: followups[0].environment: 'qa' is not a declared environment (expected one of: development) (line 4)",
    );
    expect(
      error(() =>
        parseLedger(ledger('  - id: x\n    environment: development\n    title: T\n    status: done\n'), 'l.yaml', [
          'development',
        ]),
      ),
    ).toBe('l.yaml: followups[0].status: expected "open" or "resolved", got "done" (line 6)');
    expect(
      error(() =>
        parseLedger(
          ledger(
            '  - {id: x, environment: development, title: T, status: open}\n  - {id: x, environment: development, title: U, status: open}\n',
          ),
          'l.yaml',
          ['development'],
        ),
      ),
    ).toMatch(/followups\[1\]\.id: duplicate id 'x'/);
  });
});
