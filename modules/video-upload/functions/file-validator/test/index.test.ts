import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('file-validator entry', () => {
  it('fails the invocation (Lambda retries, nothing is deleted) when the environment is invalid', async () => {
    vi.stubEnv('FINAL_BUCKET', '');
    vi.stubEnv('CLAMAV_ENABLED', 'maybe');
    const { handler } = await import('../src/index.js');
    await expect(handler({ Records: [] })).rejects.toThrow(
      `file-validator: invalid environment: FINAL_BUCKET: expected a bucket name; CLAMAV_ENABLED: expected "true" or "false", got 'maybe'`,
    );
  });
});
