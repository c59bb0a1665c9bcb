/**
 * A parse without the layout check (`checkLayout: false`, what `infra affected` uses) gives the
 * same file: the same body and positions, and the same validity, then decided by HashiCorp's parser.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Hcl2json from '@cdktf/hcl2json';
import { parseHcl } from './parse.js';

const calls = vi.hoisted(() => ({ count: 0 }));
vi.mock('@cdktf/hcl2json', async (importOriginal) => {
  const actual = await importOriginal<typeof Hcl2json>();
  return {
    ...actual,
    parse: (...args: Parameters<typeof actual.parse>) => {
      calls.count += 1;
      return actual.parse(...args);
    },
  };
});

const TEXTS = {
  valid: 'resource "aws_s3_bucket" "b" {\n  bucket = "x-${var.env}"\n  tags   = { Name = "b" }\n}\n',
  // Both break one of HCL's line rules that tree-sitter's grammar does not know.
  'argument over two lines': 'locals {\n  a =\n    1\n}\n',
  'two arguments in a one-line block': 'resource "x" "y" { a = 1 b = 2 }\n',
  'tree-sitter error': 'resource "x" {\n',
};

describe('parseHcl without the layout check', () => {
  beforeEach(() => {
    calls.count = 0;
  });

  it.each(Object.entries(TEXTS))('%s: same body, same validity', async (_name, text) => {
    const checked = await parseHcl('main.tf', text);
    const unchecked = await parseHcl('main.tf', text, { checkLayout: false });
    expect(unchecked.body).toEqual(checked.body);
    expect(unchecked.treeSitterError).toEqual(checked.treeSitterError);
    expect(await unchecked.validity()).toEqual(await checked.validity());
  });

  it('skips only the check: a valid file is then vouched for by HashiCorp, not by the tree', async () => {
    expect(await (await parseHcl('main.tf', TEXTS.valid)).validity()).toEqual({ ok: true });
    expect(calls.count).toBe(0);
    expect(await (await parseHcl('main.tf', TEXTS.valid, { checkLayout: false })).validity()).toEqual({ ok: true });
    expect(calls.count).toBe(1);
  });
});
