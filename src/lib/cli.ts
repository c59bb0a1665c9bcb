import { parseArgs, type ParseArgsConfig } from 'node:util';
import { errorMessage, UserError } from './errors.js';

/** The exit codes every CLI shares (see src/lib/errors.ts); the error boundary is io/cli.ts. */
export { EXIT_DRIFT, EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE } from './errors.js';

/**
 * `node:util` parseArgs with errors turned into UserError (unknown flags, missing values) so
 * that they reach the user as one line.
 */
export function parseCliArgs<T extends ParseArgsConfig>(config: T) {
  try {
    return parseArgs({ strict: true, allowPositionals: false, ...config });
  } catch (error) {
    throw new UserError(`${errorMessage(error)} (see --help)`);
  }
}

/** Validates an enumerated flag: "Invalid --format 'x'. Expected one of: text, json." */
export function oneOf<const T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UserError(`Invalid ${flag} '${value}'. Expected one of: ${allowed.join(', ')}.`);
}
