/**
 * Parsing one HCL file. Two parsers, each used for what it is good at:
 * - tree-sitter (wasm): the syntax model with exact positions (src/hcl/build.ts), always;
 * - HashiCorp's own parser (@cdktf/hcl2json, Go compiled to wasm): the authority on whether
 *   the file is valid HCL and on its values, computed lazily because it is ~3× slower and
 *   only some tools need it (the `hcl` stage, env-guard's parse-error rule).
 * Callers get files through the repository model's cache so each file is parsed once per run.
 */
import { parse as hcl2json } from '@cdktf/hcl2json';
import type { Node } from 'web-tree-sitter';
import { buildBody } from './build.js';
import { LineIndex } from './position.js';
import type { Body, Position } from './syntax.js';
import { treeSitterParser } from './tree-sitter.js';

export interface SyntaxError extends Position {
  message: string;
  /** Which parser reported it. */
  parser: 'hashicorp' | 'tree-sitter';
}

export interface HclFile {
  /** Path as given by the caller (repository-relative in the repo model). */
  path: string;
  /** File text without a UTF-8 byte order mark; CRLF kept. */
  text: string;
  lines: LineIndex;
  body: Body;
  /** First error tree-sitter recovered from, if any (the body is then partial). */
  treeSitterError?: SyntaxError;
  /** HashiCorp's parse of the file: its JSON form, or the first error. Parsed on first call, then cached. */
  hashicorp(): Promise<{ ok: true; json: unknown } | { ok: false; error: SyntaxError }>;
}

/** Parses HCL text. `path` is only used in messages and positions; nothing is read from disk. */
export async function parseHcl(path: string, source: string): Promise<HclFile> {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const lines = new LineIndex(text);
  const parser = await treeSitterParser();
  const tree = parser.parse(text);
  if (!tree) throw new Error(`tree-sitter could not parse ${path}`);
  let body: Body;
  let treeSitterError: SyntaxError | undefined;
  try {
    body = buildBody(tree.rootNode, text, lines);
    if (tree.rootNode.hasError) {
      const node = firstErrorNode(tree.rootNode);
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
  let hashicorpResult: ReturnType<HclFile['hashicorp']> | undefined;
  return {
    path,
    text,
    lines,
    body,
    ...(treeSitterError ? { treeSitterError } : {}),
    hashicorp() {
      hashicorpResult ??= hashicorpParse(path, text);
      return hashicorpResult;
    },
  };
}

async function hashicorpParse(
  path: string,
  text: string,
): Promise<{ ok: true; json: unknown } | { ok: false; error: SyntaxError }> {
  try {
    return { ok: true, json: await hcl2json(path, text) };
  } catch (error) {
    return { ok: false, error: parseHashicorpError(path, error instanceof Error ? error.message : String(error)) };
  }
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
