/** Test helpers: a production/development output set and a stack in the state expectations.ts asks for, in SDK response shapes (unit tests only). */
import type { AwsApi } from './aws.js';
import type { StackOutputs } from './outputs.js';

const ACCOUNT = 'arn:aws:elasticloadbalancing:us-east-1:123456789012';
export const production: StackOutputs = {
  environment: 'production',
  alb_arn: `${ACCOUNT}:loadbalancer/app/phenom-prod-alb/50dc6c495c0c9188`,
  ecs_cluster_name: 'phenom-prod',
  ecs_service_names: ['phenom-prod-graphql', 'phenom-prod-synapse'],
  target_group_arns: {
    graphql: `${ACCOUNT}:targetgroup/phenom-prod-graphql/73e2d6bc24d8a067`,
    chat: `${ACCOUNT}:targetgroup/phenom-prod-chat/83e2d6bc24d8a067`,
  },
  database_identifier: 'phenom-prod-postgres',
  s3_bucket_name: 'phenom-prod-media',
  video_staging_bucket: 'phenom-prod-video-staging',
  video_final_bucket: 'phenom-prod-video-final',
  video_client_hosting_bucket: 'phenom-prod-video-client',
  cognito_user_pool_id: 'us-east-1_knEL7cqS3',
  usage_plan_id: 'a1b2c3',
  lambda_function_names: ['phenom-prod-presigned-url-generator', 'phenom-prod-hasura-cognito-trigger'],
  waf_web_acl_arn: 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/phenom-prod-chat-protect/1',
  chat_listener_arn: `${ACCOUNT}:listener/app/phenom-prod-alb/50dc6c495c0c9188/f2f7dc8efc522ab2`,
  video_upload_stage_arn: 'arn:aws:apigateway:us-east-1::/restapis/a1b2c3/stages/v1',
  alb_access_logs_bucket: 'phenom-prod-alb-access-logs',
  ecs_writable_root_filesystem_services: ['phenom-prod-synapse'],
};
export const development: StackOutputs = {
  ...production,
  environment: 'development',
  waf_web_acl_arn: null,
  chat_listener_arn: null,
};

/** A stack in the state expectations.ts asks for, in the SDK response shapes (unit tests only). */
export function healthyApi(calls: string[] = []): AwsApi {
  const note = <T>(name: string, value: T) => {
    calls.push(name);
    return Promise.resolve(value);
  };
  const rule = { Status: 'Enabled' as const, Filter: {} };
  return {
    ecsService: (_c, s) =>
      note('ecs', {
        service: {
          serviceName: s,
          taskDefinition: `arn:aws:ecs:us-east-1:123456789012:task-definition/${s}:3`,
          status: 'ACTIVE',
          desiredCount: 2,
          runningCount: 2,
          deployments: [{ status: 'PRIMARY', rolloutState: 'COMPLETED' as const }],
        },
      }),
    targetHealth: () =>
      note('tg', [{ Target: { Id: '10.0.10.5', Port: 8080 }, TargetHealth: { State: 'healthy' as const } }]),
    listener: (arn) =>
      note('listener', {
        ListenerArn: arn,
        MutualAuthentication: { Mode: 'verify', TrustStoreArn: `${ACCOUNT}:truststore/chat/1` },
      }),
    dbInstance: () =>
      note('rds', {
        Engine: 'postgres',
        EngineVersion: '17.4',
        PubliclyAccessible: false,
        StorageEncrypted: true,
        BackupRetentionPeriod: 7,
        DeletionProtection: true,
      }),
    publicAccessBlock: () =>
      note('pab', {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      }),
    bucketEncryption: () =>
      note('enc', { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' as const } }] }),
    bucketVersioning: () => note('ver', 'Enabled'),
    bucketLifecycle: () =>
      note('lc', [
        { ...rule, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } },
        { ...rule, Expiration: { Days: 1 }, NoncurrentVersionExpiration: { NoncurrentDays: 1 } },
      ]),
    webAclForResource: (arn) =>
      note(
        'waf',
        arn.includes(':apigateway:')
          ? {
              Name: 'phenom-prod-upload-api',
              Id: '2',
              ARN: 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/phenom-prod-upload-api/2',
              DefaultAction: {},
              VisibilityConfig: undefined,
              Rules: [
                {
                  Name: 'rate-limit-per-ip',
                  Priority: 40,
                  Statement: { RateBasedStatement: { Limit: 300, AggregateKeyType: 'IP' as const } },
                  Action: { Block: {} },
                  VisibilityConfig: undefined,
                },
              ],
            }
          : {
              Name: 'phenom-prod-chat-protect',
              Id: '1',
              ARN: production.waf_web_acl_arn!,
              DefaultAction: {},
              VisibilityConfig: undefined,
            },
      ),
    userPool: () =>
      note('cognito', {
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        Policies: {
          PasswordPolicy: {
            MinimumLength: 8,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          },
        },
      }),
    usagePlan: () =>
      note('plan', {
        quota: { limit: 10_000, period: 'DAY' as const },
        throttle: { rateLimit: 10 },
        apiStages: [{ apiId: 'x', stage: 'v1' }],
      }),
    functionConfiguration: (name) => note('lambda', { FunctionName: name, Runtime: 'nodejs24.x' as const }),
    apiGatewayAccount: () =>
      note('account', { cloudwatchRoleArn: 'arn:aws:iam::123456789012:role/api-gateway-cloudwatch-logs' }),
    loadBalancerAttributes: () =>
      note('lb-attributes', [
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.bucket', Value: 'phenom-prod-alb-access-logs' },
        { Key: 'access_logs.s3.prefix', Value: 'phenom-prod' },
      ]),
    taskDefinition: (arn) =>
      note('task-definition', {
        taskDefinitionArn: arn,
        family: arn.split('/').pop()?.split(':')[0],
        revision: 3,
        containerDefinitions: [{ name: 'app', readonlyRootFilesystem: true }],
      }),
  };
}

/** `outputs` as `terraform output -json` prints them (null outputs are absent, like Terraform does). */
export function terraformOutputJson(outputs: StackOutputs): string {
  const typeOf = (value: unknown): unknown =>
    Array.isArray(value) ? ['list', 'string'] : typeof value === 'object' ? ['map', 'string'] : 'string';
  const entries = Object.entries(outputs)
    .filter(([, value]) => value !== null)
    .map(([name, value]) => [name, { sensitive: false, type: typeOf(value), value }]);
  return `${JSON.stringify(Object.fromEntries(entries), null, 2)}\n`;
}
