/**
 * presigned-url-generator and file-validator against moto (S3, Secrets Manager) and the real
 * ClamAV scanner: files are uploaded with fetch through the URLs the generator signs, the
 * validator gets S3 event records built from the real objects, and the tests look in the
 * buckets to see what was really moved or deleted.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyResult, S3Event } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMemoryLogger } from '../../../modules/shared-functions/src/logger.js';
import { createTtlCache } from '../../../modules/shared-functions/src/ttl-cache.js';
import { motoClientConfig } from '../../setup/aws.js';
import { clamscan } from '../../../modules/video-upload/functions/file-validator/src/clamav.js';
import {
  processEvent,
  processRecord,
  ValidationRunError,
  type RecordOutcome,
} from '../../../modules/video-upload/functions/file-validator/src/process.js';
import {
  createGenerator,
  type MultipartUploadResponse,
  type SingleUploadResponse,
} from '../../../modules/video-upload/functions/presigned-url-generator/src/handler.js';
import { loadUploadPasswords } from '../../../modules/video-upload/functions/presigned-url-generator/src/secret.js';
import { apiGatewayEvent, captureLogs, eventKey, objectCreatedRecord, s3Event, stubAwsEnv, uniqueName } from './aws.js';
import { elfExecutable, gif, isoMedia, mediaSamples, mp4, png, svg, zipArchive, type Sample } from './samples.js';

const ORIGIN = 'http://127.0.0.1:8080';
const s3 = new S3Client({ ...motoClientConfig(), requestChecksumCalculation: 'WHEN_REQUIRED' });
const secrets = new SecretsManagerClient(motoClientConfig());
const staging = uniqueName('phenom-it-staging');
const final = uniqueName('phenom-it-final');
const workDir = mkdtempSync(join(tmpdir(), 'video-upload-it-'));
const clamDb = join(workDir, 'clamav-db');
let secretArn = '';

// Real handler exports, loaded after the environment points them at moto.
let generate: (event: ReturnType<typeof apiGatewayEvent>) => Promise<APIGatewayProxyResult>;
let validate: (event: S3Event) => Promise<{ records: RecordOutcome[] }>;

/** A PNG nobody else uses; its MD5 becomes the ClamAV signature "Phenom.Test.Infected". */
const infected: Sample = { name: 'infected.png', contentType: 'image/png', bytes: png(3, 3, [1, 2, 3]) };

beforeAll(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: staging }));
  await s3.send(new CreateBucketCommand({ Bucket: final }));
  // As the module configures them: every upload is a version of its own.
  for (const Bucket of [staging, final])
    await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  const secret = await secrets.send(
    new CreateSecretCommand({
      Name: uniqueName('phenom-it/upload-passwords'),
      SecretString: JSON.stringify({ passwords: ['test-password-1', 'test-password-2'] }),
    }),
  );
  secretArn = secret.ARN!;

  // A ClamAV database made here from a test file's hash (sigtool, no download).
  execFileSync('mkdir', ['-p', clamDb]);
  const infectedFile = join(workDir, 'Phenom.Test.Infected');
  writeFileSync(infectedFile, infected.bytes);
  writeFileSync(join(clamDb, 'phenom-test.hdb'), execFileSync('sigtool', ['--md5', infectedFile]));

  stubAwsEnv();
  vi.stubEnv('STAGING_BUCKET', staging);
  vi.stubEnv('UPLOAD_PASSWORDS_SECRET_ARN', secretArn);
  vi.stubEnv('ALLOWED_ORIGINS', ORIGIN);
  vi.stubEnv('MAX_UPLOAD_BYTES', '1048576');
  vi.stubEnv('FINAL_BUCKET', final);
  vi.stubEnv('CLAMAV_ENABLED', 'true');
  vi.stubEnv('CLAMAV_DB_PATH', clamDb);
  vi.stubEnv('CLAMSCAN_PATH', 'clamscan');
  generate = (await import('../../../modules/video-upload/functions/presigned-url-generator/src/index.js')).handler;
  validate = (await import('../../../modules/video-upload/functions/file-validator/src/index.js')).handler;
});

afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(workDir, { recursive: true, force: true });
});

async function requestUrl(sample: Sample, password = 'test-password-1', contentType = sample.contentType) {
  const { result: response, error } = await captureLogs(() =>
    generate(
      apiGatewayEvent({
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/json' },
        body: JSON.stringify({ password, fileName: sample.name, contentType, size: sample.bytes.length }),
      }),
    ),
  );
  if (!response) throw error;
  return {
    status: response.statusCode,
    headers: response.headers ?? {},
    body: JSON.parse(response.body || '{}') as SingleUploadResponse & { error?: string },
  };
}

/** The page's job: ask for a URL, PUT the bytes with the signed headers. Returns the staging key. */
async function upload(sample: Sample, declared = sample.contentType): Promise<string> {
  const { status, body } = await requestUrl(sample, 'test-password-1', declared);
  expect(status).toBe(200);
  const put = await fetch(body.uploadUrl, {
    method: 'PUT',
    headers: { 'Content-Type': body.headers['Content-Type'] },
    body: new Uint8Array(sample.bytes),
  });
  expect(put.status).toBe(200);
  return body.key;
}

async function exists(bucket: string, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch {
    return false;
  }
}

async function read(
  bucket: string,
  key: string,
): Promise<{ bytes: Buffer; contentType?: string; contentDisposition?: string }> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return {
    bytes: Buffer.from(await object.Body!.transformToByteArray()),
    contentType: object.ContentType,
    contentDisposition: object.ContentDisposition,
  };
}

/** Every version and delete marker left under `key` in `bucket`. */
async function versionsOf(bucket: string, key: string): Promise<string[]> {
  const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key }));
  return [
    ...(listed.Versions ?? []).map((v) => `version ${v.VersionId}`),
    ...(listed.DeleteMarkers ?? []).map((m) => `delete marker ${m.VersionId}`),
  ];
}

/** The validator's verdict as the status API reads it. */
async function statusOf(key: string): Promise<Record<string, unknown>> {
  const { bytes } = await read(staging, key.replace(/^uploads\//, 'status/') + '.json');
  return JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
}

/** A promise and the function that resolves it. */
/** Validates a staging key with a client that records the Range of every GetObject it sends. */
async function validateWatchingGets(key: string): Promise<{ outcome: RecordOutcome; gets: (string | undefined)[] }> {
  const watched = new S3Client(motoClientConfig());
  const gets: (string | undefined)[] = [];
  watched.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'GetObjectCommand') gets.push((args.input as { Range?: string }).Range);
      return next(args);
    },
    { step: 'initialize', name: 'watchGets' },
  );
  const outcome = await processRecord(await objectCreatedRecord(s3, staging, key), {
    s3: watched,
    finalBucket: final,
    logger: createMemoryLogger(),
  });
  return { outcome, gets };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('presigned-url-generator against moto', () => {
  it('signs a URL through which the upload really lands in staging with the declared type', async () => {
    const sample = mediaSamples()[0]!;
    const { status, headers, body } = await requestUrl(sample);
    expect(status).toBe(200);
    expect(headers['Access-Control-Allow-Origin']).toBe(ORIGIN);
    expect(body.key).toMatch(/^uploads\/[0-9a-f-]{36}\/photo\.png$/);
    expect(new URL(body.uploadUrl).pathname).toBe(`/${staging}/${body.key}`);

    const put = await fetch(body.uploadUrl, {
      method: 'PUT',
      headers: { 'Content-Type': body.headers['Content-Type'] },
      body: new Uint8Array(sample.bytes),
    });
    expect(put.status).toBe(200);
    const head = await s3.send(new HeadObjectCommand({ Bucket: staging, Key: body.key }));
    expect(head.ContentType).toBe('image/png');
    expect(head.ContentLength).toBe(sample.bytes.length);
  });

  it('refuses a wrong password (401), a type (415) and a size (413) with the secret read from Secrets Manager', async () => {
    const sample = mediaSamples()[0]!;
    expect((await requestUrl(sample, 'test-password-9')).status).toBe(401);
    expect((await requestUrl(sample, 'test-password-2')).status).toBe(200);
    expect((await requestUrl({ ...sample, name: 'a.pdf' }, 'test-password-1', 'application/pdf')).status).toBe(415);
    const big = await requestUrl({ ...sample, bytes: Buffer.alloc(1_048_577) });
    expect(big.status).toBe(413);
    expect(big.body.error).toBe('The file is 1,048,577 bytes — the limit is 1,048,576 bytes (1 MB).');
  });

  it('keeps a rotated secret for the cache TTL, then reads the new one', async () => {
    const arn = (
      await secrets.send(
        new CreateSecretCommand({
          Name: uniqueName('phenom-it/rotating'),
          SecretString: JSON.stringify({ passwords: ['test-old-password'] }),
        }),
      )
    ).ARN!;
    let now = 0;
    let reads = 0;
    const cache = createTtlCache(
      () => {
        reads++;
        return loadUploadPasswords(secrets, arn);
      },
      { ttlMs: 300_000, now: () => now },
    );
    const handler = createGenerator({
      config: {
        stagingBucket: staging,
        passwordsSecretArn: arn,
        maxUploadBytes: 1000,
        multipartThresholdBytes: 16_777_216,
        urlExpirySeconds: 3600,
        allowedOrigins: ['*'],
        secretCacheTtlSeconds: 300,
      },
      s3,
      passwords: () => cache.get(),
      logger: createMemoryLogger(),
    });
    const ask = async (password: string) =>
      (
        await handler(
          apiGatewayEvent({
            method: 'POST',
            body: JSON.stringify({ password, fileName: 'a.png', contentType: 'image/png', size: 10 }),
          }),
        )
      ).statusCode;

    expect(await ask('test-old-password')).toBe(200);
    await secrets.send(
      new PutSecretValueCommand({ SecretId: arn, SecretString: JSON.stringify({ passwords: ['test-new-password'] }) }),
    );
    now += 299_000;
    expect(await ask('test-old-password')).toBe(200); // still cached
    expect(await ask('test-new-password')).toBe(401);
    now += 1_000;
    expect(await ask('test-new-password')).toBe(200); // 5 minutes passed: re-read
    expect(await ask('test-old-password')).toBe(401);
    expect(reads).toBe(2);
  });
});

describe('multipart uploads and the status route against moto', () => {
  const MiB = 1024 * 1024;
  const api = () =>
    createGenerator({
      config: {
        stagingBucket: staging,
        passwordsSecretArn: secretArn,
        maxUploadBytes: 64 * MiB,
        multipartThresholdBytes: 16 * MiB,
        urlExpirySeconds: 3600,
        allowedOrigins: [ORIGIN],
        secretCacheTtlSeconds: 300,
      },
      s3,
      passwords: async () => ['test-password-1'],
      logger: createMemoryLogger(),
    });
  const call = async (handler: ReturnType<typeof api>, route: string, body: unknown, method = 'POST') => {
    const response = await handler(
      method === 'GET'
        ? {
            ...apiGatewayEvent({ method, path: `/upload/${route}` }),
            multiValueQueryStringParameters: body as Record<string, string[]>,
          }
        : apiGatewayEvent({
            method,
            path: `/upload/${route}`,
            headers: { origin: ORIGIN },
            body: JSON.stringify(body),
          }),
    );
    return { status: response.statusCode, body: JSON.parse(response.body || '{}') as Record<string, unknown> };
  };
  const putPart = async (url: string, bytes: Buffer) => {
    const response = await fetch(url, { method: 'PUT', body: new Uint8Array(bytes) });
    expect(response.status).toBe(200);
    return response.headers.get('etag')!;
  };

  it('uploads an 18 MB video in three parts through the signed URLs; complete makes the object the validator moves', async () => {
    const handler = api();
    const video = isoMedia('isom', 'multipart', 18 * MiB);
    const started = await call(handler, 'generate-url', {
      password: 'test-password-1',
      fileName: 'long take.mp4',
      contentType: 'video/mp4',
      size: video.length,
    });
    expect(started.status).toBe(200);
    const upload = started.body as unknown as MultipartUploadResponse;
    expect(upload).toMatchObject({ kind: 'multipart', partSize: 8 * MiB, expiresIn: 3600 });
    expect(upload.parts.map((p) => [p.partNumber, p.size])).toEqual([
      [1, 8 * MiB],
      [2, 8 * MiB],
      [3, video.length - 16 * MiB],
    ]);

    const etags = [];
    for (const part of upload.parts)
      etags.push({
        partNumber: part.partNumber,
        etag: await putPart(
          part.url,
          video.subarray((part.partNumber - 1) * upload.partSize, (part.partNumber - 1) * upload.partSize + part.size),
        ),
      });
    // Part 2 again through a freshly signed URL (what the page does once the first URLs expired).
    const fresh = await call(handler, 'parts', {
      password: 'test-password-1',
      key: upload.key,
      uploadId: upload.uploadId,
      size: video.length,
      partNumbers: [2],
    });
    expect(fresh.status).toBe(200);
    const [again] = (fresh.body as unknown as { parts: { url: string }[] }).parts;
    etags[1]!.etag = await putPart(again!.url, video.subarray(8 * MiB, 16 * MiB));

    const tooFew = await call(handler, 'complete', {
      password: 'test-password-1',
      key: upload.key,
      uploadId: upload.uploadId,
      size: video.length,
      parts: etags.slice(0, 2),
    });
    expect(tooFew).toEqual({ status: 400, body: { error: 'Parts 3 of 3 are missing.' } });
    const done = await call(handler, 'complete', {
      password: 'test-password-1',
      key: upload.key,
      uploadId: upload.uploadId,
      size: video.length,
      parts: etags,
    });
    expect(done).toEqual({ status: 200, body: { key: upload.key } });
    const head = await s3.send(new HeadObjectCommand({ Bucket: staging, Key: upload.key }));
    expect(head.ContentType).toBe('video/mp4');
    expect(head.ContentLength).toBe(video.length);

    expect(await call(handler, 'status', { key: [upload.key] }, 'GET')).toEqual({
      status: 200,
      body: { statuses: [{ key: upload.key, state: 'checking' }] },
    });
    const { result } = await captureLogs(async () =>
      validate(s3Event(await objectCreatedRecord(s3, staging, upload.key))),
    );
    expect(result?.records[0]).toMatchObject({ outcome: 'moved', type: 'video/mp4' });
    expect((await read(final, upload.key.replace(/^uploads\//, 'videos/'))).bytes.equals(video)).toBe(true);
    expect(await call(handler, 'status', { key: [upload.key] }, 'GET')).toEqual({
      status: 200,
      body: {
        statuses: [
          {
            key: upload.key,
            state: 'accepted',
            location: upload.key.replace(/^uploads\//, 'videos/'),
            contentType: 'video/mp4',
          },
        ],
      },
    });
  });

  it('aborts a multipart upload (twice is fine) and reports a rejected file with its reason', async () => {
    const handler = api();
    const started = await call(handler, 'generate-url', {
      password: 'test-password-1',
      fileName: 'a.webm',
      contentType: 'video/webm',
      size: 17 * MiB,
    });
    const multipart = started.body as unknown as MultipartUploadResponse;
    await putPart(multipart.parts[0]!.url, Buffer.alloc(8 * MiB, 1));
    for (let i = 0; i < 2; i++)
      expect(
        await call(handler, 'abort', { password: 'test-password-1', key: multipart.key, uploadId: multipart.uploadId }),
      ).toEqual({ status: 204, body: {} });
    const open = await s3.send(new ListMultipartUploadsCommand({ Bucket: staging, Prefix: multipart.key }));
    expect(open.Uploads ?? []).toEqual([]);

    const bad = await upload({ name: 'fake.png', contentType: 'image/png', bytes: elfExecutable() });
    await captureLogs(async () => validate(s3Event(await objectCreatedRecord(s3, staging, bad))));
    expect(await call(handler, 'status', { key: [bad] }, 'GET')).toEqual({
      status: 200,
      body: {
        statuses: [{ key: bad, state: 'rejected', reason: 'declared image/png but the content is application/x-elf' }],
      },
    });
  });
});

describe('file-validator against moto and ClamAV', () => {
  it('moves every supported type, uploaded through a pre-signed URL, to images/ or videos/ (one event, many records)', async () => {
    const samples = mediaSamples();
    const keys: string[] = [];
    for (const sample of samples) keys.push(await upload(sample));
    const event = s3Event(...(await Promise.all(keys.map((key) => objectCreatedRecord(s3, staging, key)))));

    const { result, logs } = await captureLogs(() => validate(event));
    expect(result?.records.map((r) => r.outcome)).toEqual(samples.map(() => 'moved'));

    for (const [i, sample] of samples.entries()) {
      const category = sample.contentType.startsWith('image/') ? 'images' : 'videos';
      const target = keys[i]!.replace(/^uploads\//, `${category}/`);
      expect(await exists(staging, keys[i]!)).toBe(false);
      const moved = await read(final, target);
      expect(moved.bytes.equals(sample.bytes)).toBe(true);
      expect(moved.contentType).toBe(sample.contentType);
      expect(logs).toContain(`moved to s3://${final}/${target}`);
    }
  });

  it('deletes an executable renamed to .jpg and an image declared as another type', async () => {
    const elf = await upload({ name: 'holiday.jpg', contentType: 'image/jpeg', bytes: elfExecutable() });
    const mislabelled = await upload({ name: 'cat.gif', contentType: 'image/gif', bytes: png() });
    const { result, logs } = await captureLogs(async () =>
      validate(
        s3Event(await objectCreatedRecord(s3, staging, elf), await objectCreatedRecord(s3, staging, mislabelled)),
      ),
    );
    expect(result?.records).toEqual([
      {
        bucket: staging,
        key: elf,
        outcome: 'rejected',
        reason: 'declared image/jpeg but the content is application/x-elf',
      },
      {
        bucket: staging,
        key: mislabelled,
        outcome: 'rejected',
        reason: 'declared image/gif but the content is image/png',
      },
    ]);
    for (const key of [elf, mislabelled]) {
      expect(await exists(staging, key)).toBe(false);
      expect(await exists(final, key.replace(/^uploads\//, 'images/'))).toBe(false);
    }
    expect(logs).toMatch(
      new RegExp(
        `s3://${staging}/${elf} \\(version [^)]+\\): rejected and deleted: declared image/jpeg but the content is application/x-elf`,
      ),
    );
  });

  it('deletes a file ClamAV finds infected and moves the clean one next to it', async () => {
    const bad = await upload(infected);
    const good = await upload({ name: 'clean.png', contentType: 'image/png', bytes: png(3, 3, [4, 5, 6]) });
    const outcome = await captureLogs(async () =>
      validate(s3Event(await objectCreatedRecord(s3, staging, bad), await objectCreatedRecord(s3, staging, good))),
    );
    expect(outcome.result?.records).toEqual([
      { bucket: staging, key: bad, outcome: 'infected', signature: 'Phenom.Test.Infected.UNOFFICIAL' },
      {
        bucket: staging,
        key: good,
        outcome: 'moved',
        finalKey: good.replace(/^uploads\//, 'images/'),
        type: 'image/png',
      },
    ]);
    expect(await exists(staging, bad)).toBe(false);
    expect(await exists(final, bad.replace(/^uploads\//, 'images/'))).toBe(false);
    expect(await exists(final, good.replace(/^uploads\//, 'images/'))).toBe(true);
  });

  it('keeps an object whose scan fails (clamscan exit 2), finishes the other records, throws naming it, and a retry completes', async () => {
    const valid = await upload({ name: 'retry.mp4', contentType: 'video/mp4', bytes: mp4('retry') });
    const invalid = await upload({ name: 'tool.png', contentType: 'image/png', bytes: elfExecutable() });
    const event = s3Event(
      await objectCreatedRecord(s3, staging, valid),
      await objectCreatedRecord(s3, staging, invalid),
    );
    const brokenScan = {
      s3,
      finalBucket: final,
      logger: createMemoryLogger(),
      scan: (file: string) => clamscan(file, { clamscanPath: 'clamscan', dbPath: join(workDir, 'missing-db') }),
    };

    const error = await processEvent(event, brokenScan).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationRunError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^file-validator: 1 of 2 record\\(s\\) failed and were kept for retry: s3://${staging}/${valid} \\(virus scan failed: clamscan exited with 2`,
      ),
    );
    expect((error as ValidationRunError).records.map((r) => r.outcome)).toEqual(['failed', 'rejected']);
    expect(await exists(staging, valid)).toBe(true); // kept for the retry
    expect(await exists(staging, invalid)).toBe(false); // the other record was still handled

    // Lambda retries the same event; the database is back.
    const retry = await captureLogs(() => validate(event));
    expect(retry.result?.records.map((r) => r.outcome)).toEqual(['moved', 'already-processed']);
    expect(await exists(final, valid.replace(/^uploads\//, 'videos/'))).toBe(true);
  });

  it('is idempotent: a repeated delivery is a no-op, and a move interrupted after the copy completes on retry', async () => {
    const key = await upload({
      name: 'twice.webm',
      contentType: 'video/webm',
      bytes: mediaSamples().find((s) => s.name === 'clip.webm')!.bytes,
    });
    const record = await objectCreatedRecord(s3, staging, key);
    const target = key.replace(/^uploads\//, 'videos/');

    // First delivery: the copy succeeds, the delete fails once (a transient S3 error).
    const flaky = new S3Client({ ...motoClientConfig(), requestChecksumCalculation: 'WHEN_REQUIRED' });
    let deleteFailures = 0;
    flaky.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'DeleteObjectCommand' && deleteFailures === 0) {
          deleteFailures++;
          throw Object.assign(new Error('We encountered an internal error. Please try again.'), {
            name: 'InternalError',
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'failFirstDelete' },
    );
    const deps = { s3: flaky, finalBucket: final, logger: createMemoryLogger() };
    expect(await processRecord(record, deps)).toMatchObject({
      outcome: 'failed',
      reason: 'We encountered an internal error. Please try again.',
    });
    expect(await exists(staging, key)).toBe(true);
    expect(await exists(final, target)).toBe(true);

    // Retry, then a duplicate delivery.
    expect(await processRecord(record, deps)).toMatchObject({ outcome: 'moved', finalKey: target });
    expect(await processRecord(record, deps)).toEqual({ bucket: staging, key, outcome: 'already-processed' });
    expect(await exists(staging, key)).toBe(false);
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: final, Prefix: target.split('/').slice(0, 2).join('/') }),
    );
    expect(listed.KeyCount).toBe(1);
  });

  it('rejects a GIF+ZIP polyglot (an archive after the GIF trailer) and records the reason', async () => {
    const polyglot = Buffer.concat([gif(), zipArchive()]);
    // It really is both: a GIF by its magic bytes, a ZIP archive for unzip tools.
    const file = join(workDir, 'polyglot.gif');
    writeFileSync(file, polyglot);
    expect(execFileSync('file', ['-b', '--mime-type', file], { encoding: 'utf8' }).trim()).toBe('image/gif');
    expect(
      execFileSync('python3', ['-c', 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).namelist())', file], {
        encoding: 'utf8',
      }).trim(),
    ).toBe("['payload.html']");

    const key = await upload({ name: 'cat.gif', contentType: 'image/gif', bytes: polyglot });
    const { result } = await captureLogs(async () => validate(s3Event(await objectCreatedRecord(s3, staging, key))));
    const reason = `data after the end of the GIF image (${zipArchive().length} bytes after the GIF trailer at byte ${gif().length})`;
    expect(result?.records).toEqual([{ bucket: staging, key, outcome: 'rejected', reason }]);
    expect(await exists(final, key.replace(/^uploads\//, 'images/'))).toBe(false);
    expect(await versionsOf(staging, key)).toEqual([]);
    expect(await statusOf(key)).toMatchObject({ key, outcome: 'rejected', reason });
  });

  it('rejects SVGs with active content, and stores a passive one as an attachment with its detected type', async () => {
    const active = {
      'script.svg': [
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>',
        'SVG with active content: it contains a <script> element',
      ],
      'onload.svg': [
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>',
        'SVG with active content: it has an event-handler attribute onload on <svg>',
      ],
      'frame.svg': [
        '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject width="9" height="9"><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example/"/></foreignObject></svg>',
        'SVG with active content: it contains a <foreignObject> element',
      ],
      'link.svg': [
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="javascript:alert(1)"><rect width="1" height="1"/></a></svg>',
        'SVG with active content: it has a script URL in xlink:href on <a>',
      ],
      'remote.svg': [
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://tracker.example/p.png" width="1" height="1"/></svg>',
        'SVG with active content: it references another resource: href="https://tracker.example/p.png" on <image>',
      ],
    };
    const keys: Record<string, string> = {};
    for (const [name, [text]] of Object.entries(active))
      keys[name] = await upload({ name, contentType: 'image/svg+xml', bytes: Buffer.from(text!) });
    const clean = await upload({ name: 'logo.svg', contentType: 'image/svg+xml', bytes: svg('logo') });

    const records = await Promise.all(
      [...Object.values(keys), clean].map((key) => objectCreatedRecord(s3, staging, key)),
    );
    const { result } = await captureLogs(() => validate(s3Event(...records)));
    expect(result?.records).toEqual([
      ...Object.entries(active).map(([name, [, reason]]) => ({
        bucket: staging,
        key: keys[name],
        outcome: 'rejected',
        reason,
      })),
      {
        bucket: staging,
        key: clean,
        outcome: 'moved',
        finalKey: clean.replace(/^uploads\//, 'images/'),
        type: 'image/svg+xml',
      },
    ]);
    for (const key of Object.values(keys))
      expect(await exists(final, key.replace(/^uploads\//, 'images/'))).toBe(false);
    const stored = await read(final, clean.replace(/^uploads\//, 'images/'));
    expect(stored.bytes.equals(svg('logo'))).toBe(true);
    expect(stored.contentType).toBe('image/svg+xml');
    expect(stored.contentDisposition).toBe('attachment');
  });

  it('a re-upload through the same URL between the copy and the delete stays in staging, and its own event validates it', async () => {
    const first = png(3, 3, [10, 20, 30]);
    const second = png(3, 3, [40, 50, 60]);
    expect(second.length).toBe(first.length); // the URL signs the length
    const { body } = await requestUrl({ name: 'race.png', contentType: 'image/png', bytes: first });
    const put = (bytes: Buffer) =>
      fetch(body.uploadUrl, { method: 'PUT', headers: { 'Content-Type': 'image/png' }, body: new Uint8Array(bytes) });
    expect((await put(first)).status).toBe(200);
    const firstRecord = await objectCreatedRecord(s3, staging, body.key);

    // The uploader's second PUT lands right after the validator copied the first one.
    const racing = new S3Client({ ...motoClientConfig(), requestChecksumCalculation: 'WHEN_REQUIRED' });
    let reuploaded = false;
    racing.middlewareStack.add(
      (next, context) => async (args) => {
        const output = await next(args);
        if (context.commandName === 'CopyObjectCommand' && !reuploaded) {
          reuploaded = true;
          expect((await put(second)).status).toBe(200);
        }
        return output;
      },
      { step: 'initialize', name: 'reuploadAfterCopy' },
    );
    const deps = { s3: racing, finalBucket: final, logger: createMemoryLogger() };
    expect(await processRecord(firstRecord, deps)).toMatchObject({ outcome: 'moved' });
    expect(reuploaded).toBe(true);

    // Only the validated version was deleted: the second upload is still there, unvalidated.
    const current = await s3.send(new HeadObjectCommand({ Bucket: staging, Key: body.key }));
    expect(current.VersionId).not.toBe(firstRecord.s3.object.versionId);
    expect((await read(staging, body.key)).bytes.equals(second)).toBe(true);

    const secondRecord = await objectCreatedRecord(s3, staging, body.key);
    expect(await processRecord(secondRecord, deps)).toMatchObject({ outcome: 'moved' });
    expect((await read(final, body.key.replace(/^uploads\//, 'images/'))).bytes.equals(second)).toBe(true);
    expect(await versionsOf(staging, body.key)).toEqual([]);
  });

  it('two concurrent deliveries of one event both report success, and the file is moved once', async () => {
    const bytes = mp4('concurrent');
    const key = await upload({ name: 'twice-at-once.mp4', contentType: 'video/mp4', bytes });
    const event = s3Event(await objectCreatedRecord(s3, staging, key));

    // Delivery B has read the object's HEAD when delivery A runs to completion; then B goes on.
    const bHasHead = deferred();
    const aFinished = deferred();
    const paused = new S3Client({ ...motoClientConfig(), requestChecksumCalculation: 'WHEN_REQUIRED' });
    paused.middlewareStack.add(
      (next, context) => async (args) => {
        const output = await next(args);
        if (context.commandName === 'HeadObjectCommand') {
          bHasHead.resolve();
          await aFinished.promise;
        }
        return output;
      },
      { step: 'initialize', name: 'pauseAfterHead' },
    );
    const b = processEvent(event, { s3: paused, finalBucket: final, logger: createMemoryLogger() });
    await bHasHead.promise;
    const a = await processEvent(event, { s3, finalBucket: final, logger: createMemoryLogger() });
    aFinished.resolve();
    const bResult = await b.then(
      (result) => result,
      (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
    );

    expect(a.records.map((r) => r.outcome)).toEqual(['moved']);
    expect(bResult).toEqual({ records: [{ bucket: staging, key, outcome: 'already-processed' }] });
    const target = key.replace(/^uploads\//, 'videos/');
    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: final, Prefix: target }));
    expect(listed.Versions?.length).toBe(1);
    expect((await read(final, target)).bytes.equals(bytes)).toBe(true);
    expect(await statusOf(key)).toMatchObject({ key, outcome: 'accepted', finalKey: target, contentType: 'video/mp4' });
  });

  it('reads only the first bytes for the type check (Range GET) when ClamAV is off', async () => {
    const key = await upload({ name: 'range.mp4', contentType: 'video/mp4', bytes: mp4('range-check') });
    const { outcome, gets } = await validateWatchingGets(key);
    expect(outcome.outcome).toBe('moved');
    expect(gets).toEqual(['bytes=0-4099']);
  });

  it('rejects an SVG over the SVG limit from its size alone (a multipart upload is not bound to its type)', async () => {
    // One attribute of 65 MiB: the parser would hold it whole, several times over.
    const key = 'uploads/manual/huge.svg';
    const bytes = Buffer.concat([
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><rect x="'),
      Buffer.alloc(65 * 1024 * 1024, 'a'),
      Buffer.from('"/></svg>'),
    ]);
    await s3.send(new PutObjectCommand({ Bucket: staging, Key: key, Body: bytes, ContentType: 'image/svg+xml' }));
    const { outcome, gets } = await validateWatchingGets(key);
    expect(outcome).toMatchObject({
      outcome: 'rejected',
      reason: 'The file is 65 MB — the limit for SVG files is 64 MB.',
    });
    expect(gets).toEqual(['bytes=0-4099']);
    expect(await exists(staging, key)).toBe(false);
  });

  it('URL-decodes event keys: spaces, plus signs and non-ASCII', async () => {
    const key = 'uploads/manual/my clip+1 (é).mp4';
    const bytes = mp4('decode');
    await s3.send(new PutObjectCommand({ Bucket: staging, Key: key, Body: bytes, ContentType: 'video/mp4' }));
    const record = await objectCreatedRecord(s3, staging, key);
    expect(record.s3.object.key).toBe('uploads/manual/my+clip%2B1+%28%C3%A9%29.mp4');
    expect(eventKey(key)).toBe(record.s3.object.key);

    const { result } = await captureLogs(() => validate(s3Event(record)));
    expect(result?.records[0]).toMatchObject({ outcome: 'moved', key, finalKey: 'videos/manual/my clip+1 (é).mp4' });
    expect((await read(final, 'videos/manual/my clip+1 (é).mp4')).bytes.equals(bytes)).toBe(true);
  });
});
