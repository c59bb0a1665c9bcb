/**
 * Reading one file the user named, whole: only a regular file within a size is read. A path
 * naming /dev/zero, a pipe or a huge file would otherwise be read until memory runs out, or wait
 * forever. Opened non-blocking, so that a pipe without a writer is refused instead of waited on.
 * A refusal is a RefusedFile saying why; the caller names the file.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

export class RefusedFile extends Error {
  override name = 'RefusedFile';
}

/** The file's text; a RefusedFile when it is no regular file, or larger than `maxBytes` (`tooLarge` says so). */
export async function readRegularFile(
  abs: string,
  maxBytes: number,
  tooLarge: (size: number) => string,
): Promise<string> {
  const handle = await open(abs, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw new RefusedFile('expected a file, got a directory');
    if (!stats.isFile()) throw new RefusedFile('expected a regular file, got a device, pipe or socket');
    if (stats.size > maxBytes) throw new RefusedFile(tooLarge(stats.size));
    try {
      return await handle.readFile('utf8');
    } catch (error) {
      // Multi-byte text within the byte limit can still decode to a longer string than V8 holds.
      if ((error as NodeJS.ErrnoException).code === 'ERR_STRING_TOO_LONG') throw new RefusedFile(tooLarge(stats.size));
      throw error;
    }
  } finally {
    await handle.close();
  }
}
