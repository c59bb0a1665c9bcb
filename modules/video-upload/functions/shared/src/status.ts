import { z } from 'zod';

/**
 * The validator's verdict on an upload, kept as a small JSON object in the staging bucket
 * (`status/<id>/<name>.json` for `uploads/<id>/<name>`; outside the `uploads/` prefix, so
 * writing it triggers no validation, and expired by the staging lifecycle like the uploads).
 * The validator writes it before it removes the staging object; the API's
 * `GET /upload/status` reads it for the upload page.
 */
export const STAGING_UPLOAD_PREFIX = 'uploads/';
export const STATUS_PREFIX = 'status/';

export const uploadStatusSchema = z.discriminatedUnion('outcome', [
  z.object({
    key: z.string(),
    versionId: z.string().optional(),
    outcome: z.literal('accepted'),
    finalKey: z.string(),
    contentType: z.string(),
    checkedAt: z.string(),
  }),
  z.object({
    key: z.string(),
    versionId: z.string().optional(),
    outcome: z.literal('rejected'),
    reason: z.string(),
    checkedAt: z.string(),
  }),
]);
export type UploadStatus = z.infer<typeof uploadStatusSchema>;

/** Where the verdict on a staging key is kept. */
export function statusKey(stagingKey: string): string {
  const rest = stagingKey.startsWith(STAGING_UPLOAD_PREFIX)
    ? stagingKey.slice(STAGING_UPLOAD_PREFIX.length)
    : stagingKey;
  return `${STATUS_PREFIX}${rest}.json`;
}
