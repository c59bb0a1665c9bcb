import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigurationError, errorMessage } from './errors.js';

/** Exit codes shared by every CLI: 0 ok, 1 the check found problems, 2 the tool could not run. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/**
 * The one error boundary of a CLI entry point. `main` returns the exit code; any thrown
 * error becomes a single line on stderr (`<tool>: <message>`) and exit code 2. Set DEBUG=1
 * to also see the stack.
 */
export async function runCli(tool: string, main: (argv: string[]) => Promise<number>): Promise<void> {
  let code: number;
  try {
    code = await main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${tool}: ${errorMessage(error)}\n`);
    if (process.env.DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    code = EXIT_USAGE;
  }
  process.exitCode = code;
}

/**
 * `node:util` parseArgs with errors turned into ConfigurationError (unknown flags, missing
 * values) so that they reach the user as one line.
 */
export function parseCliArgs<T extends ParseArgsConfig>(config: T) {
  try {
    return parseArgs({ strict: true, allowPositionals: false, ...config });
  } catch (error) {
    throw new ConfigurationError(`${errorMessage(error)} (see --help)`);
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
  throw new ConfigurationError(`Invalid ${flag} '${value}'. Expected one of: ${allowed.join(', ')}.`);
}
