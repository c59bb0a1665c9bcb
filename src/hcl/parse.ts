/**
 * Parsing one configuration file, native syntax (`.tf`, `.tfvars`, `.tfbackend`) or JSON
 * syntax (`.tf.json`, `.tfvars.json`, src/hcl/json.ts). A native file is parsed once, by
 * tree-sitter (wasm): the syntax model with exact positions (src/hcl/build.ts), its values
 * through the evaluator (src/hcl/evaluate.ts), and its validity. HashiCorp's own parser
 * (@cdktf/hcl2json, Go compiled to wasm, ~0.3–1.5 s to start) is loaded only for a file the
 * tree cannot vouch for — tree-sitter recovered from an error, or the layout breaks one of
 * HCL's line rules the grammar does not know (src/hcl/validity.ts) — to give the verdict and
 * the message; a repository of valid files never starts it.
 * No text reaches a parser unchecked: binary text (a NUL byte) and text nested deeper than
 * MAX_NESTING are not parsed (src/hcl/nesting.ts) but come back as a file with an empty body
 * and that reason as its error. Parsing never throws for any input.
 * Callers get files through the repository model's cache so each file is parsed once per run.
 */
import type { Node } from 'web-tree-sitter';
import { errorMessage } from '../lib/errors.js';
import { buildBody } from './build.js';
import { plainTree, type CstNode } from './cst.js';
import { hclTooDeep, type TooDeep } from './nesting.js';
import { LineIndex } from './position.js';
import type { Body, Position } from './syntax.js';
import { treeSitterParser } from './tree-sitter.js';
import { LAYOUT_TOKEN_TYPES, suspectOffset } from './validity.js';
import { stripBom } from '../../modules/shared-functions/src/text.js';

export interface SyntaxError extends Position {
  message: string;
  /** Which parser reported it; `limits` when the text was not handed to a parser at all. */
  parser: 'hashicorp' | 'tree-sitter' | 'json' | 'limits';
}

export interface HclFile {
  /** Path as given by the caller (repository-relative in the repo model). */
  path: string;
  /** `native` (`.tf`, `.tfvars`, …) or `json` (`.tf.json`, `.tfvars.json`). */
  syntax: 'native' | 'json';
  /** File text without a UTF-8 byte order mark; CRLF kept ('' when it was too large to read). */
  text: string;
  lines: LineIndex;
  body: Body;
  /** First error tree-sitter recovered from, if any (the body is then partial). */
  treeSitterError?: SyntaxError;
  /** Why the file was not parsed at all (binary, too large, nested too deeply): its body is empty. */
  unparsed?: SyntaxError;
  /**
   * Whether Terraform's parser accepts the file, else its first error. From the tree when it
   * can vouch for the file; otherwise HashiCorp's parser decides, on first call, then cached.
   * JSON syntax: the JSON mapping's verdict.
   */
  validity(): Promise<Validity>;
}

export type Validity = { ok: true } | { ok: false; error: SyntaxError };

const VALID: Promise<Validity> = Promise.resolve({ ok: true });

const emptyBody = (): Body => ({ attributes: [], blocks: [] });

// The one BOM stripper (the Lambda bundles share it), re-exported for the loader.
export { stripBom };

/** A file that is not parsed, for `reason` (at `offset` of its text): empty body, the reason as its error. */
export function unparsedFile(
  path: string,
  text: string,
  reason: string,
  offset = 0,
  syntax: HclFile['syntax'] = path.endsWith('.json') ? 'json' : 'native',
): HclFile {
  const lines = new LineIndex(text);
  const error: SyntaxError = { ...lines.position(offset), message: reason, parser: 'limits' };
  const result = Promise.resolve({ ok: false as const, error });
  return { path, syntax, text, lines, body: emptyBody(), unparsed: error, validity: () => result };
}

/** Why text must not reach a parser (binary, nested too deeply), or undefined. */
export function refusal(
  text: string,
  tooDeep: (text: string) => TooDeep | undefined,
): { reason: string; offset: number } | undefined {
  const nul = text.indexOf('\u0000');
  if (nul !== -1) return { reason: 'binary content (a NUL byte): not a text file, not parsed', offset: nul };
  const deep = tooDeep(text);
  if (deep)
    return {
      reason: `nested deeper than ${deep.limit} levels (brackets, strings, interpolations or directives): not parsed, so the guard cannot vouch for it`,
      offset: deep.offset,
    };
  return undefined;
}

/** Why a parser gave up, in words: a stack overflow means expressions chained thousands deep. */
export function parserFailure(error: unknown): string {
  return error instanceof RangeError
    ? 'nests too deeply for the parser (thousands of chained operators or conditionals): not parsed, so the guard cannot vouch for it'
    : `could not be parsed: ${errorMessage(error)}`;
}

export interface ParseOptions {
  /**
   * Whether the tree's layout is checked against HCL's line rules while the tree is at hand (the
   * default), so that `validity()` of a file the tree vouches for costs nothing. A caller that never
   * asks for validity (`infra affected`) skips that walk; `validity()` of such a file then asks
   * HashiCorp's parser, which gives the same answer.
   */
  checkLayout?: boolean;
}

/** Parses native-syntax HCL text. `path` is only used in messages and positions; nothing is read from disk. */
export async function parseHcl(path: string, source: string, options: ParseOptions = {}): Promise<HclFile> {
  const text = stripBom(source);
  const refused = refusal(text, (t) => hclTooDeep(t));
  if (refused) return unparsedFile(path, text, refused.reason, refused.offset, 'native');
  try {
    return await parseChecked(path, text, options.checkLayout ?? true);
  } catch (error) {
    // A parser failing on valid-looking text: report it as this file's parse error, never a crash.
    return unparsedFile(path, text, parserFailure(error), 0, 'native');
  }
}

async function parseChecked(path: string, text: string, checkLayout: boolean): Promise<HclFile> {
  const lines = new LineIndex(text);
  const parser = await treeSitterParser();
  const tree = parser.parse(text);
  if (!tree) return unparsedFile(path, text, 'tree-sitter could not parse the file', 0, 'native');
  let body: Body;
  let treeSitterError: SyntaxError | undefined;
  let vouched = false;
  try {
    // The tree is read from wasm once, into plain objects that both walks share.
    const tokens: CstNode[] = [];
    const root = plainTree(tree, checkLayout ? { collect: { types: LAYOUT_TOKEN_TYPES, into: tokens } } : {});
    body = buildBody(root, text, lines, path);
    const treeRoot = tree.rootNode;
    const hasError = treeRoot.hasError;
    vouched = !hasError && checkLayout && suspectOffset(root, text, lines, tokens) === undefined;
    if (hasError) {
      const node = firstErrorNode(treeRoot);
      const at = lines.position(node?.startIndex ?? 0);
      treeSitterError = {
        ...at,
        parser: 'tree-sitter',
        message: node?.isMissing ? `missing ${node.type}` : `unexpected ${JSON.stringify(truncate(node?.text ?? ''))}`,
      };
    }
  } finally {
    tree.delete();
  }
  let checked: Promise<Validity> | undefined;
  return {
    path,
    syntax: 'native',
    text,
    lines,
    body,
    ...(treeSitterError ? { treeSitterError } : {}),
    validity() {
      checked ??= vouched ? VALID : hashicorpValidity(path, text);
      return checked;
    },
  };
}

/** HashiCorp's verdict on native-syntax text; its wasm module is loaded on the first call only. */
export async function hashicorpValidity(path: string, text: string): Promise<Validity> {
  const { parse } = await import('@cdktf/hcl2json');
  try {
    await parse(path, withCheapNumbers(text));
    return { ok: true };
  } catch (error) {
    return { ok: false, error: parseHashicorpError(path, error instanceof Error ? error.message : String(error)) };
  }
}

/** A run of digits as HCL's scanner starts a number: not inside a name or a `\u` escape. */
const NUMBER_LITERAL = /(?<![\w\\])\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/**
 * The text with every number literal of huge magnitude or precision written with zeros instead
 * of its digits. hcl2json converts an accepted file to JSON and writes each number out in full:
 * `1e-9999999` alone takes it hours. Which digits a literal has changes neither how the file
 * tokenizes nor where anything is, so the verdict and its position are those of the text itself.
 */
export function withCheapNumbers(text: string): string {
  return text.replace(NUMBER_LITERAL, (literal) => {
    const exponent = /[eE][+-]?(\d+)$/.exec(literal)?.[1] ?? '';
    return exponent.length > 3 || literal.length > 64 ? literal.replace(/\d/g, '0') : literal;
  });
}

/**
 * hcl2json errors look like `parse config: [main.tf:2,6-3,1: Invalid expression; Expected the start
 * of an expression, but found an invalid expression token.]`.
 */
export function parseHashicorpError(path: string, raw: string): SyntaxError {
  const inner = raw.replace(/^parse config: \[/, '').replace(/\]$/, '');
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match =
    new RegExp(`${escaped}:(\\d+),(\\d+)(?:-[\\d,]+)?: (.*)$`, 's').exec(inner) ??
    /:(\d+),(\d+)(?:-[\d,]+)?: (.*)$/s.exec(inner);
  if (!match) return { line: 1, column: 1, message: inner.trim(), parser: 'hashicorp' };
  const message =
    (match[3] ?? '')
      .split(/\n/)[0]
      ?.replace(/; /, ': ')
      .replace(/[.;]\s*$/, '') ?? '';
  return { line: Number(match[1]), column: Number(match[2]), message, parser: 'hashicorp' };
}

function firstErrorNode(node: Node): Node | undefined {
  if (node.isError || node.isMissing) return node;
  for (const child of node.children) {
    if (child && (child.hasError || child.isMissing || child.isError)) {
      const found = firstErrorNode(child);
      if (found) return found;
    }
  }
  return undefined;
}

function truncate(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}
