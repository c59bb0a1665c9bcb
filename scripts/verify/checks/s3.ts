/** S3: public access blocked, default encryption, and versioning/lifecycle where expectations.ts sets them. */
import type {
  BucketVersioningStatus,
  LifecycleRule,
  PublicAccessBlockConfiguration,
  ServerSideEncryptionConfiguration,
} from '@aws-sdk/client-s3';
import type { BucketExpectation, Expectations } from '../expectations.js';
import { days, fail, pass, verdict, type Outcome } from '../types.js';

const PUBLIC_ACCESS_FLAGS = [
  'BlockPublicAcls',
  'IgnorePublicAcls',
  'BlockPublicPolicy',
  'RestrictPublicBuckets',
] as const;

/** `config` is undefined when the bucket has no public access block at all. */
export function evaluatePublicAccessBlock(config: PublicAccessBlockConfiguration | undefined): Outcome {
  if (!config) return fail('no public access block configured (expected all four flags true)');
  const off = PUBLIC_ACCESS_FLAGS.filter((flag) => config[flag] !== true);
  return off.length === 0
    ? pass('all four public access block flags are true')
    : fail(`public access block flags not true: ${off.join(', ')}`);
}

/** `config` is undefined when the bucket has no default encryption configuration. */
export function evaluateEncryption(
  config: ServerSideEncryptionConfiguration | undefined,
  expect: Expectations['s3'],
): Outcome {
  const algorithms = (config?.Rules ?? [])
    .map((rule) => rule.ApplyServerSideEncryptionByDefault?.SSEAlgorithm)
    .filter((a) => a !== undefined);
  if (algorithms.length === 0)
    return fail(`no default encryption configured (expected one of ${expect.sseAlgorithms.join(', ')})`);
  const accepted = algorithms.find((a) => expect.sseAlgorithms.includes(a));
  return accepted
    ? pass(`default encryption ${accepted}`)
    : fail(`default encryption ${algorithms.join(', ')} (expected one of ${expect.sseAlgorithms.join(', ')})`);
}

/** `status` is GetBucketVersioning's Status: undefined for a bucket that was never versioned. */
export function evaluateVersioning(status: BucketVersioningStatus | string | undefined): Outcome {
  return status === 'Enabled'
    ? pass('versioning Enabled')
    : fail(`versioning is ${status ?? 'not enabled (never configured)'} (expected Enabled)`);
}

/** An enabled rule without any filter condition applies to every object in the bucket. */
export function coversWholeBucket(rule: LifecycleRule): boolean {
  if (rule.Status !== 'Enabled') return false;
  // `Prefix` at rule level is the deprecated form of Filter.Prefix.
  if (rule.Prefix) return false;
  const filter = rule.Filter;
  if (!filter) return true;
  return (
    !filter.Prefix &&
    !filter.Tag &&
    !filter.And &&
    filter.ObjectSizeGreaterThan === undefined &&
    filter.ObjectSizeLessThan === undefined
  );
}

/**
 * `rules` is undefined when the bucket has no lifecycle configuration; `versioning` is the
 * bucket's versioning status (noncurrent versions must not outlive the expiry).
 */
export function evaluateLifecycle(
  rules: readonly LifecycleRule[] | undefined,
  expect: BucketExpectation,
  versioning: string | undefined,
): Outcome {
  const wanted = describeLifecycle(expect);
  if (!rules || rules.length === 0) return fail(`no lifecycle configuration (expected ${wanted})`);
  const whole = rules.filter(coversWholeBucket);
  const problems: string[] = [];
  const found: string[] = [];

  if (expect.abortIncompleteMultipartUploadDays !== undefined) {
    const abort = whole
      .map((r) => r.AbortIncompleteMultipartUpload?.DaysAfterInitiation)
      .filter((d) => d !== undefined);
    if (abort.includes(expect.abortIncompleteMultipartUploadDays))
      found.push(`incomplete multipart uploads aborted after ${days(expect.abortIncompleteMultipartUploadDays)}`);
    else
      problems.push(
        `no enabled whole-bucket rule aborts incomplete multipart uploads after ${days(expect.abortIncompleteMultipartUploadDays)}${foundDays(abort)}`,
      );
  }

  if (expect.expirationDays !== undefined) {
    const expiry = whole.map((r) => r.Expiration?.Days).filter((d) => d !== undefined);
    if (expiry.includes(expect.expirationDays)) found.push(`objects expire after ${days(expect.expirationDays)}`);
    else
      problems.push(
        `no enabled whole-bucket rule expires objects after ${days(expect.expirationDays)}${foundDays(expiry)}`,
      );
    if (versioning === 'Enabled' || versioning === 'Suspended') {
      const noncurrent = whole.map((r) => r.NoncurrentVersionExpiration?.NoncurrentDays).filter((d) => d !== undefined);
      if (noncurrent.some((d) => d <= expect.expirationDays!)) found.push('noncurrent versions too');
      else
        problems.push(
          `bucket is versioned but noncurrent versions do not expire within ${days(expect.expirationDays)}${foundDays(noncurrent)}`,
        );
    }
  }
  return verdict(problems, found.join(', ') || 'lifecycle configured');
}

/** " (found 30 days)" / " (found 2, 3 days)"; empty when nothing was found. */
function foundDays(values: readonly number[]): string {
  return values.length === 0
    ? ''
    : ` (found ${values.join(', ')} day${values.length === 1 && values[0] === 1 ? '' : 's'})`;
}

function describeLifecycle(expect: BucketExpectation): string {
  const parts: string[] = [];
  if (expect.abortIncompleteMultipartUploadDays !== undefined)
    parts.push(`abort incomplete multipart uploads after ${days(expect.abortIncompleteMultipartUploadDays)}`);
  if (expect.expirationDays !== undefined) parts.push(`expire objects after ${days(expect.expirationDays)}`);
  return parts.join(' and ');
}
