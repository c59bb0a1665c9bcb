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
  redactPlan,
  statefulKind,
  summarizePlan,
  STATEFUL_RESOURCE_TYPES,
} from '../index.js';
import {
  expectedReport,
  listFixtures,
  rawPlan,
  readFixture,
  sensitiveValues,
} from '../../../test/helpers/plan-fixtures.js';
import { canonicalText, reverseKeys } from './json-forms.js';
import { renderMarkdown } from '../../render/plan/index.js';

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

describe('every fixture', () => {
  it('has the fixtures the tests rely on', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(40);
  });

  it.each(fixtures)('%s: counts, destructive, drift and outputs follow the counting rules', (name) => {
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

  it('is the canonical text for every key JavaScript orders its own way, anywhere in a long list', () => {
    // Independent of the implementation: text built key by key, sorted by code unit (canonicalText).
    const odd = [
      { b: 1, '10': 'ten', '9': 'nine', a: { z: 1, '1': 1 } },
      JSON.parse('{"z":1,"__proto__":{"b":2,"a":1},"a":[{"y":1,"x":2}]}') as unknown,
      { '2': 'two', '10': 'ten' },
    ];
    const resource_changes = Array.from({ length: 150 }, (_, i) => ({
      type: 'aws_s3_bucket',
      address: `aws_s3_bucket.b${i}`,
      change: { actions: ['update'], before: { tags: { b: 1, a: 2 } }, after: i % 50 === 7 ? odd[i % 3] : { id: i } },
    }));
    const plan = { format_version: '1.2', resource_changes, output_changes: {} };
    const expected = createHash('sha256')
      .update(`{"output_changes":{},"resource_changes":${canonicalText(resource_changes)}}`)
      .digest('hex');
    expect(planDigest(parsePlan(JSON.stringify(plan), 'odd.json'))).toBe(expected);
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
    [
      'a state',
      '{"format_version":"1.0","values":{}}',
      /^plans\/prod\.json: not a Terraform plan: \(top level\): no planned_values/,
    ],
    [
      'actions not a list',
      '{"format_version":"1.2","resource_changes":[{"address":"a.b","change":{"actions":"create"}}]}',
      /^plans\/prod\.json: not a Terraform plan: resource_changes\[0\]\.change\.actions: expected array, got string\.$/,
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

describe('deep nesting', () => {
  const nested = (levels: number) => `${'['.repeat(levels)}1${']'.repeat(levels)}`;
  const change = (after: string) =>
    `{"actions":["update"],"before":{"x":1},"after":${after},"before_sensitive":{},"after_sensitive":{}}`;
  const cases: [string, (deep: string) => string, string][] = [
    [
      'resource_changes',
      (deep) => `{"format_version":"1.2","resource_changes":[{"address":"a.b","change":${change(deep)}}]}`,
      'resource_changes[0].change.after[0][0]',
    ],
    [
      'output_changes',
      (deep) => `{"format_version":"1.2","output_changes":{"o":{"actions":["create"],"after":${deep}}}}`,
      'output_changes.o.after[0][0]',
    ],
    [
      'resource_drift',
      (deep) => `{"format_version":"1.2","resource_drift":[{"address":"a.b","change":${change(deep)}}]}`,
      'resource_drift[0].change.after[0][0]',
    ],
    [
      'deferred_changes',
      (deep) =>
        `{"format_version":"1.2","resource_changes":[],"deferred_changes":[{"resource_change":{"address":"a.b","change":${change(deep)}}}]}`,
      'deferred_changes[0].resource_change.change.after[0]',
    ],
    [
      'checks',
      (deep) => `{"format_version":"1.2","resource_changes":[],"checks":[{"status":"fail","extra":${deep}}]}`,
      'checks[0].extra[0][0]',
    ],
  ];

  it.each(cases)('%s nested 5,000 levels deep: one line naming the file and where', (_label, build, where) => {
    let message = '';
    try {
      parsePlan(build(nested(5_000)), 'plans/deep.json');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      message = (error as Error).message;
    }
    expect(message).toMatch(
      /^plans\/deep\.json: not a plan this tool can read: values nested deeper than 512 levels \(at /,
    );
    expect(message).toContain(where);
    expect(message).not.toContain('\n');
  });

  // The document is level 1, resource_changes 2, the entry 3, change 4, after 5: an `after`
  // holding N nested arrays reaches level 4 + N.
  const atDepth = (levels: number) =>
    `{"format_version":"1.2","resource_changes":[{"address":"a.b","type":"a","change":${change(nested(levels))}}]}`;

  it('accepts 512 levels and refuses 513', () => {
    expect(() => parsePlan(atDepth(508), 'ok.json')).not.toThrow();
    expect(() => parsePlan(atDepth(509), 'deep.json')).toThrow(/nested deeper than 512 levels/);
  });

  it('a plan at the limit is summarized, shown and redacted without overflowing the stack', async () => {
    const { renderAtLevel, renderJson } = await import('../../render/plan/index.js');
    const plan = parsePlan(atDepth(508), 'ok.json');
    const summary = summarizePlan('r', plan);
    for (const level of ['full', 'collapsed', 'addresses'] as const)
      expect(renderAtLevel([summary], level)).toContain('`a.b`');
    expect(renderAtLevel([summary], 'counts')).toContain('1 to update');
    expect(renderJson([summary])).toContain(summary.digest);
    const { redactPlan } = await import('../redact.js');
    const redacted = parsePlan(JSON.stringify(redactPlan(plan).document), 'redacted.json');
    expect(summarizePlan('r', redacted).digest).toBe(summary.digest);
  });

  it('planDigest of a deep plan object is a ConfigurationError, not a stack overflow', () => {
    let value: unknown = 1;
    for (let i = 0; i < 10_000; i += 1) value = [value];
    const plan = { format_version: '1.2', resource_changes: [{ change: { actions: ['create'], after: value } }] };
    expect(() => planDigest(plan as never, 'built.json')).toThrow(ConfigurationError);
  });

  it('a JSON document nested too deeply inside a string is shown as text', () => {
    const deepString = JSON.stringify(`{"a":${nested(6_000)}}`);
    const plan = parsePlan(atDepth(1).replace('"after":[1]', `"after":{"policy":${deepString}}`), 'p.json');
    const attribute = attributeChanges(plan.resource_changes![0]!.change).changes.find((c) => c.path === 'policy');
    expect(attribute!.json).toBeUndefined();
    expect(attribute!.after).toMatchObject({ kind: 'value' });
    expect((attribute!.after as { text: string }).text).toMatch(/… \(\d[\d,]* more characters\)$/);
  });
});

describe('parsePlan: other formats and hostile text', () => {
  it('accepts HCP Terraform redacted JSON (plan_format_version, no format_version)', () => {
    const name = 'opentofu/cloud-plan-redacted-outputs.json';
    const summary = summarizePlan('hcp', parsePlan(readFixture(name), name));
    expect(summary).toMatchObject({ source: 'hcp-redacted', formatVersion: '1.1' });
    expect(summary.counts.create).toBe(1);
    expect(summary.outputs).toEqual({ create: 3, update: 0, delete: 0 });
    expect(summary.outputChanges.find((view) => view.name === 'secret')!.sensitive).toBe(true);
  });

  it('names both formats when neither version field is there', () => {
    expect(() => parsePlan('{"resource_changes":[]}', 'x.json')).toThrow(
      "x.json: not a Terraform plan: no format_version (expected the JSON of `terraform show -json PLANFILE`, or HCP Terraform's redacted plan JSON with plan_format_version).",
    );
  });

  it('never quotes the file in a JSON error (a cut plan would put its values in the log)', () => {
    for (const text of [
      '{"format_version":"1.2","variables":{"db":{"value": hunter2-test-secret}}}',
      '{"format_version":"1.2","x":"hunter2-test-secret" oops}',
      '\u0000\u0001hunter2-test-secret',
    ]) {
      let message = '';
      try {
        parsePlan(text, 'plans/cut.json');
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^plans\/cut\.json: not valid JSON \(/);
      expect(message).not.toContain('hunter2');
    }
    expect(() => parsePlan('{\n  "format_version": "1.2",\n  "x": tru\n}', 'p.json')).toThrow(
      /^p\.json: not valid JSON \((unexpected character|.*at line 3, column \d+)/,
    );
  });
});

describe('sensitivity', () => {
  it('cuts a replace path where it enters a fully sensitive map: its keys are secret', () => {
    const name = 'synthetic/sensitive-everywhere.json';
    const summary = summarizePlan('x', parsePlan(readFixture(name), name));
    const secret = summary.changes.find((view) => view.address === 'kubernetes_secret_v1.app')!;
    expect(secret.replacePaths).toEqual(['data']);
    const data = attributeChanges(secret.change).changes.find((change) => change.path === 'data')!;
    expect(data).toMatchObject({ forcesReplacement: true, after: { kind: 'sensitive' } });
  });

  it('masks every string of a change without sensitivity data unless the attribute is known to be safe', () => {
    const name = 'synthetic/format-0.1-unmarked-secrets.json';
    const summary = summarizePlan('x', parsePlan(readFixture(name), name));
    expect(summary.unmarkedChanges).toBe(7);
    const byPath = (address: string) =>
      Object.fromEntries(
        attributeChanges(summary.changes.find((view) => view.address === address)!.change).changes.map((change) => [
          change.path,
          change,
        ]),
      );
    const db = byPath('aws_db_instance.app');
    expect(db.instance_class!.after).toEqual({ kind: 'value', text: '"db.t3.small"' });
    expect(db.allocated_storage!.after).toEqual({ kind: 'value', text: '50' });
    expect(db.password!.after).toEqual({ kind: 'sensitive' });
    const lambda = byPath('aws_lambda_function.api');
    expect(lambda['environment[0].variables.DB_URL']).toMatchObject({
      before: { kind: 'masked' },
      after: { kind: 'masked' },
    });
    expect(lambda.runtime!.after).toEqual({ kind: 'value', text: '"nodejs14.x"' });
    const ssm = byPath('aws_ssm_parameter.token');
    expect(ssm.value!.after).toEqual({ kind: 'masked' });
    expect(ssm.name!.after).toEqual({ kind: 'value', text: '"/legacy/token"' });
  });

  it('a value marked sensitive is hidden even when an unchanged copy sits next to it', () => {
    const change = {
      actions: ['update'],
      before: { a: 'same', b: 'x' },
      after: { a: 'same', b: 'y' },
      before_sensitive: { b: true },
      after_sensitive: { b: true },
    };
    expect(attributeChanges(change).changes).toEqual([
      { path: 'b', before: { kind: 'sensitive' }, after: { kind: 'sensitive' }, forcesReplacement: false },
    ]);
  });
});

describe('sensitivity marks that do not fit the value', () => {
  // Terraform writes marks of the value's own shape; marks of any other shape that mark
  // something must hide the whole value, in the comment and in the redacted plan alike.
  const cases: [string, Record<string, unknown>][] = [
    ['marks of a map on a string', { after: { a: 'SECRET-1' }, after_sensitive: { a: { x: true } } }],
    ['a list of marks on a map', { after: { a: { k: 'SECRET-2' } }, after_sensitive: { a: [true] } }],
    ['fewer marks than list elements', { after: { a: ['x', 'SECRET-3'] }, after_sensitive: { a: [true] } }],
    ['a mark that is a string', { after: { a: 'SECRET-4' }, after_sensitive: { a: 'true' } }],
    ['a mark that is a number', { after: { a: 'SECRET-5' }, after_sensitive: { a: 1 } }],
    [
      'an update whose list grew past its marks',
      {
        before: { a: ['x'] },
        after: { a: ['y', 'SECRET-6'] },
        before_sensitive: { a: [true] },
        after_sensitive: { a: [true] },
      },
    ],
    [
      'marks on the before side only',
      { before: { a: 'old' }, after: { a: 'SECRET-7' }, before_sensitive: { a: true } },
    ],
    [
      'after marks of null',
      { before: { a: 'old' }, after: { a: 'SECRET-8' }, before_sensitive: {}, after_sensitive: null },
    ],
  ];
  cases.push([
    'a replace path into a map whose marks are a list',
    {
      before: { m: { 'SECRET-9': 'a' } },
      after: { m: { 'SECRET-9': 'b' } },
      before_sensitive: { m: [true] },
      after_sensitive: { m: [true] },
      replace_paths: [['m', 'SECRET-9']],
    },
  ]);
  const planOf = (change: Record<string, unknown>) => ({
    format_version: '1.2',
    resource_changes: [
      {
        address: 'null_resource.x',
        mode: 'managed',
        type: 'null_resource',
        name: 'x',
        change: { actions: [change.before === undefined ? 'create' : 'update'], before: null, ...change },
      },
    ],
    output_changes: {
      o: {
        actions: ['update'],
        before: 'old',
        after: { v: 'SECRET-OUT' },
        before_sensitive: false,
        after_sensitive: { v: [true] },
      },
    },
  });

  it.each(cases)('%s: the secret reaches neither the comment nor the redacted plan', (_name, change) => {
    const text = JSON.stringify(planOf(change));
    const secret = /SECRET-\d/.exec(text)![0];
    const plan = parsePlan(text, 'plan.json');
    const markdown = renderMarkdown([summarizePlan('root', plan)]).markdown;
    const redacted = JSON.stringify(redactPlan(plan, 'plan.json').document);
    expect(markdown).toContain('null_resource.x');
    for (const output of [markdown, redacted]) {
      expect(output).not.toContain(secret);
      expect(output).not.toContain('SECRET-OUT');
    }
  });

  it('still shows the values of marks that fit, and of marks that mark nothing', () => {
    const change = {
      actions: ['create'],
      before: null,
      after: { list: ['a', 'b'], map: { k: 'v' }, s: 'shown', hidden: ['h'] },
      before_sensitive: false,
      after_sensitive: { list: [false, false], map: {}, s: false, hidden: [true] },
    };
    const shown = Object.fromEntries(attributeChanges(change).changes.map((entry) => [entry.path, entry.after]));
    expect(shown).toEqual({
      'list[0]': { kind: 'value', text: '"a"' },
      'list[1]': { kind: 'value', text: '"b"' },
      'map.k': { kind: 'value', text: '"v"' },
      s: { kind: 'value', text: '"shown"' },
      'hidden[0]': { kind: 'sensitive' },
    });
  });
});

describe('risk tiers', () => {
  const view = (type: string, actions: string[], mode = 'managed') =>
    summarizePlan(
      'r',
      parsePlan(
        JSON.stringify({
          format_version: '1.2',
          resource_changes: [{ address: `${type}.x`, type, mode, change: { actions, after_sensitive: {} } }],
        }),
        'p',
      ),
    ).changes[0]!;

  it('orders data loss, delete, replace, unknown, routine, update, create, minor', async () => {
    const { riskTier, routineMatcher, worstTier } = await import('../risk.js');
    const routine = routineMatcher();
    const tiers = [
      view('aws_ecs_task_definition', ['delete', 'create']),
      view('aws_instance', ['create']),
      view('aws_db_instance', ['create', 'delete']),
      view('aws_iam_role', ['delete']),
      view('aws_instance', ['delete', 'create']),
      view('aws_instance', ['update']),
      view('aws_instance', ['frobnicate']),
      view('aws_s3_bucket', ['delete']),
      view('aws_iam_policy', ['read'], 'data'),
    ].map((v) => riskTier(v, routine));
    expect(tiers).toEqual([
      'routine',
      'create',
      'data-loss',
      'delete',
      'replace',
      'update',
      'unknown',
      'data-loss',
      'minor',
    ]);
    expect(worstTier(['create', 'routine', 'update'])).toBe('routine');
    expect(worstTier(['replace', 'delete'])).toBe('delete');
    expect(worstTier([])).toBe('none');
    // A stateful type is never routine; a list without the type makes its replacement a replace.
    expect(riskTier(view('aws_ecs_task_definition', ['delete', 'create']), routineMatcher([]))).toBe('replace');
    expect(riskTier(view('aws_rds_cluster', ['delete', 'create']), routineMatcher(['aws_rds_*']))).toBe('data-loss');
  });

  it('reads the routine list of a flag or input: default, none, prefixes, and rejects the rest', async () => {
    const { DEFAULT_ROUTINE_REPLACEMENTS, parseRoutineReplacements } = await import('../risk.js');
    expect(parseRoutineReplacements([], '--routine-replacements')).toEqual(DEFAULT_ROUTINE_REPLACEMENTS);
    expect(parseRoutineReplacements([''], 'input')).toEqual(DEFAULT_ROUTINE_REPLACEMENTS);
    expect(parseRoutineReplacements(['none'], 'input')).toEqual([]);
    expect(parseRoutineReplacements(['aws_a, aws_b_*\naws_a'], 'input')).toEqual(['aws_a', 'aws_b_*']);
    expect(parseRoutineReplacements(['default,aws_x'], 'input')).toEqual([...DEFAULT_ROUTINE_REPLACEMENTS, 'aws_x']);
    expect(() => parseRoutineReplacements(['aws x!'], "input 'routine-replacements'")).toThrow(
      "Invalid input 'routine-replacements' entry 'x!'.",
    );
    expect(() => parseRoutineReplacements(['none,aws_a'], '--routine-replacements')).toThrow(
      "Invalid --routine-replacements: 'none' cannot be combined with other entries.",
    );
  });
});
