import { describe, expect, it } from 'vitest';
import { configurationErrorOf } from '../../test/helpers/configuration-error.js';
import { parseEnvironmentModel } from '../model/index.js';
import { guardConfig, parseGuardConfig, parseLedger } from './config.js';

const MODEL = parseEnvironmentModel(
  `version: 1
environments:
  - name: production
    roots: [environments/production]
  - name: development
    roots: [environments/development]
`,
  'environments.yaml',
);

const VALID = `version: 1
allowlist:
  - literal: phenom-prod-postgres-clone-20260620
    environment: development
    reason: restored from this snapshot
    expires: 2027-01-31
  - rule: path-escape
    path: environments/development/legacy/**
    reason: the legacy import reads production's export until it is retired
`;

const error = configurationErrorOf;

describe('parseGuardConfig (env-guard.yaml)', () => {
  it('keeps each allow-list entry with what it allows, its file and line, and fills defaults', () => {
    const config = parseGuardConfig(VALID, 'env-guard.yaml');
    expect(config.allowlist).toEqual([
      {
        literal: 'phenom-prod-postgres-clone-20260620',
        environment: 'development',
        reason: 'restored from this snapshot',
        expires: '2027-01-31',
        file: 'env-guard.yaml',
        line: 3,
        column: 5,
        index: 0,
      },
      {
        rule: 'path-escape',
        path: 'environments/development/legacy/**',
        reason: "the legacy import reads production's export until it is retired",
        file: 'env-guard.yaml',
        line: 7,
        column: 5,
        index: 1,
      },
    ]);
    expect(config.strict).toBe(false);
    expect(config.parity.deliberate).toEqual([]);
  });

  it('needs an entry to name what it allows, and a known rule', () => {
    expect(error(() => parseGuardConfig('version: 1\nallowlist:\n  - reason: because\n', 'g.yaml'))).toBe(
      'g.yaml: allowlist[0]: expected at least one of literal, rule or path (what the entry allows) (line 3)',
    );
    expect(
      error(() => parseGuardConfig('version: 1\nallowlist:\n  - rule: path-escap\n    reason: r\n', 'g.yaml')),
    ).toMatch(
      /^g\.yaml: allowlist\[0\]\.rule: 'path-escap' is not a boundary rule \(expected one of: remote-state-cross-env, /,
    );
  });

  it('names the file, the key path, expected and got, and the line', () => {
    expect(
      error(() => parseGuardConfig(VALID.replace('    reason: restored from this snapshot\n', ''), 'c.yaml')),
    ).toBe('c.yaml: allowlist[0].reason: is required (expected string) (line 3)');
    expect(error(() => parseGuardConfig(VALID.replace('2027-01-31', '2027-02-30'), 'c.yaml'))).toMatch(
      /^c\.yaml: allowlist\[0\]\.expires: expected a date YYYY-MM-DD, got "2027-02-30" \(line 6\)$/,
    );
    expect(error(() => parseGuardConfig(VALID.replace('version: 1', 'version: 2'), 'c.yaml'))).toBe(
      'c.yaml: version: expected 1, got 2 (line 1)',
    );
    expect(error(() => parseGuardConfig(`${VALID}extra: 1\n`, 'cfg.yaml'))).toMatch(
      /^cfg\.yaml: extra: unknown key \(expected one of: version, environments, allowlist, snapshots, parity, followups, strict\)/,
    );
    expect(error(() => parseGuardConfig('version: 1\nallowlist: [\n', 'env-guard.yaml'))).toMatch(
      /^env-guard\.yaml:3:1: invalid YAML: /,
    );
  });

  it('says where environments went when an old config still declares them', () => {
    expect(
      error(() => parseGuardConfig('version: 1\nenvironments:\n  - name: production\n    dir: x\n', 'env-guard.yaml')),
    ).toBe(
      'env-guard.yaml: environments: environments are declared once, in the environment model (environments.yaml), for every tool; move them there (see actions/env-guard/README.md) (line 2)',
    );
  });

  it('checks the environments it names against the model', () => {
    const settings = parseGuardConfig(VALID.replace('environment: development', 'environment: staging'), 'c.yaml');
    expect(error(() => guardConfig(settings, MODEL))).toBe(
      "c.yaml: allowlist[0].environment: 'staging' is not a declared environment (expected one of: production, development) (line 4)",
    );
    const config = guardConfig(parseGuardConfig(VALID, 'c.yaml'), MODEL);
    expect(config.environments.map((e) => e.name)).toEqual(['production', 'development']);
  });

  it("takes the owner of a snapshot's KMS key, which must be a declared environment", () => {
    const withSnapshot = (owner: string) =>
      `${VALID}snapshots:\n  - identifier: phenom-prod-postgres-clone-20260620\n    master_username: phenomprod\n    kms_key_owner: ${owner}\n`;
    const config = guardConfig(parseGuardConfig(withSnapshot('production'), 'c.yaml'), MODEL);
    expect(config.snapshots[0]?.kms_key_owner).toBe('production');
    expect(error(() => guardConfig(parseGuardConfig(withSnapshot('prod'), 'c.yaml'), MODEL))).toBe(
      "c.yaml: snapshots[0].kms_key_owner: 'prod' is not a declared environment (expected one of: production, development) (line 13)",
    );
  });

  it("checks the model's rule severities against the rule registry", () => {
    const model = parseEnvironmentModel(
      'version: 1\nenvironments:\n  - name: production\n    rules:\n      shared-backnd: warning\n  - name: development\n',
      'environments.yaml',
    );
    expect(error(() => guardConfig(parseGuardConfig(VALID, 'c.yaml'), model))).toMatch(
      /^environments\.yaml: environments\[0\]\.rules\.shared-backnd: 'shared-backnd' is not a boundary rule \(expected one of: .*\) \(line 5\)$/,
    );
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
