/**
 * Characters that steer a terminal (or a log viewer) instead of being shown: C0 controls but tab
 * and newline (ESC starts colour, cursor, title and clipboard sequences; CR overwrites the line),
 * DEL, C1 controls, and the bidirectional overrides and isolates that reorder what follows. Text
 * a pull request chooses (addresses, values, Terraform's messages quoting HCL strings) reaches
 * terminals through our output; there these are shown as `\u001b`-style escapes.
 */
// eslint-disable-next-line no-control-regex -- exactly the characters that must not reach a terminal
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every steering character written as a `\uXXXX` escape. */
export function showControls(text: string): string {
  return text.replace(CONTROL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
