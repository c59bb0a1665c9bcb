/**
 * Seeds a Phenom stack into moto with the real @aws-sdk clients, for the verification suite's
 * integration tests, and returns the root outputs that `terraform output -json` would print
 * for it. `good` builds what expectations.ts asks for; `broken` builds, for every check, something
 * moto can represent that the check must reject. Names carry a unique prefix, so stacks never
 * collide.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  APIGatewayClient,
  UpdateAccountCommand,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateUsagePlanCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { CognitoIdentityProviderClient, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import {
  DescribeImagesCommand,
  DescribeSubnetsCommand,
  EC2Client,
  RunInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
  ModifyLoadBalancerAttributesCommand,
  RegisterTargetsCommand,
  type MutualAuthenticationAttributes,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateFunctionCommand, LambdaClient, type Runtime } from '@aws-sdk/client-lambda';
import { CreateDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  type LifecycleRule,
  type PublicAccessBlockConfiguration,
} from '@aws-sdk/client-s3';
import { AssociateWebACLCommand, CreateWebACLCommand, WAFV2Client, type Rule } from '@aws-sdk/client-wafv2';
import type { StackOutputs } from '../../scripts/verify/outputs.js';
import { motoClientConfig } from '../setup/aws.js';

export type AwsTestConfig = ReturnType<typeof motoClientConfig>;

/**
 * The shared moto client settings, pointed at another moto server (the verification tests start
 * their own), optionally in another region (account-level settings are per region).
 */
export const mocked = (endpoint: string, region = 'us-east-1'): AwsTestConfig => ({
  ...motoClientConfig(),
  endpoint,
  region,
});

export type Variant = 'good' | 'broken';
export type Environment = StackOutputs['environment'];

/** A zip holding index.mjs, made by Python's zipfile; moto stores it and never runs it (no Docker needed). */
function handlerZip(): Uint8Array {
  const script = [
    'import base64, io, sys, zipfile',
    'buf = io.BytesIO()',
    'with zipfile.ZipFile(buf, "w") as z: z.writestr("index.mjs", "export const handler = () => 1;\\n")',
    'sys.stdout.write(base64.b64encode(buf.getvalue()).decode())',
  ].join('\n');
  return Buffer.from(execFileSync('python3', ['-c', script], { encoding: 'utf8' }), 'base64');
}

const ALL_BLOCKED: PublicAccessBlockConfiguration = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

interface BucketSetup {
  publicAccessBlock?: PublicAccessBlockConfiguration;
  encryption?: boolean;
  versioning?: boolean;
  lifecycle?: LifecycleRule[];
  /** Leave the bucket out entirely (the outputs still name it). */
  missing?: boolean;
}

async function createBucket(s3: S3Client, bucket: string, setup: BucketSetup): Promise<void> {
  if (setup.missing) return;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  if (setup.publicAccessBlock)
    await s3.send(
      new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: setup.publicAccessBlock }),
    );
  if (setup.encryption) {
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
      }),
    );
  }
  if (setup.versioning)
    await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  if (setup.lifecycle)
    await s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: bucket,
        LifecycleConfiguration: { Rules: setup.lifecycle },
      }),
    );
}

export interface SeededStack {
  prefix: string;
  outputs: StackOutputs;
  /** What the seed asked moto to store on the chat listener (moto 5.2.1 drops it). */
  requestedMutualAuthentication: MutualAuthenticationAttributes;
}

/** Seeds one stack; `environment` decides whether WAF and the chat listener exist. */
export async function seedStack(
  config: AwsTestConfig,
  environment: Environment,
  variant: Variant,
): Promise<SeededStack> {
  const prefix = `vt${randomBytes(3).toString('hex')}`;
  const good = variant === 'good';
  const withEdge = environment === 'production';
  const region = config.region;

  // Network: moto's default VPC and its default subnets.
  const ec2 = new EC2Client(config);
  const subnets =
    (await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }))).Subnets ??
    [];
  const [a, b] = subnets;
  if (!a?.SubnetId || !b?.SubnetId || !a.VpcId) throw new Error('moto has no default subnets');

  // ALB, target groups, listeners.
  const elb = new ElasticLoadBalancingV2Client(config);
  const alb = (
    await elb.send(
      new CreateLoadBalancerCommand({
        Name: `${prefix}-alb`,
        Subnets: [a.SubnetId, b.SubnetId],
        Scheme: 'internet-facing',
        Type: 'application',
      }),
    )
  ).LoadBalancers?.[0];
  if (!alb?.LoadBalancerArn) throw new Error('CreateLoadBalancer returned no ARN');
  const targetGroup = async (name: string, port: number, targetType: 'ip' | 'instance') =>
    (
      await elb.send(
        new CreateTargetGroupCommand({
          Name: `${prefix}-${name}`,
          Protocol: 'HTTP',
          Port: port,
          VpcId: a.VpcId,
          TargetType: targetType,
          HealthCheckPath: '/healthz',
          HealthCheckIntervalSeconds: 30,
        }),
      )
    ).TargetGroups?.[0]?.TargetGroupArn ?? '';
  const graphqlTg = await targetGroup('graphql', 8080, 'ip');
  const storageTg = await targetGroup('storage', 5000, good ? 'ip' : 'instance');
  if (good) {
    await elb.send(
      new RegisterTargetsCommand({
        TargetGroupArn: graphqlTg,
        Targets: [
          { Id: '10.0.10.11', Port: 8080 },
          { Id: '10.0.11.12', Port: 8080 },
        ],
      }),
    );
    await elb.send(
      new RegisterTargetsCommand({ TargetGroupArn: storageTg, Targets: [{ Id: '10.0.10.21', Port: 5000 }] }),
    );
  } else {
    // graphql: nothing registered. storage: an EC2 instance that is stopped after registration.
    const image = (await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }))).Images?.[0]?.ImageId;
    const instance = (
      await ec2.send(
        new RunInstancesCommand({
          ImageId: image,
          MinCount: 1,
          MaxCount: 1,
          InstanceType: 't3.micro',
          SubnetId: a.SubnetId,
        }),
      )
    ).Instances?.[0]?.InstanceId;
    if (!instance) throw new Error('RunInstances returned no instance');
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: storageTg, Targets: [{ Id: instance, Port: 5000 }] }));
    await ec2.send(new StopInstancesCommand({ InstanceIds: [instance] }));
  }
  // An IAM server-certificate ARN: moto only registers ACM certificates, so this needs no ACM seed.
  const certificate = `arn:aws:iam::123456789012:server-certificate/${prefix}`;
  await elb.send(
    new CreateListenerCommand({
      LoadBalancerArn: alb.LoadBalancerArn,
      Protocol: 'HTTPS',
      Port: 443,
      Certificates: [{ CertificateArn: certificate }],
      DefaultActions: [{ Type: 'forward', TargetGroupArn: graphqlTg }],
    }),
  );
  const requestedMutualAuthentication: MutualAuthenticationAttributes = good
    ? {
        Mode: 'verify',
        TrustStoreArn: `arn:aws:elasticloadbalancing:us-east-1:123456789012:truststore/${prefix}-chat/0123456789abcdef`,
        IgnoreClientCertificateExpiry: false,
      }
    : { Mode: 'off' };
  let chatListener: string | null = null;
  if (withEdge) {
    chatListener =
      (
        await elb.send(
          new CreateListenerCommand({
            LoadBalancerArn: alb.LoadBalancerArn,
            Protocol: 'HTTPS',
            Port: 8448,
            Certificates: [{ CertificateArn: certificate }],
            DefaultActions: [{ Type: 'forward', TargetGroupArn: graphqlTg }],
            MutualAuthentication: requestedMutualAuthentication,
          }),
        )
      ).Listeners?.[0]?.ListenerArn ?? null;
  }

  // ALB access logs: on in the good stack, never configured in the broken one.
  const accessLogsBucket = `${prefix}-alb-access-logs`;
  if (good) {
    await elb.send(
      new ModifyLoadBalancerAttributesCommand({
        LoadBalancerArn: alb.LoadBalancerArn,
        Attributes: [
          { Key: 'access_logs.s3.enabled', Value: 'true' },
          { Key: 'access_logs.s3.bucket', Value: accessLogsBucket },
          { Key: 'access_logs.s3.prefix', Value: prefix },
        ],
      }),
    );
  }

  // ECS: moto reports MOTO_ECS_SERVICE_RUNNING tasks (2 in these tests) for every service.
  const ecs = new ECSClient(config);
  await ecs.send(
    new CreateClusterCommand({ clusterName: prefix, settings: [{ name: 'containerInsights', value: 'enabled' }] }),
  );
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: `${prefix}-graphql`,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [
        {
          name: 'graphql',
          image: 'hasura/graphql-engine:v2.44.0',
          portMappings: [{ containerPort: 8080 }],
          readonlyRootFilesystem: good,
        },
      ],
    }),
  );
  // storage writes to its root filesystem: declared by the good stack's outputs, not by the broken one's.
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: `${prefix}-storage`,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [
        { name: 'storage', image: 'nhost/hasura-storage:0.7.2', portMappings: [{ containerPort: 5000 }] },
      ],
    }),
  );
  const service = (name: string, desiredCount: number) =>
    ecs.send(
      new CreateServiceCommand({
        cluster: prefix,
        serviceName: `${prefix}-${name}`,
        taskDefinition: `${prefix}-${name}`,
        desiredCount,
        launchType: 'FARGATE',
      }),
    );
  await service('graphql', good ? 2 : 3);
  await service('storage', 2);

  // RDS.
  const rds = new RDSClient(config);
  await rds.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: `${prefix}-postgres`,
      Engine: 'postgres',
      EngineVersion: good ? '17.4' : '16.3',
      DBInstanceClass: 'db.m5.large',
      AllocatedStorage: 20,
      MaxAllocatedStorage: 100,
      MasterUsername: 'phenom',
      MasterUserPassword: 'test-password-1',
      StorageEncrypted: good,
      PubliclyAccessible: !good,
      BackupRetentionPeriod: good ? 7 : 1,
      PreferredBackupWindow: '03:00-04:00',
      // Required: sun:04:00-sun:05:00, but moto counts windows that touch (04:00) as overlapping.
      PreferredMaintenanceWindow: 'sun:04:30-sun:05:30',
      DeletionProtection: good,
    }),
  );

  // Buckets.
  const s3 = new S3Client(config);
  const whole = { Status: 'Enabled' as const, Filter: {} };
  const buckets = {
    general: `${prefix}-media`,
    staging: `${prefix}-video-staging`,
    final: `${prefix}-video-final`,
    hosting: `${prefix}-video-client`,
  };
  if (good) {
    await createBucket(s3, buckets.general, {
      publicAccessBlock: ALL_BLOCKED,
      encryption: true,
      versioning: true,
      lifecycle: [
        {
          ID: 'abort-incomplete-multipart-uploads',
          ...whole,
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
        },
        { ID: 'expire-noncurrent-versions', ...whole, NoncurrentVersionExpiration: { NoncurrentDays: 30 } },
      ],
    });
    await createBucket(s3, buckets.staging, {
      publicAccessBlock: ALL_BLOCKED,
      encryption: true,
      versioning: true,
      lifecycle: [
        {
          ID: 'abort-incomplete-multipart-uploads',
          ...whole,
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        },
        {
          ID: 'expire-unprocessed-uploads',
          ...whole,
          Expiration: { Days: 1 },
          NoncurrentVersionExpiration: { NoncurrentDays: 1 },
        },
      ],
    });
    await createBucket(s3, buckets.final, { publicAccessBlock: ALL_BLOCKED, encryption: true, versioning: true });
    await createBucket(s3, buckets.hosting, { publicAccessBlock: ALL_BLOCKED, encryption: true, versioning: true });
  } else {
    // general: nothing locked down, multipart uploads kept 30 days.
    await createBucket(s3, buckets.general, {
      lifecycle: [{ ID: 'abort', ...whole, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 30 } }],
    });
    // staging: two flags off; versioned with a 1-day expiry that leaves noncurrent versions behind.
    await createBucket(s3, buckets.staging, {
      publicAccessBlock: { ...ALL_BLOCKED, BlockPublicPolicy: false, RestrictPublicBuckets: false },
      encryption: true,
      versioning: true,
      lifecycle: [{ ID: 'expire', ...whole, Expiration: { Days: 1 } }],
    });
    await createBucket(s3, buckets.final, { publicAccessBlock: ALL_BLOCKED });
    await createBucket(s3, buckets.hosting, { missing: true });
  }

  // WAF (production only): the broken stack creates the ACL but never associates it.
  const waf = new WAFV2Client(config);
  const visibility = (name: string) => ({
    CloudWatchMetricsEnabled: true,
    MetricName: name,
    SampledRequestsEnabled: true,
  });
  const createAcl = async (name: string, rules: Rule[]): Promise<string> => {
    const arn = (
      await waf.send(
        new CreateWebACLCommand({
          Name: name,
          Scope: 'REGIONAL',
          DefaultAction: { Allow: {} },
          VisibilityConfig: visibility(name),
          Rules: rules,
        }),
      )
    ).Summary?.ARN;
    if (!arn) throw new Error('CreateWebACL returned no ARN');
    return arn;
  };
  let webAcl: string | null = null;
  if (withEdge) {
    webAcl = await createAcl(`${prefix}-chat-protect`, []);
    if (good) await waf.send(new AssociateWebACLCommand({ WebACLArn: webAcl, ResourceArn: alb.LoadBalancerArn }));
  }

  // Cognito.
  const cognito = new CognitoIdentityProviderClient(config);
  const pool = await cognito.send(
    new CreateUserPoolCommand({
      PoolName: prefix,
      UsernameAttributes: ['email'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: good },
      Policies: {
        PasswordPolicy: good
          ? {
              MinimumLength: 8,
              RequireLowercase: true,
              RequireUppercase: true,
              RequireNumbers: true,
              RequireSymbols: true,
            }
          : {
              MinimumLength: 6,
              RequireLowercase: true,
              RequireUppercase: true,
              RequireNumbers: true,
              RequireSymbols: false,
            },
      },
    }),
  );

  // Upload API: REST API with POST /upload/generate-url on stage v1, and its usage plan.
  const apigw = new APIGatewayClient(config);
  const api = await apigw.send(new CreateRestApiCommand({ name: `${prefix}-video-upload` }));
  const root = (await apigw.send(new GetResourcesCommand({ restApiId: api.id }))).items?.find((r) => r.path === '/');
  const upload = await apigw.send(
    new CreateResourceCommand({ restApiId: api.id, parentId: root?.id, pathPart: 'upload' }),
  );
  const generate = await apigw.send(
    new CreateResourceCommand({ restApiId: api.id, parentId: upload.id, pathPart: 'generate-url' }),
  );
  await apigw.send(
    new PutMethodCommand({
      restApiId: api.id,
      resourceId: generate.id,
      httpMethod: 'POST',
      authorizationType: 'NONE',
      apiKeyRequired: true,
    }),
  );
  await apigw.send(
    new PutIntegrationCommand({ restApiId: api.id, resourceId: generate.id, httpMethod: 'POST', type: 'MOCK' }),
  );
  await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'v1' }));
  const plan = await apigw.send(
    new CreateUsagePlanCommand(
      good
        ? {
            name: `${prefix}-upload`,
            apiStages: [{ apiId: api.id, stage: 'v1' }],
            quota: { limit: 10_000, period: 'DAY' },
            throttle: { rateLimit: 10, burstLimit: 20 },
          }
        : {
            name: `${prefix}-upload`,
            quota: { limit: 5_000, period: 'WEEK' },
            throttle: { rateLimit: 100, burstLimit: 200 },
          },
    ),
  );

  // The upload API's web ACL: a per-IP rate rule that blocks (good) or only counts (broken).
  const stageArn = `arn:aws:apigateway:${region}::/restapis/${api.id ?? ''}/stages/v1`;
  const uploadAcl = await createAcl(`${prefix}-upload-api`, [
    {
      Name: 'rate-limit-per-ip',
      Priority: 40,
      Statement: { RateBasedStatement: { Limit: 300, AggregateKeyType: 'IP', EvaluationWindowSec: 300 } },
      Action: good ? { Block: {} } : { Count: {} },
      VisibilityConfig: visibility(`${prefix}-rate-limit-per-ip`),
    },
  ]);
  await waf.send(new AssociateWebACLCommand({ WebACLArn: uploadAcl, ResourceArn: stageArn }));

  // Lambda functions (created, never invoked).
  const iam = new IAMClient(config);
  const role = await iam.send(
    new CreateRoleCommand({
      RoleName: `${prefix}-lambda`,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    }),
  );
  // API Gateway's CloudWatch role is one setting per account and region: the good stacks set it
  // (the account's bootstrap does in AWS); the broken stack lives in a region where nobody did.
  if (good) {
    const logsRole = await iam.send(
      new CreateRoleCommand({
        RoleName: `${prefix}-apigw-cloudwatch`,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        }),
      }),
    );
    await apigw.send(
      new UpdateAccountCommand({
        patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: logsRole.Role?.Arn }],
      }),
    );
  }
  const lambda = new LambdaClient(config);
  const zip = handlerZip();
  const functions: [string, Runtime][] = good
    ? [
        [`${prefix}-presigned-url-generator`, 'nodejs24.x'],
        [`${prefix}-file-validator`, 'nodejs24.x'],
        [`${prefix}-hasura-cognito-trigger`, 'nodejs22.x'],
      ]
    : [
        [`${prefix}-presigned-url-generator`, 'nodejs20.x'],
        [`${prefix}-file-validator`, 'nodejs18.x'],
      ];
  for (const [name, runtime] of functions) {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: runtime,
        Role: role.Role?.Arn,
        Handler: 'index.handler',
        Code: { ZipFile: zip },
      }),
    );
  }

  const outputs: StackOutputs = {
    environment,
    alb_arn: alb.LoadBalancerArn,
    ecs_cluster_name: prefix,
    // broken: one listed service was never created
    ecs_service_names: good
      ? [`${prefix}-graphql`, `${prefix}-storage`]
      : [`${prefix}-graphql`, `${prefix}-storage`, `${prefix}-auth`],
    target_group_arns: { graphql: graphqlTg, storage: storageTg },
    database_identifier: `${prefix}-postgres`,
    s3_bucket_name: buckets.general,
    video_staging_bucket: buckets.staging,
    video_final_bucket: buckets.final,
    video_client_hosting_bucket: buckets.hosting,
    cognito_user_pool_id: pool.UserPool?.Id ?? '',
    usage_plan_id: plan.id ?? '',
    // broken: one listed function does not exist
    lambda_function_names: good
      ? functions.map(([name]) => name)
      : [...functions.map(([name]) => name), `${prefix}-hasura-cognito-sync-users`],
    waf_web_acl_arn: webAcl,
    chat_listener_arn: chatListener,
    video_upload_stage_arn: stageArn,
    alb_access_logs_bucket: good ? accessLogsBucket : null,
    // broken: storage's writable root filesystem is not declared
    ecs_writable_root_filesystem_services: good ? [`${prefix}-storage`] : [],
  };
  return { prefix, outputs, requestedMutualAuthentication };
}
