import { describe, expect, it } from 'vitest';
import { AwsCallError, type AwsApi } from './aws.js';
import { ENVIRONMENT_CHECKS, EXPECTATIONS, type EnvironmentCheck } from './expectations.js';
import type { StackOutputs } from './outputs.js';
import { accountRegion, arnName, planChecks, stageName } from './plan.js';
import { runChecks } from './runner.js';
import { development, healthyApi, production } from './test-helpers.js';

const today = new Date('2026-11-27T00:00:00Z');
/** As this repository's environments.yaml says: production requires every environment-specific check, development none. */
// As environments.yaml says: production requires every environment-specific check, staging its database's protection.
const required = (outputs: StackOutputs) =>
  new Set<EnvironmentCheck>(outputs.environment === 'production' ? ENVIRONMENT_CHECKS : ['rds.deletion-protection']);
const plan = (outputs: StackOutputs, aws: AwsApi) =>
  planChecks({ outputs, aws, expectations: EXPECTATIONS, required: required(outputs), today });

describe('planChecks', () => {
  it('plans every post-apply check for production, each resource once', () => {
    const checks = plan(production, healthyApi());
    expect(checks.map((c) => `${c.id} ${c.resource}`)).toEqual([
      'ecs.service-stable phenom-prod/phenom-prod-graphql',
      'ecs.service-stable phenom-prod/phenom-prod-synapse',
      'ecs.readonly-root-filesystem phenom-prod/phenom-prod-graphql',
      'ecs.readonly-root-filesystem phenom-prod/phenom-prod-synapse',
      'elb.target-health phenom-prod-graphql',
      'elb.target-health phenom-prod-chat',
      'elb.access-logs phenom-prod-alb',
      'rds.engine phenom-prod-postgres',
      'rds.private phenom-prod-postgres',
      'rds.encrypted phenom-prod-postgres',
      'rds.backup-retention phenom-prod-postgres',
      'rds.deletion-protection phenom-prod-postgres',
      's3.public-access-block phenom-prod-media',
      's3.encryption phenom-prod-media',
      's3.versioning phenom-prod-media',
      's3.lifecycle phenom-prod-media',
      's3.public-access-block phenom-prod-video-staging',
      's3.encryption phenom-prod-video-staging',
      's3.lifecycle phenom-prod-video-staging',
      's3.public-access-block phenom-prod-video-final',
      's3.encryption phenom-prod-video-final',
      's3.public-access-block phenom-prod-video-client',
      's3.encryption phenom-prod-video-client',
      'waf.alb-association phenom-prod-alb',
      'cognito.self-registration us-east-1_knEL7cqS3',
      'cognito.password-policy us-east-1_knEL7cqS3',
      'apigw.usage-plan a1b2c3',
      'apigw.cloudwatch-role 123456789012/us-east-1',
      'waf.upload-api-rate-limit a1b2c3/v1',
      'lambda.runtime phenom-prod-presigned-url-generator',
      'lambda.runtime phenom-prod-hasura-cognito-trigger',
      'elb.chat-mtls phenom-prod-alb/50dc6c495c0c9188/f2f7dc8efc522ab2',
    ]);
  });

  it('only ECS rollouts and target health are transient (re-checked with --wait)', () => {
    const transient = plan(production, healthyApi()).filter((c) => c.transient);
    expect(transient.map((c) => c.id)).toEqual([
      'ecs.service-stable',
      'ecs.service-stable',
      'elb.target-health',
      'elb.target-health',
    ]);
  });

  it('a stack as specified passes every check; a service the root declares writable is skipped', async () => {
    const results = await runChecks(plan(production, healthyApi()));
    expect(results.filter((r) => r.status !== 'pass').map((r) => [r.status, r.id, r.resource, r.reason])).toEqual([
      [
        'skip',
        'ecs.readonly-root-filesystem',
        'phenom-prod/phenom-prod-synapse',
        'the root declares a writable root filesystem (ecs_writable_root_filesystem_services)',
      ],
    ]);
  });

  it('development: WAF and chat mTLS are skipped (their outputs are null); deletion protection is required too', async () => {
    const results = await runChecks(plan({ ...development, ecs_writable_root_filesystem_services: [] }, healthyApi()));
    expect(results.filter((r) => r.status === 'skip').map((r) => [r.id, r.reason])).toEqual([
      ['waf.alb-association', 'waf_web_acl_arn is null: not part of development'],
      ['elb.chat-mtls', 'chat_listener_arn is null: not part of development'],
    ]);
    expect(results.map((r) => r.id)).toContain('rds.deletion-protection');
    expect(results.filter((r) => r.status === 'fail')).toEqual([]);
  });

  it('the ECS read-only check reads the current task definition of the service', async () => {
    const asked: string[] = [];
    const aws: AwsApi = {
      ...healthyApi(),
      taskDefinition: (arn) => {
        asked.push(arn);
        return Promise.resolve({
          family: 'phenom-prod-graphql',
          revision: 4,
          containerDefinitions: [{ name: 'graphql', readonlyRootFilesystem: false }],
        });
      },
    };
    const results = await runChecks(plan({ ...production, ecs_service_names: ['phenom-prod-graphql'] }, aws));
    expect(asked).toEqual(['arn:aws:ecs:us-east-1:123456789012:task-definition/phenom-prod-graphql:3']);
    expect(results.find((r) => r.id === 'ecs.readonly-root-filesystem')?.reason).toBe(
      'task definition phenom-prod-graphql:4: root filesystem writable in graphql (expected read-only; the root lists services whose image needs it in ecs_writable_root_filesystem_services)',
    );
  });

  it('production with a null WAF or chat listener output fails instead of skipping', async () => {
    const results = await runChecks(
      plan({ ...production, waf_web_acl_arn: null, chat_listener_arn: null }, healthyApi()),
    );
    expect(results.filter((r) => r.status === 'fail').map((r) => [r.status, r.id, r.reason])).toEqual([
      ['fail', 'waf.alb-association', 'output waf_web_acl_arn is null, but production must have it'],
      ['fail', 'elb.chat-mtls', 'output chat_listener_arn is null, but production must have it'],
    ]);
  });

  it('empty service, target group or function lists fail: the stack must have them', async () => {
    const results = await runChecks(
      plan({ ...production, ecs_service_names: [], target_group_arns: {}, lambda_function_names: [] }, healthyApi()),
    );
    expect(results.filter((r) => r.status === 'fail').map((r) => `${r.id} ${r.resource}: ${r.reason}`)).toEqual([
      'ecs.service-stable (ecs_service_names): output ecs_service_names lists none',
      'elb.target-health (target_group_arns): output target_group_arns lists none',
      'lambda.runtime (lambda_function_names): output lambda_function_names lists none',
    ]);
  });

  it('a failed AWS call fails the checks that need it, naming the call, and the others still run', async () => {
    const aws: AwsApi = {
      ...healthyApi(),
      dbInstance: (id) =>
        Promise.reject(new AwsCallError(`DescribeDBInstances failed for ${id}: DBInstance ${id} not found.`)),
    };
    const results = await runChecks(plan(production, aws));
    const failed = results.filter((r) => r.status === 'fail');
    expect(failed.map((r) => r.id)).toEqual([
      'rds.engine',
      'rds.private',
      'rds.encrypted',
      'rds.backup-retention',
      'rds.deletion-protection',
    ]);
    expect(
      failed.every(
        (r) =>
          r.callFailed &&
          r.reason ===
            'DescribeDBInstances failed for phenom-prod-postgres: DBInstance phenom-prod-postgres not found.',
      ),
    ).toBe(true);
    expect(results.filter((r) => r.status !== 'fail')).toHaveLength(results.length - 5);
  });

  it('an unexpected exception in a check is reported, not thrown', async () => {
    const aws: AwsApi = { ...healthyApi(), usagePlan: () => Promise.reject(new TypeError('boom')) };
    const results = await runChecks(plan(production, aws));
    expect(results.find((r) => r.id === 'apigw.usage-plan')).toMatchObject({
      status: 'fail',
      callFailed: true,
      reason: 'unexpected error: boom',
    });
  });
});

describe('accountRegion and stageName', () => {
  it('name where an account setting lives and which stage an ARN is', () => {
    expect(accountRegion(production.alb_arn)).toBe('123456789012/us-east-1');
    expect(accountRegion('nonsense')).toBe('account');
    expect(stageName(production.video_upload_stage_arn)).toBe('a1b2c3/v1');
    expect(stageName('x')).toBe('x');
  });
});

describe('arnName', () => {
  it('shortens ELBv2 ARNs to their names', () => {
    expect(arnName(production.target_group_arns.graphql!, 'x')).toBe('phenom-prod-graphql');
    expect(arnName(production.alb_arn, 'x')).toBe('phenom-prod-alb');
    expect(arnName(production.chat_listener_arn!, 'x')).toBe('phenom-prod-alb/50dc6c495c0c9188/f2f7dc8efc522ab2');
    expect(arnName('not-an-arn', 'fallback')).toBe('fallback');
  });
});
