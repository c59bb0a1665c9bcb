import type { MediaCategory } from '../../shared/src/media-types.js';

/**
 * S3 event notifications carry keys URL-encoded the way HTML forms are: a space arrives as
 * `+`, everything else percent-encoded. `+` must become a space before percent-decoding,
 * or a literal plus (`%2B`) would turn into a space too.
 */
export function decodeS3Key(eventKey: string): string {
  return decodeURIComponent(eventKey.replace(/\+/g, ' '));
}

const STAGING_PREFIX = 'uploads/';

/**
 * Where a validated staging object goes in the final bucket: `uploads/<id>/<name>` →
 * `images/<id>/<name>` or `videos/<id>/<name>`. The id keeps two uploads of `clip.mp4` apart.
 */
export function finalKey(stagingKey: string, category: MediaCategory): string {
  const rest = stagingKey.startsWith(STAGING_PREFIX) ? stagingKey.slice(STAGING_PREFIX.length) : stagingKey;
  return `${category}/${rest}`;
}

/** The CopySource parameter of CopyObject: bucket and URL-encoded key, slashes kept; `?versionId=` pins a version. */
export function copySource(bucket: string, key: string, versionId?: string): string {
  const source = `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
  return versionId ? `${source}?versionId=${encodeURIComponent(versionId)}` : source;
}
