/**
 * The AWS calls of the suite, through @aws-sdk v3. Each call is made once per run, whoever
 * asks (several checks read the same DB instance or bucket), and a failure names the call
 * and the resource: "DescribeDBInstances failed for phenom-prod-postgres: …".
 */
import { APIGatewayClient, GetAccountCommand, GetUsagePlanCommand } from '@aws-sdk/client-api-gateway';
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  type UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  type Failure,
  type Service,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import {
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  type Listener,
  type LoadBalancerAttribute,
  type TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetFunctionConfigurationCommand, LambdaClient, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import { DescribeDBInstancesCommand, RDSClient, type DBInstance } from '@aws-sdk/client-rds';
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  S3Client,
  type LifecycleRule,
  type PublicAccessBlockConfiguration,
  type ServerSideEncryptionConfiguration,
} from '@aws-sdk/client-s3';
import { GetWebACLForResourceCommand, WAFV2Client, type WebACL } from '@aws-sdk/client-wafv2';
import { errorMessage } from '../../src/lib/errors.js';
import type { ApiGatewayAccount, UsagePlan } from './checks/api-gateway.js';

/** An AWS call failed: the check could not look at its resource. */
export class AwsCallError extends Error {
  override name = 'AwsCallError';
  /** Set when AWS itself could not be reached (no connection, no credentials), not a finding about the resource. */
  readonly unreachable: boolean;
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.unreachable = isUnreachable(options.cause);
  }
}

/** Connection-level failures of Node.js and the SDK's request handler. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const UNREACHABLE_NAMES = new Set(['TimeoutError', 'CredentialsProviderError', 'RequestTimeout']);

/**
 * True when the call never got an answer from AWS: a connection that failed or timed out, or no
 * credentials to sign with. An answer with an HTTP status (NotFound, AccessDenied, …) is a fact
 * about the resource or the role, so it stays a failed check.
 */
export function isUnreachable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    const { code, $metadata } = current as { code?: unknown; $metadata?: { httpStatusCode?: number } };
    if ($metadata?.httpStatusCode !== undefined) return false;
    if ((typeof code === 'string' && NETWORK_CODES.has(code)) || UNREACHABLE_NAMES.has(current.name)) return true;
    current = current.cause;
  }
  return false;
}

/** What the checks read from AWS. */
export interface AwsApi {
  ecsService(cluster: string, service: string): Promise<{ service?: Service; failure?: Failure }>;
  targetHealth(targetGroupArn: string): Promise<TargetHealthDescription[]>;
  listener(listenerArn: string): Promise<Listener | undefined>;
  dbInstance(identifier: string): Promise<DBInstance>;
  /** undefined: the bucket has no public access block. */
  publicAccessBlock(bucket: string): Promise<PublicAccessBlockConfiguration | undefined>;
  /** undefined: the bucket has no default encryption configuration. */
  bucketEncryption(bucket: string): Promise<ServerSideEncryptionConfiguration | undefined>;
  /** undefined: versioning was never configured. */
  bucketVersioning(bucket: string): Promise<string | undefined>;
  /** undefined: the bucket has no lifecycle configuration. */
  bucketLifecycle(bucket: string): Promise<LifecycleRule[] | undefined>;
  /** undefined: no web ACL is associated with the resource. */
  webAclForResource(resourceArn: string): Promise<WebACL | undefined>;
  userPool(userPoolId: string): Promise<UserPoolType>;
  usagePlan(usagePlanId: string): Promise<UsagePlan>;
  functionConfiguration(functionName: string): Promise<FunctionConfiguration>;
  /** API Gateway's settings of this account and region (GetAccount). */
  apiGatewayAccount(): Promise<ApiGatewayAccount>;
  loadBalancerAttributes(loadBalancerArn: string): Promise<LoadBalancerAttribute[]>;
  /** undefined: no such task definition. */
  taskDefinition(taskDefinition: string): Promise<TaskDefinition | undefined>;
}

export interface AwsOptions {
  region: string;
  /** Every client talks to this endpoint (moto, LocalStack) instead of AWS. */
  endpoint?: string;
}

/** Error names that mean "this bucket has no such configuration", a finding rather than a failed call. */
const NOT_CONFIGURED = new Set([
  'NoSuchPublicAccessBlockConfiguration',
  'ServerSideEncryptionConfigurationNotFoundError',
  'NoSuchLifecycleConfiguration',
]);

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

/**
 * On Node.js 20 (this project's local test machines; CI and GitHub run Node 24) every SDK client
 * prints the SDK's notice that its releases after January 2027 need Node.js >= 22. It is a known
 * notice, not a finding, so it is switched off through the SDK's documented switch — only that
 * one, only below Node 22, and only when the user has not set the switch themselves.
 */
export function quietNodeVersionNotice(env: NodeJS.ProcessEnv = process.env, version = process.version): void {
  const major = Number(/^v(\d+)\./.exec(version)?.[1] ?? 0);
  if (major < 22) env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

export function createAwsApi(options: AwsOptions): AwsApi {
  quietNodeVersionNotice();
  const base = {
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    // Bounded: a hung connection fails the call instead of the CI job's timeout.
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 60_000 },
  };
  const lazy = <T>(make: () => T) => {
    let client: T | undefined;
    return () => (client ??= make());
  };
  const ecs = lazy(() => new ECSClient(base));
  const elb = lazy(() => new ElasticLoadBalancingV2Client(base));
  const rds = lazy(() => new RDSClient(base));
  const s3 = lazy(() => new S3Client({ ...base, forcePathStyle: Boolean(options.endpoint) }));
  const waf = lazy(() => new WAFV2Client(base));
  const cognito = lazy(() => new CognitoIdentityProviderClient(base));
  const apigw = lazy(() => new APIGatewayClient(base));
  const lambda = lazy(() => new LambdaClient(base));

  const cache = new Map<string, Promise<unknown>>();
  /** Runs `fn` every time; a failure becomes an AwsCallError naming the call and the resource. */
  function fresh<T>(call: string, resource: string, fn: () => Promise<T>): Promise<T> {
    return fn().catch((error: unknown) => {
      throw new AwsCallError(`${call} failed for ${resource}: ${errorMessage(error)}`, { cause: error });
    });
  }
  /** Like `fresh`, but once per (call, resource) and run: several checks share the answer. */
  function once<T>(call: string, resource: string, fn: () => Promise<T>): Promise<T> {
    const key = `${call}\u0000${resource}`;
    let pending = cache.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = fresh(call, resource, fn);
      cache.set(key, pending);
    }
    return pending;
  }
  /** Like `once`, but "this bucket has no such configuration" resolves to undefined. */
  function onceOptional<T>(call: string, resource: string, fn: () => Promise<T>): Promise<T | undefined> {
    return once(call, resource, () =>
      fn().catch((error: unknown) => {
        if (NOT_CONFIGURED.has(errorName(error) ?? '')) return undefined;
        throw error;
      }),
    );
  }

  return {
    // Read fresh on every call: transient checks poll them.
    ecsService: (cluster, service) =>
      fresh('DescribeServices', `${cluster}/${service}`, async () => {
        const out = await ecs().send(new DescribeServicesCommand({ cluster, services: [service] }));
        return { service: out.services?.[0], failure: out.failures?.[0] };
      }),
    targetHealth: (arn) =>
      fresh(
        'DescribeTargetHealth',
        arn,
        async () =>
          (await elb().send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }))).TargetHealthDescriptions ?? [],
      ),
    listener: (arn) =>
      once(
        'DescribeListeners',
        arn,
        async () => (await elb().send(new DescribeListenersCommand({ ListenerArns: [arn] }))).Listeners?.[0],
      ),
    dbInstance: (identifier) =>
      once('DescribeDBInstances', identifier, async () => {
        const db = (await rds().send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier })))
          .DBInstances?.[0];
        if (!db) throw new Error('no instance returned');
        return db;
      }),
    publicAccessBlock: (bucket) =>
      onceOptional(
        'GetPublicAccessBlock',
        bucket,
        async () =>
          (await s3().send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration,
      ),
    bucketEncryption: (bucket) =>
      onceOptional(
        'GetBucketEncryption',
        bucket,
        async () =>
          (await s3().send(new GetBucketEncryptionCommand({ Bucket: bucket }))).ServerSideEncryptionConfiguration,
      ),
    bucketVersioning: (bucket) =>
      once(
        'GetBucketVersioning',
        bucket,
        async () => (await s3().send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status,
      ),
    bucketLifecycle: (bucket) =>
      onceOptional(
        'GetBucketLifecycleConfiguration',
        bucket,
        async () => (await s3().send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))).Rules ?? [],
      ),
    webAclForResource: (arn) =>
      once(
        'GetWebACLForResource',
        arn,
        async () => (await waf().send(new GetWebACLForResourceCommand({ ResourceArn: arn }))).WebACL,
      ),
    userPool: (id) =>
      once('DescribeUserPool', id, async () => {
        const pool = (await cognito().send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool;
        if (!pool) throw new Error('no user pool returned');
        return pool;
      }),
    usagePlan: (id) =>
      once('GetUsagePlan', id, async () => await apigw().send(new GetUsagePlanCommand({ usagePlanId: id }))),
    functionConfiguration: (name) =>
      once(
        'GetFunctionConfiguration',
        name,
        async () => await lambda().send(new GetFunctionConfigurationCommand({ FunctionName: name })),
      ),
    apiGatewayAccount: () =>
      once('GetAccount', `API Gateway account settings in ${options.region}`, async () => {
        const { cloudwatchRoleArn } = await apigw().send(new GetAccountCommand({}));
        return { cloudwatchRoleArn };
      }),
    loadBalancerAttributes: (arn) =>
      once(
        'DescribeLoadBalancerAttributes',
        arn,
        async () =>
          (await elb().send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn }))).Attributes ?? [],
      ),
    taskDefinition: (taskDefinition) =>
      once(
        'DescribeTaskDefinition',
        taskDefinition,
        async () => (await ecs().send(new DescribeTaskDefinitionCommand({ taskDefinition }))).taskDefinition,
      ),
  };
}
