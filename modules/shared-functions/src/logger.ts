/**
 * The functions' logger. Lambda's Node.js runtime decorates `console` output with the time,
 * the request id and the level (and applies the function's log level and JSON log format),
 * which it does not do for raw writes to stderr; so the functions log through `console`.
 */
export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
}

export const lambdaLogger: Logger = {
  info: (message) => console.info(message),
  warning: (message) => console.warn(message),
  error: (message) => console.error(message),
};

/** Collects messages; for tests. */
export function createMemoryLogger(): Logger & { messages: { level: string; message: string }[] } {
  const messages: { level: string; message: string }[] = [];
  const push = (level: string) => (message: string) => void messages.push({ level, message });
  return { messages, info: push('info'), warning: push('warning'), error: push('error') };
}
