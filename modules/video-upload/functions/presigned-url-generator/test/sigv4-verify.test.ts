import { describe, expect, it } from 'vitest';
import { verifyPresignedUrl } from './sigv4-verify.js';

// The test oracle itself must be right: AWS's published example of a pre-signed GET
// ("Authenticating Requests: Using Query Parameters", Amazon S3 API Reference).
const exampleUrl =
  'https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
  '&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z' +
  '&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404';
const exampleCredentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

describe('verifyPresignedUrl (test oracle)', () => {
  it("accepts AWS's documented example", () => {
    expect(verifyPresignedUrl(exampleUrl, { method: 'GET', headers: {} }, exampleCredentials)).toEqual({
      valid: true,
      signedHeaders: ['host'],
    });
  });

  it('rejects it with another secret, method, path or expiry', () => {
    expect(
      verifyPresignedUrl(
        exampleUrl,
        { method: 'GET', headers: {} },
        { ...exampleCredentials, secretAccessKey: 'other' },
      ).valid,
    ).toBe(false);
    expect(verifyPresignedUrl(exampleUrl, { method: 'PUT', headers: {} }, exampleCredentials).valid).toBe(false);
    expect(
      verifyPresignedUrl(
        exampleUrl.replace('test.txt', 'test2.txt'),
        { method: 'GET', headers: {} },
        exampleCredentials,
      ).valid,
    ).toBe(false);
    expect(
      verifyPresignedUrl(
        exampleUrl,
        { method: 'GET', headers: {} },
        exampleCredentials,
        new Date('2013-05-25T00:00:01Z'),
      ),
    ).toMatchObject({ valid: false, reason: 'expired' });
  });
});
