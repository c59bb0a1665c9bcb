/**
 * The syntax model of one configuration file: blocks, attributes and expressions with exact
 * source ranges. Built from tree-sitter's concrete syntax tree for the native syntax
 * (src/hcl/build.ts) and from the JSON syntax (src/hcl/json.ts); consumers never see either
 * parser's nodes. Blocks and attributes name the file that wrote them, so a configuration
 * merged from several files (override files, partial backends) still points at the right one.
 */

/** 1-based line and column; columns count UTF-16 code units, as editors and GitHub do for BMP text. */
export interface Position {
  line: number;
  column: number;
}

export interface Range {
  start: Position;
  end: Position;
  /** 0-based offsets into the file text (after a UTF-8 BOM was removed). */
  startOffset: number;
  endOffset: number;
}

export interface Body {
  attributes: Attribute[];
  blocks: Block[];
}

export interface Block {
  /** Path of the file that wrote the block (as given to the parser). */
  file: string;
  type: string;
  labels: string[];
  labelRanges: Range[];
  body: Body;
  range: Range;
  /** Range of the block type keyword (what annotations point at for "this block"). */
  typeRange: Range;
}

export interface Attribute {
  /** Path of the file that wrote the attribute: its expression's ranges are offsets into that file. */
  file: string;
  name: string;
  expr: Expr;
  range: Range;
  nameRange: Range;
}

export type TraversalStep =
  | { kind: 'attr'; name: string; range: Range }
  | { kind: 'index'; key: Expr; range: Range }
  | { kind: 'splat'; range: Range };

/**
 * Where each UTF-16 unit of a decoded string came from: absolute offsets into the file. Present
 * only when the decoded text is not a plain copy of the source (escapes such as `\u0070`,
 * `$${`, JSON's `\"`), so that a match in the decoded text is reported where it was written.
 */
export type SourceOffsets = readonly number[];

export type TemplatePart =
  | { kind: 'text'; text: string; range: Range; offsets?: SourceOffsets }
  | { kind: 'interpolation'; expr: Expr; range: Range }
  | { kind: 'directive'; range: Range; exprs: Expr[] };

export type Expr =
  /** A string literal's `range` includes its quotes; its text starts one unit in, unless `offsets` says otherwise. */
  | { kind: 'literal'; value: string | number | boolean | null; range: Range; offsets?: SourceOffsets }
  | { kind: 'template'; heredoc: boolean; parts: TemplatePart[]; range: Range }
  | { kind: 'tuple'; items: Expr[]; range: Range }
  | { kind: 'object'; items: ObjectItem[]; range: Range }
  | { kind: 'traversal'; root: string; steps: TraversalStep[]; range: Range }
  | { kind: 'call'; name: string; args: Expr[]; expandFinal: boolean; range: Range }
  /** Conditionals, operators, for-expressions, postfix access on non-variables: not evaluated, but walkable. */
  | { kind: 'other'; text: string; children: Expr[]; range: Range };

export interface ObjectItem {
  key: Expr;
  value: Expr;
  range: Range;
}

/** Every expression nested in `expr`, depth first, `expr` included (an array: cheaper than a generator on hot paths). */
export function walkExpr(expr: Expr): Expr[] {
  const out: Expr[] = [];
  collectExprs(expr, out);
  return out;
}

function collectExprs(expr: Expr, out: Expr[]): void {
  out.push(expr);
  switch (expr.kind) {
    case 'template':
      for (const part of expr.parts) {
        if (part.kind === 'interpolation') collectExprs(part.expr, out);
        else if (part.kind === 'directive') for (const e of part.exprs) collectExprs(e, out);
      }
      break;
    case 'tuple':
      for (const item of expr.items) collectExprs(item, out);
      break;
    case 'object':
      for (const item of expr.items) {
        collectExprs(item.key, out);
        collectExprs(item.value, out);
      }
      break;
    case 'traversal':
      for (const step of expr.steps) if (step.kind === 'index') collectExprs(step.key, out);
      break;
    case 'call':
      for (const arg of expr.args) collectExprs(arg, out);
      break;
    case 'other':
      for (const child of expr.children) collectExprs(child, out);
      break;
    case 'literal':
      break;
  }
}

/** Every attribute in a body and its nested blocks, with the chain of enclosing blocks. */
export function walkAttributes(body: Body, parents: Block[] = []): { attribute: Attribute; parents: Block[] }[] {
  const out: { attribute: Attribute; parents: Block[] }[] = [];
  collectAttributes(body, parents, out);
  return out;
}

function collectAttributes(body: Body, parents: Block[], out: { attribute: Attribute; parents: Block[] }[]): void {
  for (const attribute of body.attributes) out.push({ attribute, parents });
  for (const block of body.blocks) collectAttributes(block.body, [...parents, block], out);
}

export function findAttribute(body: Body, name: string): Attribute | undefined {
  return body.attributes.find((a) => a.name === name);
}

export function findBlocks(body: Body, type: string): Block[] {
  return body.blocks.filter((b) => b.type === type);
}

/**
 * The decoded text of a string literal or a template's text part, and where each of its units
 * is in the file (`at(i)` is an absolute offset; `at(text.length)` is the end).
 */
export function decodedText(
  node: Extract<Expr, { kind: 'literal' }> | Extract<TemplatePart, { kind: 'text' }>,
): { text: string; at: (index: number) => number } | undefined {
  const text = node.kind === 'literal' ? node.value : node.text;
  if (typeof text !== 'string') return undefined;
  const { offsets } = node;
  const start = node.range.startOffset + (node.kind === 'literal' ? 1 : 0);
  return {
    text,
    at: offsets
      ? (index) => offsets[index] ?? (offsets.length > 0 ? (offsets[offsets.length - 1] ?? start) + 1 : start)
      : (index) => start + index,
  };
}

/** `a.b[0].c` style rendering of a traversal, for messages. */
export function traversalText(expr: Extract<Expr, { kind: 'traversal' }>): string {
  return [
    expr.root,
    ...expr.steps.map((s) =>
      s.kind === 'attr'
        ? `.${s.name}`
        : s.kind === 'splat'
          ? '[*]'
          : s.key.kind === 'literal'
            ? `[${JSON.stringify(s.key.value)}]`
            : '[…]',
    ),
  ].join('');
}
