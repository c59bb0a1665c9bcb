import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  vi.resetModules();
});

describe('presigned-url-generator entry', () => {
  it('answers 500 with CORS headers and logs the reason when the environment is invalid', async () => {
    vi.stubEnv('STAGING_BUCKET', '');
    vi.stubEnv('UPLOAD_PASSWORDS_SECRET_ARN', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:x');
    vi.stubEnv('ALLOWED_ORIGINS', 'https://upload.example');
    vi.stubEnv('MAX_UPLOAD_BYTES', 'lots');
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { handler } = await import('../src/index.js');
    const response = await handler({
      httpMethod: 'POST',
      headers: { Origin: 'https://upload.example' },
      body: '{}',
    } as never);
    expect(response.statusCode).toBe(500);
    expect(response.headers).toMatchObject({
      'Access-Control-Allow-Origin': 'https://upload.example',
      'Content-Type': 'application/json',
    });
    expect(JSON.parse(response.body)).toEqual({ error: 'The upload service is misconfigured; see its logs.' });
    expect(logged.mock.calls.map((c) => String(c[0])).join('\n')).toContain(
      'presigned-url-generator: invalid environment: STAGING_BUCKET: expected a bucket name; MAX_UPLOAD_BYTES: expected a whole number',
    );
  });
});
