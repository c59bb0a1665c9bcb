import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3ServiceException,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { z } from 'zod';
import { formatIssues } from '../../../../shared-functions/src/env.js';
import { errorMessage } from '../../../../shared-functions/src/errors.js';
import type { Logger } from '../../../../shared-functions/src/logger.js';
import type { ScanResult } from './clamav.js';
import { detectMime, judge, SNIFF_BYTES } from './detect.js';
import { copySource, decodeS3Key, finalKey } from './keys.js';

export interface ValidatorDeps {
  s3: S3Client;
  finalBucket: string;
  logger: Logger;
  /** Virus scan of a local file; undefined when ClamAV is disabled. */
  scan?: (file: string) => Promise<ScanResult>;
  /** Where whole objects are downloaded for the scan (default: the OS temp dir, /tmp on Lambda). */
  tmpDir?: string;
}

/** The fields of an S3 notification record the validator relies on (validated at the edge). */
const recordSchema = z.object({
  eventName: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({ key: z.string().min(1) }),
  }),
});

/** What happened to one record. `failed` keeps the staging object so a retry can finish the job. */
export type RecordOutcome =
  | { key: string; bucket: string; outcome: 'moved'; finalKey: string; type: string }
  | { key: string; bucket: string; outcome: 'rejected'; reason: string }
  | { key: string; bucket: string; outcome: 'infected'; signature: string }
  | { key: string; bucket: string; outcome: 'already-processed' }
  | { key: string; bucket: string; outcome: 'skipped'; reason: string }
  | { key: string; bucket: string; outcome: 'failed'; reason: string };

/**
 * Validates one uploaded object: read its first bytes (Range GET), compare the detected type
 * with the declared Content-Type, scan it with ClamAV when enabled, then copy it to the
 * final bucket under images/ or videos/ and delete it from staging. Invalid and infected
 * objects are deleted. `input` is one record of an S3 event notification (validated here;
 * a malformed one is `skipped`). Never throws: errors become a `failed` outcome.
 *
 * Idempotent: an object that is no longer in staging was handled by an earlier delivery
 * (moved or deleted), which counts as success; an object that was copied but not yet
 * deleted is copied again (same bytes) and then deleted.
 */
export async function processRecord(input: unknown, deps: ValidatorDeps): Promise<RecordOutcome> {
  const { s3, logger } = deps;
  const parsed = recordSchema.safeParse(input);
  if (!parsed.success) {
    // Retrying cannot fix a malformed record: report it and go on.
    const reason = `not an S3 event record: ${formatIssues(parsed.error)}`;
    logger.error(`skipped a record: ${reason}`);
    return { key: '', bucket: '', outcome: 'skipped', reason };
  }
  const record = parsed.data;
  const bucket = record.s3.bucket.name;
  let key = record.s3.object.key;
  try {
    key = decodeS3Key(record.s3.object.key);
    if (!record.eventName.startsWith('ObjectCreated:')) {
      return { key, bucket, outcome: 'skipped', reason: `event ${record.eventName} is not an upload` };
    }

    let head;
    try {
      head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    } catch (error) {
      if (isNotFound(error)) {
        logger.info(`s3://${bucket}/${key}: no longer in staging (handled by an earlier delivery)`);
        return { key, bucket, outcome: 'already-processed' };
      }
      throw error;
    }

    const remove = async () => {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    };

    if (!head.ContentLength) {
      await remove();
      logger.warning(`s3://${bucket}/${key}: rejected and deleted: the object is empty`);
      return { key, bucket, outcome: 'rejected', reason: 'the object is empty' };
    }

    const first = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${SNIFF_BYTES - 1}`, IfMatch: head.ETag }),
    );
    const bytes = first.Body ? await first.Body.transformToByteArray() : new Uint8Array();
    const verdict = judge(head.ContentType, await detectMime(bytes));
    if (!verdict.valid) {
      await remove();
      logger.warning(`s3://${bucket}/${key}: rejected and deleted: ${verdict.reason}`);
      return { key, bucket, outcome: 'rejected', reason: verdict.reason };
    }

    if (deps.scan) {
      const result = await scanObject(s3, bucket, key, head.ETag, deps.scan, deps.tmpDir);
      if (result.status === 'infected') {
        await remove();
        logger.warning(`s3://${bucket}/${key}: infected (${result.signature}); deleted`);
        return { key, bucket, outcome: 'infected', signature: result.signature };
      }
      if (result.status === 'error') {
        // Not validated: keep the object so a retry (or a person) can finish the job.
        logger.error(`s3://${bucket}/${key}: virus scan failed, object kept for retry: ${result.detail}`);
        return { key, bucket, outcome: 'failed', reason: `virus scan failed: ${result.detail}` };
      }
    }

    const target = finalKey(key, verdict.mediaType.category);
    await s3.send(
      new CopyObjectCommand({
        Bucket: deps.finalBucket,
        Key: target,
        CopySource: copySource(bucket, key),
        CopySourceIfMatch: head.ETag, // exactly the bytes that were checked
        MetadataDirective: 'REPLACE',
        ContentType: verdict.mediaType.mime,
      }),
    );
    await remove();
    logger.info(`s3://${bucket}/${key}: valid ${verdict.mediaType.mime}; moved to s3://${deps.finalBucket}/${target}`);
    return { key, bucket, outcome: 'moved', finalKey: target, type: verdict.mediaType.mime };
  } catch (error) {
    logger.error(`s3://${bucket}/${key}: not processed, object kept for retry: ${errorMessage(error)}`);
    return { key, bucket, outcome: 'failed', reason: errorMessage(error) };
  }
}

/** Downloads the whole object to a private temp directory, scans it, removes it. */
async function scanObject(
  s3: S3Client,
  bucket: string,
  key: string,
  etag: string | undefined,
  scan: (file: string) => Promise<ScanResult>,
  tmpDir = tmpdir(),
): Promise<ScanResult> {
  const dir = await mkdtemp(join(tmpDir, 'file-validator-'));
  try {
    const file = join(dir, 'object');
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, IfMatch: etag }));
    if (!(object.Body instanceof Readable)) throw new Error('GetObject returned no readable body');
    await pipeline(object.Body, createWriteStream(file, { mode: 0o600 }));
    return await scan(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function isNotFound(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.name === 'NotFound' || error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404)
  );
}

export interface EventResult {
  records: RecordOutcome[];
}

/**
 * Every record of the event, one after the other (bounded /tmp and memory use for the
 * scans). A failed record does not stop the others. If any failed, throws after all were
 * handled, naming the failed keys: Lambda then retries the event (S3 invokes
 * asynchronously; two retries by default), and the records that succeeded are no-ops on
 * the retry because their staging objects are gone.
 */
export async function processEvent(event: S3Event | { Records?: unknown }, deps: ValidatorDeps): Promise<EventResult> {
  const records: RecordOutcome[] = [];
  // S3's own `s3:TestEvent` (sent when the notification is configured) has no Records.
  const input: unknown[] = Array.isArray(event.Records) ? event.Records : [];
  for (const record of input) records.push(await processRecord(record, deps));
  const failed = records.filter((r): r is Extract<RecordOutcome, { outcome: 'failed' }> => r.outcome === 'failed');
  if (failed.length > 0) {
    throw new ValidationRunError(
      `file-validator: ${failed.length} of ${records.length} record(s) failed and were kept for retry: ` +
        failed.map((r) => `s3://${r.bucket}/${r.key} (${r.reason})`).join(', '),
      records,
    );
  }
  return { records };
}

/** Thrown by processEvent when a record failed; carries every record's outcome. */
export class ValidationRunError extends Error {
  override name = 'ValidationRunError';
  constructor(
    message: string,
    readonly records: RecordOutcome[],
  ) {
    super(message);
  }
}
