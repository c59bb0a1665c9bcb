/**
 * The project's error vocabulary. What is thrown decides what the user sees and the exit code
 * (the boundaries in io/cli.ts and the actions' run() apply it):
 *
 * - `UserError` (and its `ConfigurationError`): the user's input or configuration is wrong
 *   (bad flag, invalid config file, malformed plan JSON, unreadable root). One line, exit 2.
 * - `ToolError`: a program we run failed (git, tflint, checkov, terraform, the GitHub API).
 *   One line naming the tool, its exit code and its log, exit 2.
 * - anything else is a bug: one line saying so and where the stack trace went, exit 70.
 *
 * Messages state what was expected and what was found, and name the file or call.
 */

/** Every CLI: 0 ok, 1 the check found problems, 2 could not run, 70 internal error (a bug). */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
/** The user's input or configuration is wrong, or a tool we run failed. */
export const EXIT_USAGE = 2;
/** `infra drift` only: at least one root has drifted (distinct from 1 and 2 on purpose). */
export const EXIT_DRIFT = 3;
/** An unexpected error: a bug (EX_SOFTWARE of sysexits.h). */
export const EXIT_INTERNAL = 70;

/** A mistake the user can fix: a flag, an input file, a path. */
export class UserError extends Error {
  override name = 'UserError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A configuration or policy file (or a setting) that is invalid. */
export class ConfigurationError extends UserError {
  override name = 'ConfigurationError';
}

export interface ToolFailure {
  /** What was run, as the user would type it: `git diff`, `tflint`, `terraform plan`. */
  tool: string;
  /** Its exit code; null when it did not exit normally (not found, killed). */
  exitCode?: number | null;
  /** The signal that ended it. */
  signal?: string | null;
  /** Where it ran. */
  cwd?: string;
  /** The file that holds its full output, when there is one. */
  log?: string;
  /** Its first line of error output, or why it could not be started. */
  detail?: string;
}

/** A program we run (or a service we call) failed. `message` replaces the generated line when the caller knows better. */
export class ToolError extends Error {
  override name = 'ToolError';
  readonly failure: ToolFailure;
  constructor(failure: ToolFailure, options?: { cause?: unknown; message?: string }) {
    super(options?.message ?? describeToolFailure(failure), options);
    this.failure = failure;
  }
}

/** "git diff failed (exit 128) in /repo: fatal: bad revision 'x' (log: …)". */
export function describeToolFailure(f: ToolFailure): string {
  const how =
    f.exitCode !== undefined && f.exitCode !== null
      ? ` (exit ${f.exitCode})`
      : f.signal
        ? ` (killed by ${f.signal})`
        : '';
  const where = f.cwd ? ` in ${f.cwd}` : '';
  const detail = f.detail ? `: ${firstLine(f.detail)}` : '';
  const log = f.log ? ` (log: ${f.log})` : '';
  return `${f.tool} failed${how}${where}${detail}${log}`;
}

export type FailureKind = 'user' | 'tool' | 'internal';

/** Which part of the vocabulary an error belongs to, and its exit code. */
export function classifyError(error: unknown): { kind: FailureKind; exitCode: number } {
  if (error instanceof UserError || isSystemError(error)) return { kind: 'user', exitCode: EXIT_USAGE };
  if (error instanceof ToolError) return { kind: 'tool', exitCode: EXIT_USAGE };
  return { kind: 'internal', exitCode: EXIT_INTERNAL };
}

/**
 * The one line a boundary shows for a thrown error, without the tool's name; a bug says so.
 * The boundary adds where the stack trace went.
 */
export function failureLine(error: unknown): string {
  const message = errorMessage(error);
  return classifyError(error).kind === 'internal' ? `internal error (a bug, please report it): ${message}` : message;
}

/**
 * A Node.js system error (ENOENT, EACCES, EISDIR, …) from a file or process call: the
 * machine, not our code, said no. Treated as a user error: the message names the path.
 */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return (
    error instanceof Error &&
    typeof (error as NodeJS.ErrnoException).code === 'string' &&
    typeof (error as NodeJS.ErrnoException).syscall === 'string'
  );
}

/** One line describing any thrown value, never a stack trace. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return firstLine(error.message) || error.name;
  if (typeof error === 'string') return firstLine(error);
  try {
    return firstLine(JSON.stringify(error));
  } catch {
    return String(error);
  }
}

function firstLine(text: string): string {
  const trimmed = text.trim();
  const newline = trimmed.indexOf('\n');
  return newline === -1 ? trimmed : trimmed.slice(0, newline);
}
