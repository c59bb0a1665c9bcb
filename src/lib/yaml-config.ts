/**
 * The one way the project reads its own YAML files (environments.yaml, env-guard.yaml, the
 * follow-up ledger, infra.yaml): parse with `yaml` keeping positions, validate with zod, and
 * turn the first problem into one line naming the file, the key path, expected and got, and
 * the line, e.g. `env-guard.yaml: allowlist[1].reason: is required (expected string) (line 9)`.
 * The words come from the project's one zod formatter
 * (modules/shared-functions/src/zod-issues.ts); this file adds the file and the line. Callers
 * pass the text; shells read files.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { formatKeyPath, validate, type KeyPath } from '../../modules/shared-functions/src/zod-issues.js';
import { ConfigurationError, errorMessage } from './errors.js';
import { stripBom } from '../../modules/shared-functions/src/text.js';

export { formatKeyPath, type KeyPath };

export interface YamlConfig<T> {
  value: T;
  /** The 1-based line of the node at `path` (or of its nearest ancestor that exists). */
  lineOf(path: KeyPath): number | undefined;
  /** The 1-based line and column where the node at `path` (or its nearest existing ancestor) starts. */
  positionOf(path: KeyPath): { line: number; column: number } | undefined;
  /** `label: <path>: message (line N)`: a ConfigurationError for a cross-check after validation. */
  error(path: KeyPath, message: string): ConfigurationError;
}

/** Parses and validates `text`; `label` names the file in every message. */
export function parseYamlConfig<S extends z.ZodType>(schema: S, text: string, label: string): YamlConfig<z.output<S>> {
  const lines = new LineCounter();
  // A configuration holds strings, numbers, booleans, lists and mappings. yaml would turn YAML 1.1's
  // tags into other things (`!!binary` a Buffer, `!!set` a Set, `!!timestamp` a Date) and read an
  // unknown tag as if it were not there; here any tag that is not a plain type is the file's error.
  const doc = parseDocument(stripBom(text), { lineCounter: lines, resolveKnownTags: false });
  const yamlError = doc.errors[0] ?? doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (yamlError) {
    const at = yamlError.linePos?.[0];
    const message = (yamlError.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    const expected =
      yamlError.code === 'TAG_RESOLVE_FAILED'
        ? ' (expected plain YAML: strings, numbers, booleans, lists, mappings)'
        : '';
    throw new ConfigurationError(`${label}${at ? `:${at.line}:${at.col}` : ''}: invalid YAML: ${message}${expected}`);
  }
  const positionOf = (path: KeyPath) => nodePosition(doc, lines, path);
  const lineOf = (path: KeyPath) => positionOf(path)?.line;
  const error = (path: KeyPath, message: string) => {
    const line = lineOf(path);
    return new ConfigurationError(
      `${label}: ${formatKeyPath(path)}: ${message}${line === undefined ? '' : ` (line ${line})`}`,
    );
  };
  const result = validate(schema, toPlainData(doc, label) ?? {});
  if (!result.ok) {
    const line = lineOf(result.path);
    throw new ConfigurationError(`${label}: ${result.message}${line === undefined ? '' : ` (line ${line})`}`);
  }
  return { value: result.value, lineOf, positionOf, error };
}

/**
 * The document as plain data. `yaml` refuses, by throwing, what it will not expand: an alias
 * repeated past its limit (an alias bomb, a few lines that would take gigabytes) is the file's
 * problem, reported as such.
 */
function toPlainData(doc: Document, label: string): unknown {
  try {
    return doc.toJS();
  } catch (error) {
    throw new ConfigurationError(`${label}: invalid YAML: ${errorMessage(error).split('\n')[0] ?? ''}`);
  }
}

function nodePosition(doc: Document, lines: LineCounter, path: KeyPath): { line: number; column: number } | undefined {
  const at = (offset: number) => {
    const pos = lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  for (let n = path.length; n >= 0; n -= 1) {
    // A key is where it is written, not where its (block) value starts on the next line.
    const last = path[n - 1];
    const parent = n > 0 ? doc.getIn(path.slice(0, n - 1) as unknown[], true) : undefined;
    if (isMap(parent)) {
      const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === last);
      const range = (pair?.key as { range?: [number, number, number] } | null)?.range;
      if (range) return at(range[0]);
    } else if (isSeq(parent) && typeof last === 'number') {
      const range = (parent.items[last] as { range?: [number, number, number] } | undefined)?.range;
      if (range) return at(range[0]);
    }
    const node = doc.getIn(path.slice(0, n) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return at(node.range[0]);
  }
  return undefined;
}
