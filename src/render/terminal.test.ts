import { describe, expect, it } from 'vitest';
import { renderTerminalMarkdown } from './terminal.js';

const DOC = [
  '<!-- tf-plan-comment:terraform-plan -->',
  '## Terraform plan',
  '',
  '> [!CAUTION]',
  '> **1 destructive change**: review before merging.',
  '> - `development`: **replace** `module.rds.aws_db_instance.this`',
  '',
  '> plain quote',
  '',
  '### 🔴 `development`: 1 to replace',
  '',
  '<sub>digest `abc` · Terraform 1.11.4</sub>',
  '',
  '<details><summary>🔁 Replace (1)</summary>',
  '',
  '```diff',
  '- username = "a"',
  '+ username = "b"   # forces replacement',
  '~ 1 attribute known after apply: id',
  '```',
  '',
  '</details>',
  '',
  '| root | to create | worst |',
  '|:---|---:|:---:|',
  '| `production` | 12 | 🔴 data loss |',
  '| dev | 3 | &lt;none&gt; |',
  '',
  'See [the docs](https://example.com/docs) and https://example.com.',
  '',
].join('\n');

describe('renderTerminalMarkdown', () => {
  it('lays out headings, alerts, quotes, details, diffs and tables without Markdown syntax or colour', () => {
    expect(renderTerminalMarkdown(DOC, { color: false })).toBe(
      [
        'Terraform plan',
        '══════════════',
        '',
        '▌ CAUTION',
        '▌ 1 destructive change: review before merging.',
        '▌',
        '▌ • development: replace module.rds.aws_db_instance.this',
        '',
        '│ plain quote',
        '',
        '🔴 development: 1 to replace',
        '────────────────────────────',
        '',
        'digest abc · Terraform 1.11.4',
        '',
        '▸ 🔁 Replace (1)',
        '',
        '  │ - username = "a"',
        '  │ + username = "b"   # forces replacement',
        '  │ ~ 1 attribute known after apply: id',
        '',
        '┌────────────┬───────────┬──────────────┐',
        '│ root       │ to create │    worst     │',
        '├────────────┼───────────┼──────────────┤',
        '│ production │        12 │ 🔴 data loss │',
        '│ dev        │         3 │    <none>    │',
        '└────────────┴───────────┴──────────────┘',
        '',
        'See the docs (https://example.com/docs) and https://example.com.',
        '',
      ].join('\n'),
    );
  });

  it('colours only when asked: diff lines, the alert bar, bold, code and the dimmed footer', () => {
    const colour = renderTerminalMarkdown(DOC, { color: true });
    expect(colour).toContain('\x1b[32m+ username = "b"   # forces replacement\x1b[39m');
    expect(colour).toContain('\x1b[31m- username = "a"\x1b[39m');
    expect(colour).toContain('\x1b[33m~ 1 attribute known after apply: id\x1b[39m');
    expect(colour).toContain('\x1b[31m▌ \x1b[39m\x1b[1m\x1b[31mCAUTION\x1b[39m\x1b[22m');
    expect(colour).toContain('\x1b[1m1 destructive change\x1b[22m');
    expect(colour).toContain('\x1b[36mmodule.rds.aws_db_instance.this\x1b[39m');
    expect(colour).toContain('\x1b[2mdigest \x1b[22m');
    // Without colour codes the layout is the same.
    // eslint-disable-next-line no-control-regex -- stripping the SGR codes the renderer wrote
    expect(colour.replace(/\x1b\[\d+m/g, '')).toBe(renderTerminalMarkdown(DOC, { color: false }));
    expect(renderTerminalMarkdown(DOC, { color: false })).not.toContain('\x1b[');
  });

  it('nested details, ordered and task lists, and an empty document', () => {
    const text = renderTerminalMarkdown(
      '<details><summary>outer</summary>\n\n<details><summary>inner</summary>\n\nbody\n\n</details>\n\n</details>\n\n1. one\n2. two\n\n- [ ] open\n- [x] done\n',
      { color: false },
    );
    expect(text).toBe('▸ outer\n\n  ▸ inner\n\n    body\n\n1. one\n2. two\n\n• [ ] open\n• [x] done\n');
    expect(renderTerminalMarkdown('<!-- only a marker -->\n', { color: false })).toBe('');
  });

  it('shows control characters of the text as escapes, so a plan never steers the terminal', () => {
    // Addresses and values come from the pull request: an ESC would start colour, cursor, title
    // or clipboard sequences, a CR would overwrite the line, U+202E would reverse what follows.
    const hostile = [
      '**`null_resource.a["\u001b]52;c;cGF5bG9hZA==\u0007\u202e"]`**',
      '',
      '```diff',
      '+ v = "x\u001b[2J\rdelete nothing"',
      '```',
      '',
      '- `null_resource.b` — \u009b31m &#27;[2J',
    ].join('\n');
    const text = renderTerminalMarkdown(hostile, { color: true });
    // The renderer's own colour codes are the only escape sequences left.
    // eslint-disable-next-line no-control-regex -- stripping the SGR codes the renderer wrote
    const withoutColour = text.replace(/\x1b\[\d+m/g, '');
    // eslint-disable-next-line no-control-regex -- the characters that must not be left
    expect(withoutColour).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(withoutColour).toContain('null_resource.a["\\u001b]52;c;cGF5bG9hZA==\\u0007\\u202e"]');
    expect(withoutColour).toContain('+ v = "x\\u001b[2J\\rdelete nothing"');
    expect(withoutColour).toContain('null_resource.b — \\u009b31m \\u001b[2J');
  });

  it('keeps a character reference that names no character as it is written', () => {
    expect(renderTerminalMarkdown('`a["&#99999999;"]` and &#99999999; &#65;', { color: false })).toBe(
      'a["&#99999999;"] and &#99999999; A\n',
    );
  });
});
