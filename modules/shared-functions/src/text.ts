/** A text without its UTF-8 byte order mark (editors on Windows write one; parsers choke on it). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
