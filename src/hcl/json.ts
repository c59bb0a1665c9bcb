/**
 * Terraform's JSON syntax (`.tf.json`, `.tfvars.json`) parsed into the same syntax model as the
 * native syntax, with exact positions: a finding points at the JSON key or string that wrote
 * the value. The mapping is Terraform's ("JSON Configuration Syntax",
 * developer.hashicorp.com/terraform/language/syntax/json, and HCL's JSON specification):
 * - the root object's properties are top-level block types; each label is one more level of
 *   object nesting (`"resource": {"aws_s3_bucket": {"b": {…}}}`), and an array at any level
 *   holds several of them, in order;
 * - in a block body, a property named after a nested block type of that block (`lifecycle`,
 *   `provisioner`, `backend`, …) is a nested block; every other property is an argument;
 * - a string where an expression is expected is a string template: `"${var.x}-a"` interpolates,
 *   and a template that is one interpolation alone is that expression's value (`"${local.m}"`);
 *   `$${` is a literal `${`;
 * - the settings that take literal values (everything in `terraform`, a variable's `default`,
 *   `type` and `description`, a module's `source` and `version`, …) are not templates;
 * - properties named `//` in a block body (and at the root) are comments.
 * `depends_on`, `provider`, `ignore_changes` and the like hold references as strings; they are
 * parsed as the expressions they name.
 */
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { buildFirstExpr, type RangeMaker } from './build.js';
import { plainTree } from './cst.js';
import { hclTooDeep, jsonTooDeep, MAX_NESTING } from './nesting.js';
import {
  parserFailure,
  refusal,
  stripBom,
  unparsedFile,
  type HclFile,
  type SyntaxError,
  type Validity,
} from './parse.js';
import { LineIndex } from './position.js';
import { decodeJsonString, type Decoded } from './strings.js';
import type { Attribute, Block, Body, Expr, ObjectItem, Range } from './syntax.js';
import { treeSitterParser } from './tree-sitter.js';

interface BlockSchema {
  labels: number;
  /** Nested block types of this block. */
  blocks?: Readonly<Record<string, BlockSchema>>;
  /** Arguments whose JSON values are taken literally (or 'all'). */
  literal?: readonly string[] | 'all';
  /** Arguments whose strings are references or keywords (`"aws_s3_bucket.b"`, `"all"`). */
  references?: readonly string[];
  /** `locals`: the body's properties are the local values. */
  locals?: boolean;
}

const CONDITION: BlockSchema = { labels: 0 };
const CONNECTION: BlockSchema = { labels: 0, literal: ['type'] };
const LIFECYCLE: BlockSchema = {
  labels: 0,
  blocks: { precondition: CONDITION, postcondition: CONDITION },
  references: ['ignore_changes', 'replace_triggered_by'],
};
const PROVISIONER: BlockSchema = { labels: 1, blocks: { connection: CONNECTION } };
const RESOURCE: BlockSchema = {
  labels: 2,
  blocks: {
    lifecycle: LIFECYCLE,
    provisioner: PROVISIONER,
    connection: CONNECTION,
    dynamic: { labels: 1, blocks: { content: { labels: 0 } } },
  },
  references: ['provider', 'depends_on'],
};
const LITERAL_BLOCK: BlockSchema = { labels: 0, literal: 'all' };

/** Terraform's top-level block types and what their bodies hold. */
const TOP_LEVEL: Readonly<Record<string, BlockSchema>> = {
  resource: RESOURCE,
  data: RESOURCE,
  ephemeral: RESOURCE,
  module: { labels: 1, literal: ['source', 'version'], references: ['providers', 'depends_on'] },
  variable: {
    labels: 1,
    literal: ['type', 'default', 'description', 'sensitive', 'nullable', 'ephemeral'],
    blocks: { validation: CONDITION },
  },
  output: {
    labels: 1,
    literal: ['description', 'sensitive', 'ephemeral'],
    references: ['depends_on'],
    blocks: { precondition: CONDITION },
  },
  provider: { labels: 1, literal: ['alias', 'version'] },
  locals: { labels: 0, locals: true },
  terraform: {
    labels: 0,
    literal: 'all',
    blocks: {
      backend: { labels: 1, literal: 'all' },
      cloud: { labels: 0, literal: 'all', blocks: { workspaces: LITERAL_BLOCK } },
      required_providers: LITERAL_BLOCK,
      provider_meta: { labels: 1 },
    },
  },
  check: { labels: 1, blocks: { data: RESOURCE, assert: CONDITION } },
  import: { labels: 0, references: ['to', 'provider'] },
  moved: { labels: 0, references: ['from', 'to'] },
  removed: { labels: 0, references: ['from'], blocks: { lifecycle: LIFECYCLE, provisioner: PROVISIONER } },
};

type ValueMode = 'expression' | 'literal' | 'reference';

/**
 * Parses JSON-syntax text: `configuration` (`.tf.json`: blocks) or `values` (`.tfvars.json`,
 * `.tfbackend`-like: the root's properties are literal values). Never throws.
 */
export async function parseJsonConfig(
  path: string,
  source: string,
  kind: 'configuration' | 'values',
): Promise<HclFile> {
  const text = stripBom(source);
  const refused = refusal(text, (t) => jsonTooDeep(t));
  if (refused) return unparsedFile(path, text, refused.reason, refused.offset, 'json');
  try {
    return await parseCheckedJson(path, text, kind);
  } catch (error) {
    return unparsedFile(path, text, parserFailure(error), 0, 'json');
  }
}

async function parseCheckedJson(path: string, text: string, kind: 'configuration' | 'values'): Promise<HclFile> {
  const lines = new LineIndex(text);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const mapper = new JsonMapper(path, text, lines, await treeSitterParser());
  const problems: { offset: number; message: string }[] = errors.map((e) => ({
    offset: e.offset,
    message: `invalid JSON: ${describeJsonError(printParseErrorCode(e.error))}`,
  }));
  let body: Body = { attributes: [], blocks: [] };
  if (root?.type === 'object') {
    body = kind === 'values' ? mapper.values(root) : mapper.configuration(root);
  } else if (root) {
    problems.push({ offset: root.offset, message: `expected a JSON object at the top level, got ${root.type}` });
  }
  problems.push(...mapper.problems);
  problems.sort((a, b) => a.offset - b.offset);
  const first = problems[0];
  const error: SyntaxError | undefined = first
    ? { ...lines.position(first.offset), message: first.message, parser: 'json' }
    : undefined;
  const result: Promise<Validity> = Promise.resolve(error ? { ok: false, error } : { ok: true });
  return { path, syntax: 'json', text, lines, body, validity: () => result };
}

function describeJsonError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

type TreeSitter = Awaited<ReturnType<typeof treeSitterParser>>;

class JsonMapper {
  readonly problems: { offset: number; message: string }[] = [];

  constructor(
    private readonly path: string,
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly parser: TreeSitter,
  ) {}

  private range(node: JsonNode): Range {
    return this.lines.range(node.offset, node.offset + node.length);
  }

  private problem(node: JsonNode, message: string): void {
    this.problems.push({ offset: node.offset, message });
  }

  /** A `.tfvars.json`: every property of the root is a literal value. */
  values(root: JsonNode): Body {
    const attributes: Attribute[] = [];
    for (const [key, value] of properties(root)) attributes.push(this.attribute(key, value, 'literal', 0));
    return { attributes, blocks: [] };
  }

  /** A `.tf.json`: every property of the root is a top-level block type. */
  configuration(root: JsonNode): Body {
    const blocks: Block[] = [];
    for (const [key, value] of properties(root)) {
      const type = String(key.value);
      if (type === '//') continue;
      const schema = TOP_LEVEL[type];
      if (!schema) this.problem(key, `unsupported top-level block type '${type}'`);
      blocks.push(...this.blocks(key, value, schema ?? { labels: 0 }, 1));
    }
    return { attributes: [], blocks };
  }

  /** The blocks of one block type: labels are levels of object nesting; arrays hold several. */
  private blocks(typeKey: JsonNode, value: JsonNode, schema: BlockSchema, depth: number): Block[] {
    const out: Block[] = [];
    const expand = (node: JsonNode, labels: string[], labelRanges: Range[], last: JsonNode, level: number) => {
      if (node.type === 'array') {
        for (const item of node.children ?? []) expand(item, labels, labelRanges, last, level + 1);
        return;
      }
      if (node.type !== 'object') {
        this.problem(node, `expected a JSON object for a ${String(typeKey.value)} block, got ${node.type}`);
        return;
      }
      if (labels.length < schema.labels) {
        for (const [key, inner] of properties(node)) {
          if (key.value === '//') continue;
          expand(inner, [...labels, String(key.value)], [...labelRanges, this.range(key)], key, level + 1);
        }
        return;
      }
      const typeRange = this.range(last);
      const bodyRange = this.range(node);
      out.push({
        file: this.path,
        type: String(typeKey.value),
        labels,
        labelRanges,
        typeRange,
        range: this.lines.range(typeRange.startOffset, bodyRange.endOffset),
        body: schema.locals ? this.localsBody(node, depth + level) : this.body(node, schema, depth + level),
      });
    };
    expand(value, [], [], typeKey, 0);
    return out;
  }

  private body(node: JsonNode, schema: BlockSchema, depth: number): Body {
    const body: Body = { attributes: [], blocks: [] };
    for (const [key, value] of properties(node)) {
      const name = String(key.value);
      if (name === '//') continue;
      const nested = schema.blocks?.[name];
      if (nested) {
        body.blocks.push(...this.blocks(key, value, nested, depth + 1));
        continue;
      }
      const mode: ValueMode =
        schema.literal === 'all' || schema.literal?.includes(name)
          ? 'literal'
          : schema.references?.includes(name)
            ? 'reference'
            : 'expression';
      body.attributes.push(this.attribute(key, value, mode, depth + 1));
    }
    return body;
  }

  /** `"locals": {"a": …}`: each property is a local value (an expression). */
  private localsBody(node: JsonNode, depth: number): Body {
    const attributes: Attribute[] = [];
    for (const [key, value] of properties(node)) {
      if (key.value === '//') continue;
      attributes.push(this.attribute(key, value, 'expression', depth + 1));
    }
    return { attributes, blocks: [] };
  }

  private attribute(key: JsonNode, value: JsonNode, mode: ValueMode, depth: number): Attribute {
    return {
      file: this.path,
      name: String(key.value),
      nameRange: this.range(key),
      range: this.lines.range(key.offset, value.offset + value.length),
      expr: this.expr(value, mode, depth),
    };
  }

  expr(node: JsonNode, mode: ValueMode, depth: number): Expr {
    const range = this.range(node);
    switch (node.type) {
      case 'string':
        return this.string(node, mode, depth);
      case 'number':
      case 'boolean':
      case 'null':
        return { kind: 'literal', value: (node.value as number | boolean | null) ?? null, range };
      case 'array':
        return { kind: 'tuple', items: (node.children ?? []).map((c) => this.expr(c, mode, depth + 1)), range };
      case 'object': {
        const items: ObjectItem[] = properties(node).map(([key, value]) => ({
          key: this.string(key, mode === 'reference' ? 'literal' : mode, depth + 1),
          value: this.expr(value, mode, depth + 1),
          range: this.lines.range(key.offset, value.offset + value.length),
        }));
        return { kind: 'object', items, range };
      }
      default:
        return { kind: 'other', text: this.text.slice(node.offset, node.offset + node.length), children: [], range };
    }
  }

  /** A JSON string: literal, a template (when it interpolates), or the reference it names. */
  private string(node: JsonNode, mode: ValueMode, depth: number): Expr {
    const range = this.range(node);
    const contentStart = node.offset + 1;
    const raw = this.text.slice(contentStart, node.offset + node.length - 1);
    const decoded = decodeJsonString(raw, contentStart);
    const literal: Expr = {
      kind: 'literal',
      value: decoded.text,
      range,
      ...(decoded.offsets ? { offsets: decoded.offsets } : {}),
    };
    if (mode === 'literal') return literal;
    if (mode === 'reference') return this.parsed(node, decoded, contentStart, 'reference', depth) ?? literal;
    if (!decoded.text.includes('${') && !decoded.text.includes('%{')) return literal;
    return this.parsed(node, decoded, contentStart, 'template', depth) ?? literal;
  }

  /**
   * The string parsed by tree-sitter, as a template (wrapped in a heredoc, whose text has no
   * escapes but `$${`/`%%{`, as Terraform's template mode) or as an expression, with every
   * range mapped back through the JSON string's escapes.
   */
  private parsed(
    node: JsonNode,
    decoded: Decoded,
    contentStart: number,
    as: 'template' | 'reference',
    depth: number,
  ): Expr | undefined {
    const value = decoded.text;
    const deep =
      as === 'template'
        ? hclTooDeep(value, Math.max(1, MAX_NESTING - depth), true)
        : hclTooDeep(value, Math.max(1, MAX_NESTING - depth));
    if (deep) {
      this.problem(node, `nested deeper than ${MAX_NESTING} levels: not parsed, so the guard cannot vouch for it`);
      return undefined;
    }
    let marker = 'JSONTEMPLATE';
    while (value.includes(marker)) marker += 'X';
    const prefix = as === 'template' ? `x = <<${marker}\n` : 'x = ';
    const synthetic = `${prefix}${value}${as === 'template' ? `\n${marker}\n` : '\n'}`;
    const end = node.offset + node.length - 1;
    const offsets = decoded.offsets;
    const map = (offset: number): number => {
      const i = offset - prefix.length;
      if (i < 0) return contentStart;
      if (i >= value.length) return end;
      return offsets ? (offsets[i] ?? end) : contentStart + i;
    };
    const maker: RangeMaker = {
      range: (s, e) => this.lines.range(map(s), map(e)),
      offset: map,
    };
    const tree = this.parser.parse(synthetic);
    if (!tree) return undefined;
    try {
      if (tree.rootNode.hasError) {
        this.problem(node, as === 'template' ? 'invalid template in this string' : 'invalid reference in this string');
        return undefined;
      }
      const expr = buildFirstExpr(plainTree(tree), synthetic, maker, this.path);
      if (!expr || as === 'reference') return expr;
      const unwrapped = unwrapTemplate(expr);
      return unwrapped.kind === 'template' ? { ...unwrapped, range: this.range(node) } : unwrapped;
    } finally {
      tree.delete();
    }
  }
}

/**
 * The heredoc the template was wrapped in ends with the newline before its marker: drop it. A
 * template that is one interpolation alone is that expression (its value is not made a string).
 */
function unwrapTemplate(expr: Expr): Expr {
  if (expr.kind !== 'template') return expr;
  const last = expr.parts[expr.parts.length - 1];
  if (last?.kind === 'text' && last.text.endsWith('\n')) {
    const text = last.text.slice(0, -1);
    if (text === '') expr.parts.pop();
    else
      expr.parts[expr.parts.length - 1] = {
        ...last,
        text,
        ...(last.offsets ? { offsets: last.offsets.slice(0, -1) } : {}),
      };
  }
  const only = expr.parts[0];
  if (expr.parts.length === 1 && only?.kind === 'interpolation') return only.expr;
  return { ...expr, heredoc: false };
}

function properties(node: JsonNode): [JsonNode, JsonNode][] {
  const out: [JsonNode, JsonNode][] = [];
  for (const property of node.children ?? []) {
    const [key, value] = property.children ?? [];
    if (key && value) out.push([key, value]);
  }
  return out;
}
