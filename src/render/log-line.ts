/**
 * Text from the repository — file names, HCL strings, YAML reasons — inside one line of a log or
 * terminal report. A line break there would start a line of its own, which the Actions runner
 * reads as a workflow command when it starts with `::` (`::error …`, `::stop-commands::…`); an
 * escape character would repaint the terminal. Control characters (C0 but tab, DEL, C1, the
 * Unicode line and paragraph separators) are written as JSON writes them (`\n`, `\u001b`); the
 * rest of the text is kept as it is.
 */

// eslint-disable-next-line no-control-regex -- the control characters are what this replaces
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g;

const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\b': '\\b', '\f': '\\f' };

export function logLine(text: string): string {
  return text.replace(CONTROL, (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
