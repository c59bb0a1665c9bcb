/**
 * Reading a plan's JSON (`terraform show -json`) for the shells. Node.js holds at most
 * MAX_PLAN_CHARACTERS characters in one string, so a larger file cannot be parsed as one text:
 * it is refused from its size, before a byte is read, with what to do instead.
 */
import { readFile, stat } from 'node:fs/promises';
import { constants } from 'node:buffer';
import { megabytes } from '../src/repo/file-cache.js';

/** V8's longest string: a plan file of more bytes than this decodes to too long a text. */
export const MAX_PLAN_CHARACTERS = constants.MAX_STRING_LENGTH;

const tooLarge = (size: number) =>
  new Error(
    `${megabytes(size)}, larger than the ${megabytes(MAX_PLAN_CHARACTERS)} of text Node.js can parse as one JSON document; plan fewer resources per root (or -target) and render each plan`,
  );

/** The text of a plan file; rejects (message for the caller's line) when it is too large to parse. */
export async function readPlanFile(file: string): Promise<string> {
  const { size } = await stat(file);
  if (size > MAX_PLAN_CHARACTERS) throw tooLarge(size);
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    // Multi-byte text within the byte limit can still decode to more characters than fit.
    if ((error as NodeJS.ErrnoException).code === 'ERR_STRING_TOO_LONG') throw tooLarge(size);
    throw error;
  }
}
