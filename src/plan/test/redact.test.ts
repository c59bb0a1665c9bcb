import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../lib/errors.js';
import { renderAtLevel, renderMarkdown } from '../../../src/render/plan/index.js';
import { parsePlan, planDigest, redactPlan, summarizePlan } from '../index.js';
import { forms, listFixtures, rawPlan, readFixture, sensitiveValues } from '../../../test/helpers/plan-fixtures.js';

const fixtures = listFixtures();
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const redactedText = (name: string) => JSON.stringify(redactPlan(parsePlan(readFixture(name), name), name).document);
/** The report without its digest line, which names the source format. */
const withoutAbout = (markdown: string) => markdown.replace(/^<sub>digest .*$/m, '');

describe('redactPlan over every fixture', () => {
  it.each(fixtures)('%s: no sensitive value is left in the redacted JSON', (name) => {
    const text = redactedText(name);
    const secrets = sensitiveValues(rawPlan(name));
    for (const secret of secrets) for (const form of forms(secret)) expect(text).not.toContain(form);
  });

  it.each(fixtures)('%s: it reads back with the digest of the raw plan and renders the same report', (name) => {
    const raw = parsePlan(readFixture(name), name);
    const redacted = parsePlan(redactedText(name), 'redacted.json');
    const before = summarizePlan('root', raw);
    const after = summarizePlan('root', redacted);
    expect(after.digest).toBe(planDigest(raw));
    expect(after.source).toBe('redacted');
    expect(after.counts).toEqual(before.counts);
    expect(after.destructive).toEqual(before.destructive);
    expect(withoutAbout(renderMarkdown([after]).markdown)).toBe(withoutAbout(renderMarkdown([before]).markdown));
    expect(withoutAbout(renderAtLevel([after], 'collapsed'))).toBe(withoutAbout(renderAtLevel([before], 'collapsed')));
  });

  it('finds secrets in the fixtures (the scan can fail)', () => {
    expect(sensitiveValues(rawPlan('synthetic/sensitive-everywhere.json'))).toEqual(
      expect.arrayContaining([
        'test-secret-key-1003',
        'test-var-secret-1001',
        'test-prior-secret-1008',
        'test-planned-secret-1009',
        'test-config-password-1018',
        'test-module-arg-secret-1017',
      ]),
    );
    expect(readFixture('synthetic/sensitive-everywhere.json')).toContain('test-secret-key-1003');
  });
});

describe('redactPlan on the constructed plans', () => {
  const { document, redaction, dropped } = redactPlan(
    parsePlan(readFixture('synthetic/sensitive-everywhere.json'), 'x'),
  ) as unknown as { document: Json; redaction: Json; dropped: string[] };
  const change = (address: string) =>
    (document.resource_changes as Json[]).find((entry) => entry.address === address)!.change as Json;

  it('cuts replace_paths, relevant_attributes and after_unknown where they enter a sensitive map', () => {
    const secret = change('kubernetes_secret_v1.app');
    expect(secret.replace_paths).toEqual([['data']]);
    expect(secret.after_unknown).toEqual({ id: true, metadata: [{}], data: false });
    expect(secret.before.data).toBe('(sensitive value)');
    expect(secret.after.data).toBe('(sensitive value, changed)');
    expect(document.relevant_attributes).toEqual([{ resource: 'kubernetes_secret_v1.app', attribute: ['data'] }]);
  });

  it('keeps the fact that a secret changed, and that another did not', () => {
    const lambda = change('aws_lambda_function.sync');
    expect(lambda.before.environment[0].variables).toEqual({
      API_KEY: '(sensitive value)',
      MODE: 'slow',
      NESTED: { inner: '(sensitive value)' },
    });
    expect(lambda.after.environment[0].variables).toEqual({
      API_KEY: '(sensitive value, changed)',
      MODE: 'fast',
      NESTED: { inner: '(sensitive value, changed)' },
    });
    expect(lambda.after.layers).toEqual([
      'arn:aws:lambda:us-east-1:111122223333:layer:shared:4',
      '(sensitive value, changed)',
    ]);
    const ssm = change('aws_ssm_parameter.imported');
    expect([ssm.before.value, ssm.after.value]).toEqual(['(sensitive value)', '(sensitive value)']);
    expect(ssm.generated_config).toBe('(generated configuration removed: it may hold secrets)');
  });

  it('masks provider-sensitive names the provider did not mark, and marks them', () => {
    const db = change('aws_db_instance.legacy');
    expect(db.before).toEqual({ identifier: 'phenom-dev-legacy', password: '(sensitive value)', engine: 'postgres' });
    expect(db.before_sensitive).toEqual({ password: true });
  });

  it('masks sensitive variables, outputs, planned values, prior state and configuration literals', () => {
    expect(document.variables).toEqual({
      db_password: { value: '(sensitive value)' },
      region: { value: 'us-east-1' },
      api_token: { value: '(sensitive value)' },
    });
    expect(document.output_changes.connection_string).toMatchObject({
      before: '(sensitive value)',
      after: '(sensitive value, changed)',
    });
    // Sensitive only by its declaration in the configuration.
    expect(document.output_changes.legacy_secret).toMatchObject({ after: '(sensitive value)', after_sensitive: true });
    expect(document.output_changes.endpoint.after).toBe('db.dev.internal');
    expect(document.planned_values.outputs.connection_string.value).toBe('(sensitive value)');
    expect(document.planned_values.root_module.child_modules[0].resources[0].values).toEqual({
      cluster_identifier: 'phenom-dev',
      master_password: '(sensitive value)',
      master_username: 'phenomdev',
    });
    expect(document.prior_state.values.outputs.connection_string.value).toBe('(sensitive value)');
    expect(document.prior_state.values.root_module.resources[1].values.password).toBe('(sensitive value)');
    const root = document.configuration.root_module;
    expect(root.variables.api_token.default).toBe('(sensitive value)');
    expect(root.variables.region.default).toBe('us-east-1');
    expect(root.outputs.legacy_secret.expression.constant_value).toBe('(sensitive value)');
    expect(root.outputs.endpoint.expression.constant_value).toBe('db.dev.internal');
    expect(root.resources[0].expressions.password.constant_value).toBe('(sensitive value)');
    expect(root.module_calls.db.expressions).toEqual({
      token: { constant_value: '(sensitive value)' },
      name: { constant_value: 'phenom-dev' },
    });
    expect(document.configuration.provider_config.aws.expressions).toEqual({
      region: { constant_value: 'us-east-1' },
      access_key: { constant_value: '(masked value)' },
    });
    expect((document.deferred_changes[0].resource_change.change as Json).after).toEqual({ data: '(sensitive value)' });
  });

  it('leaves out top-level keys it does not know and records the raw digest', () => {
    expect(dropped).toEqual(['action_invocations']);
    expect(document).not.toHaveProperty('action_invocations');
    expect(redaction).toMatchObject({
      redacted: true,
      version: 1,
      sensitivity: 'marked',
      digest: planDigest(parsePlan(readFixture('synthetic/sensitive-everywhere.json'), 'x')),
    });
    expect(document.tf_plan_comment_redaction).toMatchObject({ dropped_keys: ['action_invocations'] });
  });

  it('masks every unsafe string of a plan without sensitivity data (format 0.1)', () => {
    const legacy = redactPlan(parsePlan(readFixture('synthetic/format-0.1-unmarked-secrets.json'), 'x'))
      .document as Json;
    const db = (legacy.resource_changes as Json[])[0]!.change as Json;
    expect(db.after).toEqual({
      identifier: 'legacy-app',
      instance_class: 'db.t3.small',
      allocated_storage: 50,
      password: '(sensitive value, changed)',
      username: '(masked value)',
      tags: { Name: 'legacy-app' },
    });
    const lambda = (legacy.resource_changes as Json[])[1]!.change as Json;
    expect(lambda.after.environment[0].variables).toEqual({
      DB_URL: '(masked value, changed)',
      STAGE: '(masked value)',
    });
    expect(legacy.variables).toEqual({ db_password: { value: '(masked value)' }, region: { value: 'us-east-1' } });
    expect(legacy.tf_plan_comment_redaction.sensitivity).toBe('conservative');
  });

  it('is idempotent: redacting a redacted plan keeps the raw digest and changes nothing', () => {
    const once = redactedText('synthetic/sensitive-everywhere.json');
    const twice = JSON.stringify(redactPlan(parsePlan(once, 'once.json'), 'once.json').document);
    expect(twice).toBe(once);
  });

  it('refuses a redacted plan whose changes were edited afterwards', () => {
    const edited = JSON.parse(redactedText('synthetic/ecs-image-bump-and-policy.json')) as Json;
    (edited.resource_changes as Json[])[1]!.change.after.desired_count = 20;
    expect(() => parsePlan(JSON.stringify(edited), 'plans/edited.json')).toThrow(
      /^plans\/edited\.json: a plan written by `plan-comment redact` whose changes were edited afterwards/,
    );
  });

  it('keeps hostile keys such as __proto__ as plain keys', () => {
    const text =
      '{"format_version":"1.2","resource_changes":[{"address":"a.b","type":"a","change":{"actions":["update"],' +
      '"before":{"__proto__":{"x":"old"}},"after":{"__proto__":{"x":"test-proto-secret-3001"}},' +
      '"before_sensitive":{},"after_sensitive":{"__proto__":{"x":true}}}}]}';
    const document = redactPlan(parsePlan(text, 'p')).document as Json;
    const after = (document.resource_changes as Json[])[0]!.change.after as Json;
    expect(Object.getPrototypeOf(after)).toBe(Object.prototype);
    expect(Object.keys(after)).toEqual(['__proto__']);
    expect(JSON.stringify(document)).toContain('"__proto__":{"x":"(sensitive value, changed)"}');
    expect(JSON.stringify(document)).not.toContain('test-proto-secret-3001');
  });

  it('refuses a document nested too deeply anywhere, naming it', () => {
    const deep = `${'{"a":'.repeat(6000)}1${'}'.repeat(6000)}`;
    const text = `{"format_version":"1.2","resource_changes":[],"prior_state":{"values":${deep}}}`;
    const plan = parsePlan(text, 'plans/deep.json');
    expect(() => redactPlan(plan, 'plans/deep.json')).toThrow(ConfigurationError);
    expect(() => redactPlan(plan, 'plans/deep.json')).toThrow(
      /^plans\/deep\.json: not a plan this tool can read: values nested deeper than 512 levels \(at prior_state\.values\.a\.a/,
    );
  });
});
