import { S3Client } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../../shared-functions/src/logger.js';
import type { GeneratorConfig } from '../src/config.js';
import { createGenerator, type GenerateUrlResponse } from '../src/handler.js';
import { verifyPresignedUrl } from './sigv4-verify.js';

// Signing is local: no S3 is contacted in these tests.
const credentials = { accessKeyId: 'AKIDTESTONLY', secretAccessKey: 'test-secret-key-1' };
const s3 = new S3Client({ region: 'us-east-1', credentials, requestChecksumCalculation: 'WHEN_REQUIRED' });
const config: GeneratorConfig = {
  stagingBucket: 'phenom-dev-video-staging',
  passwordsSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:upload',
  maxUploadBytes: 524_288_000,
  urlExpirySeconds: 3600,
  allowedOrigins: ['https://upload.phenom.example'],
  secretCacheTtlSeconds: 300,
};
const ORIGIN = 'https://upload.phenom.example';

function event(body: unknown, overrides: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent {
  return {
    httpMethod: 'POST',
    path: '/upload/generate-url',
    resource: '/upload/generate-url',
    headers: { origin: ORIGIN, 'content-type': 'application/json' },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      requestId: 'req-1',
      identity: { sourceIp: '203.0.113.7' },
    } as APIGatewayProxyEvent['requestContext'],
    ...overrides,
  };
}

function setup(passwords: () => Promise<readonly string[]> = async () => ['test-password-1']) {
  const logger = createMemoryLogger();
  let n = 0;
  const handler = createGenerator({ config, s3, passwords, logger, newId: () => `id-${++n}` });
  return { handler, logger };
}

const upload = { password: 'test-password-1', fileName: 'My Clip.mp4', contentType: 'video/mp4', size: 123_456 };

describe('presigned-url-generator handler', () => {
  it('returns a 1-hour PUT URL bound to the declared type and length', async () => {
    const { handler } = setup();
    const response = await handler(event(upload));
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({
      'Access-Control-Allow-Origin': ORIGIN,
      'Content-Type': 'application/json',
    });
    const body = JSON.parse(response.body) as GenerateUrlResponse;
    expect(body).toMatchObject({
      key: 'uploads/id-1/My_Clip.mp4',
      expiresIn: 3600,
      headers: { 'Content-Type': 'video/mp4', 'Content-Length': '123456' },
    });

    const url = new URL(body.uploadUrl);
    expect(url.hostname).toBe('phenom-dev-video-staging.s3.us-east-1.amazonaws.com');
    expect(url.pathname).toBe('/uploads/id-1/My_Clip.mp4');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(['content-length', 'content-type', 'host']);
    // No checksum of an empty body baked into the URL (S3 would reject the real upload).
    expect([...url.searchParams.keys()].filter((k) => k.toLowerCase().includes('checksum'))).toEqual([]);

    const put = (headers: Record<string, string>) =>
      verifyPresignedUrl(body.uploadUrl, { method: 'PUT', headers }, credentials);
    expect(put(body.headers)).toMatchObject({ valid: true });
    expect(put({ ...body.headers, 'Content-Type': 'application/x-msdownload' })).toMatchObject({ valid: false });
    expect(put({ ...body.headers, 'Content-Length': '123457' })).toMatchObject({ valid: false });
    expect(put({ 'Content-Type': 'video/mp4' })).toMatchObject({
      valid: false,
      reason: 'signed header content-length missing from the request',
    });
    expect(verifyPresignedUrl(body.uploadUrl, { method: 'GET', headers: body.headers }, credentials)).toMatchObject({
      valid: false,
    });
    expect(
      verifyPresignedUrl(
        body.uploadUrl,
        { method: 'PUT', headers: body.headers },
        credentials,
        new Date(Date.now() + 3601_000),
      ),
    ).toMatchObject({
      valid: false,
      reason: 'expired',
    });
  });

  it('gives every request its own key', async () => {
    const { handler } = setup();
    const keys = new Set<string>();
    for (let i = 0; i < 5; i++) keys.add((JSON.parse((await handler(event(upload))).body) as GenerateUrlResponse).key);
    expect(keys.size).toBe(5);
  });

  it('signs the canonical type for an alias', async () => {
    const { handler } = setup();
    const body = JSON.parse(
      (await handler(event({ ...upload, fileName: 'a.jpg', contentType: 'image/jpg' }))).body,
    ) as GenerateUrlResponse;
    expect(body.headers['Content-Type']).toBe('image/jpeg');
  });

  it.each([
    ['a wrong password', { ...upload, password: 'test-password-2' }, 401, 'Wrong upload password.'],
    [
      'an unsupported type',
      { ...upload, contentType: 'application/pdf' },
      415,
      "Unsupported file type 'application/pdf'",
    ],
    ['a file over the limit', { ...upload, size: 524_288_001 }, 413, 'the limit is 524288000 bytes (500 MB)'],
    ['a zero size', { ...upload, size: 0 }, 400, 'size must be'],
    ['a body without fields', {}, 400, 'missing or invalid: password, fileName, contentType, size'],
  ])('answers %s with a JSON error and CORS headers', async (_, body, status, message) => {
    const { handler } = setup();
    const response = await handler(event(body));
    expect(response.statusCode).toBe(status);
    expect(response.headers).toMatchObject({
      'Access-Control-Allow-Origin': ORIGIN,
      'Content-Type': 'application/json',
    });
    expect((JSON.parse(response.body) as { error: string }).error).toContain(message);
  });

  it('checks the password before revealing anything about the file', async () => {
    const { handler } = setup();
    const response = await handler(
      event({ ...upload, password: 'nope', contentType: 'application/pdf', size: 10 ** 12 }),
    );
    expect(response.statusCode).toBe(401);
  });

  it('answers the CORS preflight with 204 and other methods with 405', async () => {
    const { handler } = setup();
    const preflight = await handler(event(null, { httpMethod: 'OPTIONS', body: null }));
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers).toMatchObject({
      'Access-Control-Allow-Origin': ORIGIN,
      'Access-Control-Allow-Methods': 'OPTIONS,POST',
    });
    const get = await handler(event(null, { httpMethod: 'GET', body: null }));
    expect(get.statusCode).toBe(405);
    expect(get.headers).toHaveProperty('Access-Control-Allow-Origin', ORIGIN);
  });

  it('answers 500 with CORS when the passwords cannot be read, and says why in the log only', async () => {
    const { handler, logger } = setup(async () => {
      throw new Error('AccessDeniedException: not authorized to perform secretsmanager:GetSecretValue');
    });
    const response = await handler(event(upload));
    expect(response.statusCode).toBe(500);
    expect(response.headers).toHaveProperty('Access-Control-Allow-Origin', ORIGIN);
    expect(response.body).not.toContain('AccessDenied');
    expect(logger.messages.some((m) => m.level === 'error' && m.message.includes('AccessDeniedException'))).toBe(true);
  });

  it('never logs a password, right or wrong', async () => {
    const { handler, logger } = setup();
    await handler(event(upload));
    await handler(event({ ...upload, password: 'test-wrong-guess-9' }));
    const log = JSON.stringify(logger.messages);
    expect(log).not.toContain('test-password-1');
    expect(log).not.toContain('test-wrong-guess-9');
    expect(log).toContain('401 wrong upload password from 203.0.113.7');
  });
});
