/**
 * Reading a plan's JSON (`terraform show -json`) for the shells. Node.js holds at most
 * MAX_PLAN_CHARACTERS characters in one string, so a larger file cannot be parsed as one text:
 * it is refused from its size, before a byte is read, with what to do instead (io/regular-file.ts,
 * which refuses a device or a pipe as well).
 */
import { constants } from 'node:buffer';
import { megabytes } from '../src/repo/file-cache.js';
import { readRegularFile } from './regular-file.js';

/** V8's longest string: a plan file of more bytes than this decodes to too long a text. */
export const MAX_PLAN_CHARACTERS = constants.MAX_STRING_LENGTH;

const tooLarge = (size: number) =>
  `${megabytes(size)}, larger than the ${megabytes(MAX_PLAN_CHARACTERS)} of text Node.js can parse as one JSON document; plan fewer resources per root (or -target) and render each plan`;

/** The text of a plan file; rejects (message for the caller's line) when it cannot be parsed as one text. */
export function readPlanFile(file: string): Promise<string> {
  return readRegularFile(file, MAX_PLAN_CHARACTERS, tooLarge);
}
