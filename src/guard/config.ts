/**
 * env-guard's two committed YAML files, validated with zod at the edge:
 * - the config (`env-guard.yaml`): environments and the identifiers that belong to each,
 *   the allow-list of cross-environment literals, snapshots, deliberate parity differences;
 * - the follow-up ledger it references (`env-guard.followups.yaml`).
 * Unknown keys and wrong types are errors naming the file and the key path, e.g.
 * `env-guard.yaml: environments[1].prefixes: expected array, got string (line 9)`.
 * The parse functions take the text; the shells read the files (io/guard.ts).
 */
import { isAbsolute, posix } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { ConfigurationError } from '../lib/errors.js';

const nonEmpty = z.string().trim().min(1);
const list = (item: z.ZodType<string>) => z.array(item).default([]);
const relativeDir = z
  .string()
  .trim()
  .min(1)
  .refine((p) => !isAbsolute(p) && !p.split('/').includes('..'), {
    message: 'expected a directory relative to the root, without ..',
  })
  .transform((p) => posix.normalize(p).replace(/\/$/, ''));

const EnvironmentSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_-]*$/, { message: 'expected a lower-case name (a-z, 0-9, - or _)' }),
  dir: relativeDir,
  /** Name prefixes of this environment's resources (`phenom-prod`). Matched at word boundaries. */
  prefixes: list(nonEmpty),
  cognito_pool_ids: list(nonEmpty),
  buckets: list(nonEmpty),
  database_identifiers: list(nonEmpty),
  account_ids: list(z.string().regex(/^\d{12}$/, { message: 'expected a 12-digit AWS account id' })),
  /** Any other literal that belongs to this environment (cluster names, host names, endpoints). */
  identifiers: list(nonEmpty),
});

const AllowSchema = z.strictObject({
  literal: nonEmpty,
  environment: nonEmpty,
  reason: nonEmpty,
  expires: z.iso.date({ message: 'expected a date YYYY-MM-DD' }).optional(),
});

const SnapshotSchema = z.strictObject({
  identifier: nonEmpty,
  master_username: nonEmpty,
  /** The environment the snapshot was taken from. */
  environment: nonEmpty.optional(),
  /** The environment whose KMS key encrypts the snapshot (snapshot-kms-key). */
  kms_key_owner: nonEmpty.optional(),
});

const DeliberateSchema = z.strictObject({
  module: relativeDir,
  input: nonEmpty,
  reason: nonEmpty,
});

const ConfigSchema = z
  .strictObject({
    version: z.literal(1),
    environments: z.array(EnvironmentSchema).min(2, { message: 'expected at least two environments' }),
    allowlist: z.array(AllowSchema).default([]),
    snapshots: z.array(SnapshotSchema).default([]),
    parity: z.strictObject({ deliberate: z.array(DeliberateSchema).default([]) }).default({ deliberate: [] }),
    followups: z.strictObject({ ledger: nonEmpty }).optional(),
    strict: z.boolean().default(false),
  })
  .superRefine((config, ctx) => {
    const names = config.environments.map((e) => e.name);
    config.environments.forEach((env, i) => {
      if (names.indexOf(env.name) !== i)
        ctx.addIssue({
          code: 'custom',
          path: ['environments', i, 'name'],
          message: `duplicate environment name '${env.name}'`,
        });
      config.environments.forEach((other, j) => {
        if (j >= i) return;
        const nested =
          env.dir === other.dir ||
          env.dir.startsWith(`${other.dir}/`) ||
          other.dir.startsWith(`${env.dir}/`) ||
          other.dir === '.' ||
          env.dir === '.';
        if (nested)
          ctx.addIssue({
            code: 'custom',
            path: ['environments', i, 'dir'],
            message: `'${env.dir}' overlaps environments[${j}].dir '${other.dir}' (environment directories must be disjoint)`,
          });
      });
    });
    const expected = `expected one of: ${names.join(', ')}`;
    config.allowlist.forEach((entry, i) => {
      if (!names.includes(entry.environment))
        ctx.addIssue({
          code: 'custom',
          path: ['allowlist', i, 'environment'],
          message: `'${entry.environment}' is not a declared environment (${expected})`,
        });
    });
    config.snapshots.forEach((snapshot, i) => {
      for (const field of ['environment', 'kms_key_owner'] as const) {
        const value = snapshot[field];
        if (value !== undefined && !names.includes(value))
          ctx.addIssue({
            code: 'custom',
            path: ['snapshots', i, field],
            message: `'${value}' is not a declared environment (${expected})`,
          });
      }
    });
  });

export type GuardConfig = z.infer<typeof ConfigSchema>;
export type EnvironmentConfig = GuardConfig['environments'][number];
export type AllowEntry = GuardConfig['allowlist'][number];

const LedgerItemSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { message: 'expected a kebab-case id' }),
    environment: nonEmpty,
    title: nonEmpty,
    details: z.string().optional(),
    /** For manual items: whether it was done. */
    status: z.enum(['open', 'resolved']).optional(),
    /** For IaC debt: resolved once every listed resource exists in the environment's root (or a module it uses). */
    resolved_by: z
      .array(z.strictObject({ type: nonEmpty, name: nonEmpty.optional() }))
      .min(1)
      .optional(),
  })
  .refine((item) => (item.status === undefined) !== (item.resolved_by === undefined), {
    message: 'expected exactly one of status (manual item) or resolved_by (resolved by code)',
  });

const LedgerSchema = z
  .strictObject({ version: z.literal(1), followups: z.array(LedgerItemSchema) })
  .superRefine((ledger, ctx) => {
    const ids = ledger.followups.map((f) => f.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i)
        ctx.addIssue({ code: 'custom', path: ['followups', i, 'id'], message: `duplicate id '${id}'` });
    });
  });

export type LedgerItem = z.infer<typeof LedgerItemSchema> & { line: number };

export interface Ledger {
  /** Path of the ledger relative to the guarded root (as reported in follow-ups). */
  file: string;
  items: LedgerItem[];
}

/** Parses and validates the config text; `label` names the file in messages. */
export function parseGuardConfig(text: string, label: string): GuardConfig {
  return validate(ConfigSchema, text, label).value;
}

/** Parses and validates the ledger text; environments must be ones the config declares. */
export function parseLedger(text: string, label: string, environments: readonly string[]): LedgerItem[] {
  const { value, doc, lines } = validate(LedgerSchema, text, label);
  return value.followups.map((item, i) => {
    if (!environments.includes(item.environment)) {
      throw new ConfigurationError(
        `${label}: followups[${i}].environment: '${item.environment}' is not a declared environment (expected one of: ${environments.join(', ')})${lineSuffix(doc, lines, ['followups', i, 'environment'])}`,
      );
    }
    return { ...item, line: lineOf(doc, lines, ['followups', i]) ?? 1 };
  });
}

function validate<T extends z.ZodType>(
  schema: T,
  text: string,
  label: string,
): { value: z.output<T>; doc: Document; lines: LineCounter } {
  const lines = new LineCounter();
  const doc = parseDocument(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, { lineCounter: lines });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const at = yamlError.linePos?.[0];
    const message = (yamlError.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigurationError(`${label}${at ? `:${at.line}:${at.col}` : ''}: invalid YAML: ${message}`);
  }
  const result = schema.safeParse(doc.toJS() ?? {}, { reportInput: true });
  if (!result.success) {
    const issue = result.error.issues[0];
    if (!issue) throw new ConfigurationError(`${label}: invalid`);
    throw new ConfigurationError(
      `${label}: ${describeIssue(issue, schema)}${lineSuffix(doc, lines, issuePath(issue))}`,
    );
  }
  return { value: result.data, doc, lines };
}

type Issue = z.core.$ZodIssue;

function issuePath(issue: Issue): PropertyKey[] {
  return issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
}

/** `environments[1].prefixes`. */
function formatPath(path: readonly PropertyKey[]): string {
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
  const where = formatPath(issuePath(issue));
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
    default:
      return `${where}: ${issue.message}`;
  }
}

function lineOf(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let n = path.length; n >= 0; n -= 1) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

function lineSuffix(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): string {
  const line = lineOf(doc, lines, path);
  return line === undefined ? '' : ` (line ${line})`;
}

/** The keys an object schema at `path` accepts (for "unknown key" messages). */
function allowedKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] | undefined {
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
    else return undefined;
  }
  unwrap();
  return current instanceof z.ZodObject ? Object.keys(current.shape as Record<string, unknown>) : undefined;
}
