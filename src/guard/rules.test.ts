/**
 * Every boundary rule over its fixture in test/fixtures/guard, positive and negative.
 * Expected positions come from plain string search in the fixture (locate), never from the
 * code under test; every assertion names rule, file, line and column.
 */
import { describe, expect, it } from 'vitest';
import { brief, guardFixture, locate, readFixtureFile } from '../../test/helpers/guard-fixtures.js';
import type { GuardReport, Violation } from './types.js';

const at = async (
  root: string,
  file: string,
  needle: string,
  rule: string,
  severity: 'error' | 'warning',
  env: string | null,
  nth = 1,
) => {
  const { line, column } = await locate(root, file, needle, nth);
  return `${file}:${line}:${column} ${rule} ${severity} ${env ?? '-'}`;
};

const find = (report: GuardReport, file: string, line: number): Violation[] =>
  report.violations.filter((v) => v.file === file && v.line === line);

describe('remote-state-cross-env', () => {
  it("reports reads of another environment's state: literal config, local path, S3 object lookup, module-in-module with an interpolated key", async () => {
    const { root, report } = await guardFixture('remote-state');
    const dev = 'environments/development/main.tf';
    expect(brief(report)).toEqual([
      await at(root, dev, 'key    = "production/terraform.tfstate"', 'remote-state-cross-env', 'error', 'development'),
      await at(
        root,
        dev,
        'path = "${path.module}/../production/terraform.tfstate"',
        'remote-state-cross-env',
        'error',
        'development',
      ),
      await at(
        root,
        dev,
        'key    = data.aws_ssm_parameter.state_key.value',
        'remote-state-cross-env',
        'warning',
        'development',
      ),
      await at(
        root,
        dev,
        'key    = "production/terraform.tfstate"',
        'remote-state-cross-env',
        'error',
        'development',
        2,
      ),
      await at(root, 'modules/reader/main.tf', 'key    = var.key', 'remote-state-cross-env', 'error', 'development'),
    ]);
    const [literal, local, dynamic, s3Object, nested] = report.violations;
    expect(literal?.message).toContain("reads production's state s3://phenom-tfstate/production/terraform.tfstate");
    expect(local?.message).toContain('reads the local state file environments/production/terraform.tfstate');
    expect(dynamic?.message).toContain('cannot be resolved statically');
    expect(dynamic?.message).toContain('aws_ssm_parameter.state_key.value');
    expect(s3Object?.message).toContain('data.aws_s3_object.prod_state');
    expect(nested?.message).toContain('module.reader.module.inner (root environments/development)');
  });

  it('does not report a state no environment owns, the own state, or the shared module when production uses it for its own state', async () => {
    const { report } = await guardFixture('remote-state');
    expect(report.violations.filter((v) => v.env === 'production')).toEqual([]);
    const { line: ownLine } = await locate(
      (await guardFixture('remote-state')).root,
      'environments/development/main.tf',
      'data "terraform_remote_state" "own"',
    );
    expect(report.violations.some((v) => v.file === 'environments/development/main.tf' && v.line > ownLine)).toBe(
      false,
    );
  });
});

describe('path-escape', () => {
  it("reports module sources, file reads, archive sources, fileset patterns and symlinks that reach into another environment's directory", async () => {
    const { root, report } = await guardFixture('path-escape', {
      links: {
        'environments/production/dev-secrets.json': '../development/secrets.json',
        'environments/production/modules-link': '../../modules/files',
        'environments/development/prod-templates': '../production/templates',
      },
    });
    const prod = 'environments/production/main.tf';
    const mod = 'modules/files/main.tf';
    expect(brief(report)).toEqual([
      'environments/development/prod-templates:1:1 path-escape error development',
      'environments/production/dev-secrets.json:1:1 path-escape error production',
      await at(root, prod, 'source = "../development/modules/shared"', 'path-escape', 'error', 'production'),
      await at(root, prod, 'file("../development/policy.json")', 'path-escape', 'error', 'production'),
      await at(
        root,
        prod,
        'templatefile("${path.root}/../development/user-data.tpl", {})',
        'path-escape',
        'error',
        'production',
      ),
      await at(root, prod, 'filebase64sha256(', 'path-escape', 'error', 'production'),
      await at(root, mod, 'source_dir  =', 'path-escape', 'error', 'production'),
      await at(root, mod, 'source_file =', 'path-escape', 'error', 'production'),
      await at(
        root,
        mod,
        'fileset(path.module, "../../environments/development/*.json")',
        'path-escape',
        'error',
        'production',
      ),
    ]);
    const sourceDir = report.violations.find((v) => v.message.startsWith('archive_file.source_dir'));
    // Resolved per instance: module.own_files passes env_dir = "production" and is not named.
    expect(sourceDir?.message).toBe(
      "archive_file.source_dir in module.files (root environments/production) resolves to environments/development/functions/x, inside development's directory environments/development",
    );
    expect(report.violations.find((v) => v.message.startsWith('archive_file.source_file'))?.message).toContain(
      'module.files, module.own_files (root environments/production)',
    );
    expect(report.violations.find((v) => v.message.startsWith('filebase64sha256'))?.message).toContain(
      'resolves to environments/development/bundle.zip',
    );
  });
});

describe('shared-backend and missing-backend', () => {
  it('reports roots sharing a state (S3 key or local path), a partial backend, and an environment without a backend', async () => {
    const { root, report } = await guardFixture('backends');
    expect(brief(report)).toEqual([
      await at(
        root,
        'environments/development/backend.tf',
        'key    = "shared/terraform.tfstate"',
        'shared-backend',
        'error',
        'development',
      ),
      await at(root, 'environments/preview/backend.tf', 'backend "s3"', 'shared-backend', 'warning', 'preview'),
      await at(
        root,
        'environments/production/backend.tf',
        'key    = "shared/terraform.tfstate"',
        'shared-backend',
        'error',
        'production',
      ),
      await at(root, 'environments/qa/versions.tf', 'terraform {', 'missing-backend', 'error', 'qa'),
      await at(root, 'environments/sandbox/backend.tf', 'path = ', 'shared-backend', 'error', 'sandbox'),
      await at(root, 'tools/bootstrap/backend.tf', 'path = ', 'shared-backend', 'error', null),
    ]);
    expect(report.violations[0]?.message).toContain(
      'shares its state s3://phenom-tfstate/shared/terraform.tfstate with environments/production',
    );
    expect(report.violations[4]?.message).toContain('local:state/sandbox.tfstate with tools/bootstrap');
    expect(report.environments.find((e) => e.name === 'qa')?.roots).toEqual([]);
    expect(report.environments.find((e) => e.name === 'preview')?.roots[0]?.backend).toMatchObject({
      type: 's3',
      state: null,
      unresolved:
        "'key' is not set in the backend block, and no backend-config file is declared for the root or found beside it (backend.hcl, *.tfbackend)",
    });
  });

  it('accepts roots with their own keys', async () => {
    const { report } = await guardFixture('clean');
    expect(report.violations.filter((v) => v.rule === 'shared-backend' || v.rule === 'missing-backend')).toEqual([]);
    expect(report.environments.map((e) => [e.name, e.roots.map((r) => r.backend?.state)[0]])).toEqual([
      ['production', 's3://phenom-tfstate/production/terraform.tfstate'],
      ['development', 's3://phenom-tfstate/development/terraform.tfstate'],
    ]);
  });
});

const FIVE_MB_LINE = 81_234;
/** About 5 MiB of log lines; line FIVE_MB_LINE names development's database endpoint. */
function bigLog(): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 1; size < 5 * 1024 * 1024 || i <= FIVE_MB_LINE; i += 1) {
    const line =
      i === FIVE_MB_LINE
        ? `${i} connecting to phenom-dev-postgres.c9akciq32abc.us-east-1.rds.amazonaws.com`
        : `${i} health check ok for phenom-prod-cluster service graphql`;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

describe('foreign-identifier', () => {
  const generated = () => ({
    files: {
      'environments/production/crlf.tf': 'locals {\r\n  a       = "x"\r\n  cluster = "phenom-dev-cluster"\r\n}\r\n',
      'environments/production/bom.tf': '\uFEFFlocals { db = "phenom-dev-postgres" }\n',
      'environments/production/NOTES.md': '\uFEFFSee phenom-staging-media for the copy.\r\n',
      'environments/production/empty.tf': '',
      'environments/production/empty.txt': '',
      'environments/production/big.log': bigLog(),
    },
  });

  it('finds other environments’ identifiers in strings, heredocs, interpolations, formed values, module inputs and every text file', async () => {
    const { root, report } = await guardFixture('foreign-identifier', generated());
    const dev = 'environments/development/main.tf';
    const prod = 'environments/production';
    const F = 'foreign-identifier';
    expect(brief(report)).toEqual([
      await at(
        root,
        'env-guard.yaml',
        'literal: phenom-prod-legacy-export',
        'allowlist-expired',
        'error',
        'development',
      ),
      await at(root, dev, 'phenom-prod-cluster', F, 'error', 'development'),
      await at(root, dev, 'us-east-1_knEL7cqS3', F, 'error', 'development'),
      await at(root, dev, 'phenom-prod-media', F, 'error', 'development'),
      await at(root, dev, '"phenom-${var.env_short}-copy"', F, 'error', 'development'),
      // Its allow-list entry has expired: the exception has ended.
      await at(root, dev, 'phenom-prod-legacy-export', F, 'error', 'development'),
      await at(root, dev, '111111111111', F, 'error', 'development'),
      await at(root, `${prod}/NOTES.md`, 'phenom-staging-media', F, 'error', 'production'),
      await at(root, `${prod}/README.md`, 'phenom-staging-media', F, 'error', 'production'),
      `${prod}/big.log:${FIVE_MB_LINE}:${String(FIVE_MB_LINE).length + 16} ${F} error production`,
      await at(root, `${prod}/bom.tf`, 'phenom-dev-postgres', F, 'error', 'production'),
      await at(root, `${prod}/config.json`, 'us-east-1_n8gO6SbP6', F, 'error', 'production'),
      await at(root, `${prod}/config.json`, 'staging.phenom.example', F, 'error', 'production'),
      await at(root, `${prod}/crlf.tf`, 'phenom-dev-cluster', F, 'error', 'production'),
      await at(root, `${prod}/extra.tfvars`, 'phenom-dev-alarms', F, 'error', 'production'),
      await at(root, `${prod}/scripts/backup.sh`, 'phenom-dev-cluster', F, 'error', 'production'),
      await at(root, `${prod}/scripts/backup.sh`, 'phenom-dev-postgres.c9', F, 'error', 'production'),
      await at(root, `${prod}/values.yaml`, 'phenom-dev-postgres', F, 'error', 'production'),
      await at(root, 'modules/app/main.tf', '"phenom-${var.env}-app"', F, 'error', 'development'),
    ]);
    expect(await locate(root, `${prod}/crlf.tf`, 'phenom-dev-cluster')).toEqual({ line: 3, column: 14 });
    expect((await locate(root, `${prod}/big.log`, 'phenom-dev-postgres')).line).toBe(FIVE_MB_LINE);
    expect(await locate(root, `${prod}/bom.tf`, 'phenom-dev-postgres')).toEqual({ line: 1, column: 16 });
  });

  it('explains each finding, lists what the allow-list allowed, and reports an expired entry at its own line', async () => {
    const { root, report } = await guardFixture('foreign-identifier');
    const dev = 'environments/development/main.tf';
    const byLine = async (needle: string) => find(report, dev, (await locate(root, dev, needle)).line)[0]?.message;
    expect(await byLine('phenom-prod-cluster')).toBe(
      "'phenom-prod-cluster' contains production's name prefix 'phenom-prod', which must not appear in development",
    );
    expect(await byLine('"phenom-${var.env_short}-copy"')).toBe(
      "this expression evaluates to 'phenom-prod-copy' in environments/development: it contains production's name prefix 'phenom-prod', which must not appear in development",
    );
    expect(await byLine('phenom-prod-legacy-export')).toBe(
      "'phenom-prod-legacy-export' contains production's name prefix 'phenom-prod', which must not appear in development",
    );
    expect(report.violations.find((v) => v.rule === 'allowlist-expired')?.message).toBe(
      "allow-list entry (literal 'phenom-prod-legacy-export', in development) expired on 2020-01-31: the 1 finding(s) it allowed are violations again; renew it with a new date or remove it (one-off export while migrating)",
    );
    expect(report.violations.find((v) => v.file === 'modules/app/main.tf')?.message).toContain(
      "'phenom-prod-app' in module.app of environments/development",
    );
    const snapshot = await locate(root, dev, 'phenom-prod-postgres-clone-20260620');
    const legacy = await locate(root, dev, 'phenom-prod-legacy-export');
    const entry = async (needle: string) => (await locate(root, 'env-guard.yaml', needle)).line;
    expect(report.allowlisted).toEqual([
      {
        literal: 'phenom-prod-postgres-clone-20260620',
        rule: null,
        path: null,
        env: 'development',
        reason: 'staging was restored from this production snapshot',
        expires: null,
        expired: false,
        file: 'env-guard.yaml',
        line: await entry('- literal: phenom-prod-postgres-clone-20260620'),
        // The allowed finding points at the production identifier inside the literal.
        references: [{ file: dev, line: snapshot.line, column: snapshot.column }],
      },
      {
        literal: 'phenom-prod-legacy-export',
        rule: null,
        path: null,
        env: 'development',
        reason: 'one-off export while migrating',
        expires: '2020-01-31',
        expired: true,
        file: 'env-guard.yaml',
        line: await entry('- literal: phenom-prod-legacy-export'),
        references: [{ file: dev, ...legacy }],
      },
    ]);
    expect(report.allowed.map((v) => [v.file, v.line, v.allowedBy.reason])).toEqual([
      [dev, snapshot.line, 'staging was restored from this production snapshot'],
    ]);
  });

  it('is not silenced by an inline comment and ignores own identifiers, partial words and binary files', async () => {
    const { root, report } = await guardFixture('foreign-identifier');
    const dev = 'environments/development/main.tf';
    const comment = await locate(root, dev, '# env-guard:ignore');
    expect(find(report, dev, comment.line + 3).map((v) => v.rule)).toEqual(['foreign-identifier']);
    for (const needle of ['phenom-production-notes', 'us-east-1_n8gO6SbP6', 'phenom-dev-copy']) {
      expect(find(report, dev, (await locate(root, dev, needle)).line)).toEqual([]);
    }
    expect(report.violations.filter((v) => /logo\.png|blob\.dat/.test(v.file))).toEqual([]);
  });

  it('an unexpired allow-list entry is not reported; the same literal in the other environment is', async () => {
    const { root, report } = await guardFixture('foreign-identifier', {
      files: { 'environments/production/snapshot.txt': 'restore from phenom-dev-postgres-clone-20260620\n' },
    });
    expect(find(report, 'environments/production/snapshot.txt', 1).map((v) => `${v.line}:${v.column}`)).toEqual([
      `1:${(await locate(root, 'environments/production/snapshot.txt', 'phenom-dev')).column}`,
    ]);
  });
});

describe('parse-error', () => {
  it('reports the line HashiCorp names and still analyses every file, including the broken one', async () => {
    const { root, report } = await guardFixture('parse-error');
    const dev = 'environments/development';
    expect(brief(report)).toEqual([
      `${dev}/broken.tf:2:11 parse-error error development`,
      await at(root, `${dev}/broken.tf`, 'phenom-prod-after-error', 'foreign-identifier', 'error', 'development'),
      await at(root, `${dev}/main.tf`, 'phenom-prod-cluster', 'foreign-identifier', 'error', 'development'),
      `${dev}/terraform.tfvars:1:20 parse-error error development`,
      'modules/bad/main.tf:1:33 parse-error error -',
    ]);
    expect(report.violations[0]?.message).toBe(
      'does not parse: Invalid expression: Expected the start of an expression, but found an invalid expression token',
    );
    expect(report.violations[3]?.message).toMatch(/^does not parse: Invalid multi-line string/);
    expect(report.violations[4]?.message).toMatch(/^does not parse: Unclosed configuration block/);
  });
});

describe('a clean repository', () => {
  it('has no violation and reports the allow-listed snapshot literal it saw', async () => {
    const { root, report } = await guardFixture('clean');
    expect(report.violations).toEqual([]);
    expect(report.allowlisted[0]?.references).toEqual([
      {
        file: 'environments/development/main.tf',
        ...(await locate(root, 'environments/development/main.tf', 'phenom-prod-postgres-clone-20260620')),
      },
    ]);
  });
});

describe('layouts', () => {
  it('several roots per environment, a shared global root, an identifiers-only environment, a missing directory, an excluded path and a file outside every environment', async () => {
    const { root, report } = await guardFixture('layouts');
    const model = 'environments.yaml';
    expect(brief(report)).toEqual([
      await at(root, model, 'environments/staging/gone', 'missing-directory', 'warning', 'staging'),
      // A prefix written with its separator matches (the staging database in a production README) …
      await at(
        root,
        'environments/production/app/README.md',
        'acme-staging-db',
        'foreign-identifier',
        'error',
        'production',
      ),
      // … an environment declared only by its identifiers is still foreign everywhere else …
      await at(
        root,
        'environments/production/app/main.tf',
        'legacy.acme.example',
        'foreign-identifier',
        'error',
        'production',
      ),
      // … a read between two environments that are not shared is a violation …
      await at(
        root,
        'environments/staging/network/main.tf',
        'key    = "production/network/terraform.tfstate"',
        'remote-state-cross-env',
        'error',
        'staging',
      ),
      // … a file outside every environment that does not parse is a warning …
      'examples/broken.tf:3:11 parse-error warning -',
      // … and the shared root may not name an environment's resources.
      await at(root, 'global/main.tf', 'acme-prod-alb', 'foreign-identifier', 'error', 'global'),
    ]);
    expect(report.violations[0]?.message).toBe(
      "staging declares the root 'environments/staging/gone', which does not exist; nothing there is guarded (fix or remove the entry)",
    );
    // Reads of the shared root are allowed and listed; reading another root of the own environment is neither.
    const read = async (file: string, needle: string) => ({ file, ...(await locate(root, file, needle)) });
    expect(report.sharedReads).toEqual([
      {
        reader: 'production',
        shared: 'global',
        ...(await read('environments/production/network/main.tf', 'key    = "global/terraform.tfstate"')),
        via: 'data.terraform_remote_state.global',
        target: 's3://acme-tfstate/global/terraform.tfstate',
      },
      {
        reader: 'staging',
        shared: 'global',
        ...(await read('environments/staging/network/main.tf', 'file(')),
        via: 'file()',
        target: 'global/zone-policy.json',
      },
    ]);
    // A shared environment's identifiers are not foreign to its readers; a word that only starts like a prefix is not a match.
    expect(report.violations.filter((v) => v.file === 'environments/staging/app/main.tf')).toEqual([]);
    expect(report.violations.filter((v) => v.message.includes('acme-stagingx'))).toEqual([]);
    // The excluded directory is never read.
    expect([...report.violations, ...report.allowed].filter((v) => v.file.startsWith('archive/'))).toEqual([]);
    expect(report.environments.map((e) => [e.name, e.dirs, e.roots.map((r) => r.dir), e.sharedWith])).toEqual([
      [
        'production',
        ['environments/production/app', 'environments/production/network'],
        ['environments/production/app', 'environments/production/network'],
        [],
      ],
      [
        'staging',
        ['environments/staging/app', 'environments/staging/network'],
        ['environments/staging/app', 'environments/staging/network'],
        [],
      ],
      ['global', ['global'], ['global'], ['production', 'staging']],
      ['legacy', [], [], []],
    ]);
  });

  it("takes each environment's rule severities, and the severities outside every environment, from the model", async () => {
    const { report } = await guardFixture('layouts', {
      files: {
        'environments.yaml':
          `${await readFixtureFile('layouts', 'environments.yaml')}outside:\n  rules:\n    parse-error: error\n`.replace(
            "    roots: ['environments/production/*']\n",
            "    roots: ['environments/production/*']\n    rules:\n      foreign-identifier: warning\n",
          ),
      },
    });
    expect(
      brief(report)
        .filter((l) => / (foreign-identifier|parse-error) /.test(l))
        .map((l) => l.split(' ').slice(1).join(' ')),
    ).toEqual([
      'foreign-identifier warning production',
      'foreign-identifier warning production',
      'parse-error error -',
      'foreign-identifier error global',
    ]);
  });
});

describe('allow-list', () => {
  const settings = [
    'version: 1',
    'allowlist:',
    '  - rule: foreign-identifier',
    '    path: global/**',
    '    reason: the zone records name each environment until they move into the roots',
    '  - literal: legacy.acme.example',
    '    environment: production',
    '    reason: the legacy API is called until its shutdown',
    '    expires: 2999-12-31',
    '  - literal: acme-prod-nothing',
    '    reason: a stale exception',
    '  - rule: remote-state-cross-env',
    '    environment: staging',
    '    reason: staging read production network ids during the migration',
    '    expires: 2020-01-31',
    '',
  ].join('\n');

  it('allows by rule and path, by literal and environment; an expired entry is an error at its line, an unused one a warning', async () => {
    const { root, report } = await guardFixture('layouts', { files: { 'env-guard.yaml': settings } });
    const entry = async (needle: string) => locate(root, 'env-guard.yaml', needle);
    expect(brief(report)).toEqual([
      await at(root, 'env-guard.yaml', 'literal: acme-prod-nothing', 'allowlist-unused', 'warning', null),
      await at(root, 'env-guard.yaml', 'rule: remote-state-cross-env', 'allowlist-expired', 'error', 'staging'),
      await at(root, 'environments.yaml', 'environments/staging/gone', 'missing-directory', 'warning', 'staging'),
      await at(
        root,
        'environments/production/app/README.md',
        'acme-staging-db',
        'foreign-identifier',
        'error',
        'production',
      ),
      // The expired exception allows nothing: the read it covered is a violation again.
      await at(
        root,
        'environments/staging/network/main.tf',
        'key    = "production/network/terraform.tfstate"',
        'remote-state-cross-env',
        'error',
        'staging',
      ),
      'examples/broken.tf:3:11 parse-error warning -',
    ]);
    expect(report.allowed.map((v) => `${v.file}:${v.line} ${v.rule} — ${v.allowedBy.reason}`)).toEqual([
      `environments/production/app/main.tf:${(await locate(root, 'environments/production/app/main.tf', 'legacy.acme.example')).line} foreign-identifier — the legacy API is called until its shutdown`,
      `global/main.tf:${(await locate(root, 'global/main.tf', 'acme-prod-alb')).line} foreign-identifier — the zone records name each environment until they move into the roots`,
    ]);
    expect(report.allowlisted.map((a) => [a.line, a.expired, a.references.length])).toEqual([
      [(await entry('rule: foreign-identifier')).line, false, 1],
      [(await entry('literal: legacy.acme.example')).line, false, 1],
      [(await entry('literal: acme-prod-nothing')).line, false, 0],
      [(await entry('rule: remote-state-cross-env')).line, true, 1],
    ]);
  });
});

describe('allow-list and values derived from an allowed literal', () => {
  it('allows the literal where it is written, but not an identifier a string function derives from it', async () => {
    const file = 'environments/development/derived.tf';
    const { root, report } = await guardFixture('foreign-identifier', {
      files: {
        [file]:
          'locals {\n  restored  = "phenom-prod-postgres-clone-20260620"\n  source_db = trimsuffix("phenom-prod-postgres-clone-20260620", "-clone-20260620")\n}\n',
      },
    });
    const written = await locate(root, file, '"phenom-prod-postgres-clone-20260620"');
    const derived = await locate(root, file, 'trimsuffix(');
    expect(report.violations.filter((v) => v.file === file).map((v) => [v.line, v.column, v.message])).toEqual([
      [
        derived.line,
        derived.column,
        "this expression evaluates to 'phenom-prod-postgres' in environments/development: it contains production's database identifier 'phenom-prod-postgres', which must not appear in development",
      ],
    ]);
    expect(report.allowed.filter((v) => v.file === file).map((v) => v.line)).toEqual([written.line, derived.line]);
  });
});

describe('a value formed from path.* alone', () => {
  it('is judged for each environment whose roots call the module, not once for all', async () => {
    const file = 'modules/phenom/main.tf';
    const call = 'module "phenom" {\n  source = "../../modules/phenom"\n}\n';
    const { root, report } = await guardFixture('foreign-identifier', {
      files: {
        [file]: 'locals {\n  bucket = "${basename(path.module)}-prod-media"\n}\n',
        // Production is scanned first: there the value is its own bucket.
        'environments/production/phenom.tf': call,
        'environments/development/phenom.tf': call,
      },
    });
    const formed = await locate(root, file, '"${basename(path.module)}-prod-media"');
    expect(report.violations.filter((v) => v.file === file).map((v) => [v.env, v.line, v.column, v.message])).toEqual([
      [
        'development',
        formed.line,
        formed.column,
        "this expression evaluates to 'phenom-prod-media' in module.phenom of environments/development: it contains production's bucket 'phenom-prod-media', which must not appear in development",
      ],
    ]);
  });
});

describe('Terragrunt units', () => {
  it('reports a dependency on another environment, a config read into it and a shared remote state, at their lines', async () => {
    const { root, report } = await guardFixture('terragrunt');
    const app = 'non-prod/us-east-1/stage/app/terragrunt.hcl';
    const legacy = 'non-prod/us-east-1/stage/legacy/terragrunt.hcl';
    expect(brief(report)).toEqual([
      await at(
        root,
        app,
        'config_path = "../../../../prod/us-east-1/prod/mysql"',
        'remote-state-cross-env',
        'error',
        'staging',
      ),
      await at(root, app, 'read_terragrunt_config("../../../../prod', 'path-escape', 'error', 'staging'),
      await at(
        root,
        legacy,
        'key    = "prod/us-east-1/prod/mysql/terraform.tfstate"',
        'shared-backend',
        'error',
        'staging',
      ),
      // The inherited remote state is reported at the include that brings it in.
      await at(
        root,
        'prod/us-east-1/prod/mysql/terragrunt.hcl',
        'path = find_in_parent_folders()',
        'shared-backend',
        'error',
        'production',
      ),
    ]);
    expect(report.violations[0]?.message).toBe(
      `dependency "prod_db" in non-prod/us-east-1/stage/app reads the outputs (the state) of prod/us-east-1/prod/mysql, a unit in production's directory prod; environments never read each other's state`,
    );
    // Backends: the root terragrunt.hcl's remote_state, evaluated per unit; a generated backend file.
    const states = Object.fromEntries(
      report.environments.flatMap((e) => e.roots.map((r) => [r.dir, r.backend?.state ?? r.backend?.unresolved])),
    );
    expect(states).toEqual({
      'prod/us-east-1/prod/dns': 's3://acme-tfstate-prod-us-east-1/prod/us-east-1/prod/dns/terraform.tfstate',
      'prod/us-east-1/prod/mysql': 's3://acme-tfstate-prod-us-east-1/prod/us-east-1/prod/mysql/terraform.tfstate',
      'prod/us-east-1/prod/vpc': 's3://acme-tfstate-prod-us-east-1/prod/us-east-1/prod/vpc/terraform.tfstate',
      'non-prod/us-east-1/stage/app':
        's3://acme-tfstate-non-prod-us-east-1/non-prod/us-east-1/stage/app/terraform.tfstate',
      'non-prod/us-east-1/stage/legacy': 's3://acme-tfstate-prod-us-east-1/prod/us-east-1/prod/mysql/terraform.tfstate',
      'non-prod/us-east-1/stage/mysql':
        's3://acme-tfstate-non-prod-us-east-1/non-prod/us-east-1/stage/mysql/terraform.tfstate',
      'non-prod/us-east-1/stage/vpc':
        's3://acme-tfstate-non-prod-us-east-1/non-prod/us-east-1/stage/vpc/terraform.tfstate',
    });
  });

  it('an include into another environment is a path-escape, and a dependency inside the environment is not a violation', async () => {
    const app = 'non-prod/us-east-1/stage/app/terragrunt.hcl';
    const { root, report } = await guardFixture('terragrunt', {
      files: {
        [app]:
          'include "prod" {\n  path = "../../../../prod/us-east-1/prod/env.hcl"\n}\n\ndependency "vpc" {\n  config_path = "../vpc"\n}\n',
      },
    });
    expect(brief(report).filter((l) => l.startsWith(app))).toEqual([
      await at(root, app, 'path = "../../../../prod/us-east-1/prod/env.hcl"', 'path-escape', 'error', 'staging'),
    ]);
    expect(report.violations.find((v) => v.file === app)?.message).toBe(
      `include "prod" in non-prod/us-east-1/stage/app resolves to prod/us-east-1/prod/env.hcl, inside production's directory prod`,
    );
  });
});
