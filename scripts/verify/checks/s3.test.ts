import type { LifecycleRule } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { EXPECTATIONS } from '../expectations.js';
import {
  coversWholeBucket,
  evaluateEncryption,
  evaluateLifecycle,
  evaluatePublicAccessBlock,
  evaluateVersioning,
} from './s3.js';

const allBlocked = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};
const general = EXPECTATIONS.s3.buckets.s3_bucket_name;
const staging = EXPECTATIONS.s3.buckets.video_staging_bucket;

describe('evaluatePublicAccessBlock', () => {
  it('passes only with all four flags true', () => {
    expect(evaluatePublicAccessBlock(allBlocked).status).toBe('pass');
    expect(
      evaluatePublicAccessBlock({ ...allBlocked, BlockPublicPolicy: false, RestrictPublicBuckets: false }),
    ).toEqual({
      status: 'fail',
      reason: 'public access block flags not true: BlockPublicPolicy, RestrictPublicBuckets',
    });
    expect(evaluatePublicAccessBlock(undefined)).toEqual({
      status: 'fail',
      reason: 'no public access block configured (expected all four flags true)',
    });
  });
});

describe('evaluateEncryption', () => {
  it('accepts SSE-S3 and SSE-KMS default encryption, fails without', () => {
    expect(
      evaluateEncryption(
        { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        EXPECTATIONS.s3,
      ),
    ).toEqual({ status: 'pass', reason: 'default encryption AES256' });
    expect(
      evaluateEncryption(
        { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/x' } }] },
        EXPECTATIONS.s3,
      ).status,
    ).toBe('pass');
    expect(evaluateEncryption(undefined, EXPECTATIONS.s3)).toEqual({
      status: 'fail',
      reason: 'no default encryption configured (expected one of AES256, aws:kms, aws:kms:dsse)',
    });
    expect(evaluateEncryption({ Rules: [{ BucketKeyEnabled: true }] }, EXPECTATIONS.s3).status).toBe('fail');
  });
});

describe('evaluateVersioning', () => {
  it('requires Enabled', () => {
    expect(evaluateVersioning('Enabled').status).toBe('pass');
    expect(evaluateVersioning('Suspended')).toEqual({
      status: 'fail',
      reason: 'versioning is Suspended (expected Enabled)',
    });
    expect(evaluateVersioning(undefined)).toEqual({
      status: 'fail',
      reason: 'versioning is not enabled (never configured) (expected Enabled)',
    });
  });
});

describe('lifecycle', () => {
  const abort = (days: number, over: Partial<LifecycleRule> = {}): LifecycleRule => ({
    ID: 'abort',
    Status: 'Enabled',
    Filter: {},
    AbortIncompleteMultipartUpload: { DaysAfterInitiation: days },
    ...over,
  });
  const expire = (days: number, noncurrent?: number): LifecycleRule => ({
    ID: 'expire',
    Status: 'Enabled',
    Filter: { Prefix: '' },
    Expiration: { Days: days },
    ...(noncurrent === undefined ? {} : { NoncurrentVersionExpiration: { NoncurrentDays: noncurrent } }),
  });

  it('a rule covers the whole bucket only when enabled and unfiltered', () => {
    expect(coversWholeBucket(abort(7))).toBe(true);
    expect(coversWholeBucket(abort(7, { Filter: undefined }))).toBe(true);
    expect(coversWholeBucket(abort(7, { Status: 'Disabled' }))).toBe(false);
    expect(coversWholeBucket(abort(7, { Filter: { Prefix: 'uploads/' } }))).toBe(false);
    expect(coversWholeBucket(abort(7, { Filter: { Tag: { Key: 'k', Value: 'v' } } }))).toBe(false);
    expect(coversWholeBucket(abort(7, { Filter: { ObjectSizeGreaterThan: 1024 } }))).toBe(false);
  });

  it('general bucket: aborts incomplete multipart uploads after 7 days', () => {
    expect(evaluateLifecycle([abort(7)], general, 'Enabled')).toEqual({
      status: 'pass',
      reason: 'incomplete multipart uploads aborted after 7 days',
    });
    expect(evaluateLifecycle([abort(30)], general, 'Enabled')).toEqual({
      status: 'fail',
      reason: 'no enabled whole-bucket rule aborts incomplete multipart uploads after 7 days (found 30 days)',
    });
    expect(evaluateLifecycle([abort(7, { Status: 'Disabled' })], general, 'Enabled').status).toBe('fail');
    expect(evaluateLifecycle(undefined, general, 'Enabled')).toEqual({
      status: 'fail',
      reason: 'no lifecycle configuration (expected abort incomplete multipart uploads after 7 days)',
    });
  });

  it('staging bucket: objects expire after 1 day, and so do noncurrent versions when versioned', () => {
    expect(evaluateLifecycle([expire(1)], staging, undefined)).toEqual({
      status: 'pass',
      reason: 'objects expire after 1 day',
    });
    expect(evaluateLifecycle([expire(1, 1)], staging, 'Enabled')).toEqual({
      status: 'pass',
      reason: 'objects expire after 1 day, noncurrent versions too',
    });
    expect(evaluateLifecycle([expire(1)], staging, 'Enabled')).toEqual({
      status: 'fail',
      reason: 'bucket is versioned but noncurrent versions do not expire within 1 day',
    });
    expect(evaluateLifecycle([expire(2, 1)], staging, 'Enabled')).toEqual({
      status: 'fail',
      reason: 'no enabled whole-bucket rule expires objects after 1 day (found 2 days)',
    });
  });

  it('an expiry limited to a prefix does not count for the whole bucket', () => {
    const prefixed: LifecycleRule = { ...expire(1), Filter: { Prefix: 'uploads/' } };
    expect(evaluateLifecycle([prefixed], staging, undefined).status).toBe('fail');
  });
});
