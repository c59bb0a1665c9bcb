import { createReadStream, createWriteStream } from 'node:fs';
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
  PutObjectCommand,
  S3ServiceException,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { z } from 'zod';
import { validate } from '../../../../shared-functions/src/zod-issues.js';
import { errorMessage } from '../../../../shared-functions/src/errors.js';
import type { Logger } from '../../../../shared-functions/src/logger.js';
import type { ScanResult } from './clamav.js';
import { SVG_MIME } from '../../shared/src/media-types.js';
import { statusKey, type UploadStatus } from '../../shared/src/status.js';
import { tooLargeMessage } from '../../shared/src/sizes.js';
import { detectMime, judge, SNIFF_BYTES } from './detect.js';
import { copySource, decodeS3Key, finalKey } from './keys.js';
import { rasterProblem, type ImageBytes } from './raster.js';
import { svgProblem } from './svg.js';

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
    // versionId: present for a versioned bucket (the staging bucket is one).
    object: z.object({ key: z.string().min(1), versionId: z.string().min(1).optional() }),
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

/** The staging object version another delivery of the same event already handled and removed. */
class GoneError extends Error {}

/**
 * Validates one uploaded object version: read its first bytes (Range GET), compare the
 * detected type with the declared Content-Type, look for active content (SVG) or data after
 * the image (raster polyglots), scan it with ClamAV when enabled, then copy it to the final
 * bucket under images/ or videos/ with the detected Content-Type (SVG also
 * `Content-Disposition: attachment`), record the verdict (status object) and delete that
 * version from staging. Invalid and infected versions get a `rejected` verdict and are
 * deleted. `input` is one record of an S3 event notification (validated here; a malformed
 * one is `skipped`). Never throws: errors become a `failed` outcome.
 *
 * Every read, the copy and the delete name the version the event announced: an upload that
 * lands on the same key meanwhile (the pre-signed URL is still valid) is a new version with
 * its own event, never copied or deleted unvalidated by this one.
 *
 * Idempotent: a version that is gone (at the start or at any step) was handled by another
 * delivery of the event, which counts as success; a version that was copied but not yet
 * deleted is copied again (same bytes) and then deleted.
 */
export async function processRecord(input: unknown, deps: ValidatorDeps): Promise<RecordOutcome> {
  const { logger } = deps;
  const parsed = validate(recordSchema, input, { all: true, values: false });
  if (!parsed.ok) {
    // Retrying cannot fix a malformed record: report it and go on.
    const reason = `not an S3 event record: ${parsed.message}`;
    logger.error(`skipped a record: ${reason}`);
    return { key: '', bucket: '', outcome: 'skipped', reason };
  }
  const record = parsed.value;
  const bucket = record.s3.bucket.name;
  let key: string;
  try {
    key = decodeS3Key(record.s3.object.key);
  } catch {
    // S3 percent-encodes every key it announces; a retry would fail the same way.
    const reason = `not an S3 event record: s3.object.key is not URL-encoded ('${record.s3.object.key.slice(0, 200)}')`;
    logger.error(`skipped a record: ${reason}`);
    return { key: record.s3.object.key, bucket, outcome: 'skipped', reason };
  }
  try {
    if (!record.eventName.startsWith('ObjectCreated:')) {
      return { key, bucket, outcome: 'skipped', reason: `event ${record.eventName} is not an upload` };
    }
    return await validateVersion({ bucket, key, versionId: record.s3.object.versionId }, deps);
  } catch (error) {
    if (error instanceof GoneError) {
      logger.info(`s3://${bucket}/${key}: no longer in staging (handled by another delivery of this event)`);
      return { key, bucket, outcome: 'already-processed' };
    }
    logger.error(`s3://${bucket}/${key}: not processed, object kept for retry: ${errorMessage(error)}`);
    return { key, bucket, outcome: 'failed', reason: errorMessage(error) };
  }
}

interface ObjectRef {
  bucket: string;
  key: string;
  /** Undefined only for an unversioned bucket (then reads are pinned by ETag instead). */
  versionId?: string;
}

async function validateVersion(announced: ObjectRef, deps: ValidatorDeps): Promise<RecordOutcome> {
  const { s3, logger } = deps;
  const { bucket, key } = announced;
  const head = await gone(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: announced.versionId })));
  // Without a version in the event (unversioned bucket), pin to the version HEAD saw.
  const ref: ObjectRef = { bucket, key, versionId: announced.versionId ?? head.VersionId };
  const pin = ref.versionId ? { VersionId: ref.versionId } : { IfMatch: head.ETag };
  const where = `s3://${bucket}/${key}${ref.versionId ? ` (version ${ref.versionId})` : ''}`;

  const reject = async (reason: string, outcome: 'rejected' | 'infected' = 'rejected', signature = '') => {
    await writeStatus(deps, ref, { outcome: 'rejected', reason });
    await removeVersion(deps, ref);
    logger.warning(`${where}: rejected and deleted: ${reason}`);
    return outcome === 'infected'
      ? { key, bucket, outcome, signature }
      : { key, bucket, outcome: 'rejected' as const, reason };
  };

  if (!head.ContentLength) return reject('the object is empty');
  const size = head.ContentLength;

  const first = await gone(
    s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${SNIFF_BYTES - 1}`, ...pin })),
  );
  const headBytes = first.Body ? await first.Body.transformToByteArray() : new Uint8Array();
  const verdict = judge(head.ContentType, await detectMime(headBytes));
  if (!verdict.valid) return reject(verdict.reason);
  const mime = verdict.mediaType.mime;
  // The generator refuses such a size, but a multipart upload's parts are not bound to its type.
  const typeLimit = verdict.mediaType.maxBytes;
  if (typeLimit !== undefined && size > typeLimit)
    return reject(tooLargeMessage(size, typeLimit, verdict.mediaType.label));

  // The whole object is read at most once from S3 (into /tmp when ClamAV needs a file), and
  // only for the checks that need it: a video with ClamAV off costs one small Range GET.
  let file: string | undefined;
  const dir = deps.scan ? await mkdtemp(join(deps.tmpDir ?? tmpdir(), 'file-validator-')) : undefined;
  try {
    const objectStream = async function* () {
      const object = await gone(s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...pin })));
      if (!(object.Body instanceof Readable)) throw new Error('GetObject returned no readable body');
      yield* object.Body as AsyncIterable<Uint8Array>;
    };
    if (deps.scan && dir) {
      file = join(dir, 'object');
      await pipeline(Readable.from(objectStream()), createWriteStream(file, { mode: 0o600 }));
    }
    const source = file ? () => createReadStream(file!) : objectStream;

    const problem = await contentProblem(mime, {
      size,
      head: headBytes,
      stream: source,
      range: async (offset, length) => {
        const part = await gone(
          s3.send(
            new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${offset}-${offset + length - 1}`, ...pin }),
          ),
        );
        return part.Body ? part.Body.transformToByteArray() : new Uint8Array();
      },
    });
    if (problem) return reject(problem);

    if (deps.scan && file) {
      const result = await deps.scan(file);
      if (result.status === 'infected')
        return reject(`a virus was found (${result.signature})`, 'infected', result.signature);
      if (result.status === 'error') {
        // Not validated: keep the object so a retry (or a person) can finish the job.
        logger.error(`${where}: virus scan failed, object kept for retry: ${result.detail}`);
        return { key, bucket, outcome: 'failed', reason: `virus scan failed: ${result.detail}` };
      }
    }
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }

  const target = finalKey(key, verdict.mediaType.category);
  await gone(
    s3.send(
      new CopyObjectCommand({
        Bucket: deps.finalBucket,
        Key: target,
        CopySource: copySource(bucket, key, ref.versionId),
        // Exactly the bytes that were checked.
        ...(ref.versionId ? {} : { CopySourceIfMatch: head.ETag }),
        MetadataDirective: 'REPLACE',
        ContentType: mime,
        // An SVG opened from the bucket's URL would be a document of its origin: download it instead.
        ...(mime === SVG_MIME ? { ContentDisposition: 'attachment' } : {}),
      }),
    ),
  );
  await writeStatus(deps, ref, { outcome: 'accepted', finalKey: target, contentType: mime });
  await removeVersion(deps, ref);
  logger.info(`${where}: valid ${mime}; moved to s3://${deps.finalBucket}/${target}`);
  return { key, bucket, outcome: 'moved', finalKey: target, type: mime };
}

const RASTER_CHECKED = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp', 'image/tiff']);

/** SVG (active content) and raster images (data after the image) are read in full; videos are not. */
async function contentProblem(mime: string, bytes: ImageBytes): Promise<string | undefined> {
  if (mime === SVG_MIME) {
    const problem = await svgProblem(bytes.stream());
    return problem && `SVG with active content: ${problem}`;
  }
  if (RASTER_CHECKED.has(mime)) return rasterProblem(mime, bytes);
  return undefined;
}

async function writeStatus(
  deps: ValidatorDeps,
  ref: ObjectRef,
  verdict: { outcome: 'accepted'; finalKey: string; contentType: string } | { outcome: 'rejected'; reason: string },
): Promise<void> {
  const status: UploadStatus = {
    key: ref.key,
    ...(ref.versionId ? { versionId: ref.versionId } : {}),
    ...verdict,
    checkedAt: new Date().toISOString(),
  };
  await deps.s3.send(
    new PutObjectCommand({
      Bucket: ref.bucket,
      Key: statusKey(ref.key),
      Body: JSON.stringify(status),
      ContentType: 'application/json',
    }),
  );
}

/** Deletes exactly the validated version (a delete of a version that is already gone succeeds). */
async function removeVersion(deps: ValidatorDeps, ref: ObjectRef): Promise<void> {
  await deps.s3.send(new DeleteObjectCommand({ Bucket: ref.bucket, Key: ref.key, VersionId: ref.versionId }));
}

/** Turns "this version is not there (any more)" into GoneError. */
async function gone<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (isNotFound(error)) throw new GoneError();
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (['NotFound', 'NoSuchKey', 'NoSuchVersion'].includes(error.name) || error.$metadata.httpStatusCode === 404)
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
