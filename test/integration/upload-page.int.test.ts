/**
 * The upload page end to end in headless Chromium, everything on 127.0.0.1:
 *
 *   page server ── index.html, styles.css, dist/upload.js (bundled here), config.json and
 *                  /fixtures/<name> (test files the page turns into dropped files)
 *   API adapter ── HTTP → API Gateway proxy event → the real upload API handler (every route)
 *   S3 gate    ── checks every pre-signed PUT the way S3 does (SigV4, independent verifier),
 *                 forwards everything to moto (the S3, with versioning and the CORS rule that
 *                 exposes ETag, and the Secrets Manager), slows large bodies down like a real
 *                 network, can fail a part once, and — as S3's event notifications would —
 *                 hands every upload that lands in staging to the real file-validator,
 *                 twice at once (S3 delivers at least once)
 *
 * Screenshots of the page's states: test-results/upload-page/*.png (not committed).
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
import { join } from 'node:path';
import { Transform } from 'node:stream';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketCorsCommand,
  PutBucketVersioningCommand,
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
import { apiGatewayEvent, objectCreatedRecord, s3Event, stubAwsEnv, uniqueName } from './functions/aws.js';
import { bmp, gif, isoMedia, jpeg, png, svg, webp } from './functions/samples.js';

const MiB = 1024 * 1024;
const LIMIT = 50 * MiB;
const webDir = join(repoRoot, 'modules/video-upload/web');
const shots = join(repoRoot, 'test-results/upload-page');
const workDir = mkdtempSync(join(tmpdir(), 'upload-page-'));
const s3 = new S3Client(motoClientConfig());
const secrets = new SecretsManagerClient(motoClientConfig());
const staging = uniqueName('phenom-page-staging');
const final = uniqueName('phenom-page-final');
const servers: Server[] = [];
let browser: Browser;
let pageOrigin = '';
let apiOrigin = '';

/** Every pre-signed PUT the S3 gate saw: its signature verdict and the status it answered. */
interface GateEntry {
  key: string;
  partNumber?: number;
  valid: boolean;
  reason?: string;
  contentType?: string;
  contentLength?: string;
  status?: number | 'aborted';
}
const gateLog: GateEntry[] = [];
/** Every API call but the CORS preflights: route and file name. */
const apiLog: { route: string; fileName?: string; status: number }[] = [];
/** What each validator delivery reported. */
const deliveries: RecordOutcome[] = [];
const pendingDeliveries = new Set<Promise<unknown>>();
/** Parts (by "key#partNumber" suffix match) the gate fails once with a 500, as S3 sometimes does. */
const failOnce = new Set<string>();
/** Test files the page fetches and drops. */
const fixtures = new Map<string, { type: string; bytes: Buffer }>();

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

/** S3's notification for an upload that landed: the real validator, delivered twice at once. */
function notify(key: string, versionId: string | undefined) {
  const delivery = (async () => {
    const record = await objectCreatedRecord(s3, staging, key);
    if (versionId) record.s3.object.versionId = versionId;
    const results = await Promise.all([validate(s3Event(record)), validate(s3Event(record))]);
    for (const result of results) deliveries.push(...result.records);
  })();
  pendingDeliveries.add(delivery);
  void delivery.finally(() => pendingDeliveries.delete(delivery));
}

async function startS3Gate(motoEndpoint: string): Promise<string> {
  const moto = new URL(motoEndpoint);
  const stagingUploads = `/${staging}/uploads/`;
  return listen((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const key = url.pathname.startsWith(stagingUploads)
      ? decodeURIComponent(url.pathname.slice(staging.length + 2))
      : '';
    const partNumber = url.searchParams.has('partNumber') ? Number(url.searchParams.get('partNumber')) : undefined;
    let entry: GateEntry | undefined;
    if (req.method === 'PUT' && url.searchParams.has('X-Amz-Signature')) {
      const verdict = verifyPresignedUrl(
        url.href,
        { method: 'PUT', headers: flatHeaders(req) },
        { accessKeyId: 'testing', secretAccessKey: 'testing' },
        new Date(),
      );
      entry = {
        key,
        partNumber,
        valid: verdict.valid,
        reason: verdict.reason,
        contentType: req.headers['content-type'],
        contentLength: req.headers['content-length'],
      };
      gateLog.push(entry);
      const cors = { 'access-control-allow-origin': req.headers.origin ?? '*', 'content-type': 'application/xml' };
      if (!verdict.valid) {
        entry.status = 403;
        req.resume();
        res
          .writeHead(403, cors)
          .end(`<Error><Code>SignatureDoesNotMatch</Code><Message>${verdict.reason}</Message></Error>`);
        return;
      }
      const failing = [...failOnce].find((suffix) => `${key}#${partNumber}`.endsWith(suffix));
      if (failing) {
        failOnce.delete(failing);
        entry.status = 500;
        void readBody(req).then(() =>
          res
            .writeHead(500, cors)
            .end('<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>'),
        );
        return;
      }
    }
    const upstream = httpRequest(
      { host: moto.hostname, port: moto.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        if (entry) entry.status = answer.statusCode;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        // A whole object landed in staging: a PUT of a file, or the completion of a multipart upload.
        const landed =
          key !== '' &&
          answer.statusCode === 200 &&
          ((req.method === 'PUT' && partNumber === undefined && !req.headers['x-amz-copy-source']) ||
            (req.method === 'POST' && url.searchParams.has('uploadId')));
        if (landed) answer.on('end', () => notify(key, answer.headers['x-amz-version-id'] as string | undefined));
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end();
    });
    // A browser that cancels drops the connection: drop the one to moto too.
    req.on('close', () => {
      if (!req.complete) {
        if (entry) entry.status = 'aborted';
        upstream.destroy();
      }
    });
    // Large bodies go through slowly (as over a real network) so progress, speed and cancel show.
    const slow = Number(req.headers['content-length'] ?? 0) > 1_000_000;
    if (slow)
      req
        .pipe(
          new Transform({
            transform: (chunk: Buffer, _encoding, done) => void setTimeout(() => done(null, chunk), 12),
          }),
        )
        .pipe(upstream);
    else req.pipe(upstream);
  });
}

beforeAll(async () => {
  for (const level of ['info', 'warn'] as const) vi.spyOn(console, level).mockImplementation(() => {});
  const motoEndpoint = process.env.MOTO_ENDPOINT!;
  await bundle({ entry: join(webDir, 'src/upload.ts'), outfile: join(workDir, 'upload.js'), kind: 'web' });

  const gate = await startS3Gate(motoEndpoint);
  apiOrigin = await listen((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', apiOrigin);
      if (!url.pathname.startsWith('/upload/'))
        return void res.writeHead(404).end('{"message":"Missing Authentication Token"}');
      const keys = url.searchParams.getAll('key');
      const result = await generate({
        ...apiGatewayEvent({
          method: req.method ?? 'GET',
          path: url.pathname,
          headers: flatHeaders(req),
          body: body.length ? body.toString('utf8') : null,
        }),
        multiValueQueryStringParameters: keys.length ? { key: keys } : null,
      });
      let fileName: string | undefined;
      try {
        fileName = (JSON.parse(body.toString('utf8') || '{}') as { fileName?: string }).fileName;
      } catch {
        // not JSON: the handler said so
      }
      if (req.method !== 'OPTIONS')
        apiLog.push({ route: url.pathname.slice('/upload/'.length), fileName, status: result.statusCode });
      res.writeHead(result.statusCode, result.headers as Record<string, string>).end(result.body);
    })();
  });
  pageOrigin = await listen((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const fixture = fixtures.get(path.replace(/^\/fixtures\//, ''));
    if (path.startsWith('/fixtures/') && fixture)
      return void res.writeHead(200, { 'content-type': fixture.type }).end(fixture.bytes);
    const files: Record<string, [string, () => Buffer | string]> = {
      '/': ['text/html; charset=utf-8', () => readFileSync(join(webDir, 'index.html'))],
      '/index.html': ['text/html; charset=utf-8', () => readFileSync(join(webDir, 'index.html'))],
      '/styles.css': ['text/css; charset=utf-8', () => readFileSync(join(webDir, 'styles.css'))],
      '/dist/upload.js': ['text/javascript; charset=utf-8', () => readFileSync(join(workDir, 'upload.js'))],
      '/config.json': [
        'application/json',
        () =>
          JSON.stringify({
            apiEndpoint: `${apiOrigin}/upload/generate-url`,
            apiKey: 'test-api-key-1',
            maxUploadBytes: LIMIT,
          }),
      ],
    };
    const file = files[path];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file[0], 'cache-control': 'no-store' }).end(file[1]());
  });

  for (const Bucket of [staging, final]) {
    await s3.send(new CreateBucketCommand({ Bucket }));
    await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  }
  // As the module configures it: PUT from the page's origin, ETag readable by the page.
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: staging,
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedMethods: ['PUT'],
            AllowedOrigins: [pageOrigin],
            AllowedHeaders: ['content-type', 'content-length'],
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
  vi.stubEnv('MAX_UPLOAD_BYTES', String(LIMIT));
  vi.stubEnv('FINAL_BUCKET', final);
  vi.stubEnv('CLAMAV_ENABLED', 'false');
  generate = (await import('../../modules/video-upload/functions/presigned-url-generator/src/index.js')).handler;
  validate = (await import('../../modules/video-upload/functions/file-validator/src/index.js')).handler;

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    timeout: 60_000,
  });
  mkdirSync(shots, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([...pendingDeliveries]);
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  rmSync(workDir, { recursive: true, force: true });
});

async function openPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
  page.setDefaultTimeout(30_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${pageOrigin}/`);
  expect(problems).toEqual([]);
  return page;
}

/** Drops files on the page as a person dragging them from the desktop would (a drop event with a DataTransfer). */
async function dropFiles(page: Page, files: { name: string; type: string; bytes?: Buffer; zeros?: number }[]) {
  for (const f of files) if (f.bytes) fixtures.set(f.name, { type: f.type, bytes: f.bytes });
  const transfer = await page.evaluateHandle(
    async (list) => {
      const dt = new DataTransfer();
      for (const f of list) {
        const blob =
          f.zeros !== undefined
            ? new Blob([new Uint8Array(f.zeros)])
            : await (await fetch(`/fixtures/${f.name}`)).blob();
        dt.items.add(new File([blob], f.name, { type: f.type }));
      }
      return dt;
    },
    files.map(({ name, type, zeros }) => ({ name, type, zeros })),
  );
  await page.dispatchEvent('#drop-zone', 'dragenter', { dataTransfer: transfer });
  await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer: transfer });
}

const row = (page: Page, name: string) =>
  page.getByRole('list', { name: 'Files and their upload results' }).getByRole('listitem').filter({ hasText: name });
const resultOf = (page: Page, name: string) => row(page, name).locator('.file-result').textContent();
const versionsIn = async (bucket: string, prefix: string) => {
  const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix }));
  return [...(listed.Versions ?? []), ...(listed.DeleteMarkers ?? [])].map((v) => v.Key!);
};

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

  it('two dropped files: a 40 MB video in parts (one part fails once), cancelled and resumed; both accepted, nothing twice', async () => {
    const page = await openPage();
    const video = isoMedia('isom', 'page-big', 40 * MiB - 64);
    const photo = png(40, 30);
    failOnce.add('/big.mp4#2');
    await page.getByLabel('Upload password').fill('test-password-1');
    await dropFiles(page, [
      { name: 'big.mp4', type: 'video/mp4', bytes: video },
      { name: 'photo.png', type: 'image/png', bytes: photo },
    ]);
    await expect.poll(() => page.getByRole('status').textContent()).toBe('2 files added.');
    expect(await resultOf(page, 'big.mp4')).toBe('Ready to upload');
    await page.screenshot({ path: join(shots, '1-files-dropped.png'), fullPage: true });

    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByRole('button', { name: 'Upload', exact: true }).click(); // a second click sends nothing again
    const bigParts = () => gateLog.filter((e) => e.key.endsWith('/big.mp4') && e.partNumber !== undefined);
    // Two parts are in; part 2 has failed once and is being retried.
    await expect
      .poll(() => bigParts().filter((e) => e.status === 200).length, { timeout: 60_000 })
      .toBeGreaterThanOrEqual(2);
    await expect
      .poll(() => row(page, 'big.mp4').locator('.file-progress').textContent())
      .toMatch(/^\d+ % · [\d.]+ MB of 40 MB · [\d.]+ (KB|MB)\/s · .+ left$/);
    await page.screenshot({ path: join(shots, '2-uploading.png'), fullPage: true });

    await page.getByRole('button', { name: 'Cancel big.mp4' }).click();
    await expect.poll(() => resultOf(page, 'big.mp4')).toMatch(/^Cancelled — \d+ MB kept; Retry resumes$/);
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/big\.mp4 cancelled\.|photo\.png/);
    await expect.poll(() => resultOf(page, 'photo.png'), { timeout: 30_000 }).toMatch(/^Accepted — stored as images\//);
    await page.screenshot({ path: join(shots, '3-cancelled.png'), fullPage: true });

    // Resume from the keyboard.
    await page.getByRole('button', { name: 'Retry big.mp4' }).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => resultOf(page, 'big.mp4'), { timeout: 90_000 })
      .toMatch(/^Accepted — stored as videos\/[0-9a-f-]{36}\/big\.mp4$/);
    await expect.poll(() => page.getByRole('status').textContent()).toBe('big.mp4 accepted.');
    await page.screenshot({ path: join(shots, '4-accepted.png'), fullPage: true });

    // Each part went through exactly once; part 2 after one failure; every PUT carried a valid signature.
    const parts = bigParts();
    expect(parts.every((e) => e.valid)).toBe(true);
    for (const n of [1, 2, 3, 4, 5])
      expect(
        parts.filter((e) => e.partNumber === n && e.status === 200),
        `part ${n}`,
      ).toHaveLength(1);
    expect(
      parts
        .filter((e) => e.partNumber === 2)
        .map((e) => e.status)
        .slice(0, 1),
    ).toEqual([500]);
    // One upload per file was ever asked for (the resume reused it), and one completion.
    expect(
      apiLog
        .filter((c) => c.route === 'generate-url')
        .map((c) => c.fileName)
        .sort(),
    ).toEqual(['big.mp4', 'photo.png']);
    expect(apiLog.filter((c) => c.route === 'complete' && c.status === 200)).toHaveLength(1);

    // One object each in the final bucket, byte for byte; nothing left in staging.
    const keys = gateLog.filter((e) => e.status === 200).map((e) => e.key);
    const bigKey = keys.find((k) => k.endsWith('/big.mp4'))!;
    const photoKey = keys.find((k) => k.endsWith('/photo.png'))!;
    for (const [key, bytes, category] of [
      [bigKey, video, 'videos'],
      [photoKey, photo, 'images'],
    ] as const) {
      const target = key.replace(/^uploads\//, `${category}/`);
      const listed = await s3.send(
        new ListObjectsV2Command({ Bucket: final, Prefix: target.split('/').slice(0, 2).join('/') }),
      );
      expect(listed.Contents?.map((o) => o.Key)).toEqual([target]);
      const object = await s3.send(new GetObjectCommand({ Bucket: final, Key: target }));
      expect(Buffer.from(await object.Body!.transformToByteArray()).equals(bytes)).toBe(true);
      expect(await versionsIn(staging, key)).toEqual([]);
      // S3 delivered the event twice at once: both report success (one may find the work done).
      const outcomes = deliveries.filter((d) => d.key === key).map((d) => d.outcome);
      expect(outcomes).toHaveLength(2);
      expect(outcomes).toContain('moved');
      expect(outcomes.every((o) => o === 'moved' || o === 'already-processed')).toBe(true);
    }
    const open = await s3.send(new ListMultipartUploadsCommand({ Bucket: staging }));
    expect(open.Uploads ?? []).toEqual([]);
    await page.close();
  });

  it('refuses a wrong type and an oversized file before asking, and shows why an active SVG was rejected', async () => {
    const page = await openPage();
    const before = apiLog.length;
    await page.getByLabel('Upload password').fill('test-password-1');
    await page.getByLabel('Files', { exact: true }).setInputFiles([
      {
        name: 'badge.svg',
        mimeType: 'image/svg+xml',
        buffer: Buffer.from(
          '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>',
        ),
      },
      { name: 'notes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n') },
    ]);
    await dropFiles(page, [{ name: 'huge.mp4', type: 'video/mp4', zeros: 60 * MiB }]);
    expect(await resultOf(page, 'huge.mp4')).toBe('Not accepted: The file is 60 MB — the limit is 50 MB.');
    expect(await resultOf(page, 'notes.pdf')).toMatch(
      /^Not accepted: this file type is not supported\. Supported: MP4/,
    );
    await page.getByLabel('Upload password').press('Enter'); // keyboard submit
    await expect
      .poll(() => resultOf(page, 'badge.svg'), { timeout: 30_000 })
      .toBe('Rejected: SVG with active content: it has an event-handler attribute onload on <svg>');
    expect(await page.getByRole('status').textContent()).toBe(
      'badge.svg rejected: SVG with active content: it has an event-handler attribute onload on <svg>',
    );
    await page.screenshot({ path: join(shots, '5-refused-and-rejected.png'), fullPage: true });
    expect(
      apiLog
        .slice(before)
        .filter((c) => c.route === 'generate-url')
        .map((c) => c.fileName),
    ).toEqual(['badge.svg']);

    // Remove is reachable by keyboard and takes the row away.
    await page.getByRole('button', { name: 'Remove notes.pdf' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => row(page, 'notes.pdf').count()).toBe(0);
    await page.close();
  });

  it('shows an error for a wrong password, uploads nothing, and Retry failed sends it once the password is right', async () => {
    const page = await openPage();
    const before = gateLog.length;
    await page.getByLabel('Upload password').fill('test-wrong-password');
    await page
      .getByLabel('Files', { exact: true })
      .setInputFiles([{ name: 'retry.png', mimeType: 'image/png', buffer: png(5, 5, [1, 2, 3]) }]);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();

    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toBe('Wrong upload password.');
    expect(await page.getByLabel('Upload password').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('password');
    expect(await resultOf(page, 'retry.png')).toBe('Not uploaded: wrong upload password.');
    expect(gateLog.length).toBe(before);

    await page.getByLabel('Upload password').fill('test-password-1');
    await page.getByRole('button', { name: 'Retry failed' }).click();
    await expect.poll(() => resultOf(page, 'retry.png'), { timeout: 30_000 }).toMatch(/^Accepted — /);
    expect(await page.getByRole('button', { name: 'Retry failed' }).isDisabled()).toBe(true);
    await page.close();
  });

  it('asks for a password and a file before calling the API', async () => {
    const page = await openPage();
    const before = apiLog.length;
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Enter the upload password.');
    await page.getByLabel('Upload password').fill('test-password-1');
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Add at least one file to upload.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('files');
    expect(apiLog.length).toBe(before);
    await page.close();
  });
});
