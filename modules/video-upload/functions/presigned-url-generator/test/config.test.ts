import { describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../../../shared-functions/src/env.js';
import { parseGeneratorConfig } from '../src/config.js';

const base = {
  STAGING_BUCKET: 'phenom-dev-video-staging',
  UPLOAD_PASSWORDS_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:upload-AbCdEf',
  ALLOWED_ORIGINS: '*',
};

describe('parseGeneratorConfig', () => {
  it('applies the documented defaults', () => {
    expect(parseGeneratorConfig(base)).toEqual({
      stagingBucket: 'phenom-dev-video-staging',
      passwordsSecretArn: base.UPLOAD_PASSWORDS_SECRET_ARN,
      maxUploadBytes: 524_288_000,
      multipartThresholdBytes: 16_777_216,
      urlExpirySeconds: 3600,
      allowedOrigins: ['*'],
      secretCacheTtlSeconds: 300,
    });
  });

  it('reads overrides and a list of origins', () => {
    const config = parseGeneratorConfig({
      ...base,
      MAX_UPLOAD_BYTES: '1048576',
      URL_EXPIRY_SECONDS: '900',
      SECRET_CACHE_TTL_SECONDS: '0',
      ALLOWED_ORIGINS: ' https://upload.phenom.example , http://127.0.0.1:8080',
    });
    expect(config).toMatchObject({ maxUploadBytes: 1_048_576, urlExpirySeconds: 900, secretCacheTtlSeconds: 0 });
    expect(config.allowedOrigins).toEqual(['https://upload.phenom.example', 'http://127.0.0.1:8080']);
  });

  it('names every bad variable in one line', () => {
    let error: unknown;
    try {
      parseGeneratorConfig({
        ALLOWED_ORIGINS: 'https://a.example/path',
        MAX_UPLOAD_BYTES: '5MB',
        URL_EXPIRY_SECONDS: '700000',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvironmentError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toMatch(/^presigned-url-generator: invalid environment: /);
    for (const name of [
      'STAGING_BUCKET: required',
      'UPLOAD_PASSWORDS_SECRET_ARN: required',
      'MAX_UPLOAD_BYTES: expected a whole number from 1 to',
      "got '5MB'",
      'URL_EXPIRY_SECONDS: expected a whole number from 1 to 604800',
      'ALLOWED_ORIGINS[0]',
    ]) {
      expect(message).toContain(name);
    }
  });

  it('rejects an origin that is not a URL', () => {
    expect(() => parseGeneratorConfig({ ...base, ALLOWED_ORIGINS: 'upload.example.com' })).toThrow(
      /ALLOWED_ORIGINS\[0\]: expected \* or an origin/,
    );
  });

  it('requires ALLOWED_ORIGINS', () => {
    expect(() => parseGeneratorConfig({ ...base, ALLOWED_ORIGINS: ' , ' })).toThrow(/ALLOWED_ORIGINS: required/);
  });
});
