/**
 * Which checks a root gets, from its outputs: one per ECS service, target group, bucket
 * property, Lambda function, …; environment-specific ones per the expectations. A check is
 * skipped only when the outputs say its resource does not exist in this environment.
 */
import type { AwsApi } from './aws.js';
import { evaluateCloudWatchRole, evaluateUsagePlan } from './checks/api-gateway.js';
import { evaluatePasswordPolicy, evaluateSelfRegistration } from './checks/cognito.js';
import { evaluateEcsService, evaluateReadonlyRootFilesystem } from './checks/ecs.js';
import { evaluateAccessLogs, evaluateMutualAuthentication, evaluateTargetHealth } from './checks/elb.js';
import { evaluateLambdaRuntime } from './checks/lambda.js';
import {
  evaluateRdsBackups,
  evaluateRdsDeletionProtection,
  evaluateRdsEncrypted,
  evaluateRdsEngine,
  evaluateRdsPrivate,
} from './checks/rds.js';
import { evaluateEncryption, evaluateLifecycle, evaluatePublicAccessBlock, evaluateVersioning } from './checks/s3.js';
import { evaluateRateLimit, evaluateWafAssociation } from './checks/waf.js';
import { BUCKET_OUTPUTS, type EnvironmentCheck, type Expectations } from './expectations.js';
import type { StackOutputs } from './outputs.js';
import { fail, skip, type Check, type Outcome } from './types.js';

export interface PlanContext {
  outputs: StackOutputs;
  aws: AwsApi;
  expectations: Expectations;
  /** The environment-specific checks this environment requires (environments.yaml `verify:`). */
  required: ReadonlySet<EnvironmentCheck>;
  /** Today's date, for runtime deprecation. */
  today: Date;
}

/**
 * A short resource name from an ELBv2 ARN: `…:targetgroup/NAME/ID` → NAME,
 * `…:loadbalancer/app/NAME/ID` → NAME, `…:listener/app/LB/LBID/ID` → `LB/LBID/ID`;
 * anything else → `fallback`.
 */
export function arnName(arn: string, fallback: string): string {
  const parts = arn.split(':').slice(5).join(':').split('/');
  const name = (() => {
    switch (parts[0]) {
      case 'targetgroup':
        return parts[1];
      case 'loadbalancer':
        return parts[2];
      case 'listener':
        return parts.length >= 5 ? parts.slice(2).join('/') : undefined;
      default:
        return undefined;
    }
  })();
  return name || fallback;
}

/** `<account>/<region>` of any ARN (`arn:aws:svc:region:account:…`): where account-level settings live. */
export function accountRegion(arn: string): string {
  const [, , , region, account] = arn.split(':');
  return region && account ? `${account}/${region}` : 'account';
}

/** `…:/restapis/ID/stages/NAME` → `ID/NAME`. */
export function stageName(arn: string): string {
  const match = /\/restapis\/([^/]+)\/stages\/([^/]+)$/.exec(arn);
  return match ? `${match[1]}/${match[2]}` : arn;
}

const check = (id: string, resource: string, run: () => Promise<Outcome>): Check => ({ id, resource, run });
const transient = (id: string, resource: string, run: () => Promise<Outcome>): Check => ({
  id,
  resource,
  run,
  transient: true,
});

/** A check whose resource the outputs list as empty: the stack must have at least one. */
const noneListed = (id: string, output: string): Check =>
  check(id, `(${output})`, () => Promise.resolve(fail(`output ${output} lists none`)));

/** A resource that exists only in some environments (its output is null elsewhere). */
function envScoped(
  id: EnvironmentCheck,
  resource: string,
  arn: string | null,
  output: string,
  required: ReadonlySet<EnvironmentCheck>,
  env: string,
  run: (arn: string) => Promise<Outcome>,
): Check {
  if (arn !== null) return check(id, resource, () => run(arn));
  if (required.has(id))
    return check(id, resource, () => Promise.resolve(fail(`output ${output} is null, but ${env} must have it`)));
  return check(id, resource, () => Promise.resolve(skip(`${output} is null: not part of ${env}`)));
}

export function planChecks(ctx: PlanContext): Check[] {
  const { outputs: o, aws, expectations: x, today, required } = ctx;
  const env = o.environment;
  const checks: Check[] = [];

  // ECS services
  if (o.ecs_service_names.length === 0) checks.push(noneListed('ecs.service-stable', 'ecs_service_names'));
  for (const name of o.ecs_service_names) {
    checks.push(
      transient('ecs.service-stable', `${o.ecs_cluster_name}/${name}`, async () => {
        const { service, failure } = await aws.ecsService(o.ecs_cluster_name, name);
        return evaluateEcsService(service, failure, x.ecs);
      }),
    );
  }

  // ECS containers: read-only root filesystems, except where the root declares the image needs one
  const writable = new Set(o.ecs_writable_root_filesystem_services);
  for (const name of o.ecs_service_names) {
    const resource = `${o.ecs_cluster_name}/${name}`;
    if (writable.has(name)) {
      checks.push(
        check('ecs.readonly-root-filesystem', resource, () =>
          Promise.resolve(skip('the root declares a writable root filesystem (ecs_writable_root_filesystem_services)')),
        ),
      );
      continue;
    }
    checks.push(
      check('ecs.readonly-root-filesystem', resource, async () => {
        const { service, failure } = await aws.ecsService(o.ecs_cluster_name, name);
        if (!service?.taskDefinition)
          return fail(`service not found in the cluster (${failure?.reason ?? 'no task definition returned'})`);
        return evaluateReadonlyRootFilesystem(await aws.taskDefinition(service.taskDefinition));
      }),
    );
  }

  // Target groups
  const targetGroups = Object.entries(o.target_group_arns);
  if (targetGroups.length === 0) checks.push(noneListed('elb.target-health', 'target_group_arns'));
  for (const [key, arn] of targetGroups) {
    checks.push(
      transient('elb.target-health', arnName(arn, key), async () => evaluateTargetHealth(await aws.targetHealth(arn))),
    );
  }

  // ALB access logs
  checks.push(
    check('elb.access-logs', arnName(o.alb_arn, o.alb_arn), async () =>
      evaluateAccessLogs(await aws.loadBalancerAttributes(o.alb_arn), o.alb_access_logs_bucket),
    ),
  );

  // RDS
  const db = o.database_identifier;
  checks.push(
    check('rds.engine', db, async () => evaluateRdsEngine(await aws.dbInstance(db), x.rds)),
    check('rds.private', db, async () => evaluateRdsPrivate(await aws.dbInstance(db))),
    check('rds.encrypted', db, async () => evaluateRdsEncrypted(await aws.dbInstance(db))),
    check('rds.backup-retention', db, async () => evaluateRdsBackups(await aws.dbInstance(db), x.rds)),
  );
  if (required.has('rds.deletion-protection'))
    checks.push(
      check('rds.deletion-protection', db, async () => evaluateRdsDeletionProtection(await aws.dbInstance(db))),
    );

  // Buckets
  for (const output of BUCKET_OUTPUTS) {
    const bucket = o[output];
    const expect = x.s3.buckets[output];
    checks.push(
      check('s3.public-access-block', bucket, async () =>
        evaluatePublicAccessBlock(await aws.publicAccessBlock(bucket)),
      ),
      check('s3.encryption', bucket, async () => evaluateEncryption(await aws.bucketEncryption(bucket), x.s3)),
    );
    if (expect.versioning)
      checks.push(check('s3.versioning', bucket, async () => evaluateVersioning(await aws.bucketVersioning(bucket))));
    if (expect.abortIncompleteMultipartUploadDays !== undefined || expect.expirationDays !== undefined) {
      checks.push(
        check('s3.lifecycle', bucket, async () => {
          const [rules, versioning] = await Promise.all([aws.bucketLifecycle(bucket), aws.bucketVersioning(bucket)]);
          return evaluateLifecycle(rules, expect, versioning);
        }),
      );
    }
  }

  // WAF in front of the ALB
  checks.push(
    envScoped(
      'waf.alb-association',
      arnName(o.alb_arn, o.alb_arn),
      o.waf_web_acl_arn,
      'waf_web_acl_arn',
      required,
      env,
      async (aclArn) => evaluateWafAssociation(await aws.webAclForResource(o.alb_arn), aclArn),
    ),
  );

  // Cognito
  const pool = o.cognito_user_pool_id;
  checks.push(
    check('cognito.self-registration', pool, async () => evaluateSelfRegistration(await aws.userPool(pool))),
    check('cognito.password-policy', pool, async () => evaluatePasswordPolicy(await aws.userPool(pool), x.cognito)),
  );

  // Upload API usage plan
  checks.push(
    check('apigw.usage-plan', o.usage_plan_id, async () =>
      evaluateUsagePlan(await aws.usagePlan(o.usage_plan_id), x.usagePlan),
    ),
  );

  // The account's API Gateway CloudWatch role (stage logging needs it; the account's bootstrap sets it)
  checks.push(
    check('apigw.cloudwatch-role', accountRegion(o.alb_arn), async () =>
      evaluateCloudWatchRole(await aws.apiGatewayAccount()),
    ),
  );

  // Per-client rate limit in front of the upload API (its API key is public)
  checks.push(
    check('waf.upload-api-rate-limit', stageName(o.video_upload_stage_arn), async () =>
      evaluateRateLimit(await aws.webAclForResource(o.video_upload_stage_arn), x.uploadApiRateLimit),
    ),
  );

  // Lambda runtimes
  if (o.lambda_function_names.length === 0) checks.push(noneListed('lambda.runtime', 'lambda_function_names'));
  for (const fn of o.lambda_function_names) {
    checks.push(
      check('lambda.runtime', fn, async () =>
        evaluateLambdaRuntime(await aws.functionConfiguration(fn), today, x.lambda),
      ),
    );
  }

  // Chat listener mTLS
  checks.push(
    envScoped(
      'elb.chat-mtls',
      o.chat_listener_arn ? arnName(o.chat_listener_arn, 'chat-listener') : 'chat-listener',
      o.chat_listener_arn,
      'chat_listener_arn',
      required,
      env,
      async (arn) => evaluateMutualAuthentication(await aws.listener(arn), x.chatListener),
    ),
  );

  return checks;
}
