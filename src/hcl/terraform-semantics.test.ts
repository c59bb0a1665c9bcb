/** The JSON syntax mapping, string decoding, the nesting limit and the functions, as Terraform defines them. */
import { describe, expect, it } from 'vitest';
import { decodedText, evaluate, hclTooDeep, jsonTooDeep, parseConfigFile, type Expr } from './index.js';

const local = async (path: string, text: string, name: string): Promise<Expr | undefined> =>
  (await parseConfigFile(path, text)).body.blocks
    .filter((b) => b.type === 'locals')
    .flatMap((b) => b.body.attributes)
    .find((a) => a.name === name)?.expr;

describe('JSON syntax', () => {
  it('maps labels by nesting, arrays to several blocks, nested block types by name, `//` as comments', async () => {
    const file = await parseConfigFile(
      'a.tf.json',
      JSON.stringify({
        '//': 'generated',
        resource: {
          aws_instance: {
            web: {
              '//': 'c',
              ami: 'x',
              provisioner: [{ 'local-exec': { command: 'a' } }, { file: { source: 's' } }],
              tags: { a: 'b' },
            },
          },
        },
        variable: [{ a: { default: '${not.a.template}' } }, { b: {} }],
      }),
    );
    expect(file.body.blocks.map((b) => `${b.type} ${b.labels.join(' ')}`)).toEqual([
      'resource aws_instance web',
      'variable a',
      'variable b',
    ]);
    const web = file.body.blocks[0]!;
    expect(web.body.attributes.map((a) => a.name)).toEqual(['ami', 'tags']);
    expect(web.body.blocks.map((b) => `${b.type} ${b.labels[0]}`)).toEqual([
      'provisioner local-exec',
      'provisioner file',
    ]);
    // Variable defaults are literal: no template.
    expect(evaluate(file.body.blocks[1]!.body.attributes[0]!.expr)).toEqual({
      known: true,
      value: '${not.a.template}',
    });
  });

  it('strings are templates; one interpolation alone is its value; $${ is a literal', async () => {
    const text = '{ "locals": { "m": "${local.n}", "t": "a-${local.x}", "e": "$${x}", "n": { "k": "v" }, "x": "y" } }';
    const m = await local('a.tf.json', text, 'm');
    expect(m?.kind).toBe('traversal');
    const t = await local('a.tf.json', text, 't');
    expect(t?.kind).toBe('template');
    expect(evaluate((await local('a.tf.json', text, 'e'))!)).toEqual({ known: true, value: '${x}' });
  });
});

describe('strings decoded as Terraform reads them, with their source positions', () => {
  it('\\u, \\U, \\n, $${ and %%{ in a quoted string; the match maps back to the escape', async () => {
    const text = 'locals {\n  a = "x\\u0070\\U0001F600\\n$${y}%%{z}"\n}\n';
    const expr = await local('a.tf', text, 'a');
    expect(expr?.kind === 'literal' && expr.value).toBe('xp\u{1F600}\n${y}%{z}');
    const decoded = expr?.kind === 'literal' ? decodedText(expr) : undefined;
    expect(text.slice(decoded!.at(1), decoded!.at(2))).toBe('\\u0070');
    expect(text.slice(decoded!.at(5), decoded!.at(7))).toBe('$${');
  });
});

describe('nesting', () => {
  it('counts brackets, strings, interpolations and directives, not what comments and strings hold', () => {
    expect(hclTooDeep(`# ${'['.repeat(1000)}\nx = "${'{'.repeat(1000)}"\n`)).toBeUndefined();
    expect(hclTooDeep(`x = ${'['.repeat(300)}${']'.repeat(300)}`)?.offset).toBe(4 + 256);
    // A closing bracket inside a string cannot hide depth.
    expect(hclTooDeep(`x = [ "]]]]", ${'['.repeat(300)}`)).toBeDefined();
    expect(hclTooDeep(`x = <<EOT\n${'${'.repeat(300)}\nEOT\n`)).toBeDefined();
    expect(jsonTooDeep(`{"a": "]]]]]]]]]]", "b": ${'['.repeat(300)}}`)).toBeDefined();
  });

  it('finds depth just over the limit however few characters open it (a directive opens two levels)', () => {
    expect(hclTooDeep(`x = ${'['.repeat(256)}${']'.repeat(256)}`)).toBeUndefined();
    expect(hclTooDeep(`x = ${'['.repeat(257)}${']'.repeat(257)}`)?.offset).toBe(4 + 256);
    // An open `%{ if }` is a level, and its interpolation one more: in a string, 1 + 254 + 1 levels.
    const directives = (n: number) => `x = "${'%{ if a }'.repeat(n)}${'%{ endif }'.repeat(n)}"\n`;
    expect(hclTooDeep(directives(254))).toBeUndefined();
    expect(hclTooDeep(directives(255))?.offset).toBe(5 + 254 * '%{ if a }'.length);
    expect(hclTooDeep('${'.repeat(256), 256, true)).toBeUndefined();
    expect(hclTooDeep('${'.repeat(257), 256, true)?.offset).toBe(2 * 256 + 1);
  });
});

describe('functions', () => {
  const value = async (expression: string) =>
    evaluate((await local('a.tf', `locals {\n  v = ${expression}\n}\n`, 'v'))!);

  it.each([
    ['replace("abc", "/b*/", "-")', '-a-c-'],
    ['replace("phenom-prod-x", "/(?P<env>prod)/", "[$${env}|$1|$$]")', 'phenom-[prod|prod|$]-x'],
    ['replace("a-1-b", "/-\\\\d\\\\z/", "")', 'a-1-b'],
    ['replace("a-b-1", "/-\\\\d\\\\z/", "")', 'a-b'],
    ['trimsuffix("name-clone", "-clone")', 'name'],
    ['substr("hello world", -5, 3)', 'wor'],
    ['element(split(",", "a,b,c"), 4)', 'b'],
    ['format("%s-%03d", "x", 7)', 'x-007'],
    ['lookup({ a = "b" }, "c", "d")', 'd'],
    ['base64decode("cGhlbm9tLXByb2Q=")', 'phenom-prod'],
    ['join("-", reverse(["b", "a"]))', 'a-b'],
  ])('%s = %s', async (expression, expected) => {
    expect(await value(expression)).toEqual({ known: true, value: expected });
  });

  it('an invalid RE2 pattern is unknown with the reason', async () => {
    expect(await value('replace("x", "/(?P<n>/", "")')).toMatchObject({
      known: false,
      reason: expect.stringContaining('invalid RE2 pattern'),
    });
  });
});
