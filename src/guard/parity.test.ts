import { describe, expect, it } from 'vitest';
import { guardFixture } from '../../test/helpers/guard-fixtures.js';
import { guardMemory } from '../../test/helpers/guard-memory.js';

describe('parity report', () => {
  it('lists, per module, the roots calling it and the inputs that differ, marking deliberate and naming-only differences', async () => {
    const { report } = await guardFixture('clean');
    expect(report.parity.map((m) => [m.module, m.roots.map((r) => `${r.env}:${r.addresses.join(',')}`)])).toEqual([
      ['modules/app', ['production:module.app', 'development:module.app']],
      ['modules/edge', ['production:module.edge']],
      ['modules/rds', ['production:module.rds', 'development:module.rds']],
    ]);
    const rows = report.parity.flatMap((m) =>
      m.differences.map((d) => [
        m.module,
        d.input,
        d.values.production,
        d.values.development,
        d.deliberate ?? (d.naming ? 'naming' : 'drift'),
      ]),
    );
    expect(rows).toEqual([
      ['modules/app', 'env_short', '"prod"', '"dev"', 'drift'],
      ['modules/app', 'name', '"phenom-prod"', '"phenom-dev"', 'naming'],
      // Unknown values are compared by their source text.
      ['modules/app', 'policy', 'file("${path.module}/policy.json")', '"{}"', 'drift'],
      ['modules/app', 'pool_id', '"us-east-1_knEL7cqS3"', '"us-east-1_n8gO6SbP6"', 'naming'],
      ['modules/rds', 'identifier', '"phenom-prod-postgres"', '"phenom-dev-postgres"', 'naming'],
      [
        'modules/rds',
        'snapshot_identifier',
        null,
        '"phenom-prod-postgres-clone-20260620"',
        'staging is restored from a production snapshot',
      ],
    ]);
  });
});

describe('parity of values from sensitive sources', () => {
  it("shows an argument built from the caller's sensitive variable or a module's sensitive output as (sensitive)", async () => {
    const mod = 'variable "password" {\n  type = string\n}\nvariable "token" {\n  type = string\n}\n';
    const secrets = 'output "token" {\n  value     = "t"\n  sensitive = true\n}\noutput "plain" {\n  value = "p"\n}\n';
    const call = (password: string, token: string) =>
      `module "db" {\n  source   = "../../modules/db"\n  password = ${password}\n  token    = ${token}\n}\n` +
      'module "secrets" {\n  source = "../../modules/secrets"\n}\n';
    const report = await guardMemory({
      files: {
        'modules/db/main.tf': mod,
        'modules/secrets/main.tf': secrets,
        'environments/production/db.tf':
          'variable "db_password" {\n  type      = string\n  sensitive = true\n}\nlocals {\n  pw = "x-${var.db_password}"\n}\n' +
          call('local.pw', 'module.secrets.token'),
        'environments/development/db.tf': call('"dev-literal"', 'module.secrets.plain'),
      },
    });
    const values = report.parity.flatMap((m) => m.differences).map((d) => [d.input, d.values]);
    expect(values).toEqual([
      ['password', { production: '(sensitive)', development: '"dev-literal"' }],
      ['token', { production: '(sensitive)', development: 'module.secrets.plain' }],
    ]);
  });
});
