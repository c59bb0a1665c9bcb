/**
 * Logger injected into the core so the same code runs in an action, a CLI and a test.
 * The Actions implementation lives with the actions (it imports `@actions/core`); the core
 * only sees this interface.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
}

/** Logs to stderr so that stdout stays clean for machine-readable output. */
export function createConsoleLogger(options: { debug?: boolean } = {}): Logger {
  const write = (prefix: string, message: string) => process.stderr.write(`${prefix}${message}\n`);
  return {
    debug: (message) => {
      if (options.debug) write('debug: ', message);
    },
    info: (message) => write('', message),
    warning: (message) => write('warning: ', message),
    error: (message) => write('error: ', message),
  };
}

/** Collects messages; for tests. */
export function createMemoryLogger(): Logger & { messages: { level: string; message: string }[] } {
  const messages: { level: string; message: string }[] = [];
  const push = (level: string) => (message: string) => messages.push({ level, message });
  return { messages, debug: push('debug'), info: push('info'), warning: push('warning'), error: push('error') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warning() {}, error() {} };
