/**
 * Sizes as people read them, and the multipart plan of an upload. Shared by the generator
 * (its messages and the part URLs it signs) and the upload page (its checks and progress),
 * so both say "600 MB" for the same file and cut it into the same parts.
 */
const UNITS = ['KB', 'MB', 'GB', 'TB'];

/** "512 bytes", "1.5 KB", "600 MB", "1.2 GB" (powers of 1024; one decimal below 10, none above). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const rounded = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  return `${rounded} ${UNITS[unit]}`;
}

/**
 * "The file is 600 MB — the limit is 500 MB." (in bytes where the rounded sizes would look
 * equal); with a type's own limit "… — the limit for SVG files is 64 MB."
 */
export function tooLargeMessage(size: number, limit: number, typeLabel?: string): string {
  const [file, most] = [formatBytes(size), formatBytes(limit)];
  const theLimit = typeLabel ? `the limit for ${typeLabel} files` : 'the limit';
  if (file !== most) return `The file is ${file} — ${theLimit} is ${most}.`;
  const exact = (n: number) => `${n.toLocaleString('en-US')} bytes`;
  return `The file is ${exact(size)} — ${theLimit} is ${exact(limit)} (${most}).`;
}

const MIB = 1024 * 1024;
/** Parts are 8 MiB (S3 takes 5 MiB at the least) or larger when 10,000 parts would not hold the file. */
export const MIN_PART_BYTES = 8 * MIB;
export const MAX_PARTS = 10_000;

export interface PlannedPart {
  partNumber: number;
  offset: number;
  size: number;
}

/** How a file of `size` bytes is cut into parts: equal parts of whole MiB, the last one shorter. */
export function partPlan(size: number): { partSize: number; parts: PlannedPart[] } {
  if (!Number.isSafeInteger(size) || size <= 0)
    throw new RangeError(`partPlan: size must be a positive integer, got ${size}`);
  const partSize = Math.max(MIN_PART_BYTES, Math.ceil(size / MAX_PARTS / MIB) * MIB);
  const parts: PlannedPart[] = [];
  for (let offset = 0, partNumber = 1; offset < size; offset += partSize, partNumber++)
    parts.push({ partNumber, offset, size: Math.min(partSize, size - offset) });
  return { partSize, parts };
}
