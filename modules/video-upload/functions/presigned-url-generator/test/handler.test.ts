import { S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../../shared-functions/src/logger.js';
import type { GeneratorConfig } from '../src/config.js';
import { createGenerator, type SingleUploadResponse } from '../src/handler.js';
import { multipartFailure } from '../src/s3-uploads.js';
import { verifyPresignedUrl } from './sigv4-verify.js';

// Signing is local: no S3 is contacted in these tests.
const credentials = { accessKeyId: 'AKIDTESTONLY', secretAccessKey: 'test-secret-key-1' };
const s3 = new S3Client({ region: 'us-east-1', credentials, requestChecksumCalculation: 'WHEN_REQUIRED' });
const config: GeneratorConfig = {
  stagingBucket: 'phenom-dev-video-staging',
  passwordsSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:upload',
  maxUploadBytes: 524_288_000,
  multipartThresholdBytes: 16_777_216,
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
    const body = JSON.parse(response.body) as SingleUploadResponse;
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
    for (let i = 0; i < 5; i++) keys.add((JSON.parse((await handler(event(upload))).body) as SingleUploadResponse).key);
    expect(keys.size).toBe(5);
  });

  it('signs the canonical type for an alias', async () => {
    const { handler } = setup();
    const body = JSON.parse(
      (await handler(event({ ...upload, fileName: 'a.jpg', contentType: 'image/jpg' }))).body,
    ) as SingleUploadResponse;
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
    ['a file over the limit', { ...upload, size: 629_145_600 }, 413, 'The file is 600 MB — the limit is 500 MB.'],
    ['a zero size', { ...upload, size: 0 }, 400, 'size must be'],
    [
      'a body without fields',
      {},
      400,
      'password: is required (expected string); fileName: is required (expected string); contentType: is required (expected string); size: is required (expected number).',
    ],
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
      'Access-Control-Allow-Methods': 'GET,OPTIONS,POST',
    });
    const get = await handler(event(null, { httpMethod: 'GET', body: null }));
    expect(get.statusCode).toBe(405);
    expect(get.headers).toHaveProperty('Access-Control-Allow-Origin', ORIGIN);
    expect(JSON.parse(get.body)).toEqual({ error: 'Method GET not allowed; use POST.' });
    const unknown = await handler(event(null, { resource: '/upload/delete', path: '/upload/delete' }));
    expect(unknown.statusCode).toBe(404);
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

const KEY = 'uploads/0d3f5b1e-2222-4333-8444-555566667777/clip.mp4';
const at = (route: string, body: unknown, method = 'POST') =>
  event(body, { resource: `/upload/${route}`, path: `/upload/${route}`, httpMethod: method });

describe('multipart routes (checks made before any S3 call)', () => {
  it('signs fresh part URLs, each bound to its part length, for the parts asked for', async () => {
    const { handler } = setup();
    const size = 20 * 1024 * 1024;
    const response = await handler(
      at('parts', { password: 'test-password-1', key: KEY, uploadId: 'upload-1', size, partNumbers: [3, 1] }),
    );
    expect(response.statusCode).toBe(200);
    const body = JSON.parse(response.body) as { parts: { partNumber: number; url: string; size: number }[] };
    expect(body.parts.map((p) => [p.partNumber, p.size])).toEqual([
      [3, 4 * 1024 * 1024],
      [1, 8 * 1024 * 1024],
    ]);
    const url = new URL(body.parts[0]!.url);
    expect(url.pathname).toBe(`/${KEY}`);
    expect(url.searchParams.get('partNumber')).toBe('3');
    expect(url.searchParams.get('uploadId')).toBe('upload-1');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
    const put = (length: string) =>
      verifyPresignedUrl(body.parts[0]!.url, { method: 'PUT', headers: { 'Content-Length': length } }, credentials);
    expect(put(String(4 * 1024 * 1024))).toMatchObject({ valid: true });
    expect(put(String(4 * 1024 * 1024 + 1))).toMatchObject({ valid: false });
  });

  it.each([
    [
      'complete',
      { key: KEY, uploadId: 'u', size: 20 * 1024 * 1024, parts: [{ partNumber: 1, etag: '"a"' }] },
      400,
      'Parts 2, 3 of 3 are missing.',
    ],
    [
      'complete',
      { key: KEY, uploadId: 'u', size: 9 * 1024 * 1024, parts: [1, 2, 3].map((n) => ({ partNumber: n, etag: 'e' })) },
      400,
      'Part 3 does not exist: the file has 2 parts.',
    ],
    [
      'complete',
      { key: KEY, uploadId: 'u', size: 629_145_600, parts: [{ partNumber: 1, etag: 'e' }] },
      413,
      'The file is 600 MB — the limit is 500 MB.',
    ],
    [
      // Parts of a 5 TB plan are 477 MiB each: three of them would complete far beyond the limit.
      'parts',
      { key: KEY, uploadId: 'u', size: 5_000_000_000_000, partNumbers: [1, 2, 3] },
      413,
      'The file is 4.5 TB — the limit is 500 MB.',
    ],
    [
      'parts',
      { key: KEY, uploadId: 'u', size: 9 * 1024 * 1024, partNumbers: [1, 1] },
      400,
      'A part number is listed twice.',
    ],
    ['abort', { key: 'status/x/clip.mp4.json', uploadId: 'u' }, 400, 'key: must match pattern'],
    ['abort', { key: KEY }, 400, 'uploadId: is required (expected string).'],
  ])('%s refuses %j with %d', async (route, body, status, message) => {
    const { handler } = setup();
    const response = await handler(at(route, { password: 'test-password-1', ...body }));
    expect(response.statusCode).toBe(status);
    expect(response.headers).toHaveProperty('Access-Control-Allow-Origin', ORIGIN);
    expect((JSON.parse(response.body) as { error: string }).error).toContain(message);
  });

  it.each(['complete', 'abort', 'parts'])('%s needs the upload password', async (route) => {
    const { handler } = setup();
    const response = await handler(
      at(route, {
        password: 'wrong',
        key: KEY,
        uploadId: 'u',
        size: 1,
        parts: [{ partNumber: 1, etag: 'e' }],
        partNumbers: [1],
      }),
    );
    expect(response.statusCode).toBe(401);
  });

  it('status takes 1 to 50 upload keys and nothing else', async () => {
    const { handler } = setup();
    const ask = (keys: string[] | null) =>
      handler(
        event(null, {
          resource: '/upload/status',
          path: '/upload/status',
          httpMethod: 'GET',
          body: null,
          multiValueQueryStringParameters: keys && { key: keys },
        }),
      );
    expect((await ask(null)).statusCode).toBe(400);
    expect(JSON.parse((await ask(['../etc/passwd'])).body)).toEqual({ error: "Not an upload key: '../etc/passwd'." });
    expect((await ask(Array.from({ length: 51 }, (_, i) => KEY.replace('7777', String(1000 + i))))).statusCode).toBe(
      400,
    );
  });
});

describe('multipartFailure', () => {
  const s3Error = (name: string) =>
    new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message: name });
  it('puts the S3 errors a page can cause into words, and leaves the rest to the 500 path', () => {
    expect(multipartFailure(s3Error('NoSuchUpload'))).toEqual({
      status: 404,
      error: 'This upload no longer exists (it was completed, aborted or expired).',
    });
    expect(multipartFailure(s3Error('InvalidPart'))?.status).toBe(400);
    expect(multipartFailure(s3Error('AccessDenied'))).toBeUndefined();
    expect(multipartFailure(new Error('socket hang up'))).toBeUndefined();
  });
});
