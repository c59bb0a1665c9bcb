/** Reading the project's own configuration files from disk, with one-line errors naming who asked for them. */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { ConfigurationError } from '../src/lib/errors.js';
import { megabytes } from '../src/repo/file-cache.js';

/** A configuration file larger than this is refused unread: the project's own are a few KiB. */
export const MAX_CONFIG_FILE_BYTES = 8 * 1024 * 1024;

/** The file's text; a missing or unreadable file is a ConfigurationError naming `label` and `where` it was named. */
export async function readConfigFile(abs: string, label: string, where: string): Promise<string> {
  try {
    return await readRegularFile(abs, label);
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigurationError(
      code === 'ENOENT'
        ? `${label}: not found (named by ${where})`
        : `${label}: cannot be read (${code ?? 'unknown error'})`,
      { cause: error },
    );
  }
}

/** The text of an optional file, or undefined when it does not exist. */
export async function readOptionalConfigFile(abs: string, label: string): Promise<string | undefined> {
  try {
    return await readRegularFile(abs, label);
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new ConfigurationError(`${label}: cannot be read (${code ?? 'unknown error'})`, { cause: error });
  }
}

/**
 * Only a regular file within MAX_CONFIG_FILE_BYTES is read: a path naming /dev/zero, a pipe or a
 * huge file would otherwise be read until memory runs out, or wait forever. Opened non-blocking,
 * so that a pipe without a writer is refused instead of waited on.
 */
async function readRegularFile(abs: string, label: string): Promise<string> {
  const handle = await open(abs, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw new ConfigurationError(`${label}: expected a file, got a directory`);
    if (!stats.isFile())
      throw new ConfigurationError(`${label}: expected a regular file, got a device, pipe or socket`);
    if (stats.size > MAX_CONFIG_FILE_BYTES)
      throw new ConfigurationError(
        `${label}: ${megabytes(stats.size)}, larger than the ${megabytes(MAX_CONFIG_FILE_BYTES)} a configuration file may have: not read`,
      );
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/** `abs` relative to `root` for messages, or absolute when it lies outside. */
export function displayPath(root: string, abs: string): string {
  const rel = relative(resolve(root), abs).split('\\').join('/');
  return rel.startsWith('../') || isAbsolute(rel) ? abs : rel;
}
