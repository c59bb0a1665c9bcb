/**
 * Small helpers for writing Markdown/HTML that stays correct whatever text it carries: every
 * renderer (plan comment, guard summary, rule and module README tables) escapes through these.
 */
import { formatNumber } from '../plan/numbers.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : '&quot;'));
}

/** An inline code span that survives backticks in `text` (CommonMark rules). */
export function code(text: string): string {
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text === '' ? ' ' : '';
  return `${fence}${pad}${text.replace(/\r?\n/g, ' ')}${pad}${fence}`;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
const escapeTags = (text: string) =>
  text.replace(/[&<>]/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : '&gt;'));

/** Plain text (a message, a path, a value) as one GFM table cell: no raw HTML, pipes escaped. */
export function cell(text: string): string {
  return escapeTags(oneLine(text)).replace(/\|/g, '\\|');
}

/**
 * Text we wrote in Markdown (descriptions with `code`) as one table cell: its code spans are
 * kept, outside them `<name>` is shown rather than taken for an HTML tag.
 */
export function markdownCell(text: string): string {
  return oneLine(text)
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : escapeTags(part)))
    .join('')
    .replace(/\|/g, '\\|');
}

/** A code span inside a table cell: GFM splits cells at a pipe even inside code, so pipes are escaped. */
export function cellCode(text: string): string {
  return code(oneLine(text)).replace(/\|/g, '\\|');
}

/** A fence longer than any backtick run in `body`, so values can never close the block. */
export function fenceFor(body: string): string {
  const longest = Math.max(0, ...Array.from(body.matchAll(/`{3,}/g), (m) => m[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatNumber(count)} ${count === 1 ? singular : pluralForm}`;
}

export { formatNumber };

/** A stable id from a header: lowercase letters, digits and single dashes. */
export function slug(text: string): string {
  const id = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return id || 'plan';
}

/**
 * Text from a plan or a tool (check messages, reasons, error lines) made inert outside code: one
 * line, no HTML, no Markdown (links, images, emphasis, code, tables), and no @-mentions, issue
 * references or autolinked URLs — a word joiner (U+2060) keeps them from being recognised while
 * the text reads the same.
 */
export function inert(text: string): string {
  return escapeHtml(text.replace(/\s+/g, ' ').trim())
    .replace(/[\\`*_[\]|~!]/g, '\\$&')
    .replace(/@/g, '@\u2060')
    .replace(/#(?=\d)/g, '#\u2060')
    .replace(/:\/\//g, ':\u2060//')
    .replace(/\b(www)\./gi, '$1\u2060.');
}
