/** Reading the project's own configuration files from disk, with one-line errors naming who asked for them. */
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { ConfigurationError } from '../src/lib/errors.js';

/** The file's text; a missing or unreadable file is a ConfigurationError naming `label` and `where` it was named. */
export async function readConfigFile(abs: string, label: string, where: string): Promise<string> {
  try {
    return await readFile(abs, 'utf8');
  } catch (error) {
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
    return await readFile(abs, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new ConfigurationError(`${label}: cannot be read (${code ?? 'unknown error'})`, { cause: error });
  }
}

/** `abs` relative to `root` for messages, or absolute when it lies outside. */
export function displayPath(root: string, abs: string): string {
  const rel = relative(resolve(root), abs).split('\\').join('/');
  return rel.startsWith('../') || isAbsolute(rel) ? abs : rel;
}
