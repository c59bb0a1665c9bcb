import { fileTypeFromBuffer } from 'file-type';
import { contentMatches, mediaTypeOf, SVG_MIME, type MediaType } from '../../shared/src/media-types.js';
import { stripBom } from '../../../../shared-functions/src/text.js';

/** How many leading bytes the validator reads: what `file-type` needs to recognise every supported type. */
export const SNIFF_BYTES = 4100;

/**
 * The type the bytes say they are: `file-type`'s magic-number detection, and for text that
 * `file-type` cannot classify (or calls plain XML) a check whether the document's root
 * element is `<svg>`. Undefined when nothing matches.
 */
export async function detectMime(head: Uint8Array): Promise<string | undefined> {
  const detected = await fileTypeFromBuffer(head);
  if (detected && detected.mime !== 'application/xml') return detected.mime;
  if (looksLikeSvg(head)) return SVG_MIME;
  return detected?.mime;
}

/**
 * True when the text starts (after an optional BOM, XML declaration, comments, processing
 * instructions and DOCTYPE) with an `<svg` root element. An HTML page that embeds an SVG is
 * not an SVG file.
 */
export function looksLikeSvg(head: Uint8Array): boolean {
  // SNIFF_BYTES or more: probably the start of a longer file (the validator reads no more).
  const text = decodeUtf8Prefix(head.subarray(0, SNIFF_BYTES), head.length >= SNIFF_BYTES);
  if (text === undefined) return false;
  let rest = stripBom(text);
  for (;;) {
    const trimmed = rest.trimStart();
    const prolog = /^(<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE\s[^>[]*(\[[\s\S]*?\])?\s*>)/i.exec(trimmed);
    if (!prolog) {
      rest = trimmed;
      break;
    }
    rest = trimmed.slice(prolog[0].length);
  }
  return /^<svg[\s>/]/i.test(rest) || /^<[A-Za-z_][\w.-]*:svg[\s>/]/.test(rest);
}

/**
 * The bytes as UTF-8 text, or undefined for binary data (a NUL byte, or invalid UTF-8).
 * When the bytes are only the start of a longer file, a character cut in two at the end
 * is dropped rather than counted as invalid.
 */
function decodeUtf8Prefix(bytes: Uint8Array, truncated: boolean): string | undefined {
  if (bytes.includes(0)) return undefined;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let cut = 0; cut <= (truncated ? 3 : 0) && cut < bytes.length; cut++) {
    try {
      return decoder.decode(bytes.subarray(0, bytes.length - cut));
    } catch {
      // invalid here; with a truncated input, try without the last (partial) character
    }
  }
  return undefined;
}

export type Verdict = { valid: true; mediaType: MediaType; detected: string } | { valid: false; reason: string };

/** Compares the staging object's declared Content-Type with what its bytes are. */
export function judge(declaredContentType: string | undefined, detected: string | undefined): Verdict {
  if (!declaredContentType) return { valid: false, reason: 'the object has no Content-Type' };
  const mediaType = mediaTypeOf(declaredContentType);
  if (!mediaType)
    return { valid: false, reason: `declared type ${declaredContentType} is not a supported upload type` };
  if (!contentMatches(mediaType, detected)) {
    return {
      valid: false,
      reason: `declared ${mediaType.mime} but the content is ${detected ?? 'of no recognised type'}`,
    };
  }
  return { valid: true, mediaType, detected: detected ?? mediaType.mime };
}
