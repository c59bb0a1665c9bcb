import { z } from 'zod';
import { mediaTypeOf, supportedLabels, type MediaType } from '../../shared/src/media-types.js';

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
  if (!body) return { ok: false, status: 400, error: `${BODY_SHAPE}; got an empty body.` };
  if (body.length > MAX_BODY_CHARS)
    return { ok: false, status: 400, error: `${BODY_SHAPE}; got ${body.length} characters.` };
  const text = isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, status: 400, error: `${BODY_SHAPE}; got something that is not JSON.` };
  }
  const parsed = bodySchema.safeParse(json);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? 'body')))];
    return { ok: false, status: 400, error: `${BODY_SHAPE}; missing or invalid: ${fields.join(', ')}.` };
  }
  return { ok: true, value: parsed.data };
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
  const { size } = request;
  if (!Number.isSafeInteger(size) || size <= 0) {
    return {
      ok: false,
      status: 400,
      error: `size must be the file's length in bytes (a whole number above 0), got ${size}.`,
    };
  }
  if (size > maxUploadBytes) {
    return {
      ok: false,
      status: 413,
      error: `File is ${size} bytes (${formatBytes(size)}); the limit is ${maxUploadBytes} bytes (${formatBytes(maxUploadBytes)}).`,
    };
  }
  return { ok: true, value: { mediaType, fileName: sanitizeFileName(request.fileName), size } };
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

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} bytes` : `${Number(value.toFixed(1))} ${units[unit]}`;
}
