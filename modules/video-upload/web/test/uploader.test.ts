import { describe, expect, it } from 'vitest';
import type { KeyStatus, UploadApi, UploadTicket } from '../src/client.js';
import { PageError } from '../src/client.js';
import {
  displayName,
  formatDuration,
  progressText,
  UploadQueue,
  type PutResult,
  type Transport,
} from '../src/uploader.js';

const MiB = 1024 * 1024;

/** The upload API as the page sees it, in memory: records every call. */
function fakeApi(options: { threshold?: number; password?: string } = {}) {
  const calls: { route: string; body: unknown }[] = [];
  const statuses = new Map<string, KeyStatus>();
  let n = 0;
  const check = (password: string) => {
    if (password !== (options.password ?? 'pw')) throw new PageError('Wrong upload password.', 401);
  };
  const api: UploadApi = {
    async generateUrl(request) {
      calls.push({ route: 'generate-url', body: request });
      check(request.password);
      const key = `uploads/id-${++n}/${request.fileName}`;
      if (request.size <= (options.threshold ?? 16 * MiB))
        return {
          kind: 'single',
          uploadUrl: `https://s3.test/${key}?sig`,
          key,
          expiresIn: 3600,
          headers: { 'Content-Type': request.contentType, 'Content-Length': String(request.size) },
        } satisfies UploadTicket;
      const parts = [];
      for (let p = 1, offset = 0; offset < request.size; p++, offset += 8 * MiB)
        parts.push({
          partNumber: p,
          url: `https://s3.test/${key}?partNumber=${p}&v=1`,
          size: Math.min(8 * MiB, request.size - offset),
        });
      return { kind: 'multipart', key, uploadId: `upload-${n}`, expiresIn: 3600, partSize: 8 * MiB, parts };
    },
    async complete(request) {
      calls.push({ route: 'complete', body: request });
      check(request.password);
    },
    async abort(request) {
      calls.push({ route: 'abort', body: request });
    },
    async signParts(request) {
      calls.push({ route: 'parts', body: request });
      return {
        expiresIn: 3600,
        parts: request.partNumbers.map((p) => ({
          partNumber: p,
          url: `https://s3.test/${request.key}?partNumber=${p}&v=2`,
          size: 0,
        })),
      };
    },
    async statuses(keys) {
      calls.push({ route: 'status', body: keys });
      return keys.map((key) => statuses.get(key) ?? { key, state: 'checking' });
    },
  };
  return { api, calls, statuses };
}

/**
 * A transport that answers from `answer(url, attempt)`; 'hang' waits until the upload is
 * cancelled. Progress is reported in two steps.
 */
function fakeTransport(
  answer: (url: string, attempt: number) => PutResult | 'hang' = () => ({ status: 200, etag: '"e"' }),
) {
  const puts: { url: string; size: number }[] = [];
  const attempts = new Map<string, number>();
  const transport: Transport = {
    put(url, body, _headers, onProgress, signal) {
      const attempt = (attempts.get(url) ?? 0) + 1;
      attempts.set(url, attempt);
      puts.push({ url, size: body.size });
      const result = answer(url, attempt);
      return new Promise((resolve, reject) => {
        const aborted = () => reject(new DOMException('cancelled', 'AbortError'));
        if (signal.aborted) return aborted();
        signal.addEventListener('abort', aborted, { once: true });
        if (result === 'hang') return onProgress(Math.floor(body.size / 2));
        onProgress(Math.floor(body.size / 2));
        setTimeout(() => {
          onProgress(body.size);
          resolve(result.status === 200 && !result.etag ? result : { ...result, etag: result.etag ?? `"etag-${url}"` });
        }, 1);
      });
    },
  };
  return { transport, puts };
}

const file = (name: string, size: number, type = '') => new File([new Uint8Array(size)], name, { type });
const settle = async (queue: UploadQueue, done: (q: UploadQueue) => boolean) => {
  for (let i = 0; i < 500 && !done(queue); i++) await new Promise((r) => setTimeout(r, 2));
  expect(done(queue)).toBe(true);
};

function setup(
  answer?: Parameters<typeof fakeTransport>[0],
  options: { threshold?: number; maxUploadBytes?: number } = {},
) {
  const { api, calls, statuses } = fakeApi(options);
  const { transport, puts } = fakeTransport(answer);
  const announcements: string[] = [];
  const sleeps: number[] = [];
  let wrongPassword = '';
  let password = 'pw';
  const queue = new UploadQueue({
    api,
    transport,
    password: () => password,
    maxUploadBytes: options.maxUploadBytes ?? 500 * MiB,
    onChange: () => {},
    announce: (text) => announcements.push(text),
    onWrongPassword: (message) => (wrongPassword = message),
    sleep: async (ms) => {
      sleeps.push(ms);
      await new Promise((r) => setTimeout(r, 1));
    },
    random: () => 0.5,
    pollMs: 1,
  });
  return {
    queue,
    calls,
    statuses,
    puts,
    announcements,
    sleeps,
    wrongPassword: () => wrongPassword,
    setPassword: (p: string) => (password = p),
  };
}

describe('UploadQueue', () => {
  it('checks type and size on arrival, in human sizes, and never asks the API about a refused file', async () => {
    const { queue, calls } = setup(undefined, { maxUploadBytes: 50 * MiB });
    const [big, pdf, empty, ok] = queue.add([
      file('huge.mp4', 60 * MiB, 'video/mp4'),
      file('notes.pdf', 10, 'application/pdf'),
      file('empty.png', 0, 'image/png'),
      file('clip.WMV', 10),
    ]);
    expect(big).toMatchObject({ state: 'invalid', message: 'Not accepted: The file is 60 MB — the limit is 50 MB.' });
    expect(pdf!.state).toBe('invalid');
    expect(pdf!.message).toMatch(/^Not accepted: this file type is not supported\. Supported: MP4, MPEG/);
    expect(empty).toMatchObject({ state: 'invalid', message: 'Not accepted: the file is empty.' });
    expect(ok!.state).toBe('ready');
    // An SVG has its own, lower limit; below it the upload limit is the one that counts.
    const sized = (f: File, size: number) => Object.defineProperty(f, 'size', { value: size });
    const [drawing, small] = queue.add([
      sized(file('drawing.svg', 1, 'image/svg+xml'), 60 * MiB),
      sized(file('small.svg', 1, 'image/svg+xml'), 20 * MiB),
    ]);
    expect(drawing).toMatchObject({
      state: 'invalid',
      message: 'Not accepted: The file is 60 MB — the limit is 50 MB.',
    });
    expect(small!.state).toBe('ready');
    queue.remove(drawing!.id);
    queue.remove(small!.id);
    expect(queue.start()).toBe(1);
    await settle(queue, (q) => q.count('checking') === 1);
    expect(
      calls.filter((c) => c.route === 'generate-url').map((c) => (c.body as { fileName: string }).fileName),
    ).toEqual(['clip.WMV']);
    expect((calls[0]!.body as { contentType: string }).contentType).toBe('video/x-ms-wmv');
  });

  it('refuses an SVG over the SVG limit on arrival, naming that limit', () => {
    const { queue } = setup(undefined, { maxUploadBytes: 500 * MiB });
    const svg = Object.defineProperty(new File(['<svg/>'], 'map.svg', { type: 'image/svg+xml' }), 'size', {
      value: 70 * MiB,
    });
    const [item] = queue.add([svg]);
    expect(item).toMatchObject({
      state: 'invalid',
      message: 'Not accepted: The file is 70 MB — the limit for SVG files is 64 MB.',
    });
  });

  it('shows a file name with its bidirectional controls visible and isolated from the sentence around it', async () => {
    // U+202E (right-to-left override) makes "gnp.mp4" read "4pm.png", and reverses what follows.
    const { queue, announcements } = setup();
    const [item] = queue.add([file('\u202Egnp.mp4', 100, 'video/mp4')]);
    queue.start();
    await settle(queue, (q) => q.count('checking', 'accepted') === 1);
    expect(announcements).toContain('\u2068\uFFFDgnp.mp4\u2069 uploaded; checking it.');
    expect(announcements.join('')).not.toContain('\u202E');
    expect(item!.file.name).toBe('\u202Egnp.mp4'); // what is sent to the API is the name itself
    expect(displayName('clip.mp4')).toBe('clip.mp4');
    expect(displayName('ملف.mp4')).toBe('\u2068ملف.mp4\u2069');
    expect(displayName('a\u2066b\nc.png')).toBe('\u2068a\uFFFDb\uFFFDc.png\u2069');
  });

  it('a second Upload click starts nothing that is running or finished', async () => {
    const { queue, calls, puts } = setup(() => 'hang');
    queue.add([file('a.png', 100, 'image/png'), file('b.png', 100, 'image/png')]);
    expect(queue.start()).toBe(2);
    expect(queue.start()).toBe(0);
    await settle(queue, () => puts.length === 2);
    expect(queue.start()).toBe(0);
    expect(calls.filter((c) => c.route === 'generate-url')).toHaveLength(2);
    expect(puts).toHaveLength(2);
    queue.cancelAll();
    await settle(queue, (q) => q.count('cancelled') === 2);
  });

  it('sends a 20 MB file in three parts, retries a failed part with backoff, and completes with every ETag in order', async () => {
    const { queue, calls, puts, sleeps } = setup((url, attempt) =>
      url.includes('partNumber=2') && attempt === 1 ? { status: 500 } : { status: 200, etag: `"${url.slice(-10)}"` },
    );
    queue.add([file('long.mp4', 20 * MiB, 'video/mp4')]);
    queue.start();
    await settle(queue, (q) => q.count('checking') === 1);
    expect(puts.map((p) => [new URL(p.url).searchParams.get('partNumber'), p.size])).toEqual(
      expect.arrayContaining([
        ['1', 8 * MiB],
        ['2', 8 * MiB],
        ['2', 8 * MiB],
        ['3', 4 * MiB],
      ]),
    );
    expect(puts).toHaveLength(4);
    expect(sleeps[0]).toBe(1000); // first retry after 1 s (± 25 % jitter; here the middle)
    const complete = calls.find((c) => c.route === 'complete')!.body as {
      parts: { partNumber: number }[];
      size: number;
    };
    expect(complete.parts.map((p) => p.partNumber).sort()).toEqual([1, 2, 3]);
    expect(complete.size).toBe(20 * MiB);
  });

  it('gives up on a part after four attempts, keeps the finished parts, and Retry sends only the rest', async () => {
    let broken = true;
    const { queue, calls, puts } = setup((url) =>
      url.includes('partNumber=3') && broken ? { status: 0 } : { status: 200, etag: '"ok"' },
    );
    const [item] = queue.add([file('long.mp4', 20 * MiB, 'video/mp4')]);
    queue.start();
    await settle(queue, (q) => q.count('failed') === 1);
    expect(item!.message).toBe('Upload failed: part 3 of 3 failed (network error) after 4 attempts.');
    expect(puts.filter((p) => p.url.includes('partNumber=3'))).toHaveLength(4);
    broken = false;
    puts.length = 0;
    expect(queue.retryFailed()).toBe(1);
    await settle(queue, (q) => q.count('checking') === 1);
    expect(puts.map((p) => new URL(p.url).searchParams.get('partNumber'))).toEqual(['3']);
    expect(calls.filter((c) => c.route === 'generate-url')).toHaveLength(1); // the same multipart upload
  });

  it('cancel keeps finished parts; Retry resumes the same upload without sending them again', async () => {
    let hang = true;
    const { queue, calls, puts } = setup((url) =>
      url.includes('partNumber=3') && hang ? 'hang' : { status: 200, etag: '"ok"' },
    );
    const [item] = queue.add([file('long.mp4', 20 * MiB, 'video/mp4')]);
    queue.start();
    await settle(queue, () => puts.length === 3 && item!.sent >= 16 * MiB);
    queue.cancel(item!.id);
    await settle(queue, (q) => q.count('cancelled') === 1);
    expect(item!.message).toBe('Cancelled — 16 MB kept; Retry resumes');
    hang = false;
    puts.length = 0;
    queue.retry(item!.id);
    await settle(queue, (q) => q.count('checking') === 1);
    expect(puts.map((p) => new URL(p.url).searchParams.get('partNumber'))).toEqual(['3']);
    expect(calls.filter((c) => c.route === 'generate-url')).toHaveLength(1);
  });

  it('a cancelled single upload is retried to the same key (no second object)', async () => {
    let hang = true;
    const { queue, calls, puts } = setup(() => (hang ? 'hang' : { status: 200 }));
    const [item] = queue.add([file('a.png', 1000, 'image/png')]);
    queue.start();
    await settle(queue, () => puts.length === 1);
    queue.cancel(item!.id);
    await settle(queue, (q) => q.count('cancelled') === 1);
    hang = false;
    queue.retry(item!.id);
    await settle(queue, (q) => q.count('checking') === 1);
    expect(puts.map((p) => p.url)).toEqual([
      'https://s3.test/uploads/id-1/a.png?sig',
      'https://s3.test/uploads/id-1/a.png?sig',
    ]);
    expect(calls.filter((c) => c.route === 'generate-url')).toHaveLength(1);
  });

  it('signs part URLs again when they have expired', async () => {
    const { api, calls } = fakeApi();
    let now = 0;
    const { transport, puts } = fakeTransport(() => ({ status: 200, etag: '"ok"' }));
    let first = true;
    const queue = new UploadQueue({
      api,
      transport: {
        put: (url, body, headers, onProgress, signal) => {
          if (first) {
            first = false;
            now += 3600_000; // an hour passes during the first part
          }
          return transport.put(url, body, headers, onProgress, signal);
        },
      },
      password: () => 'pw',
      onChange: () => {},
      announce: () => {},
      onWrongPassword: () => {},
      now: () => now,
      partConcurrency: 1,
      pollMs: 1,
    });
    queue.add([file('long.mp4', 20 * MiB, 'video/mp4')]);
    queue.start();
    await settle(queue, (q) => q.count('checking') === 1);
    expect(
      calls.filter((c) => c.route === 'parts').map((c) => (c.body as { partNumbers: number[] }).partNumbers),
    ).toEqual([[2, 3]]);
    expect(puts.map((p) => p.url.slice(-14))).toEqual(
      ['partNumber=1&v=1', 'partNumber=2&v=2', 'partNumber=3&v=2'].map((u) => u.slice(-14)),
    );
  });

  it('stops everything on a wrong password and leaves the waiting files ready', async () => {
    const { queue, wrongPassword, setPassword } = setup();
    setPassword('wrong');
    const items = queue.add(['a', 'b', 'c', 'd'].map((n) => file(`${n}.png`, 10, 'image/png')));
    queue.start();
    await settle(queue, (q) => !q.busy);
    expect(wrongPassword()).toBe('Wrong upload password.');
    expect(items.map((i) => i.state)).toEqual(['failed', 'failed', 'failed', 'ready']);
    expect(items[0]!.message).toBe('Not uploaded: wrong upload password.');
  });

  it('shows the validator verdict from the status route', async () => {
    const { queue, statuses, announcements } = setup();
    const [good, bad] = queue.add([file('a.png', 10, 'image/png'), file('b.svg', 10, 'image/svg+xml')]);
    queue.start();
    await settle(queue, (q) => q.count('checking') === 2);
    statuses.set(good!.key!, {
      key: good!.key!,
      state: 'accepted',
      location: 'images/id-1/a.png',
      contentType: 'image/png',
    });
    statuses.set(bad!.key!, {
      key: bad!.key!,
      state: 'rejected',
      reason: 'SVG with active content: it contains a <script> element',
    });
    await settle(queue, (q) => q.count('accepted', 'rejected') === 2);
    expect(good!.message).toBe('Accepted — stored as images/id-1/a.png');
    expect(bad!.message).toBe('Rejected: SVG with active content: it contains a <script> element');
    expect(announcements).toContain('b.svg rejected: SVG with active content: it contains a <script> element');
  });

  it('removing a cancelled multipart file aborts its upload', async () => {
    const { queue, calls, puts } = setup(() => 'hang');
    const [item] = queue.add([file('long.mp4', 20 * MiB, 'video/mp4')]);
    queue.start();
    await settle(queue, () => puts.length === 3);
    queue.cancel(item!.id);
    await settle(queue, (q) => q.count('cancelled') === 1);
    queue.remove(item!.id);
    expect(queue.items).toEqual([]);
    expect(calls.at(-1)).toEqual({
      route: 'abort',
      body: { password: 'pw', key: 'uploads/id-1/long.mp4', uploadId: 'upload-1' },
    });
  });
});

describe('progressText and formatDuration', () => {
  it('shows percent, bytes, speed and time left', () => {
    const item = {
      id: 1,
      file: file('a.mp4', 40 * MiB),
      state: 'uploading' as const,
      message: '',
      sent: 18 * MiB,
      speed: 2.1 * MiB,
      secondsLeft: 10.5,
    };
    expect(progressText(item)).toBe('45 % · 18 MB of 40 MB · 2.1 MB/s · 11 s left');
    expect(formatDuration(125)).toBe('2 min 5 s');
    expect(formatDuration(3 * 3600 + 60)).toBe('3 h 1 min');
  });
});
