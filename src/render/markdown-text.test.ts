import { describe, expect, it } from 'vitest';
import { cell, cellCode, code, markdownCell } from './markdown-text.js';

describe('Markdown escaping', () => {
  it('makes plain text one table cell without HTML or column breaks', () => {
    expect(cell('  a|b\r\n<c>  &d ')).toBe('a\\|b &lt;c&gt; &amp;d');
  });

  it('keeps the code spans of Markdown text and escapes tags outside them', () => {
    expect(markdownCell('Default `<root>/x.yaml` for <name>\n| more')).toBe(
      'Default `<root>/x.yaml` for &lt;name&gt; \\| more',
    );
  });

  it('fences a code span longer than any backtick run inside it', () => {
    expect(code('a `b` c')).toBe('``a `b` c``');
    expect(code('``x')).toBe('``` ``x ```');
    expect(code('line\r\nnext')).toBe('`line next`');
  });

  it('escapes pipes only in a code span meant for a table cell', () => {
    expect(code('a|b')).toBe('`a|b`');
    expect(cellCode('a|b\n  c')).toBe('`a\\|b c`');
  });
});
