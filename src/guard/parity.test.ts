import { describe, expect, it } from 'vitest';
import { guardFixture } from '../../test/helpers/guard-fixtures.js';

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
