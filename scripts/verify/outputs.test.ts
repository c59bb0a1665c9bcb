import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/lib/errors.js';
import { parseOutputs, readOutputsFile } from './outputs.js';

const entry = (value: unknown, type: unknown = 'string', sensitive = false) => ({ value, type, sensitive });

/** What `terraform output -json` prints for a development root (null outputs are absent). */
const development = {
  environment: entry('development'),
  alb_arn: entry(
    'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/phenom-dev-alb/0123456789abcdef',
  ),
  alb_dns_name: entry('phenom-dev-alb-1.us-east-1.elb.amazonaws.com'),
  ecs_cluster_name: entry('phenom-dev'),
  ecs_service_names: entry(['phenom-dev-graphql', 'phenom-dev-storage'], ['list', 'string']),
  target_group_arns: entry(
    { graphql: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/phenom-dev-graphql/0123456789abcdef' },
    ['map', 'string'],
  ),
  database_identifier: entry('phenom-dev-postgres'),
  database_endpoint: entry('phenom-dev-postgres.abc.us-east-1.rds.amazonaws.com:5432', 'string', true),
  s3_bucket_name: entry('phenom-staging-media'),
  video_staging_bucket: entry('phenom-dev-video-staging'),
  video_final_bucket: entry('phenom-dev-video-final'),
  video_client_hosting_bucket: entry('phenom-dev-video-client'),
  cognito_user_pool_id: entry('us-east-1_n8gO6SbP6'),
  usage_plan_id: entry('a1b2c3'),
  lambda_function_names: entry(['phenom-dev-presigned-url-generator'], ['list', 'string']),
  video_upload_stage_arn: entry('arn:aws:apigateway:us-east-1::/restapis/a1b2c3/stages/v1'),
};

describe('parseOutputs', () => {
  it('reads the values the checks need, ignores other outputs, and turns absent environment-only outputs into null', () => {
    const outputs = parseOutputs(JSON.stringify(development), 'outputs.json');
    expect(outputs.environment).toBe('development');
    expect(outputs.ecs_service_names).toEqual(['phenom-dev-graphql', 'phenom-dev-storage']);
    expect(outputs.target_group_arns).toEqual({
      graphql: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/phenom-dev-graphql/0123456789abcdef',
    });
    expect(outputs.waf_web_acl_arn).toBeNull();
    expect(outputs.chat_listener_arn).toBeNull();
    // Optional ones: a root without them verifies against AWS alone.
    expect(outputs.alb_access_logs_bucket).toBeNull();
    expect(outputs.ecs_writable_root_filesystem_services).toEqual([]);
    expect(outputs).not.toHaveProperty('alb_dns_name');
  });

  it('keeps an explicit null output as null and a set one as its value', () => {
    const acl = 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/phenom-prod-chat-protect/1';
    const outputs = parseOutputs(
      JSON.stringify({ ...development, waf_web_acl_arn: entry(acl), chat_listener_arn: entry(null) }),
      'o.json',
    );
    expect(outputs.waf_web_acl_arn).toBe(acl);
    expect(outputs.chat_listener_arn).toBeNull();
  });

  it('names the source and every problem in one line', () => {
    const { usage_plan_id: _omitted, ...withoutPlan } = development;
    const broken = { ...withoutPlan, environment: entry('staging'), ecs_service_names: entry('phenom-dev-graphql') };
    const error = (() => {
      try {
        parseOutputs(JSON.stringify(broken), 'out/dev.json');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(
      'Invalid outputs in out/dev.json: ecs_service_names: expected array, got string; usage_plan_id: is required (expected string).',
    );
    expect((error as Error).message).not.toContain('\n');
  });

  it('rejects text that is not the terraform output -json shape', () => {
    expect(() => parseOutputs('Warning: deprecated parameter\n{}', 'cmd')).toThrow(
      /^Invalid outputs in cmd: not JSON \(/,
    );
    expect(() => parseOutputs('[]', 'f.json')).toThrow(
      "Invalid outputs in f.json: (top level): expected record, got array. Expected the shape of 'terraform output -json'",
    );
    expect(() => parseOutputs(JSON.stringify({ environment: { value: 'development' } }), 'f.json')).toThrow(
      'Invalid outputs in f.json: environment.type: is required; environment.sensitive: is required (expected boolean).',
    );
    expect(() => parseOutputs(JSON.stringify({ ...development, alb_arn: entry('') }), 'f.json')).toThrow(
      /alb_arn: must not be empty/,
    );
  });
});

describe('readOutputsFile', () => {
  it('reads a saved outputs file and says clearly when it is missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'verify-outputs-'));
    const file = join(dir, 'outputs.json');
    await writeFile(file, JSON.stringify(development));
    expect((await readOutputsFile(file)).database_identifier).toBe('phenom-dev-postgres');
    await expect(readOutputsFile(join(dir, 'nope.json'))).rejects.toThrow(
      `Cannot read outputs file ${join(dir, 'nope.json')}: no such file.`,
    );
  });
});
