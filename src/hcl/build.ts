/**
 * Turns tree-sitter's concrete syntax tree, read once into plain objects (src/hcl/cst.ts), into
 * the syntax model of src/hcl/syntax.ts; a node's text is sliced from the source.
 * Text of templates is taken from the source between interpolations (tree-sitter does not
 * keep heredoc whitespace in its literal nodes), then decoded with the source offset of every
 * unit kept (src/hcl/strings.ts).
 */
import { nodeText, type CstNode } from './cst.js';
import { decodeQuoted, decodeTemplateText, type Decoded } from './strings.js';
import type {
  Attribute,
  Block,
  Body,
  Expr,
  ObjectItem,
  Range,
  SourceOffsets,
  TemplatePart,
  TraversalStep,
} from './syntax.js';

/**
 * Turns offsets of the parsed text into ranges of the file. For a file that is the parsed text
 * this is its LineIndex; for a template parsed out of a JSON string (src/hcl/json.ts) it maps
 * back through the string's escapes.
 */
export interface RangeMaker {
  range(startOffset: number, endOffset: number): Range;
  /** The file offset of an offset of the parsed text (identity for a file parsed as itself). */
  offset?(offset: number): number;
}

export function buildBody(node: CstNode | null, text: string, lines: RangeMaker, file: string): Body {
  const builder = new Builder(text, lines, file);
  return node ? builder.body(node) : { attributes: [], blocks: [] };
}

/** The expression of the first attribute of a parsed text (a template wrapped for tree-sitter). */
export function buildFirstExpr(node: CstNode, text: string, lines: RangeMaker, file: string): Expr | undefined {
  return new Builder(text, lines, file).body(node).attributes[0]?.expr;
}

class Builder {
  constructor(
    private readonly text: string,
    private readonly lines: RangeMaker,
    private readonly file: string,
  ) {}

  private range(node: CstNode): Range {
    return this.lines.range(node.startIndex, node.endIndex);
  }

  private textOf(node: CstNode): string {
    return nodeText(this.text, node);
  }

  /** Decoded text with offsets into the file (mapped through `lines.offset` when the text is not the file). */
  private decoded(decoded: Decoded, from: number): { text: string; offsets?: SourceOffsets } {
    const map = this.lines.offset?.bind(this.lines);
    if (!map) return decoded;
    const offsets = decoded.offsets ?? decoded.text.split('').map((_, i) => from + i);
    return { text: decoded.text, offsets: offsets.map(map) };
  }

  body(node: CstNode): Body {
    const body: Body = { attributes: [], blocks: [] };
    const container = node.type === 'config_file' ? node.namedChildren.find((c) => c.type === 'body') : node;
    if (!container) return body;
    for (const child of container.namedChildren) {
      const type = child.type;
      if (type === 'attribute') {
        const attribute = this.attribute(child);
        if (attribute) body.attributes.push(attribute);
      } else if (type === 'block') {
        const block = this.block(child);
        if (block) body.blocks.push(block);
      }
    }
    return body;
  }

  private attribute(node: CstNode): Attribute | undefined {
    let name: CstNode | undefined;
    let exprNode: CstNode | undefined;
    for (const c of node.namedChildren) {
      const type = c.type;
      if (type === 'identifier') name ??= c;
      else if (type === 'expression') exprNode ??= c;
    }
    if (!name) return undefined;
    return {
      file: this.file,
      name: this.textOf(name),
      nameRange: this.range(name),
      expr: exprNode
        ? this.expr(exprNode, 'expression')
        : { kind: 'other', text: '', children: [], range: this.range(node) },
      range: this.range(node),
    };
  }

  private block(node: CstNode): Block | undefined {
    let type: CstNode | undefined;
    const labels: string[] = [];
    const labelRanges: Range[] = [];
    let bodyNode: CstNode | undefined;
    for (const child of node.namedChildren) {
      const childType = child.type;
      if (childType === 'identifier') {
        if (!type) type = child;
        else {
          labels.push(this.textOf(child));
          labelRanges.push(this.range(child));
        }
      } else if (childType === 'string_lit') {
        labels.push(this.stringLit(child).text);
        labelRanges.push(this.range(child));
      } else if (childType === 'body') bodyNode = child;
    }
    if (!type) return undefined;
    return {
      file: this.file,
      type: this.textOf(type),
      typeRange: this.range(type),
      labels,
      labelRanges,
      body: bodyNode ? this.body(bodyNode) : { attributes: [], blocks: [] },
      range: this.range(node),
    };
  }

  private stringLit(node: CstNode): { text: string; offsets?: SourceOffsets } {
    const start = node.children[0];
    const end = node.children[node.children.length - 1];
    if (!start || !end || start === end) return { text: '' };
    return this.decoded(decodeQuoted(this.text.slice(start.endIndex, end.startIndex), start.endIndex), start.endIndex);
  }

  /** `type`: the node's type when the caller has read it already. */
  expr(node: CstNode, type = node.type): Expr {
    // Wrapper nodes (expression, literal_value, …) hand on to their child: the range is computed only where it is kept.
    switch (type) {
      case 'expression': {
        let primary: CstNode | undefined;
        let primaryType = '';
        let postfix: CstNode[] | undefined;
        for (const c of node.namedChildren) {
          const childType = c.type;
          if (childType === 'comment') continue;
          if (primary) (postfix ??= []).push(c);
          else {
            primary = c;
            primaryType = childType;
          }
        }
        if (!primary) return { kind: 'other', text: this.textOf(node), children: [], range: this.range(node) };
        if (!postfix) return this.expr(primary, primaryType);
        const steps = postfix.flatMap((p) => this.steps(p));
        if (primaryType === 'variable_expr') {
          return { kind: 'traversal', root: this.textOf(primary), steps, range: this.range(node) };
        }
        // postfix access on a call, a collection, a parenthesized expression…
        return {
          kind: 'other',
          text: this.textOf(node),
          children: [this.expr(primary, primaryType), ...steps.flatMap((s) => (s.kind === 'index' ? [s.key] : []))],
          range: this.range(node),
        };
      }
      case 'variable_expr':
        return { kind: 'traversal', root: this.textOf(node), steps: [], range: this.range(node) };
      case 'literal_value': {
        const child = node.namedChildren[0];
        return child
          ? this.expr(child)
          : { kind: 'other', text: this.textOf(node), children: [], range: this.range(node) };
      }
      case 'numeric_lit':
        return { kind: 'literal', value: Number(this.textOf(node)), range: this.range(node) };
      case 'bool_lit':
        return { kind: 'literal', value: this.textOf(node) === 'true', range: this.range(node) };
      case 'null_lit':
        return { kind: 'literal', value: null, range: this.range(node) };
      case 'string_lit': {
        const { text, offsets } = this.stringLit(node);
        return { kind: 'literal', value: text, range: this.range(node), ...(offsets ? { offsets } : {}) };
      }
      case 'template_expr': {
        const child = node.namedChildren[0];
        return child
          ? this.expr(child)
          : { kind: 'other', text: this.textOf(node), children: [], range: this.range(node) };
      }
      case 'quoted_template':
        return this.template(node, false);
      case 'heredoc_template':
        return this.template(node, true);
      case 'collection_value': {
        const child = node.namedChildren[0];
        return child
          ? this.expr(child)
          : { kind: 'other', text: this.textOf(node), children: [], range: this.range(node) };
      }
      case 'tuple':
        return {
          kind: 'tuple',
          items: node.namedChildren.filter((c) => c.type === 'expression').map((c) => this.expr(c, 'expression')),
          range: this.range(node),
        };
      case 'object': {
        const items: ObjectItem[] = [];
        for (const elem of node.namedChildren) {
          if (elem.type !== 'object_elem') continue;
          const key = elem.children.find((c) => c.field === 'key');
          const value = elem.children.find((c) => c.field === 'val');
          if (!key || !value) continue;
          items.push({ key: this.objectKey(key), value: this.expr(value), range: this.range(elem) });
        }
        return { kind: 'object', items, range: this.range(node) };
      }
      case 'function_call': {
        const name = node.namedChildren.find((c) => c.type === 'identifier');
        const argsNode = node.namedChildren.find((c) => c.type === 'function_arguments');
        const args = argsNode
          ? argsNode.namedChildren.filter((c) => c.type === 'expression').map((c) => this.expr(c, 'expression'))
          : [];
        const expandFinal = argsNode ? argsNode.namedChildren.some((c) => c.type === 'ellipsis') : false;
        return { kind: 'call', name: name ? this.textOf(name) : '', args, expandFinal, range: this.range(node) };
      }
      default:
        return { kind: 'other', text: this.textOf(node), children: this.nestedExprs(node), range: this.range(node) };
    }
  }

  /** Object keys: a bare identifier is a string key, not a variable reference. */
  private objectKey(node: CstNode): Expr {
    const expr = this.expr(node);
    if (expr.kind === 'traversal' && expr.steps.length === 0)
      return { kind: 'literal', value: expr.root, range: expr.range };
    return expr;
  }

  private steps(node: CstNode): TraversalStep[] {
    const range = this.range(node);
    switch (node.type) {
      case 'get_attr': {
        const id = node.namedChildren.find((c) => c.type === 'identifier');
        return [{ kind: 'attr', name: id ? this.textOf(id) : '', range }];
      }
      case 'index': {
        const inner = node.namedChildren[0];
        if (inner?.type === 'new_index') {
          const e = inner.namedChildren.find((c) => c.type === 'expression');
          return e ? [{ kind: 'index', key: this.expr(e, 'expression'), range }] : [];
        }
        if (inner?.type === 'legacy_index') {
          const digits = this.textOf(inner).replace(/^\./, '');
          return [{ kind: 'index', key: { kind: 'literal', value: Number(digits), range: this.range(inner) }, range }];
        }
        return [];
      }
      case 'splat': {
        const steps: TraversalStep[] = [{ kind: 'splat', range }];
        const inner = node.namedChildren[0];
        for (const c of inner?.namedChildren ?? []) steps.push(...this.steps(c));
        return steps;
      }
      default:
        return [];
    }
  }

  private nestedExprs(node: CstNode): Expr[] {
    const out: Expr[] = [];
    for (const child of node.namedChildren) {
      const type = child.type;
      if (
        type === 'expression' ||
        type === 'template_expr' ||
        type === 'collection_value' ||
        type === 'function_call' ||
        type === 'literal_value' ||
        type === 'variable_expr'
      ) {
        out.push(this.expr(child, type));
      } else {
        out.push(...this.nestedExprs(child));
      }
    }
    return out;
  }

  /** The template text between `from` and `to`, decoded, as a part. */
  private pushText(parts: TemplatePart[], heredoc: boolean, from: number, to: number): void {
    if (to <= from) return;
    const raw = this.text.slice(from, to);
    const { text, offsets } = this.decoded(heredoc ? decodeTemplateText(raw, from) : decodeQuoted(raw, from), from);
    parts.push({ kind: 'text', text, range: this.lines.range(from, to), ...(offsets ? { offsets } : {}) });
  }

  private template(node: CstNode, heredoc: boolean): Expr {
    const range = this.range(node);
    const children = node.children;
    let contentStart: number;
    let contentEnd: number;
    let strip = false;
    if (heredoc) {
      const start = children.find((c) => c.type === 'heredoc_start');
      strip = start ? this.textOf(start) === '<<-' : false;
      const identifiers = children.filter((c) => c.type === 'heredoc_identifier');
      const opening = identifiers[0];
      const closing = identifiers.length > 1 ? identifiers[identifiers.length - 1] : undefined;
      const afterOpening = opening ? this.text.indexOf('\n', opening.endIndex) : -1;
      contentStart = afterOpening === -1 ? node.endIndex : afterOpening + 1;
      contentEnd = closing ? this.text.lastIndexOf('\n', closing.startIndex) + 1 : node.endIndex;
      if (contentEnd < contentStart) contentEnd = contentStart;
    } else {
      const first = children[0];
      const last = children[children.length - 1];
      contentStart = first?.type === 'quoted_template_start' ? first.endIndex : node.startIndex;
      contentEnd = last?.type === 'quoted_template_end' ? last.startIndex : node.endIndex;
    }
    const parts: TemplatePart[] = [];
    let cursor = contentStart;
    for (const child of children) {
      const type = child.type;
      if (type !== 'template_interpolation' && type !== 'template_directive') continue;
      if (child.startIndex < contentStart || child.endIndex > contentEnd) continue;
      this.pushText(parts, heredoc, cursor, child.startIndex);
      if (type === 'template_interpolation') {
        const e = child.namedChildren.find((c) => c.type === 'expression');
        parts.push({
          kind: 'interpolation',
          expr: e
            ? this.expr(e, 'expression')
            : { kind: 'other', text: this.textOf(child), children: [], range: this.range(child) },
          range: this.range(child),
        });
      } else {
        parts.push({ kind: 'directive', range: this.range(child), exprs: this.nestedExprs(child) });
      }
      cursor = child.endIndex;
    }
    this.pushText(parts, heredoc, cursor, contentEnd);
    if (heredoc && strip) stripHeredocIndent(parts);
    return { kind: 'template', heredoc, parts, range };
  }
}

/** HCL quoted-string escapes: \n \r \t \" \\ \uNNNN \UNNNNNNNN, and $${ / %%{ for literal ${ / %{. */
export function unescapeQuoted(raw: string): string {
  return decodeQuoted(raw, 0).text;
}

/** `<<-` heredocs drop the smallest common indentation of their lines. */
function stripHeredocIndent(parts: TemplatePart[]): void {
  const texts = parts.filter((p): p is Extract<TemplatePart, { kind: 'text' }> => p.kind === 'text');
  let min = Infinity;
  // A line of a text part starts a source line unless it is the first line of a part that
  // begins mid-line (right after an interpolation).
  const startsLine = (part: (typeof texts)[number], index: number) => index > 0 || part.range.start.column === 1;
  for (const part of texts) {
    part.text.split('\n').forEach((line, index) => {
      if (!startsLine(part, index) || line.trim() === '') return;
      min = Math.min(min, line.length - line.trimStart().length);
    });
  }
  if (!Number.isFinite(min) || min === 0) return;
  for (const part of texts) {
    // Rebuild the text and where each kept unit came from (the dropped indentation has no place).
    const start = part.range.startOffset;
    const given = part.offsets;
    const length = part.text.length;
    const source = (k: number) => (given ? given[k] : k < length ? start + k : undefined);
    let text = '';
    const offsets: number[] = [];
    let cursor = 0;
    part.text.split('\n').forEach((line, index) => {
      if (index > 0) {
        text += '\n';
        offsets.push(source(cursor - 1) ?? start);
      }
      const drop = startsLine(part, index) ? Math.min(min, line.length - line.trimStart().length) : 0;
      text += line.slice(drop);
      for (let i = drop; i < line.length; i += 1) offsets.push(source(cursor + i) ?? start);
      cursor += line.length + 1;
    });
    part.text = text;
    part.offsets = offsets;
  }
}
