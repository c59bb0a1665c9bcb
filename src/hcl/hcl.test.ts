import { describe, expect, it } from 'vitest';
import { createScope, evaluate, forEachEntries, known, unknown, withEach } from './evaluate.js';
import { parseHcl, parseHashicorpError } from './parse.js';
import { findAttribute, walkExpr, type Expr } from './syntax.js';

const attr = async (source: string, name = 'x') => {
  const file = await parseHcl('t.tf', source);
  const a = findAttribute(file.body, name);
  if (!a) throw new Error(`no attribute ${name}`);
  return a;
};

describe('parseHcl', () => {
  it('builds blocks with labels and exact positions', async () => {
    const file = await parseHcl(
      'main.tf',
      '\n\nresource "aws_s3_bucket" "media" {\n  bucket = "phenom-prod-media"\n}\n',
    );
    const [block] = file.body.blocks;
    expect(block?.type).toBe('resource');
    expect(block?.labels).toEqual(['aws_s3_bucket', 'media']);
    expect(block?.typeRange.start).toEqual({ line: 3, column: 1 });
    const bucket = findAttribute(block!.body, 'bucket');
    expect(bucket?.range.start).toEqual({ line: 4, column: 3 });
    expect(bucket?.expr).toMatchObject({ kind: 'literal', value: 'phenom-prod-media' });
    expect(bucket?.expr.range.start).toEqual({ line: 4, column: 12 });
  });

  it('drops a UTF-8 BOM and keeps positions of CRLF files', async () => {
    const file = await parseHcl('crlf.tf', '\uFEFFlocals {\r\n  a = "one"\r\n  b = "two"\r\n}\r\n');
    const b = findAttribute(file.body.blocks[0]!.body, 'b');
    expect(file.text.startsWith('locals')).toBe(true);
    expect(b?.range.start).toEqual({ line: 3, column: 3 });
    expect(evaluate(b!.expr)).toEqual(known('two'));
  });

  it('parses an empty file to an empty body', async () => {
    const file = await parseHcl('empty.tf', '');
    expect(file.body).toEqual({ attributes: [], blocks: [] });
    expect(file.treeSitterError).toBeUndefined();
    await expect(file.validity()).resolves.toEqual({ ok: true });
  });

  it('reports syntax errors from both parsers with a line', async () => {
    const file = await parseHcl('bad.tf', 'resource "a" "b" {\n  x = \n}\n');
    expect(file.treeSitterError?.line).toBeGreaterThanOrEqual(2);
    const result = await file.validity();
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatchObject({ line: 2, column: 7, parser: 'hashicorp' });
      expect(result.error.message).toMatch(/Invalid expression/);
    }
  });

  it('unescapes quoted strings and keeps $${ literal', async () => {
    const a = await attr('x = "a\\"b\\n$${c}\\u00e9"\n');
    expect(evaluate(a.expr)).toEqual(known('a"b\n${c}é'));
  });

  it('models templates, traversals and calls', async () => {
    const a = await attr('x = "${var.env}-${local.name}/${upper("k")}"\n');
    expect(a.expr.kind).toBe('template');
    const kinds = [...walkExpr(a.expr)].map((e) => e.kind);
    expect(kinds).toEqual(['template', 'traversal', 'traversal', 'call', 'literal']);
  });

  it('keeps heredoc text including indentation (and strips it for <<-)', async () => {
    const plain = await attr('x = <<EOT\n  hello ${var.who}\n  bye\nEOT\n');
    const scope = createScope({ variables: () => known('world') });
    expect(evaluate(plain.expr, scope)).toEqual(known('  hello world\n  bye\n'));
    const stripped = await attr('x = <<-EOT\n    one\n      two ${var.who} three\n    EOT\n');
    expect(evaluate(stripped.expr, scope)).toEqual(known('one\n  two world three\n'));
  });

  it('treats bare object keys as strings and parenthesised keys as expressions', async () => {
    const a = await attr('x = { name = "a", "quoted" = 1, (var.k) = 2 }\n');
    const scope = createScope({ variables: () => known('dyn') });
    expect(evaluate(a.expr, scope)).toEqual(known({ name: 'a', quoted: 1, dyn: 2 }));
  });
});

describe('evaluate', () => {
  const scopeFor = async (source: string) => {
    const file = await parseHcl('t.tf', source);
    const locals = new Map<string, Expr>();
    for (const block of file.body.blocks.filter((b) => b.type === 'locals'))
      for (const a of block.body.attributes) locals.set(a.name, a.expr);
    return {
      file,
      scope: createScope({
        variables: (n) => (n === 'env' ? known('prod') : unknown(`no var.${n}`)),
        locals,
        paths: { module: 'modules/x', root: 'environments/production' },
      }),
    };
  };

  it('resolves locals through other locals, variables and functions', async () => {
    const { scope } = await scopeFor(
      'locals {\n  prefix = "phenom-${var.env}"\n  name = format("%s-%s", local.prefix, "db")\n  key = lower(join("/", ["A", local.name]))\n}\n',
    );
    expect(scope.local('key')).toEqual(known('a/phenom-prod-db'));
  });

  it('resolves path arithmetic to a repository-relative string', async () => {
    const a = await attr('x = "${path.module}/../../environments/development/x.json"\n');
    const scope = createScope({ variables: () => unknown(''), paths: { module: 'modules/x' } });
    expect(evaluate(a.expr, scope)).toEqual(known('modules/x/../../environments/development/x.json'));
  });

  it('says why a value is unknown', async () => {
    const a = await attr('x = aws_s3_bucket.this.id\n');
    expect(evaluate(a.expr)).toEqual(unknown('depends on aws_s3_bucket.this.id'));
    const { scope } = await scopeFor('locals {\n  a = local.b\n  b = local.a\n}\n');
    expect(scope.local('a').known).toBe(false);
  });

  it('indexes into known maps and lists', async () => {
    const { scope } = await scopeFor(
      'locals {\n  m = { prod = ["a", "b"] }\n  v = local.m["prod"][1]\n  w = try(local.m.dev, "fallback")\n}\n',
    );
    expect(scope.local('v')).toEqual(known('b'));
    expect(scope.local('w')).toEqual(known('fallback'));
  });
});

describe('parseHashicorpError', () => {
  it('extracts line, column and message', () => {
    expect(
      parseHashicorpError(
        'a b.tf',
        'parse config: [a b.tf:12,3-4: Unclosed configuration block; There is no closing brace for this block.]',
      ),
    ).toEqual({
      line: 12,
      column: 3,
      parser: 'hashicorp',
      message: 'Unclosed configuration block: There is no closing brace for this block',
    });
  });
});

describe('partial evaluation and for_each', () => {
  const scopeOf = async (source: string) => {
    const file = await parseHcl('t.tf', source);
    const locals = new Map<string, Expr>();
    for (const block of file.body.blocks.filter((b) => b.type === 'locals'))
      for (const a of block.body.attributes) locals.set(a.name, a.expr);
    return createScope({ variables: () => unknown('no vars'), locals, paths: { module: '../modules/m' } });
  };
  const source =
    'locals {\n  fns = {\n    alpha = { timeout = 3, arn = aws_x.y.arn }\n    "beta" = { timeout = 9, arn = aws_x.z.arn }\n  }\n  first = local.fns.alpha.timeout\n}\n';

  it('knows the selected attribute of a partly unknown local', async () => {
    const scope = await scopeOf(source);
    expect(scope.local('fns').known).toBe(false);
    expect(scope.local('first')).toEqual(known(3));
    expect(evaluate((await attr('x = local.fns["beta"].arn\n')).expr, scope)).toEqual(
      unknown('depends on aws_x.z.arn'),
    );
  });

  it('lists for_each keys of a written-out map and binds each.key / each.value', async () => {
    const scope = await scopeOf(source);
    const entries = forEachEntries((await attr('x = local.fns\n')).expr, scope);
    expect(entries?.map((e) => e.key)).toEqual(['alpha', 'beta']);
    const argument = (await attr('x = "${path.module}/functions/${each.key}/t${each.value.timeout}"\n')).expr;
    expect(evaluate(argument, withEach(scope, entries![1]!))).toEqual(known('../modules/m/functions/beta/t9'));
    expect(evaluate(argument, scope).known).toBe(false);
  });

  it('accepts sets of strings and known maps, and gives up on unknown keys', async () => {
    const scope = await scopeOf('locals {\n  names = ["a", "b", "a"]\n}\n');
    expect(forEachEntries((await attr('x = toset(local.names)\n')).expr, scope)?.map((e) => e.key)).toEqual(['a', 'b']);
    expect(forEachEntries((await attr('x = aws_x.y.tags\n')).expr, scope)).toBeUndefined();
  });
});
