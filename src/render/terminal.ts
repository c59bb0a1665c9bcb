/**
 * The Markdown our renderers write (plan comments, guard summaries), shown in a terminal
 * instead of as raw Markdown: headings, paragraphs with bold/italic/code/links, lists, GitHub
 * alerts (`> [!CAUTION]`), other quotes, code fences (diffs coloured by their +/-/~ column),
 * tables, `<details><summary>` (the summary as a line, the body indented), `<sub>` (dimmed);
 * HTML comments (the sticky comment's marker) are dropped. The Markdown is parsed by `marked`'s
 * lexer; this module only lays the tokens out. Control characters of the text (an ESC in a
 * resource address or value) are shown as escapes: only this module's colour codes reach the terminal.
 *
 * Colour (ANSI SGR codes) only when `color` is set: the shell decides (a TTY, NO_COLOR unset).
 * Without colour the layout is the same, so nothing depends on colour to be read.
 */
import { Lexer, type Token, type Tokens } from 'marked';
import stringWidth from 'string-width';
import { showControls } from '../lib/control-characters.js';

export interface TerminalOptions {
  color: boolean;
}

type Style = 'bold' | 'dim' | 'italic' | 'strike' | 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan';

const SGR: Record<Style, [number, number]> = {
  bold: [1, 22],
  dim: [2, 22],
  italic: [3, 23],
  strike: [9, 29],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
  cyan: [36, 39],
};

/** GitHub's alert types and the colour of their bar. */
const ALERTS: Record<string, Style> = {
  NOTE: 'blue',
  TIP: 'green',
  IMPORTANT: 'magenta',
  WARNING: 'yellow',
  CAUTION: 'red',
};

interface Context {
  color: boolean;
  style(style: Style, text: string): string;
}

// eslint-disable-next-line no-control-regex -- the SGR codes this module writes
const ANSI = /\x1b\[\d+m/g;

/** Columns a rendered string takes (colour codes take none; emoji and CJK take two). */
function width(text: string): number {
  return stringWidth(text.replace(ANSI, ''));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Text of a token as shown: character references decoded (marked decodes some itself), controls made visible. */
function decode(text: string): string {
  return showControls(decodeReferences(text));
}

function decodeReferences(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    const code =
      name.startsWith('#x') || name.startsWith('#X')
        ? parseInt(name.slice(2), 16)
        : name.startsWith('#')
          ? Number(name.slice(1))
          : undefined;
    if (code === undefined) return ENTITIES[name.toLowerCase()] ?? whole;
    // A character reference may name any code point, a control one too (or none: `&#99999999;`).
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

export function renderTerminalMarkdown(markdown: string, options: TerminalOptions): string {
  const ctx: Context = {
    color: options.color,
    style: (style, text) => {
      if (!options.color || text === '') return text;
      const [on, off] = SGR[style];
      return `\x1b[${on}m${text}\x1b[${off}m`;
    },
  };
  const lines = blocks(Lexer.lex(showControls(markdown.replace(/\r\n/g, '\n')), { gfm: true }), ctx);
  // One blank line between blocks, none at either end.
  const out: string[] = [];
  for (const line of lines) {
    if (line.trim() === '' && (out.length === 0 || out.at(-1)?.trim() === '')) continue;
    out.push(line.trimEnd());
  }
  while (out.length > 0 && out.at(-1)?.trim() === '') out.pop();
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

/** Lines of a sequence of block tokens; `<details>` bodies are indented until `</details>`. */
function blocks(tokens: readonly Token[], ctx: Context): string[] {
  const out: string[] = [];
  let depth = 0;
  const push = (lines: readonly string[]) => {
    for (const line of lines) out.push(line === '' ? '' : `${'  '.repeat(depth)}${line}`);
  };
  for (const token of tokens) {
    if (token.type === 'html') {
      const html = (token as Tokens.HTML).text;
      for (const part of html.split(/(?=<\/?details\b)/i)) {
        if (/^<details\b/i.test(part)) {
          const summary = /<summary>([\s\S]*?)<\/summary>/i.exec(part)?.[1];
          push(['', `${ctx.style('bold', `▸ ${inlineHtml(summary ?? 'Details', ctx)}`)}`]);
          depth += 1;
          const rest = part.replace(/^<details\b[^>]*>/i, '').replace(/<summary>[\s\S]*?<\/summary>/i, '');
          push(htmlText(rest, ctx));
        } else if (/^<\/details>/i.test(part)) {
          depth = Math.max(0, depth - 1);
          push(htmlText(part.replace(/^<\/details>/i, ''), ctx));
        } else push(htmlText(part, ctx));
      }
      continue;
    }
    push(block(token, ctx));
  }
  return out;
}

/** The text of an HTML block (comments and tags dropped), as lines. */
function htmlText(html: string, ctx: Context): string[] {
  const text = inlineHtml(html.replace(/<!--[\s\S]*?-->/g, ''), ctx).trim();
  return text === '' ? [] : text.split('\n');
}

/** Inline HTML we write: `<sub>` dimmed, `<br>` a line break, every other tag dropped. */
function inlineHtml(html: string, ctx: Context): string {
  const withBreaks = html.replace(/<br\s*\/?>/gi, '\n');
  return withBreaks
    .split(/(<sub>[\s\S]*?<\/sub>)/i)
    .map((part) => {
      const sub = /^<sub>([\s\S]*)<\/sub>$/i.exec(part);
      const text = decode((sub?.[1] ?? part).replace(/<[^>]+>/g, ''));
      return sub ? ctx.style('dim', text) : text;
    })
    .join('');
}

function block(token: Token, ctx: Context): string[] {
  switch (token.type) {
    case 'space':
      return [''];
    case 'heading': {
      const t = token as Tokens.Heading;
      const text = inline(t.tokens, ctx);
      const lines = ['', ctx.style('bold', text)];
      if (t.depth <= 3)
        lines.push(ctx.style('dim', (t.depth <= 2 ? '═' : '─').repeat(Math.min(80, Math.max(3, width(text))))));
      return [...lines, ''];
    }
    case 'paragraph':
      return [...inline((token as Tokens.Paragraph).tokens, ctx).split('\n'), ''];
    case 'text': {
      const t = token as Tokens.Text;
      return (t.tokens ? inline(t.tokens, ctx) : decode(t.text)).split('\n');
    }
    case 'blockquote':
      return [...quote(token as Tokens.Blockquote, ctx), ''];
    case 'list':
      return [...list(token as Tokens.List, ctx), ''];
    case 'code':
      return [...code(token as Tokens.Code, ctx), ''];
    case 'table':
      return [...table(token as Tokens.Table, ctx), ''];
    case 'hr':
      return [ctx.style('dim', '─'.repeat(40)), ''];
    default:
      return 'raw' in token && typeof token.raw === 'string' ? [decode(token.raw.trimEnd())] : [];
  }
}

function quote(token: Tokens.Blockquote, ctx: Context): string[] {
  const first = token.tokens[0];
  const alert = first?.type === 'paragraph' ? /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*/.exec(first.raw) : null;
  let body: string[];
  let colour: Style = 'dim';
  let mark = '│';
  const head: string[] = [];
  if (alert) {
    const kind = alert[1]!;
    colour = ALERTS[kind]!;
    mark = '▌';
    head.push(`${ctx.style(colour, `${mark} `)}${ctx.style('bold', ctx.style(colour, kind))}`);
    const rest = first!.raw.slice(alert[0].length);
    body = blocks([...(rest.trim() ? Lexer.lex(rest, { gfm: true }) : []), ...token.tokens.slice(1)], ctx);
  } else body = blocks(token.tokens, ctx);
  while (body.at(-1) === '') body.pop();
  return [
    ...head,
    ...body.map((line) => (line === '' ? ctx.style(colour, mark) : `${ctx.style(colour, `${mark} `)}${line}`)),
  ];
}

function list(token: Tokens.List, ctx: Context): string[] {
  const out: string[] = [];
  token.items.forEach((item, index) => {
    const marker = token.ordered ? `${Number(token.start || 1) + index}. ` : '• ';
    const box = item.task ? (item.checked ? '[x] ' : '[ ] ') : '';
    const content = item.tokens.filter((t) => t.type !== 'checkbox');
    const lines = blocks(content, ctx).filter((line, i, all) => line !== '' || (i > 0 && i < all.length - 1));
    lines.forEach((line, i) => out.push(i === 0 ? `${marker}${box}${line}` : `${' '.repeat(marker.length)}${line}`));
  });
  return out;
}

function code(token: Tokens.Code, ctx: Context): string[] {
  const diff = token.lang === 'diff';
  return token.text.split('\n').map((line) => {
    let shown = line;
    if (diff && line.startsWith('+')) shown = ctx.style('green', line);
    else if (diff && line.startsWith('-')) shown = ctx.style('red', line);
    else if (diff && line.startsWith('~')) shown = ctx.style('yellow', line);
    return `${ctx.style('dim', '│')} ${shown}`;
  });
}

function table(token: Tokens.Table, ctx: Context): string[] {
  const header = token.header.map((cell) => inline(cell.tokens, ctx));
  const rows = token.rows.map((row) => row.map((cell) => inline(cell.tokens, ctx)));
  const widths = header.map((cell, i) => Math.max(width(cell), ...rows.map((row) => width(row[i] ?? ''))));
  const pad = (text: string, i: number) => {
    const gap = widths[i]! - width(text);
    const align = token.align[i];
    if (align === 'right') return `${' '.repeat(gap)}${text}`;
    if (align === 'center') return `${' '.repeat(Math.floor(gap / 2))}${text}${' '.repeat(Math.ceil(gap / 2))}`;
    return `${text}${' '.repeat(gap)}`;
  };
  const line = (l: string, m: string, r: string) =>
    ctx.style('dim', `${l}${widths.map((w) => '─'.repeat(w + 2)).join(m)}${r}`);
  const bar = ctx.style('dim', '│');
  const row = (cells: readonly string[]) =>
    `${bar} ${widths.map((_, i) => pad(cells[i] ?? '', i)).join(` ${bar} `)} ${bar}`;
  return [
    line('┌', '┬', '┐'),
    row(header.map((cell) => ctx.style('bold', cell))),
    line('├', '┼', '┤'),
    ...rows.map(row),
    line('└', '┴', '┘'),
  ];
}

function inline(tokens: readonly Token[] | undefined, ctx: Context): string {
  let out = '';
  // Inline HTML arrives as separate open/close tokens: <sub> dims what lies between them.
  let sub = false;
  for (const token of tokens ?? []) {
    let text: string;
    switch (token.type) {
      case 'strong':
        text = ctx.style('bold', inline((token as Tokens.Strong).tokens, ctx));
        break;
      case 'em':
        text = ctx.style('italic', inline((token as Tokens.Em).tokens, ctx));
        break;
      case 'del':
        text = ctx.style('strike', inline((token as Tokens.Del).tokens, ctx));
        break;
      case 'codespan':
        text = ctx.style('cyan', decode((token as Tokens.Codespan).text));
        break;
      case 'link': {
        const t = token as Tokens.Link;
        const label = inline(t.tokens, ctx);
        text = label === t.href ? ctx.style('blue', label) : `${label} (${ctx.style('blue', t.href)})`;
        break;
      }
      case 'br':
        text = '\n';
        break;
      case 'html': {
        const html = (token as Tokens.Tag).raw;
        if (/^<sub>$/i.test(html)) sub = true;
        else if (/^<\/sub>$/i.test(html)) sub = false;
        text = /^<br\s*\/?>$/i.test(html) ? '\n' : '';
        break;
      }
      case 'text':
      case 'escape': {
        const t = token as Tokens.Text;
        text = t.tokens ? inline(t.tokens, ctx) : decode(t.text);
        break;
      }
      default:
        text = 'raw' in token && typeof token.raw === 'string' ? decode(token.raw) : '';
    }
    out += sub ? ctx.style('dim', text) : text;
  }
  return out;
}
