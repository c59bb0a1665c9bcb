/**
 * The one way the project reads its own YAML files (environments.yaml, env-guard.yaml, the
 * follow-up ledger, infra.yaml): parse with `yaml` keeping positions, validate with zod, and
 * turn the first problem into one line naming the file, the key path, expected and got, and
 * the line, e.g. `env-guard.yaml: allowlist[1].reason: is required (expected string) (line 9)`.
 * Unknown keys list the keys the object accepts. Callers pass the text; shells read files.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { ConfigurationError } from './errors.js';

export type KeyPath = readonly PropertyKey[];

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
  const doc = parseDocument(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, { lineCounter: lines });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const at = yamlError.linePos?.[0];
    const message = (yamlError.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigurationError(`${label}${at ? `:${at.line}:${at.col}` : ''}: invalid YAML: ${message}`);
  }
  const positionOf = (path: KeyPath) => nodePosition(doc, lines, path);
  const lineOf = (path: KeyPath) => positionOf(path)?.line;
  const error = (path: KeyPath, message: string) => {
    const line = lineOf(path);
    return new ConfigurationError(
      `${label}: ${formatKeyPath(path)}: ${message}${line === undefined ? '' : ` (line ${line})`}`,
    );
  };
  const result = schema.safeParse(doc.toJS() ?? {}, { reportInput: true });
  if (!result.success) {
    const issue = result.error.issues[0];
    if (!issue) throw new ConfigurationError(`${label}: invalid`);
    const path = issuePath(issue);
    const line = lineOf(path);
    throw new ConfigurationError(
      `${label}: ${describeIssue(issue, schema)}${line === undefined ? '' : ` (line ${line})`}`,
    );
  }
  return { value: result.data, lineOf, positionOf, error };
}

type Issue = z.core.$ZodIssue;

function issuePath(issue: Issue): PropertyKey[] {
  return issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
}

/** `environments[1].prefixes`. */
export function formatKeyPath(path: KeyPath): string {
  return (
    path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('') ||
    '(top level)'
  );
}

function typeName(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function describeIssue(issue: Issue, schema: z.ZodType): string {
  const where = formatKeyPath(issuePath(issue));
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `${where}: is required (expected ${issue.expected})`
        : `${where}: expected ${issue.expected}, got ${typeName(issue.input)}`;
    case 'unrecognized_keys': {
      const allowed = allowedKeys(schema, issue.path);
      return `${where}: unknown key${issue.keys.length > 1 ? `s ${issue.keys.map((k) => `'${k}'`).join(', ')}` : ''}${allowed ? ` (expected one of: ${allowed.join(', ')})` : ''}`;
    }
    case 'invalid_value':
      if (issue.input === undefined)
        return `${where}: is required (expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')})`;
      return `${where}: expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${JSON.stringify(issue.input)}`;
    case 'too_small':
      if (issue.origin === 'string') return `${where}: must not be empty`;
      if (issue.origin === 'array')
        return `${where}: expected at least ${String(issue.minimum)} item(s), got ${Array.isArray(issue.input) ? issue.input.length : 0}`;
      return `${where}: ${issue.message}`;
    case 'invalid_format':
      return `${where}: ${issue.message}, got ${JSON.stringify(issue.input)}`;
    case 'invalid_union': {
      // The branch the input was meant for: the one that did not fail on the input's type itself.
      const branch = issue.errors.find(
        (issues) => issues[0] && !(issues[0].code === 'invalid_type' && issues[0].path.length === 0),
      );
      const inner = branch?.[0];
      if (inner) return describeIssue({ ...inner, path: [...issue.path, ...inner.path] } as Issue, schema);
      return `${where}: ${issue.message}${issue.input === undefined ? '' : `, got ${typeName(issue.input)}`}`;
    }
    default:
      return `${where}: ${issue.message}`;
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

/** The keys an object schema at `path` accepts (for "unknown key" messages). */
function allowedKeys(schema: z.ZodType, path: KeyPath): string[] | undefined {
  let current: unknown = schema;
  const unwrap = () => {
    for (;;) {
      if (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodNullable)
        current = current.unwrap();
      else if (current instanceof z.ZodPipe) current = current.in;
      else return;
    }
  };
  for (const step of path) {
    unwrap();
    if (typeof step === 'number' && current instanceof z.ZodArray) current = current.element;
    else if (typeof step === 'string' && current instanceof z.ZodObject)
      current = (current.shape as Record<string, unknown>)[step];
    else if (current instanceof z.ZodUnion) {
      const object = (current.options as unknown[]).find((o) => o instanceof z.ZodObject || o instanceof z.ZodArray);
      if (!object) return undefined;
      current = object;
      if (typeof step === 'number' && current instanceof z.ZodArray) current = current.element;
      else if (typeof step === 'string' && current instanceof z.ZodObject)
        current = (current.shape as Record<string, unknown>)[step];
      else return undefined;
    } else return undefined;
  }
  unwrap();
  if (current instanceof z.ZodUnion) current = (current.options as unknown[]).find((o) => o instanceof z.ZodObject);
  return current instanceof z.ZodObject ? Object.keys(current.shape as Record<string, unknown>) : undefined;
}
