import { describe, expect, it } from 'vitest';
import { parseValidatorConfig } from '../src/config.js';

describe('parseValidatorConfig', () => {
  it('has ClamAV off by default with the layer paths', () => {
    expect(parseValidatorConfig({ FINAL_BUCKET: 'phenom-dev-video-final' })).toEqual({
      finalBucket: 'phenom-dev-video-final',
      clamav: { enabled: false, dbPath: '/opt/clamav', clamscanPath: 'clamscan' },
    });
  });
  it('reads the ClamAV settings', () => {
    expect(
      parseValidatorConfig({
        FINAL_BUCKET: 'final-b',
        CLAMAV_ENABLED: 'TRUE',
        CLAMAV_DB_PATH: '/tmp/db',
        CLAMSCAN_PATH: '/opt/bin/clamscan',
      }).clamav,
    ).toEqual({
      enabled: true,
      dbPath: '/tmp/db',
      clamscanPath: '/opt/bin/clamscan',
    });
  });
  it('names the bad variables', () => {
    expect(() => parseValidatorConfig({ CLAMAV_ENABLED: 'yes' })).toThrow(
      /^file-validator: invalid environment: FINAL_BUCKET: required: the final bucket name; CLAMAV_ENABLED: expected "true" or "false", got 'yes'$/,
    );
  });
});
