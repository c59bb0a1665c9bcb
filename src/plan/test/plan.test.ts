import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../lib/errors.js';
import {
  attributeChanges,
  parsePlan,
  parsePlanSpec,
  parsePlanSpecs,
  loadPlans,
  planDigest,
  statefulKind,
  summarizePlan,
  STATEFUL_RESOURCE_TYPES,
} from '../index.js';
import { expectedReport, listFixtures, rawPlan, readFixture, sensitiveValues } from './plan-fixtures.js';

const fixtures = listFixtures();

/** Independent canonical form: recursively sorted keys, then JSON.stringify. */
function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortDeep((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reverseKeys(v)]),
    );
  return value;
}

describe('every fixture', () => {
  it('has the fixtures the tests rely on', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(40);
  });

  it.each(fixtures)('%s: counts, destructive, drift and outputs follow the rules of issue 5', (name) => {
    const summary = summarizePlan('root', parsePlan(readFixture(name), name));
    const expected = expectedReport(rawPlan(name));
    expect(summary.counts).toEqual(expected.counts);
    expect(summary.destructive).toEqual(expected.destructive);
    expect(summary.drift).toBe(expected.drift);
    expect(summary.outputs).toEqual(expected.outputs);
  });

  it.each(fixtures)('%s: digest is SHA-256 of the canonical resource_changes + output_changes', (name) => {
    const raw = rawPlan(name);
    const canonical = JSON.stringify(
      sortDeep({ resource_changes: raw.resource_changes ?? [], output_changes: raw.output_changes ?? {} }),
    );
    const expected = createHash('sha256').update(canonical).digest('hex');
    expect(planDigest(parsePlan(readFixture(name), name))).toBe(expected);
  });

  it.each(fixtures)('%s: the attribute view never holds a sensitive value', (name) => {
    const secrets = sensitiveValues(rawPlan(name));
    const summary = summarizePlan('root', parsePlan(readFixture(name), name));
    const views = JSON.stringify(
      [...summary.changes, ...summary.driftChanges].map((view) => attributeChanges(view.change)),
    );
    for (const secret of secrets) expect(views).not.toContain(secret);
  });
});

describe('planDigest', () => {
  const name = 'infracost/aws-rds-ec2-modules-v0.14.json';
  const raw = rawPlan(name);

  it('does not depend on key order or whitespace', () => {
    const reordered = JSON.stringify(reverseKeys(raw), null, 4);
    expect(planDigest(parsePlan(reordered, 'reordered.json'))).toBe(planDigest(parsePlan(readFixture(name), name)));
  });

  it('changes when one planned value changes', () => {
    const changed = structuredClone(raw) as { resource_changes: { change: { after: Record<string, unknown> } }[] };
    const target = changed.resource_changes.find(
      (entry) => entry.change.after && typeof entry.change.after === 'object',
    );
    target!.change.after.tags = { Changed: 'yes' };
    expect(planDigest(parsePlan(JSON.stringify(changed), 'changed.json'))).not.toBe(
      planDigest(parsePlan(readFixture(name), name)),
    );
  });

  it('ignores parts of the plan outside resource_changes and output_changes', () => {
    const other = { ...raw, timestamp: '2030-01-01T00:00:00Z', prior_state: { values: {} } };
    expect(planDigest(parsePlan(JSON.stringify(other), 'other.json'))).toBe(
      planDigest(parsePlan(readFixture(name), name)),
    );
  });

  it('sorts integer-like keys as text, as the canonical form requires', () => {
    const a = {
      format_version: '1.2',
      resource_changes: [],
      output_changes: { '10': { actions: ['create'], after: 1 }, '2': { actions: ['create'], after: 2 } },
    };
    const expected = createHash('sha256')
      .update(
        '{"output_changes":{"10":{"actions":["create"],"after":1},"2":{"actions":["create"],"after":2}},"resource_changes":[]}',
      )
      .digest('hex');
    expect(planDigest(parsePlan(JSON.stringify(a), 'a.json'))).toBe(expected);
  });
});

describe('parsePlan', () => {
  const error = (text: string) => {
    try {
      parsePlan(text, 'plans/prod.json');
    } catch (caught) {
      expect(caught).toBeInstanceOf(ConfigurationError);
      return (caught as Error).message;
    }
    throw new Error('expected parsePlan to throw');
  };

  it('accepts a UTF-8 byte order mark', () => {
    expect(readFixture('synthetic/edge-cases-bom.json').charCodeAt(0)).toBe(0xfeff);
    expect(parsePlan(readFixture('synthetic/edge-cases-bom.json'), 'x').format_version).toBe('1.2');
  });

  it('accepts every format_version from 0.1 to 1.x', () => {
    for (const version of ['0.1', '0.2', '1.0', '1.2', '1.9', '1.10']) {
      expect(parsePlan(JSON.stringify({ format_version: version, resource_changes: [] }), 'x').format_version).toBe(
        version,
      );
    }
  });

  it.each([
    ['not JSON', '{"format_version":', /^plans\/prod\.json: not valid JSON/],
    ['empty', '', /^plans\/prod\.json: empty file/],
    ['an array', '[]', /^plans\/prod\.json: not a Terraform plan: expected a JSON object, got an array/],
    [
      'without format_version',
      '{"resource_changes":[]}',
      /^plans\/prod\.json: not a Terraform plan: no format_version/,
    ],
    [
      'a 2.x plan',
      '{"format_version":"2.0","resource_changes":[]}',
      /^plans\/prod\.json: unsupported plan format_version '2\.0'/,
    ],
    ['a state', '{"format_version":"1.0","values":{}}', /^plans\/prod\.json: not a Terraform plan: no planned_values/],
    [
      'actions not a list',
      '{"format_version":"1.2","resource_changes":[{"address":"a.b","change":{"actions":"create"}}]}',
      /^plans\/prod\.json: not a Terraform plan: resource_changes\.0\.change\.actions: /,
    ],
    ['setup-terraform wrapper output', '[command]/usr/bin/terraform show -json plan\n{}', /terraform_wrapper: false/],
  ])('rejects %s with one line naming the file', (_label, text, pattern) => {
    const message = error(text);
    expect(message).toMatch(pattern);
    expect(message).not.toContain('\n');
  });

  it('keeps unknown keys (plans are not our config)', () => {
    const plan = parsePlan(readFixture('synthetic/edge-cases-bom.json'), 'x') as Record<string, unknown>;
    expect(plan.future_top_level_key).toEqual({ anything: true });
  });
});

describe('summarizePlan on the edge cases', () => {
  const summary = summarizePlan('development', parsePlan(readFixture('synthetic/edge-cases-bom.json'), 'edge'));
  const byAddress = (address: string) => summary.changes.find((view) => view.address === address)!;

  it('classifies unknown and empty actions as other, shown but counted nowhere', () => {
    expect(byAddress('aws_widget.future').kind).toBe('other');
    expect(byAddress('aws_widget.nothing').kind).toBe('other');
    expect(summary.other).toBe(2);
  });

  it('builds an address for drift entries without one', () => {
    expect(summary.driftChanges[0]!.address).toBe('module.cognito.aws_cognito_user_pool.main');
    expect(summary.drift).toBe(1);
  });

  it('marks replacement of a stateful resource with the attribute forcing it', () => {
    const db = byAddress('module.rds.aws_db_instance.this');
    expect(db.kind).toBe('replace');
    expect(db.stateful).toBe('database');
    expect(db.replacePaths).toEqual(['username']);
    const forcing = attributeChanges(db.change)
      .changes.filter((change) => change.forcesReplacement)
      .map((change) => change.path);
    expect(forcing).toEqual(['username']);
  });

  it('reads deferred changes, failed checks and output sensitivity from configuration', () => {
    expect(summary.deferred).toEqual([
      { address: 'kubernetes_namespace.apps', reason: 'provider_config_unknown', actions: ['create'] },
    ]);
    expect(summary.failedChecks).toEqual([{ address: 'check.health', messages: ['Health endpoint returned 503.'] }]);
    expect(summary.outputChanges.find((view) => view.name === 'legacy_token')!.sensitive).toBe(true);
    expect(summary.outputChanges.find((view) => view.name === 'endpoint')!.sensitive).toBe(false);
    expect(summary.complete).toBe(false);
  });

  it('reports an errored plan', () => {
    expect(summarizePlan('x', parsePlan(readFixture('synthetic/errored.json'), 'errored')).errored).toBe(true);
    expect(summary.errored).toBe(false);
  });
});

describe('attributeChanges', () => {
  it('hides values marked sensitive at any depth, in whole subtrees and across type changes', () => {
    const summary = summarizePlan('x', parsePlan(readFixture('synthetic/edge-cases-bom.json'), 'edge'));
    const lambda = attributeChanges(
      summary.changes.find((view) => view.address === 'aws_lambda_function.sync')!.change,
    ).changes;
    const byPath = Object.fromEntries(lambda.map((change) => [change.path, change]));
    expect(byPath['environment[0].variables.API_KEY']).toMatchObject({
      before: { kind: 'sensitive' },
      after: { kind: 'sensitive' },
    });
    expect(byPath['environment[0].variables.MODE']).toMatchObject({
      before: { kind: 'value', text: '"slow"' },
      after: { kind: 'value', text: '"fast"' },
    });
    expect(byPath.connection!.after).toEqual({
      kind: 'value',
      text: '{"token":"(sensitive)","host":"db.internal.example"}',
    });
    const group = attributeChanges(
      summary.changes.find((view) => view.address === 'aws_security_group.db')!.change,
    ).changes;
    expect(group.find((change) => change.path === 'ingress')!.after).toEqual({ kind: 'sensitive' });
  });

  it('shows unknown values as known after apply and multi-line values as lines', () => {
    const summary = summarizePlan('x', parsePlan(readFixture('synthetic/edge-cases-bom.json'), 'edge'));
    const db = attributeChanges(
      summary.changes.find((view) => view.address === 'module.rds.aws_db_instance.this')!.change,
    ).changes;
    expect(db.find((change) => change.path === 'endpoint')!.after).toEqual({ kind: 'unknown' });
    const policy = attributeChanges(
      summary.changes.find((view) => view.address === 'aws_iam_policy.media')!.change,
    ).changes;
    expect(policy).toHaveLength(1);
    expect(policy[0]!.after.kind).toBe('lines');
  });

  it('treats provider-sensitive attribute names as sensitive in old plans without marks', () => {
    const name = 'infracost/aws-rds-ec2-modules-v0.14.json';
    const text = JSON.stringify(
      summarizePlan('x', parsePlan(readFixture(name), name)).changes.map((view) => attributeChanges(view.change)),
    );
    expect(readFixture(name)).toContain('YourPwdShouldBeLongAndSecure!');
    expect(text).not.toContain('YourPwdShouldBeLongAndSecure!');
    expect(text).toContain('"path":"password"');
  });

  it('limits the entries of one resource and counts the rest', () => {
    const after = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`a${i}`, i]));
    const result = attributeChanges({ actions: ['create'], before: null, after }, { limit: 10 });
    expect(result.changes).toHaveLength(10);
    expect(result.omitted).toBe(40);
  });
});

describe('stateful resource types', () => {
  it('covers databases, buckets, file systems, user pools, key stores, log groups, secrets, tables and volumes', () => {
    expect(statefulKind('aws_db_instance')).toBe('database');
    expect(statefulKind('aws_s3_bucket')).toBe('bucket');
    expect(statefulKind('aws_efs_file_system')).toBe('file system');
    expect(statefulKind('aws_fsx_lustre_file_system')).toBe('file system');
    expect(statefulKind('aws_cognito_user_pool')).toBe('user pool');
    expect(statefulKind('aws_kms_key')).toBe('key store');
    expect(statefulKind('aws_cloudwatch_log_group')).toBe('log group');
    expect(statefulKind('aws_secretsmanager_secret')).toBe('secret');
    expect(statefulKind('aws_dynamodb_table')).toBe('table');
    expect(statefulKind('aws_ebs_volume')).toBe('volume');
    expect(statefulKind('aws_security_group')).toBeUndefined();
    expect(statefulKind('aws_s3_bucket_policy')).toBeUndefined();
    expect(Object.values(STATEFUL_RESOURCE_TYPES).flat().length).toBeGreaterThan(50);
  });
});

describe('plan specs', () => {
  it('parses NAME=FILE and rejects malformed or duplicate names', () => {
    expect(parsePlanSpec(' production = plans/p.json ', '--plan')).toEqual({
      name: 'production',
      file: 'plans/p.json',
    });
    expect(() => parsePlanSpec('plans/p.json', '--plan')).toThrow("Invalid --plan 'plans/p.json'. Expected NAME=FILE");
    expect(() => parsePlanSpec('a b=x.json', '--plan')).toThrow("Invalid root name 'a b'");
    expect(() => parsePlanSpecs(['a=x.json', 'a=y.json'], 'input plans')).toThrow(
      "Root name 'a' is given twice in input plans",
    );
    expect(() => parsePlanSpecs([], 'input plans')).toThrow('No plans given');
  });

  it('names the file when it cannot be read', async () => {
    await expect(
      loadPlans([{ name: 'a', file: 'missing.json' }], () => Promise.reject(new Error('ENOENT: no such file'))),
    ).rejects.toThrow("missing.json: cannot read the plan of 'a' (ENOENT: no such file).");
  });
});
