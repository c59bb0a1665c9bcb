import { z } from 'zod';
import { mediaTypeOf, sizeLimitOf, supportedLabels, type MediaType } from '../../shared/src/media-types.js';
import { partPlan, tooLargeMessage } from '../../shared/src/sizes.js';
import { validate } from '../../../../shared-functions/src/zod-issues.js';

/**
 * Pure request handling of the presigned-url-generator: parse the JSON body, check the
 * declared type and size, build the staging key. No AWS calls here.
 */

export type ErrorStatus = 400 | 401 | 413 | 415;
export type Outcome<T> = { ok: true; value: T } | { ok: false; status: ErrorStatus; error: string };

export interface UploadRequest {
  password: string;
  fileName: string;
  contentType: string;
  size: number;
}

export interface AcceptedUpload {
  mediaType: MediaType;
  fileName: string;
  size: number;
}

const MAX_BODY_CHARS = 16_384;
// A complete request of a 5 GiB file lists 640 parts with their ETags.
const MAX_PARTS_BODY_CHARS = 262_144;
const MAX_FILE_NAME_CHARS = 1024;

const bodySchema = z.object({
  password: z.string(),
  fileName: z.string().min(1).max(MAX_FILE_NAME_CHARS),
  contentType: z.string().max(255),
  size: z.number(),
});

const BODY_SHAPE = 'Expected a JSON body {"password","fileName","contentType","size"}';

/** The API Gateway body (maybe base64) → the typed request, or a 400 that says what was wrong. */
export function parseUploadRequest(body: string | null | undefined, isBase64Encoded = false): Outcome<UploadRequest> {
  return parseBody(body, isBase64Encoded, bodySchema, BODY_SHAPE, MAX_BODY_CHARS);
}

/** `uploads/<uuid>/<sanitized name>`, as stagingKey makes them: nothing else can be completed, aborted or asked about. */
const STAGING_KEY = /^uploads\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/[A-Za-z0-9._-]{1,200}$/;
const stagingKeySchema = z.string().regex(STAGING_KEY);
const uploadIdSchema = z.string().min(1).max(1024);
const sizeSchema = z.number().int().positive();
const partNumberSchema = z.number().int().min(1).max(10_000);

const completeSchema = z.object({
  password: z.string(),
  key: stagingKeySchema,
  uploadId: uploadIdSchema,
  size: sizeSchema,
  parts: z
    .array(z.object({ partNumber: partNumberSchema, etag: z.string().min(1).max(200) }))
    .min(1)
    .max(10_000),
});
const abortSchema = z.object({ password: z.string(), key: stagingKeySchema, uploadId: uploadIdSchema });
const partsSchema = z.object({
  password: z.string(),
  key: stagingKeySchema,
  uploadId: uploadIdSchema,
  size: sizeSchema,
  partNumbers: z.array(partNumberSchema).min(1).max(10_000),
});
export type CompleteRequest = z.infer<typeof completeSchema>;
export type AbortRequest = z.infer<typeof abortSchema>;
export type PartsRequest = z.infer<typeof partsSchema>;

export function parseCompleteRequest(body: string | null | undefined, isBase64Encoded = false) {
  return parseBody(
    body,
    isBase64Encoded,
    completeSchema,
    'Expected a JSON body {"password","key","uploadId","size","parts":[{"partNumber","etag"}]}',
  );
}
export function parseAbortRequest(body: string | null | undefined, isBase64Encoded = false) {
  return parseBody(body, isBase64Encoded, abortSchema, 'Expected a JSON body {"password","key","uploadId"}');
}
export function parsePartsRequest(body: string | null | undefined, isBase64Encoded = false) {
  return parseBody(
    body,
    isBase64Encoded,
    partsSchema,
    'Expected a JSON body {"password","key","uploadId","size","partNumbers"}',
  );
}

const MAX_STATUS_KEYS = 50;

/** `?key=…&key=…` of GET /upload/status: 1 to 50 staging keys. */
export function parseStatusQuery(keys: readonly string[] | null | undefined): Outcome<string[]> {
  const wanted = [...new Set(keys ?? [])];
  if (wanted.length === 0 || wanted.length > MAX_STATUS_KEYS)
    return {
      ok: false,
      status: 400,
      error: `Expected 1 to ${MAX_STATUS_KEYS} key parameters (?key=uploads/…), got ${wanted.length}.`,
    };
  const bad = wanted.find((key) => !STAGING_KEY.test(key));
  if (bad !== undefined) return { ok: false, status: 400, error: `Not an upload key: '${bad.slice(0, 100)}'.` };
  return { ok: true, value: wanted };
}

/** Does the list name exactly the parts of the plan for `size`, each once? */
export function checkPartNumbers(size: number, numbers: readonly number[], exact: boolean): Outcome<number> {
  const count = partPlan(size).parts.length;
  const unique = new Set(numbers);
  if (unique.size !== numbers.length) return { ok: false, status: 400, error: 'A part number is listed twice.' };
  const outside = numbers.find((n) => n > count);
  if (outside !== undefined)
    return { ok: false, status: 400, error: `Part ${outside} does not exist: the file has ${count} parts.` };
  if (exact && unique.size !== count) {
    const missing = Array.from({ length: count }, (_, i) => i + 1).filter((n) => !unique.has(n));
    return { ok: false, status: 400, error: `Parts ${missing.join(', ')} of ${count} are missing.` };
  }
  return { ok: true, value: count };
}

function parseBody<S extends z.ZodType>(
  body: string | null | undefined,
  isBase64Encoded: boolean,
  schema: S,
  shape: string,
  maxChars = MAX_PARTS_BODY_CHARS,
): Outcome<z.output<S>> {
  if (!body) return { ok: false, status: 400, error: `${shape}; got an empty body.` };
  if (body.length > maxChars) return { ok: false, status: 400, error: `${shape}; got ${body.length} characters.` };
  const text = isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, status: 400, error: `${shape}; got something that is not JSON.` };
  }
  // The caller's values are never echoed back (a password is one of them).
  const parsed = validate(schema, json, { all: true, values: false });
  if (!parsed.ok) return { ok: false, status: 400, error: `${shape}; ${parsed.message}.` };
  return { ok: true, value: parsed.value };
}

/** Checks type (415) and size (400 when not a positive whole number, 413 over the limit). */
export function checkUpload(request: UploadRequest, maxUploadBytes: number): Outcome<AcceptedUpload> {
  const mediaType = mediaTypeOf(request.contentType);
  if (!mediaType) {
    return {
      ok: false,
      status: 415,
      error: `Unsupported file type '${request.contentType.slice(0, 100)}'. Supported: ${supportedLabels()}.`,
    };
  }
  const limit = sizeLimitOf(mediaType, maxUploadBytes);
  const size = checkSize(request.size, limit, limit < maxUploadBytes ? mediaType.label : undefined);
  if (!size.ok) return size;
  return { ok: true, value: { mediaType, fileName: sanitizeFileName(request.fileName), size: size.value } };
}

/**
 * A file size a request declares: 400 when not a positive whole number, 413 over the limit.
 * Every route that signs or completes by a size checks it: the part URLs are cut from it.
 */
export function checkSize(size: number, maxUploadBytes: number, typeLabel?: string): Outcome<number> {
  if (!Number.isSafeInteger(size) || size <= 0) {
    return {
      ok: false,
      status: 400,
      error: `size must be the file's length in bytes (a whole number above 0), got ${size}.`,
    };
  }
  if (size > maxUploadBytes) return { ok: false, status: 413, error: tooLargeMessage(size, maxUploadBytes, typeLabel) };
  return { ok: true, value: size };
}

const MAX_NAME_LENGTH = 200;
const MAX_EXTENSION_LENGTH = 16;

/**
 * A safe S3 key segment from a user's file name: the last path component; letters, digits,
 * `.`, `-` and `_` only (accents dropped, anything else becomes `_`); no leading or trailing
 * dots or dashes; at most 200 characters with the extension kept. `file` when nothing is left.
 */
export function sanitizeFileName(fileName: string): string {
  const base = fileName.split(/[/\\]/).pop() ?? '';
  const clean = (text: string) =>
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '') // combining accents: é → e
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/_+/g, '_');
  const dot = base.lastIndexOf('.');
  const extension =
    dot > 0
      ? clean(base.slice(dot + 1))
          .replace(/[^A-Za-z0-9]/g, '')
          .slice(0, MAX_EXTENSION_LENGTH)
      : '';
  let stem = clean(dot > 0 ? base.slice(0, dot) : base).replace(/^[._-]+|[._-]+$/g, '');
  const room = MAX_NAME_LENGTH - (extension ? extension.length + 1 : 0);
  stem = stem.slice(0, room).replace(/[._-]+$/, '') || 'file';
  return extension ? `${stem}.${extension}` : stem;
}

/** `uploads/<id>/<sanitized name>`: the id makes every key unique. */
export function stagingKey(id: string, sanitizedName: string): string {
  return `uploads/${id}/${sanitizedName}`;
}
