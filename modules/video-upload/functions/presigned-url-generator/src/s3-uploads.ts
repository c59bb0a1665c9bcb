import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3ServiceException,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { statusKey, uploadStatusSchema } from '../../shared/src/status.js';
import { partPlan } from '../../shared/src/sizes.js';

/**
 * The generator's S3 calls. Every URL it signs binds the length (and for a single PUT the
 * type) of what may be sent, so the browser can upload nothing but the declared file.
 */

export interface SignedPart {
  partNumber: number;
  url: string;
  size: number;
}

/** One pre-signed PUT of the whole file; Content-Type and Content-Length are signed. */
export async function signSinglePut(
  s3: S3Client,
  bucket: string,
  key: string,
  mime: string,
  size: number,
  expiresIn: number,
): Promise<string> {
  return getSignedUrl(s3, new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: mime, ContentLength: size }), {
    expiresIn,
    // Content-Length is signed by default; Content-Type only when asked for.
    signableHeaders: new Set(['content-type', 'content-length']),
  });
}

/** Starts a multipart upload (the object's Content-Type is set here, not by the browser). */
export async function startMultipart(s3: S3Client, bucket: string, key: string, mime: string): Promise<string> {
  const started = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: mime }));
  if (!started.UploadId) throw new Error(`CreateMultipartUpload for ${key} returned no UploadId`);
  return started.UploadId;
}

/** Pre-signed UploadPart URLs for the given parts of the plan for `size`, each bound to its length. */
export async function signParts(
  s3: S3Client,
  target: { bucket: string; key: string; uploadId: string; size: number },
  partNumbers: readonly number[],
  expiresIn: number,
): Promise<SignedPart[]> {
  const plan = partPlan(target.size).parts;
  return Promise.all(
    partNumbers.map(async (partNumber) => {
      const part = plan[partNumber - 1]!;
      const url = await getSignedUrl(
        s3,
        new UploadPartCommand({
          Bucket: target.bucket,
          Key: target.key,
          UploadId: target.uploadId,
          PartNumber: partNumber,
          ContentLength: part.size,
        }),
        { expiresIn, signableHeaders: new Set(['content-length']) },
      );
      return { partNumber, url, size: part.size };
    }),
  );
}

/** What went wrong with a multipart call, in words for the page; undefined for an unexpected error. */
export function multipartFailure(error: unknown): { status: 400 | 404; error: string } | undefined {
  if (!(error instanceof S3ServiceException)) return undefined;
  switch (error.name) {
    case 'NoSuchUpload':
      return { status: 404, error: 'This upload no longer exists (it was completed, aborted or expired).' };
    case 'InvalidPart':
      return { status: 400, error: 'A part was not uploaded or its ETag does not match; upload that part again.' };
    case 'InvalidPartOrder':
      return { status: 400, error: 'The parts must be listed in ascending order.' };
    case 'EntityTooSmall':
      return { status: 400, error: 'A part other than the last is smaller than 5 MB.' };
    default:
      return undefined;
  }
}

export async function completeMultipart(
  s3: S3Client,
  target: { bucket: string; key: string; uploadId: string },
  parts: readonly { partNumber: number; etag: string }[],
): Promise<void> {
  await s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: target.bucket,
      Key: target.key,
      UploadId: target.uploadId,
      MultipartUpload: {
        Parts: [...parts]
          .sort((a, b) => a.partNumber - b.partNumber)
          .map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })),
      },
    }),
  );
}

/** Aborts; an upload that is already gone counts as aborted. */
export async function abortMultipart(
  s3: S3Client,
  target: { bucket: string; key: string; uploadId: string },
): Promise<void> {
  try {
    await s3.send(
      new AbortMultipartUploadCommand({ Bucket: target.bucket, Key: target.key, UploadId: target.uploadId }),
    );
  } catch (error) {
    if (error instanceof S3ServiceException && error.name === 'NoSuchUpload') return;
    throw error;
  }
}

/** What the page learns about one key. */
export type KeyStatus =
  | { key: string; state: 'checking' }
  | { key: string; state: 'accepted'; location: string; contentType: string }
  | { key: string; state: 'rejected'; reason: string };

/** The validator's verdict from its status object; `checking` while there is none yet. */
export async function readStatus(s3: S3Client, bucket: string, key: string): Promise<KeyStatus> {
  let text: string;
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: statusKey(key) }));
    text = object.Body ? await object.Body.transformToString('utf8') : '';
  } catch (error) {
    if (error instanceof S3ServiceException && (error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404))
      return { key, state: 'checking' };
    throw error;
  }
  const parsed = uploadStatusSchema.safeParse(JSON.parse(text));
  if (!parsed.success || parsed.data.key !== key) throw new Error(`status object for ${key} is not a verdict on it`);
  const status = parsed.data;
  return status.outcome === 'accepted'
    ? { key, state: 'accepted', location: status.finalKey, contentType: status.contentType }
    : { key, state: 'rejected', reason: status.reason };
}
