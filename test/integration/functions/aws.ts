/**
 * Helpers for the Lambda integration tests against moto: unique bucket names, S3 event
 * records built from real objects the way S3 writes them, and the environment that points
 * the functions' own AWS clients (built from AWS_ENDPOINT_URL) at moto.
 */
import { randomBytes } from 'node:crypto';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEvent, S3Event, S3EventRecord } from 'aws-lambda';
import { vi } from 'vitest';
import { motoClientConfig } from '../../setup/aws.js';

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** The variables every function needs to reach moto through its default client chain. */
export function stubAwsEnv(): void {
  const { endpoint, region, credentials } = motoClientConfig();
  vi.stubEnv('AWS_ENDPOINT_URL', endpoint);
  vi.stubEnv('AWS_REGION', region);
  vi.stubEnv('AWS_ACCESS_KEY_ID', credentials.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', credentials.secretAccessKey);
  vi.stubEnv('AWS_SESSION_TOKEN', '');
}

/**
 * How S3 writes a key into an event notification: form-encoded (space → `+`, and `+`, `(`,
 * `)` and other reserved characters percent-encoded), slashes kept.
 */
export function eventKey(key: string): string {
  return key
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment)
        .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
        .replace(/%20/g, '+'),
    )
    .join('/');
}

/** An `ObjectCreated:Put` record (event version 2.1) for the current version of an object that really is in the bucket. */
export async function objectCreatedRecord(s3: S3Client, bucket: string, key: string): Promise<S3EventRecord> {
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'us-east-1',
    eventTime: new Date().toISOString(),
    eventName: 'ObjectCreated:Put',
    userIdentity: { principalId: 'AWS:AROAEXAMPLE:presigned-upload' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: { 'x-amz-request-id': 'TEST', 'x-amz-id-2': 'TEST' },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'file-validator',
      bucket: { name: bucket, ownerIdentity: { principalId: 'EXAMPLE' }, arn: `arn:aws:s3:::${bucket}` },
      object: {
        key: eventKey(key),
        size: head.ContentLength ?? 0,
        eTag: (head.ETag ?? '').replace(/"/g, ''),
        ...(head.VersionId && head.VersionId !== 'null' ? { versionId: head.VersionId } : {}),
        sequencer: Date.now().toString(16).toUpperCase(),
      },
    },
  };
}

export function s3Event(...records: S3EventRecord[]): S3Event {
  return { Records: records };
}

/**
 * Runs `fn` and collects what the functions logged meanwhile (their logger writes through
 * `console`, as Lambda's runtime expects). A thrown error is returned, not rethrown, so its
 * log can be checked too.
 */
export async function captureLogs<T>(fn: () => Promise<T>): Promise<{ result?: T; error?: unknown; logs: string }> {
  const lines: string[] = [];
  const spies = (['info', 'warn', 'error', 'log'] as const).map((level) =>
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(`${args.join(' ')}\n`)),
  );
  try {
    return { result: await fn(), logs: lines.join('') };
  } catch (error) {
    return { error, logs: lines.join('') };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

/** A REST API (v1) proxy event as API Gateway sends it to the generator. */
export function apiGatewayEvent(request: {
  method: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | null;
  sourceIp?: string;
}): APIGatewayProxyEvent {
  const headers = request.headers ?? {};
  return {
    httpMethod: request.method,
    path: request.path ?? '/upload/generate-url',
    resource: request.path ?? '/upload/generate-url',
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: request.body ?? null,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'local',
      stage: 'test',
      httpMethod: request.method,
      path: `/test${request.path ?? '/upload/generate-url'}`,
      protocol: 'HTTP/1.1',
      requestId: randomBytes(8).toString('hex'),
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath: request.path ?? '/upload/generate-url',
      authorizer: undefined,
      identity: {
        sourceIp: request.sourceIp ?? '127.0.0.1',
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        user: null,
        userAgent: headers['user-agent'] ?? null,
        userArn: null,
      },
    },
  };
}
