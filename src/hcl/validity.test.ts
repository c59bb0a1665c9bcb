/**
 * Validity from one parse: for every configuration file of the repository and its fixtures, and
 * for seeded mutations of each, the verdict and message the tree gives (src/hcl/validity.ts,
 * with HashiCorp's parser only where the tree cannot vouch) equal HashiCorp's parser's own on the
 * same text. The valid files of the repository must be vouched for by the tree alone, or the
 * comparison would hold only because everything went to HashiCorp's parser.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Hcl2json from '@cdktf/hcl2json';
import { nativeConfigurationFiles } from '../../test/helpers/configuration-files.js';
import { random } from '../../test/helpers/random.js';
import { hashicorpValidity, parseHcl } from './parse.js';

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

const FILES = nativeConfigurationFiles();

/** What a mutation inserts: the punctuation, keywords and white space HCL's line rules are about. */
const PIECES = [
  '{', '}', '"', '\\', '${', '%{', '=', '\n', '\r', ' ', '[', ']', '(', ')', ',', '.', '#', '/*', '*/',
  '<<EOF\n', '\nEOF\n', '\\q', 'x', '1', ':', '::', '?', '!', '=>', '...', '*', '-', '0x1', '1e', '.0',
  'for', 'in', 'if', '{}', '"a"', '"${x}"', '%{ if x }', '%{ endif }', '$${', '~}', ';', "'", '\t',
]; // prettier-ignore

function mutations(text: string, seed: number, count: number): string[] {
  const next = random(seed);
  const pick = (n: number) => Math.floor(next() * n);
  return Array.from({ length: count }, () => {
    let m = text;
    for (let edits = 1 + pick(2); edits > 0; edits -= 1) {
      const at = pick(m.length + 1);
      m =
        next() < 0.33
          ? m.slice(0, at) + m.slice(at + 1 + pick(3))
          : m.slice(0, at) + PIECES[pick(PIECES.length)] + m.slice(at);
    }
    return m;
  });
}

async function sameVerdict(path: string, text: string): Promise<void> {
  const file = await parseHcl(path, text);
  if (file.unparsed) return;
  expect(await file.validity(), `${path}: ${JSON.stringify(text)}`).toEqual(await hashicorpValidity(path, file.text));
}

describe('validity from the tree', () => {
  beforeEach(() => {
    calls.count = 0;
  });

  it('finds the repository and its fixtures', () => {
    expect(FILES.length).toBeGreaterThan(100);
    expect(FILES.some((f) => f.path.startsWith('test/fixtures/guard/parse-error/'))).toBe(true);
  });

  it('vouches for every valid file of the repository without HashiCorp’s parser', async () => {
    const valid = [];
    for (const { path, text } of FILES) if ((await hashicorpValidity(path, text)).ok) valid.push({ path, text });
    expect(valid.length).toBeGreaterThan(100);
    calls.count = 0;
    for (const { path, text } of valid)
      expect(await (await parseHcl(path, text)).validity(), path).toEqual({ ok: true });
    expect(calls.count).toBe(0);
  });

  it('gives HashiCorp’s verdict and message on every file of the repository and its fixtures', async () => {
    for (const { path, text } of FILES) await sameVerdict(path, text);
  });

  it('gives HashiCorp’s verdict and message on seeded mutations of every file', { timeout: 120_000 }, async () => {
    let seed = 1;
    for (const { path, text } of FILES) for (const m of mutations(text, seed++, 4)) await sameVerdict(path, m);
  });

  it.each([
    ['an argument over two lines', 'a\n= 1\n'],
    ['two arguments on one line', 'a = 1 b = 2\n'],
    ['an operator at the start of the next line', 'a = b\n+ 1\n'],
    ['a dot at the end of a line', 'a = b.\nc\n'],
    ['a block header over two lines', 'resource "a"\n"b" {\n}\n'],
    ['a block closed on the line of its last argument', 'a {\n  b = 1 }\n'],
    ['a single-line block with two arguments', 'a { b = 1, c = 2 }\n'],
    ['a single-line block left open', 'a { b = 1\n}\n'],
    ['a block after a closing brace on one line', 'a {\n}}\n'],
    ['a raw newline in a quoted string', 'a = "b\nc"\n'],
    ['a raw newline at the start of a quoted label', 'a "\nb" {}\n'],
    ['a carriage return alone', 'a = 1\rb = 2\n'],
    ['an argument set twice', 'a = 1\na = 2\n'],
    ['a template sequence in a label', 'a "${b}" {}\n'],
    ['a hexadecimal number', 'a = 0x10\n'],
    ['a number run into a keyword', 'a = [for x in y : x <= 655if35]\n'],
    ['a chained legacy index', 'a = b.1.2\n'],
    ['a namespace outside a function call', 'a = b::c\n'],
    ['a number with two dots', 'a = { b = 11.2.30 }\n'],
    ['an empty interpolation', 'a = "${}b"\n'],
    ['object items without a separator', 'a = { b = 1 c = 2 }\n'],
    ['a comma at the start of an object line', 'a = {\n  b = 1\n  , c = 2\n}\n'],
    ['a bare object as the file', '{ a = 1 }\n'],
    ['an operation on literals the conversion cannot evaluate', 'a = !10\n'],
    ['blocks of one type with different label counts', 's {}\ns x {}\n'],
  ])('hands %s to HashiCorp’s parser, which rejects it', async (_name, text) => {
    const file = await parseHcl('main.tf', text);
    const result = await file.validity();
    expect(calls.count).toBe(1);
    expect(result.ok).toBe(false);
    expect(result).toEqual(await hashicorpValidity('main.tf', text));
  });

  it('gives the verdict on numbers of any magnitude at once, at their own positions', async () => {
    // hcl2json writes every number of a file it accepts out in full: this line alone took it hours.
    expect(await hashicorpValidity('terraform.tfvars', 'n = 1e-9999999\n')).toEqual({ ok: true });
    const long = `n = ${'9'.repeat(200_000)}\nm = 1.${'0'.repeat(200_000)}1e99999\n`;
    expect(await hashicorpValidity('main.tf', long)).toEqual({ ok: true });
    expect(await hashicorpValidity('main.tf', 'n = 1e-9999999 m = 2\n')).toEqual({
      ok: false,
      error: expect.objectContaining({ line: 1, column: 16, message: expect.stringContaining('Missing newline') }),
    });
    // Digits inside an escape are not a number: the invalid code point is still found.
    expect(await hashicorpValidity('main.tf', 'n = "\\U0011ffff 1e99999"\n')).toEqual({
      ok: false,
      error: expect.objectContaining({ line: 1, column: 6, message: expect.stringContaining('Invalid escape') }),
    });
  });

  it.each([
    [
      'multi-line brackets, objects, for expressions and heredocs',
      'a = f(\n  1,\n  {\n    b = 2\n    c = [\n      3,\n    ]\n  },\n)\nd = [for x in y :\n  x]\ne = <<-EOT\n  ${a}\n  EOT\n',
    ],
    ['single-line blocks and empty ones', 'a { b = 1 }\nc {}\nd {\n}\n'],
    ['comments between and after items', 'a = 1 # one\n/* two */ b = 2\nc { # three\n}\n'],
    ['provider-defined functions, negative numbers and CRLF', 'a = provider::aws::arn_parse("x")\r\nb = -1\r\n'],
  ])('vouches for %s on its own', async (_name, text) => {
    const file = await parseHcl('main.tf', text);
    expect(await file.validity()).toEqual({ ok: true });
    expect(calls.count).toBe(0);
    expect(await hashicorpValidity('main.tf', text)).toEqual({ ok: true });
  });

  it('without the layout walk (checkLayout: false) gives the same file, its validity then HashiCorp’s', async () => {
    for (const text of ['a = 1\n', 'a\n= 1\n', 'a { b = 1, c = 2 }\n', 'a {\n']) {
      const checked = await parseHcl('main.tf', text);
      const unchecked = await parseHcl('main.tf', text, { checkLayout: false });
      expect(unchecked.body, text).toEqual(checked.body);
      expect(unchecked.treeSitterError, text).toEqual(checked.treeSitterError);
      expect(await unchecked.validity(), text).toEqual(await checked.validity());
    }
    calls.count = 0;
    expect(await (await parseHcl('main.tf', 'a = 1\n', { checkLayout: false })).validity()).toEqual({ ok: true });
    expect(calls.count).toBe(1);
  });
});
