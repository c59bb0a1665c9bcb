/**
 * The project's small error vocabulary.
 *
 * - `ConfigurationError`: the user's input or policy is wrong (bad flag, invalid config file,
 *   malformed plan JSON, unreadable root). Exit code 2 in CLIs; message is shown as is.
 * - anything else is unexpected: the boundary prints a one-line message and exits 2 too, but
 *   keeps the stack for `--debug` / `DEBUG=1`.
 *
 * Messages state what was expected and what was found, and name the file or call.
 */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
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
