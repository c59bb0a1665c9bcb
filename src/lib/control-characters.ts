/**
 * Characters that steer a terminal or a log instead of being shown: C0 controls but tab (a line
 * break starts a line of its own, which the Actions runner reads as a workflow command when it
 * starts with `::`; ESC starts colour, cursor, title and clipboard sequences; CR overwrites the
 * line), DEL, C1 controls, the Unicode line and paragraph separators, and the bidirectional marks,
 * overrides and isolates that reorder what follows. Text a pull request chooses (file names,
 * addresses, values, HCL strings quoted in Terraform's messages) reaches terminals and logs through
 * our output; there these are written as JSON writes them (`\n`, `\r`, `\u001b`, `\u202e`).
 */
const STEERING = String.raw`\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069`;
const STEERING_BUT_NEWLINE = new RegExp(`[${STEERING}]`, 'g');
const STEERING_OR_NEWLINE = new RegExp(String.raw`[\n${STEERING}]`, 'g');

const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\b': '\\b', '\f': '\\f' };
const escaped = (ch: string) => SHORT[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** `text` with every steering character escaped; its line breaks kept (a multi-line report). */
export function showControls(text: string): string {
  return text.replace(STEERING_BUT_NEWLINE, escaped);
}

/** `text` as one line of a log: its line breaks escaped too. */
export function logLine(text: string): string {
  return text.replace(STEERING_OR_NEWLINE, escaped);
}
