/** Reading the project's own configuration files from disk, with one-line errors naming who asked for them. */
import { isAbsolute, relative, resolve } from 'node:path';
import { ConfigurationError } from '../src/lib/errors.js';
import { megabytes } from '../src/repo/file-cache.js';
import { readRegularFile, RefusedFile } from './regular-file.js';

/** A configuration file larger than this is refused unread: the project's own are a few KiB. */
export const MAX_CONFIG_FILE_BYTES = 8 * 1024 * 1024;

/** The file's text; a missing or unreadable file is a ConfigurationError naming `label` and `where` it was named. */
export async function readConfigFile(abs: string, label: string, where: string): Promise<string> {
  try {
    return await readConfigText(abs, label);
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
    return await readConfigText(abs, label);
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new ConfigurationError(`${label}: cannot be read (${code ?? 'unknown error'})`, { cause: error });
  }
}

const tooLarge = (size: number) =>
  `${megabytes(size)}, larger than the ${megabytes(MAX_CONFIG_FILE_BYTES)} a configuration file may have: not read`;

/** Only a regular file within MAX_CONFIG_FILE_BYTES is read (io/regular-file.ts); a refusal names `label`. */
async function readConfigText(abs: string, label: string): Promise<string> {
  try {
    return await readRegularFile(abs, MAX_CONFIG_FILE_BYTES, tooLarge);
  } catch (error) {
    if (error instanceof RefusedFile) throw new ConfigurationError(`${label}: ${error.message}`, { cause: error });
    throw error;
  }
}

/** `abs` relative to `root` for messages, or absolute when it lies outside. */
export function displayPath(root: string, abs: string): string {
  const rel = relative(resolve(root), abs).split('\\').join('/');
  return rel.startsWith('../') || isAbsolute(rel) ? abs : rel;
}
