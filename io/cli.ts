/**
 * What every CLI entry point shares: argument parsing that fails as a user error, and the one
 * error boundary. `main` returns the exit code; a thrown error is
 * turned into one line on stderr and the exit code its kind decides (src/lib/errors.ts):
 *
 *   user or configuration error, a tool that failed   `<tool>: <message>`                exit 2
 *   anything else (a bug)                              `<tool>: internal error (a bug) …`  exit 70
 *
 * For a bug the stack trace goes to a log file under $RUNNER_TEMP (or the system's temporary
 * directory), named in that line; DEBUG=1 prints it on stderr as well (for every kind).
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { classifyError, errorMessage, failureLine, UserError } from '../src/lib/errors.js';
import { asKnownFailure } from './request-error.js';

/** The exit codes every CLI shares (what each means: src/lib/errors.ts). */
export { EXIT_DRIFT, EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE } from '../src/lib/errors.js';

export interface BoundaryIo {
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  /** Where a bug's stack trace is written; default $RUNNER_TEMP or the system's temporary directory. */
  crashDir?: string;
}

const processIo: BoundaryIo = { stderr: (text) => process.stderr.write(text), env: process.env };

export async function runCli(tool: string, main: (argv: string[]) => Promise<number>): Promise<void> {
  let code: number;
  try {
    code = await main(process.argv.slice(2));
  } catch (error) {
    code = reportFailure(tool, error);
  }
  process.exitCode = code;
}

/** What `process._getActiveHandles()` gives: libuv handles, a stream's with its descriptor. */
type ActiveHandle = { fd?: unknown };

/**
 * Exits as soon as the answer is out, when nothing but the standard streams is left to wait for
 * (no child process, socket, timer, immediate or pending request: those get the normal exit).
 * Without it Node.js waits for V8's background jobs first: after a large repository, the
 * optimising compiles of the parser's wasm that V8 started near the end, tens of milliseconds of
 * CPU that nothing uses. Exit handlers run as on any exit; the exit code is `process.exitCode`.
 */
export function exitWhenIdle(): void {
  // A tick, not an immediate: the answer may come from a task Node.js runs while it drains V8's
  // background jobs, and an immediate would wait for that drain.
  process.nextTick(() => {
    const waiting = process.getActiveResourcesInfo().some((name) => name !== 'TTYWrap' && name !== 'PipeWrap');
    const handles = (process as unknown as { _getActiveHandles(): ActiveHandle[] })._getActiveHandles();
    const standard = (h: ActiveHandle) => h.fd === 0 || h.fd === 1 || h.fd === 2;
    if (!waiting && handles.every(standard)) process.exit();
  });
}

/** Prints the one line for a thrown error (see the module comment) and returns the exit code. */
export function reportFailure(tool: string, thrown: unknown, io: BoundaryIo = processIo): number {
  const error = asKnownFailure(thrown);
  const { kind, exitCode } = classifyError(error);
  const stack = error instanceof Error && error.stack ? error.stack : String(error);
  const debug = Boolean(io.env.DEBUG);
  if (kind !== 'internal') {
    io.stderr(`${tool}: ${failureLine(error)}\n`);
  } else {
    const log = debug ? undefined : writeCrashLog(tool, stack, io);
    const where = debug
      ? 'stack trace below'
      : log
        ? `stack trace in ${log}`
        : 'run again with DEBUG=1 for the stack trace';
    io.stderr(`${tool}: ${failureLine(error)} (${where})\n`);
  }
  if (debug) io.stderr(`${stack}\n`);
  return exitCode;
}

function writeCrashLog(tool: string, stack: string, io: BoundaryIo): string | undefined {
  const dir = io.crashDir ?? io.env.RUNNER_TEMP ?? tmpdir();
  const file = join(dir, `phenom-infra-${tool}-internal-error-${Date.now()}-${process.pid}.log`);
  try {
    writeFileSync(file, `${tool}: internal error\n${stack}\n`);
    return file;
  } catch {
    return undefined;
  }
}

/**
 * `node:util` parseArgs with errors turned into UserError (unknown flags, missing values) so
 * that they reach the user as one line. An empty value (`--out ''`, `--out=`) is refused too: no
 * flag of ours means anything by it, and taking it silently (an empty --mask matches everything,
 * an empty --root is the working directory) hides a mistake in a script.
 */
export function parseCliArgs<const T extends ParseArgsConfig>(config: T) {
  const parsed = parseOrFail(config);
  for (const [name, value] of Object.entries(parsed.values as Record<string, unknown>)) {
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => typeof v === 'string' && v.trim() === ''))
      throw new UserError(`Option '--${name}' needs a value; got an empty one (see --help)`);
  }
  return parsed;
}

function parseOrFail<const T extends ParseArgsConfig>(config: T) {
  try {
    return parseArgs({ ...config, strict: true });
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
