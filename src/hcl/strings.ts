/**
 * Strings as Terraform sees them: escapes decoded, with the source offset of every decoded
 * unit kept (when decoding changed anything), so that `"phenom-\u0070rod"` is matched as
 * `phenom-prod` and still reported at the column where it was written.
 */
import type { SourceOffsets } from './syntax.js';

export interface Decoded {
  text: string;
  /** Absolute source offset of each UTF-16 unit of `text`; undefined when `text` is the source itself. */
  offsets?: SourceOffsets;
}

const QUOTED_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
const JSON_ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  '"': '"',
  '\\': '\\',
  '/': '/',
};

class Output {
  text = '';
  readonly offsets: number[] = [];
  changed = false;

  add(piece: string, at: number): void {
    this.text += piece;
    for (let i = 0; i < piece.length; i += 1) this.offsets.push(at);
  }

  copy(char: string, at: number): void {
    this.text += char;
    this.offsets.push(at);
  }

  done(): Decoded {
    return this.changed ? { text: this.text, offsets: this.offsets } : { text: this.text };
  }
}

/** `$${` and `%%{` stand for a literal `${` and `%{` in every template. */
function templateEscape(raw: string, i: number): string | undefined {
  const ch = raw[i];
  return (ch === '$' || ch === '%') && raw[i + 1] === ch && raw[i + 2] === '{' ? `${ch}{` : undefined;
}

/** A quoted string's text: `\n \r \t \" \\ \uNNNN \UNNNNNNNN`, and `$${` / `%%{`. `base` is the offset of `raw` in the file. */
export function decodeQuoted(raw: string, base: number): Decoded {
  if (!raw.includes('\\') && !raw.includes('${') && !raw.includes('%{')) return { text: raw };
  const out = new Output();
  for (let i = 0; i < raw.length;) {
    const ch = raw[i] as string;
    if (ch === '\\') {
      const next = raw[i + 1] ?? '';
      const hex = next === 'u' ? 4 : next === 'U' ? 8 : 0;
      const digits = hex ? raw.slice(i + 2, i + 2 + hex) : '';
      if (hex && /^[0-9a-fA-F]+$/.test(digits) && digits.length === hex) {
        const code = parseInt(digits, 16);
        out.add(code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd', base + i);
        out.changed = true;
        i += 2 + hex;
        continue;
      }
      const simple = QUOTED_ESCAPES[next];
      if (simple !== undefined) {
        out.add(simple, base + i);
        out.changed = true;
        i += 2;
        continue;
      }
    }
    const escape = templateEscape(raw, i);
    if (escape) {
      out.add(escape, base + i);
      out.changed = true;
      i += 3;
      continue;
    }
    out.copy(ch, base + i);
    i += 1;
  }
  return out.done();
}

/** A heredoc's (or any template's) text: only `$${` and `%%{` are escapes. */
export function decodeTemplateText(raw: string, base: number, offsets?: SourceOffsets): Decoded {
  const at = (i: number) => (offsets ? (offsets[i] ?? base) : base + i);
  if (!raw.includes('${') && !raw.includes('%{')) {
    return offsets ? { text: raw, offsets: raw.split('').map((_, i) => at(i)) } : { text: raw };
  }
  const out = new Output();
  out.changed = offsets !== undefined;
  for (let i = 0; i < raw.length;) {
    const escape = templateEscape(raw, i);
    if (escape) {
      out.add(escape, at(i));
      out.changed = true;
      i += 3;
      continue;
    }
    out.copy(raw[i] as string, at(i));
    i += 1;
  }
  return out.done();
}

/** A JSON string's contents (without its quotes): JSON's escapes. */
export function decodeJsonString(raw: string, base: number): Decoded {
  if (!raw.includes('\\')) return { text: raw };
  const out = new Output();
  out.changed = true;
  for (let i = 0; i < raw.length;) {
    const ch = raw[i] as string;
    if (ch === '\\') {
      const next = raw[i + 1] ?? '';
      if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(raw.slice(i + 2, i + 6))) {
        out.add(String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16)), base + i);
        i += 6;
        continue;
      }
      const simple = JSON_ESCAPES[next];
      if (simple !== undefined) {
        out.add(simple, base + i);
        i += 2;
        continue;
      }
    }
    out.copy(ch, base + i);
    i += 1;
  }
  return out.done();
}
