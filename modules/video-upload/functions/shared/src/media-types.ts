/**
 * The media types the upload API accepts and how each one is
 * recognised from its bytes. Shared by the presigned-url-generator (which types may be
 * declared), the file-validator (does the content match the declaration) and the upload
 * page (a type for files the browser could not name).
 *
 * `mime` is the canonical name: the one the generator signs into the upload URL and that
 * therefore becomes the staging object's Content-Type. `detected` lists what the
 * `file-type` library (or, for SVG, our text check) reports for genuine files of the type.
 */
export type MediaCategory = 'images' | 'videos';

export interface MediaType {
  readonly mime: string;
  readonly category: MediaCategory;
  readonly label: string;
  readonly extensions: readonly string[];
  /** Other names browsers and tools use for the same type. */
  readonly aliases: readonly string[];
  readonly detected: readonly string[];
  /**
   * Largest file of this type, below the upload limit, when the validator must hold the
   * file's parts in memory to check it (an SVG's attribute or text is one string).
   */
  readonly maxBytes?: number;
}

export const SVG_MIME = 'image/svg+xml';

export const MEDIA_TYPES: readonly MediaType[] = [
  // Videos
  {
    mime: 'video/mp4',
    category: 'videos',
    label: 'MP4',
    extensions: ['mp4', 'm4v'],
    aliases: [],
    detected: ['video/mp4', 'video/x-m4v'],
  },
  {
    mime: 'video/mpeg',
    category: 'videos',
    label: 'MPEG',
    extensions: ['mpeg', 'mpg'],
    aliases: [],
    // file-type names MPEG-1 and MPEG-2 program streams by their RFC 3555 names; a bare video stream is video/mpeg.
    detected: ['video/mpeg', 'video/MP1S', 'video/MP2P'],
  },
  {
    mime: 'video/quicktime',
    category: 'videos',
    label: 'QuickTime',
    extensions: ['mov', 'qt'],
    aliases: [],
    detected: ['video/quicktime'],
  },
  {
    mime: 'video/x-msvideo',
    category: 'videos',
    label: 'AVI',
    extensions: ['avi'],
    aliases: ['video/avi', 'video/msvideo', 'video/vnd.avi'],
    detected: ['video/vnd.avi'],
  },
  {
    mime: 'video/x-ms-wmv',
    category: 'videos',
    label: 'WMV',
    extensions: ['wmv'],
    aliases: [],
    // An ASF container with a video stream; the generic ASF type when the stream list lies beyond the bytes read.
    detected: ['video/x-ms-asf', 'application/vnd.ms-asf'],
  },
  {
    mime: 'video/webm',
    category: 'videos',
    label: 'WebM',
    extensions: ['webm'],
    aliases: [],
    detected: ['video/webm'],
  },
  // Images
  {
    mime: 'image/jpeg',
    category: 'images',
    label: 'JPEG',
    extensions: ['jpg', 'jpeg'],
    aliases: ['image/jpg', 'image/pjpeg'],
    detected: ['image/jpeg'],
  },
  {
    mime: 'image/png',
    category: 'images',
    label: 'PNG',
    extensions: ['png'],
    aliases: [],
    detected: ['image/png', 'image/apng'],
  },
  { mime: 'image/gif', category: 'images', label: 'GIF', extensions: ['gif'], aliases: [], detected: ['image/gif'] },
  {
    mime: 'image/webp',
    category: 'images',
    label: 'WebP',
    extensions: ['webp'],
    aliases: [],
    detected: ['image/webp'],
  },
  {
    mime: SVG_MIME,
    category: 'images',
    label: 'SVG',
    extensions: ['svg'],
    aliases: [],
    detected: [SVG_MIME],
    // The XML parser holds an attribute (an embedded image) or a text whole, several times
    // over while it is checked: 64 MB needs about 500 MB of the validator's memory.
    maxBytes: 64 * 1024 * 1024,
  },
  {
    mime: 'image/tiff',
    category: 'images',
    label: 'TIFF',
    extensions: ['tif', 'tiff'],
    aliases: [],
    detected: ['image/tiff'],
  },
  {
    mime: 'image/bmp',
    category: 'images',
    label: 'BMP',
    extensions: ['bmp'],
    aliases: ['image/x-ms-bmp', 'image/x-bmp'],
    detected: ['image/bmp'],
  },
];

const byName = new Map<string, MediaType>();
for (const type of MEDIA_TYPES) {
  byName.set(type.mime, type);
  for (const alias of type.aliases) byName.set(alias, type);
}

/** The essence of a Content-Type value: lower case, parameters (`; charset=…`) dropped. */
export function mimeEssence(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

/** The supported type a declared Content-Type names (aliases resolved), or undefined. */
export function mediaTypeOf(contentType: string): MediaType | undefined {
  return byName.get(mimeEssence(contentType));
}

/** The supported type for a file name's extension, or undefined (for files the browser gives no type). */
export function mediaTypeForFileName(fileName: string): MediaType | undefined {
  const dot = fileName.lastIndexOf('.');
  if (dot === -1) return undefined;
  const extension = fileName.slice(dot + 1).toLowerCase();
  return MEDIA_TYPES.find((type) => type.extensions.includes(extension));
}

/** Does the type detected from the bytes agree with the declared type? */
export function contentMatches(declared: MediaType, detectedMime: string | undefined): boolean {
  return detectedMime !== undefined && declared.detected.includes(detectedMime);
}

/** The largest file of `type` that may be uploaded: the upload limit, or the type's own if lower. */
export function sizeLimitOf(type: MediaType, maxUploadBytes: number): number {
  return type.maxBytes === undefined ? maxUploadBytes : Math.min(type.maxBytes, maxUploadBytes);
}

/** "MP4, MPEG, … BMP" for error messages. */
export function supportedLabels(): string {
  return MEDIA_TYPES.map((type) => type.label).join(', ');
}
