/**
 * The upload page end to end in headless Chromium, everything on 127.0.0.1:
 *
 *   page server ── index.html, styles.css, dist/upload.js (bundled here), config.json
 *   API adapter ── HTTP → API Gateway proxy event → the real presigned-url-generator handler
 *   S3 gate    ── checks every pre-signed PUT the way S3 does (SigV4, independent verifier)
 *                 and forwards everything to moto; moto is the S3 (with a CORS rule on the
 *                 staging bucket) and the Secrets Manager
 *
 * The browser picks files, asks the API for URLs and PUTs the files; the real file-validator
 * then handles S3 events built from the uploaded objects, and the test finds the files in
 * the final bucket. A wrong password must show an error. Screenshot: test-results/upload-page.png.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { tmpdir } from 'node:os';
import { Transform } from 'node:stream';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketCorsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyResult, S3Event } from 'aws-lambda';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bundle } from '../../scripts/build.js';
import { repoRoot } from '../../scripts/lib/tools.js';
import { verifyPresignedUrl } from '../../modules/video-upload/functions/presigned-url-generator/test/sigv4-verify.js';
import type { RecordOutcome } from '../../modules/video-upload/functions/file-validator/src/process.js';
import { motoClientConfig } from '../setup/aws.js';
import {
  apiGatewayEvent,
  captureLogs,
  objectCreatedRecord,
  s3Event,
  stubAwsEnv,
  uniqueName,
} from './functions/aws.js';
import { bmp, gif, isoMedia, jpeg, png, svg, webm, webp } from './functions/samples.js';

const webDir = join(repoRoot, 'modules/video-upload/web');
const workDir = mkdtempSync(join(tmpdir(), 'upload-page-'));
const s3 = new S3Client(motoClientConfig());
const secrets = new SecretsManagerClient(motoClientConfig());
const staging = uniqueName('phenom-page-staging');
const final = uniqueName('phenom-page-final');
const servers: Server[] = [];
let browser: Browser;
let pageOrigin = '';
let apiOrigin = '';
/** Every pre-signed PUT the S3 gate saw, with its verdict. */
const gateLog: { path: string; valid: boolean; reason?: string; contentType?: string; contentLength?: string }[] = [];

let generate: (event: ReturnType<typeof apiGatewayEvent>) => Promise<APIGatewayProxyResult>;
let validate: (event: S3Event) => Promise<{ records: RecordOutcome[] }>;

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return `http://127.0.0.1:${address.port}`;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/** S3 in front of moto: rejects a pre-signed PUT whose signature does not cover the request, like S3. */
async function startS3Gate(motoEndpoint: string): Promise<string> {
  const moto = new URL(motoEndpoint);
  return listen((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if (req.method === 'PUT' && url.searchParams.has('X-Amz-Signature')) {
      const verdict = verifyPresignedUrl(
        url.href,
        { method: 'PUT', headers: flatHeaders(req) },
        { accessKeyId: 'testing', secretAccessKey: 'testing' },
        new Date(),
      );
      gateLog.push({
        path: url.pathname,
        valid: verdict.valid,
        reason: verdict.reason,
        contentType: req.headers['content-type'],
        contentLength: req.headers['content-length'],
      });
      if (!verdict.valid) {
        res.writeHead(403, {
          'content-type': 'application/xml',
          'access-control-allow-origin': req.headers.origin ?? '*',
        });
        res.end(`<Error><Code>SignatureDoesNotMatch</Code><Message>${verdict.reason}</Message></Error>`);
        req.resume();
        return;
      }
    }
    // Large uploads go through slowly (as over a real network) so the page's progress shows steps.
    const slow = Number(req.headers['content-length'] ?? 0) > 1_000_000;
    const upstream = httpRequest(
      { host: moto.hostname, port: moto.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    if (slow)
      req
        .pipe(
          new Transform({
            transform: (chunk: Buffer, _encoding, done) => void setTimeout(() => done(null, chunk), 15),
          }),
        )
        .pipe(upstream);
    else req.pipe(upstream);
  });
}

beforeAll(async () => {
  const motoEndpoint = process.env.MOTO_ENDPOINT!;
  await bundle({ entry: join(webDir, 'src/upload.ts'), outfile: join(workDir, 'upload.js'), kind: 'web' });

  const gate = await startS3Gate(motoEndpoint);
  apiOrigin = await listen((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', apiOrigin);
      if (url.pathname !== '/upload/generate-url')
        return void res.writeHead(404).end('{"message":"Missing Authentication Token"}');
      const { result, error } = await captureLogs(() =>
        generate(
          apiGatewayEvent({
            method: req.method ?? 'GET',
            path: url.pathname,
            headers: flatHeaders(req),
            body: body.length ? body.toString('utf8') : null,
          }),
        ),
      );
      if (!result) {
        res.writeHead(502).end(String(error));
        return;
      }
      res.writeHead(result.statusCode, result.headers as Record<string, string>).end(result.body);
    })();
  });
  pageOrigin = await listen((req, res) => {
    const files: Record<string, [string, () => Buffer | string]> = {
      '/': ['text/html; charset=utf-8', () => readFileSync(join(webDir, 'index.html'))],
      '/index.html': ['text/html; charset=utf-8', () => readFileSync(join(webDir, 'index.html'))],
      '/styles.css': ['text/css; charset=utf-8', () => readFileSync(join(webDir, 'styles.css'))],
      '/dist/upload.js': ['text/javascript; charset=utf-8', () => readFileSync(join(workDir, 'upload.js'))],
      '/config.json': [
        'application/json',
        () => JSON.stringify({ apiEndpoint: `${apiOrigin}/upload/generate-url`, apiKey: 'test-api-key-1' }),
      ],
    };
    const file = files[new URL(req.url ?? '/', 'http://x').pathname];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file[0], 'cache-control': 'no-store' }).end(file[1]());
  });

  await s3.send(new CreateBucketCommand({ Bucket: staging }));
  await s3.send(new CreateBucketCommand({ Bucket: final }));
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: staging,
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedMethods: ['PUT'],
            AllowedOrigins: [pageOrigin],
            AllowedHeaders: ['*'],
            ExposeHeaders: ['ETag'],
            MaxAgeSeconds: 600,
          },
        ],
      },
    }),
  );
  const secret = await secrets.send(
    new CreateSecretCommand({
      Name: uniqueName('phenom-page/upload-passwords'),
      SecretString: JSON.stringify({ passwords: ['test-password-1'] }),
    }),
  );

  stubAwsEnv();
  vi.stubEnv('AWS_ENDPOINT_URL', gate); // the functions reach moto through the gate; URLs name the gate
  vi.stubEnv('STAGING_BUCKET', staging);
  vi.stubEnv('UPLOAD_PASSWORDS_SECRET_ARN', secret.ARN!);
  vi.stubEnv('ALLOWED_ORIGINS', pageOrigin);
  vi.stubEnv('FINAL_BUCKET', final);
  vi.stubEnv('CLAMAV_ENABLED', 'false');
  generate = (await import('../../modules/video-upload/functions/presigned-url-generator/src/index.js')).handler;
  validate = (await import('../../modules/video-upload/functions/file-validator/src/index.js')).handler;

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    timeout: 60_000,
  });
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  vi.unstubAllEnvs();
  rmSync(workDir, { recursive: true, force: true });
});

async function stagingKeys(): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: staging }));
  return (listed.Contents ?? []).map((o) => o.Key!).sort();
}

async function openPage(): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(30_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${pageOrigin}/`);
  expect(problems).toEqual([]);
  return page;
}

describe('upload page in headless Chromium', () => {
  it('decodes the generated sample images (they are real images)', async () => {
    const page = await openPage();
    const images = {
      'image/png': png(),
      'image/jpeg': jpeg(),
      'image/gif': gif(),
      'image/bmp': bmp(),
      'image/webp': webp(),
      'image/svg+xml': svg(),
    };
    for (const [type, bytes] of Object.entries(images)) {
      const size = await page.evaluate(
        async ({ type, data }) => {
          const url = URL.createObjectURL(new Blob([new Uint8Array(data)], { type }));
          const img = new Image();
          img.src = url;
          await img.decode();
          return [img.naturalWidth, img.naturalHeight];
        },
        { type, data: [...bytes] },
      );
      expect(size[0], type).toBeGreaterThan(0);
    }
    await page.close();
  });

  it('uploads several files with per-file progress; the validator moves them to the final bucket', async () => {
    const page = await openPage();
    // A real WebM video, recorded by the browser from a canvas with MediaRecorder.
    const recorded = Buffer.from(
      await page.evaluate(async () => {
        const canvas = document.createElement('canvas');
        canvas.width = 64;
        canvas.height = 48;
        const context = canvas.getContext('2d')!;
        const recorder = new MediaRecorder(canvas.captureStream(25), { mimeType: 'video/webm;codecs=vp8' });
        const chunks: Blob[] = [];
        recorder.ondataavailable = (event) => chunks.push(event.data);
        const stopped = new Promise((resolve) => (recorder.onstop = resolve));
        recorder.start();
        for (let frame = 0; frame < 12; frame++) {
          context.fillStyle = `hsl(${frame * 30}, 80%, 50%)`;
          context.fillRect(0, 0, 64, 48);
          await new Promise((r) => setTimeout(r, 40));
        }
        recorder.stop();
        await stopped;
        return [...new Uint8Array(await new Blob(chunks).arrayBuffer())];
      }),
    );
    expect(recorded.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]))).toBe(true); // EBML

    const files = [
      { name: 'recorded clip.webm', mimeType: 'video/webm', buffer: recorded },
      { name: 'photo.png', mimeType: 'image/png', buffer: png(40, 30) },
      { name: 'header-only.webm', mimeType: 'video/webm', buffer: webm('page') },
      { name: 'big.mp4', mimeType: 'video/mp4', buffer: isoMedia('isom', 'big', 8 * 1024 * 1024) },
    ];
    // Record every value each progress bar shows.
    await page.evaluate(() => {
      const seen: Record<string, number[]> = {};
      (window as unknown as { progressSeen: typeof seen }).progressSeen = seen;
      new MutationObserver((mutations) => {
        for (const m of mutations) {
          if (!(m.target instanceof HTMLProgressElement)) continue;
          const label = m.target.getAttribute('aria-label') ?? '';
          (seen[label] ??= []).push(m.target.value);
        }
      }).observe(document.getElementById('file-list')!, {
        subtree: true,
        attributes: true,
        attributeFilter: ['value'],
      });
    });
    const before = await stagingKeys();
    await page.getByLabel('Upload password').fill('test-password-1');
    await page.getByLabel('Files', { exact: true }).setInputFiles(files);
    await page.getByLabel('Upload password').press('Enter'); // keyboard submit

    const status = page.getByRole('status');
    await expect
      .poll(() => status.textContent(), { timeout: 60_000 })
      .toBe('Finished: 4 of 4 files uploaded. Uploaded files are checked before they are published.');
    const items = page.getByRole('list', { name: 'Upload progress and results' }).getByRole('listitem');
    expect(await items.count()).toBe(4);
    for (let i = 0; i < 4; i++) {
      await expect.poll(() => items.nth(i).locator('.file-result').textContent()).toBe('Uploaded');
      expect(
        await items
          .nth(i)
          .locator('progress')
          .evaluate((p) => (p as HTMLProgressElement).value),
      ).toBe(100);
    }
    mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(repoRoot, 'test-results/upload-page.png'), fullPage: true });

    // The big file's bar moved through intermediate values (XMLHttpRequest upload progress).
    const progressSeen = await page.evaluate(
      () => (window as unknown as { progressSeen: Record<string, number[]> }).progressSeen,
    );
    expect(progressSeen['Upload progress of big.mp4']?.some((v) => v > 0 && v < 100)).toBe(true);

    // The browser sent exactly the signed Content-Type and Content-Length.
    const puts = gateLog.slice(-4);
    expect(puts.map((p) => p.valid)).toEqual([true, true, true, true]);
    expect(puts.map((p) => p.contentType).sort()).toEqual(['image/png', 'video/mp4', 'video/webm', 'video/webm']);
    expect(puts.find((p) => p.path.endsWith('/big.mp4'))?.contentLength).toBe(String(files[3]!.buffer.length));

    const uploaded = (await stagingKeys()).filter((k) => !before.includes(k));
    expect(uploaded).toHaveLength(4);
    const { result } = await captureLogs(async () =>
      validate(s3Event(...(await Promise.all(uploaded.map((key) => objectCreatedRecord(s3, staging, key)))))),
    );
    expect(result?.records.map((r) => r.outcome)).toEqual(['moved', 'moved', 'moved', 'moved']);

    for (const file of files) {
      const record = result!.records.find(
        (r) => r.outcome === 'moved' && r.finalKey.endsWith(`/${file.name.replace(/ /g, '_')}`),
      );
      expect(record, file.name).toBeDefined();
      const target = record!.outcome === 'moved' ? record!.finalKey : '';
      expect(target.startsWith(file.mimeType.startsWith('video/') ? 'videos/' : 'images/')).toBe(true);
      const object = await s3.send(new GetObjectCommand({ Bucket: final, Key: target }));
      expect(Buffer.from(await object.Body!.transformToByteArray()).equals(file.buffer)).toBe(true);
    }
    expect(await stagingKeys()).toEqual(before);
    await page.close();
  });

  it('shows an error for a wrong password and uploads nothing', async () => {
    const page = await openPage();
    const before = await stagingKeys();
    await page.getByLabel('Upload password').fill('test-wrong-password');
    await page
      .getByLabel('Files', { exact: true })
      .setInputFiles([{ name: 'photo.png', mimeType: 'image/png', buffer: png() }]);
    await page.getByRole('button', { name: 'Upload' }).click();

    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toBe('Wrong upload password.');
    expect(await page.getByLabel('Upload password').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('password');
    await expect.poll(() => page.locator('.file-result').first().textContent()).toBe('Not uploaded');
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Finished: 0 of 1 file uploaded.');
    expect(await stagingKeys()).toEqual(before);
    await page.close();
  });

  it('asks for a password and a file before calling the API', async () => {
    const page = await openPage();
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Enter the upload password.');
    await page.getByLabel('Upload password').fill('test-password-1');
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Choose at least one file.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('files');
    await page.close();
  });
});
