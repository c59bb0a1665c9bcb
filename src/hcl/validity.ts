/**
 * Where tree-sitter's HCL grammar accepts text that HashiCorp's parser rejects. The grammar
 * treats newlines as white space; HCL does not: an argument (`name = value`) and a block header
 * (`type "label" {`) are each one line, an item ends at a newline, a single-line block holds one
 * argument and closes on its line, and a quoted string never holds a raw newline. Newlines are
 * free only inside brackets: parentheses, tuples, index brackets, `for` expressions, template
 * interpolations and directives (and a heredoc's lines are its own). Object items are lines
 * again, as are the items of a body. Besides the layout, the parser we use converts the file
 * to JSON, which evaluates operations on literals only (`!10` fails there).
 * `suspectOffset` returns the first place where one of these rules may be broken, so that only
 * such a file is handed to HashiCorp's parser; a file without one parses there too (the
 * differential test in hcl.test.ts checks that on every fixture and on mutations of them).
 */
import { nodeText, type CstNode } from './cst.js';
import type { LineIndex } from './position.js';

/** Rows are the only coordinate that matters; NaN means "nothing more may follow on this item". */
interface Line {
  row: number;
}

/** Nodes whose inside ignores newlines; from outside they are one piece. */
const FREE_INSIDE = new Set([
  'tuple',
  'for_tuple_expr',
  'for_object_expr',
  'template_interpolation',
  'template_directive',
  'heredoc_template',
]);
const OPEN = new Set(['(', '[']);
const WORD = /[A-Za-z0-9_-]/;
/** Before a word, `-` is an operator in both grammars. */
const WORD_START = /[A-Za-z0-9_]/;
const TOKEN_TYPES = new Set([
  'object',
  'template_interpolation',
  'unary_operation',
  'binary_operation',
  'identifier',
  'numeric_lit',
  'legacy_index',
  'bool_lit',
  'null_lit',
  'for',
  'in',
  'if',
]);
/** HCL's number literal: no hexadecimal, no leading dot, no trailing dot. */
const NUMBER = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;
const CLOSE = new Set([')', ']']);

/** The node types the layout check looks at wherever they are (plainTree can collect them while it reads). */
export const LAYOUT_TOKEN_TYPES: ReadonlySet<string> = TOKEN_TYPES;

/**
 * `text` is the text the tree was parsed from, `lines` its line index; `tokens`, the nodes of
 * LAYOUT_TOKEN_TYPES that end past offset 0, in document order, when the caller has them.
 */
export function suspectOffset(
  root: CstNode,
  text: string,
  lines: LineIndex,
  tokens: readonly CstNode[] = descendantsOfType(root, TOKEN_TYPES),
): number | undefined {
  const check = new LayoutCheck(text, lines);
  try {
    check.file(root, tokens);
  } catch (error) {
    if (error instanceof Suspect) return error.offset;
    throw error;
  }
  return undefined;
}

class Suspect {
  constructor(readonly offset: number) {}
}

const isItem = (n: CstNode): boolean => n.type === 'attribute' || n.type === 'block';

class LayoutCheck {
  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
  ) {}

  /** tree-sitter's rows of a node's start and end. */
  private startRow(node: CstNode): number {
    return this.lines.row(node.startIndex);
  }

  private endRow(node: CstNode): number {
    return this.lines.row(node.endIndex);
  }

  private textOf(node: CstNode): string {
    return nodeText(this.text, node);
  }

  file(root: CstNode, tokens: readonly CstNode[]): void {
    // A carriage return is only white space before a newline.
    const cr = /\r(?!\n)/.exec(this.text);
    if (cr) throw new Suspect(cr.index);
    for (const child of root.namedChildren) {
      if (child.type === 'comment') continue;
      // A configuration file is a body; the grammar also takes a bare object.
      if (child.type !== 'body') throw new Suspect(child.startIndex);
      this.body(child);
    }
    this.tokens(tokens);
  }

  /**
   * Tokens HCL's scanner reads differently: a word glued to another word (identifiers may hold
   * `-` and digits there, so `655if35` is one name, not a number and a keyword), numbers HCL does
   * not have (`0x10`), a legacy index after a digit (`a.1.2` holds a number there), `::`
   * outside a function name.
   */
  private tokens(nodes: readonly CstNode[]): void {
    for (const node of nodes) {
      const { type, startIndex, endIndex } = node;
      if (type === 'object') {
        objectItems(node, this.lines);
        continue;
      }
      // `${}`: the grammar takes an empty interpolation.
      if (type === 'template_interpolation') {
        if (!node.namedChildren.some((c) => c.type === 'expression')) throw new Suspect(startIndex);
        continue;
      }
      if (type === 'unary_operation' || type === 'binary_operation') {
        this.operation(node);
        continue;
      }
      // `a.1.2` and `1.2.3`: after a digit, HCL's scanner reads a dot and digits as part of a number.
      if (type === 'legacy_index') {
        if (/[0-9]/.test(this.text.charAt(startIndex - 1))) throw new Suspect(startIndex);
        continue;
      }
      if (type === 'numeric_lit' && !NUMBER.test(this.text.slice(startIndex, endIndex))) throw new Suspect(startIndex);
      if (
        type === 'identifier' &&
        this.text.slice(startIndex, endIndex).includes('::') &&
        node.parent?.type !== 'function_call'
      )
        throw new Suspect(startIndex);
      if (WORD.test(this.text.charAt(endIndex)) || WORD_START.test(this.text.charAt(startIndex - 1)))
        throw new Suspect(endIndex);
    }
  }

  /** Items of a body start on a line of their own. */
  private body(node: CstNode): void {
    let previous: CstNode | undefined;
    const names = new Set<string>();
    const labelCounts = new Map<string, number>();
    let previousEndRow = -1;
    for (const item of node.namedChildren) {
      const type = item.type;
      if (type !== 'attribute' && type !== 'block') continue;
      if (previous && this.startRow(item) <= previousEndRow) throw new Suspect(item.startIndex);
      // The name is the first child and a named one (the tree has no error here).
      const first = item.namedChildren[0];
      const name = first ? this.textOf(first) : '';
      if (type === 'attribute') {
        // An argument set twice; the parser's JSON conversion also refuses blocks of one type
        // with different numbers of labels.
        if (names.has(name)) throw new Suspect(item.startIndex);
        names.add(name);
      } else {
        const labels = item.children.filter((c) => c.type === 'string_lit' || c.type === 'identifier').length;
        if ((labelCounts.get(name) ?? labels) !== labels) throw new Suspect(item.startIndex);
        labelCounts.set(name, labels);
      }
      if (type === 'attribute') this.argument(item);
      else this.block(item);
      previous = item;
      previousEndRow = this.endRow(item);
    }
  }

  private block(node: CstNode): void {
    let open: CstNode | undefined;
    let close: CstNode | undefined;
    let body: CstNode | undefined;
    const header: CstNode[] = [];
    // Every child of a block is a named node (comments too) when the tree has no error.
    for (const child of node.namedChildren) {
      const type = child.type;
      if (type === 'block_start') open ??= child;
      else if (type === 'block_end') close ??= child;
      else if (type === 'body') body ??= child;
      if (!open) header.push(child);
    }
    if (!open || !close) throw new Suspect(node.startIndex);
    for (const label of header)
      if (label.type === 'string_lit' && /[$%]\{/.test(this.textOf(label))) throw new Suspect(label.startIndex);
    this.sequence([...header, open], { row: this.startRow(node) });
    const items = body ? body.namedChildren.filter(isItem) : [];
    const first = items[0];
    const last = items[items.length - 1];
    if (first && last && body) {
      if (this.startRow(first) === this.endRow(open)) {
        // A single-line block: one argument, closed on its line.
        if (items.length > 1 || first.type !== 'attribute' || this.startRow(close) !== this.endRow(first))
          throw new Suspect(first.startIndex);
        this.argument(first);
        return;
      }
      this.body(body);
      if (this.startRow(close) <= this.endRow(last)) throw new Suspect(close.startIndex);
    }
  }

  /** An argument on one line keeps every line rule (its objects and operations are checked in `tokens`). */
  private argument(node: CstNode): void {
    const row = this.startRow(node);
    if (row !== this.endRow(node)) this.sequence(node.children, { row });
  }

  /** Children that must stay on the item's line, except inside brackets. */
  private sequence(children: readonly CstNode[], line: Line | null): void {
    let depth = 0;
    for (const child of children) {
      const type = child.type;
      const leaf = child.children.length === 0;
      if (leaf && CLOSE.has(type) && depth > 0) {
        depth -= 1;
        // The closing bracket may be on any line; the item goes on from there.
        if (depth === 0 && line) line.row = this.endRow(child);
        continue;
      }
      if (depth > 0) {
        this.node(child, null, type, leaf);
        continue;
      }
      if (leaf && OPEN.has(type)) {
        this.piece(child, line, line);
        depth = 1;
        continue;
      }
      this.node(child, line, type, leaf);
    }
  }

  /** `piece` must start on the current line; the line then continues where it ends. */
  private piece(piece: CstNode, line: Line | null, after: Line | null): void {
    if (!line) return;
    if (this.startRow(piece) !== line.row) throw new Suspect(piece.startIndex);
    if (after) after.row = this.endRow(piece);
  }

  private node(node: CstNode, line: Line | null, type = node.type, leaf?: boolean): void {
    if (type === 'comment') {
      // A line comment ends the line; a block comment is white space.
      if (line && !this.text.startsWith('/*', node.startIndex)) {
        this.piece(node, line, null);
        line.row = NaN;
      }
      return;
    }
    if (type === 'quoted_template' || type === 'string_lit') {
      // The grammar keeps a leading newline out of the literal nodes: look at the text around the interpolations.
      let from = node.startIndex;
      for (const part of [...node.children.filter((c) => FREE_INSIDE.has(c.type)), undefined]) {
        const to = part?.startIndex ?? node.endIndex;
        const newline = this.text.slice(from, to).indexOf('\n');
        if (newline !== -1) throw new Suspect(from + newline);
        from = part?.endIndex ?? to;
      }
      this.piece(node, line, line);
      for (const part of node.children) if (FREE_INSIDE.has(part.type)) this.node(part, null);
      return;
    }
    if (FREE_INSIDE.has(type)) {
      this.piece(node, line, line);
      for (const child of node.children) this.node(child, null);
      return;
    }
    if (type === 'object') {
      this.piece(node, line, line);
      for (const elem of objectItems(node, this.lines)) this.sequence(elem.children, { row: this.startRow(elem) });
      return;
    }
    if (leaf ?? node.children.length === 0) this.piece(node, line, line);
    else this.sequence(node.children, line);
  }

  /** An operation on literals only is evaluated by the JSON conversion; `-1` and `!true` always work. */
  private operation(node: CstNode): void {
    if (!onlyLiterals(node)) return;
    const [op, operand] = node.children;
    if (node.type === 'unary_operation' && op && operand?.type === 'literal_value') {
      const kind = operand.children[0]?.type;
      if ((op.type === '-' && kind === 'numeric_lit') || (op.type === '!' && kind === 'bool_lit')) return;
    }
    throw new Suspect(node.startIndex);
  }
}

/** The items of an object, checked to be separated by a comma or a newline. */
function objectItems(node: CstNode, lines: LineIndex): CstNode[] {
  const items: CstNode[] = [];
  let previous: CstNode | undefined;
  for (const elem of node.children) {
    if (elem.type === 'comment') continue;
    if (elem.type === ',') {
      // A comma ends the item on its line; on the next line it starts an empty one.
      if (previous && lines.row(elem.startIndex) !== lines.row(previous.endIndex)) throw new Suspect(elem.startIndex);
      previous = undefined;
    } else if (elem.type === 'object_elem') {
      if (previous && lines.row(elem.startIndex) <= lines.row(previous.endIndex)) throw new Suspect(elem.startIndex);
      items.push(elem);
      previous = elem;
    }
  }
  return items;
}

function onlyLiterals(node: CstNode): boolean {
  if (node.type === 'variable_expr' || node.type === 'function_call' || node.type === 'template_interpolation')
    return false;
  return node.children.every((c) => onlyLiterals(c));
}

/**
 * The nodes of `types` in `root`, in document order, as tree-sitter's own search finds them
 * (which does not look into a node that ends at offset 0).
 */
function descendantsOfType(root: CstNode, types: ReadonlySet<string>): CstNode[] {
  const found: CstNode[] = [];
  const stack: CstNode[] = [root];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.endIndex === 0) continue;
    if (types.has(node.type)) found.push(node);
    for (let i = node.children.length - 1; i >= 0; i -= 1) stack.push(node.children[i] as CstNode);
  }
  return found;
}
