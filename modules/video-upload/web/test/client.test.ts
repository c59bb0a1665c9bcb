import { describe, expect, it } from 'vitest';
import { createUploadApi, declaredType, loadConfig, PageError, putHeaders, type PageConfig } from '../src/client.js';

const requestUpload = (
  fn: typeof fetch,
  config: PageConfig,
  request: Parameters<ReturnType<typeof createUploadApi>['generateUrl']>[0],
) => createUploadApi(fn, config).generateUrl(request);

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
function fakeFetch(response: Response | Error) {
  const calls: { url: string; init?: RequestInit }[] = [];
  const fn = (async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    if (response instanceof Error) throw response;
    return response.clone();
  }) as unknown as typeof fetch;
  return { fn, calls };
}

describe('loadConfig', () => {
  it('reads the API endpoint and the optional API key', async () => {
    const { fn, calls } = fakeFetch(
      json({ apiEndpoint: 'https://api.example/test/upload/generate-url', apiKey: 'test-api-key-1' }),
    );
    expect(await loadConfig(fn)).toEqual({
      apiEndpoint: 'https://api.example/test/upload/generate-url',
      apiKey: 'test-api-key-1',
    });
    expect(calls[0]!.url).toBe('config.json');
  });

  it.each([
    [
      json({ apiEndpoint: 'not a url' }),
      'config.json is invalid: expected {"apiEndpoint":"https://…","apiKey":"…","maxUploadBytes":…} (the last two optional).',
    ],
    [json({ apiEndpoint: 'https://a.example/x', extra: 1 }), 'config.json is invalid'],
    [new Response('nope', { status: 404 }), 'Cannot load config.json: HTTP 404.'],
    [new Response('<html>', { status: 200 }), 'config.json is not JSON.'],
    [new TypeError('Failed to fetch'), 'Cannot load config.json: the network request failed.'],
  ])('explains a bad config.json (%#)', async (response, message) => {
    await expect(loadConfig(fakeFetch(response).fn)).rejects.toThrow(message);
  });
});

describe('requestUpload', () => {
  const config = { apiEndpoint: 'https://api.example/upload/generate-url', apiKey: 'test-api-key-1' };
  const request = { password: 'test-password-1', fileName: 'a.png', contentType: 'image/png', size: 10 };
  const ticket = {
    kind: 'single' as const,
    uploadUrl: 'https://bucket.s3.amazonaws.com/uploads/x/a.png?X-Amz-Signature=1',
    key: 'uploads/x/a.png',
    expiresIn: 3600,
    headers: { 'Content-Type': 'image/png', 'Content-Length': '10' },
  };

  it('POSTs JSON with the API key and returns the ticket', async () => {
    const { fn, calls } = fakeFetch(json(ticket));
    expect(await requestUpload(fn, config, request)).toEqual(ticket);
    expect(calls[0]!.init).toMatchObject({
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'x-api-key': 'test-api-key-1' },
    });
    expect(JSON.parse(String(calls[0]!.init!.body))).toEqual(request);
  });

  it('sends no x-api-key without one', async () => {
    const { fn, calls } = fakeFetch(json(ticket));
    await requestUpload(fn, { apiEndpoint: config.apiEndpoint }, request);
    expect(calls[0]!.init!.headers).not.toHaveProperty('x-api-key');
  });

  it("passes on the API's error message and status", async () => {
    const error = await requestUpload(
      fakeFetch(json({ error: 'Wrong upload password.' }, 401)).fn,
      config,
      request,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PageError);
    expect(error).toMatchObject({ message: 'Wrong upload password.', status: 401 });
  });

  it('explains a throttled or unexpected answer', async () => {
    await expect(requestUpload(fakeFetch(new Response('', { status: 429 })).fn, config, request)).rejects.toThrow(
      'The upload service answered HTTP 429.',
    );
    await expect(requestUpload(fakeFetch(json({ ok: true })).fn, config, request)).rejects.toThrow(
      'The upload service sent an unexpected answer.',
    );
    await expect(requestUpload(fakeFetch(new TypeError('Failed to fetch')).fn, config, request)).rejects.toThrow(
      'cannot be reached',
    );
  });

  it('leaves Content-Length to the browser', () => {
    expect(putHeaders(ticket)).toEqual({ 'Content-Type': 'image/png' });
  });
});

describe('the other routes', () => {
  const config = { apiEndpoint: 'https://api.example/v1/upload/generate-url', apiKey: 'test-api-key-1' };
  it('are siblings of the generate-url endpoint; status asks for every key', async () => {
    const { fn, calls } = fakeFetch(json({ statuses: [{ key: 'uploads/a/b.png', state: 'checking' }] }));
    expect(await createUploadApi(fn, config).statuses(['uploads/a/b.png', 'uploads/c/d e.mp4'])).toEqual([
      { key: 'uploads/a/b.png', state: 'checking' },
    ]);
    expect(calls[0]!.url).toBe(
      'https://api.example/v1/upload/status?key=uploads%2Fa%2Fb.png&key=uploads%2Fc%2Fd+e.mp4',
    );
    expect(calls[0]!.init).toMatchObject({ method: 'GET', headers: { 'x-api-key': 'test-api-key-1' } });

    const abort = fakeFetch(new Response(null, { status: 204 }));
    await createUploadApi(abort.fn, config).abort({ password: 'p', key: 'k', uploadId: 'u' });
    expect(abort.calls[0]!.url).toBe('https://api.example/v1/upload/abort');
  });
});

describe('declaredType', () => {
  it.each([
    [{ name: 'a.jpg', type: 'image/jpeg' }, 'image/jpeg'],
    [{ name: 'a.jpg', type: 'image/pjpeg' }, 'image/jpeg'],
    [{ name: 'clip.wmv', type: '' }, 'video/x-ms-wmv'],
    [{ name: 'clip.avi', type: 'video/avi' }, 'video/x-msvideo'],
    [{ name: 'notes.txt', type: 'text/plain' }, undefined],
    [{ name: 'noext', type: '' }, undefined],
  ])('%j → %s', (file, expected) => {
    expect(declaredType(file)).toBe(expected);
  });
});
