/**
 * The one way the project turns a failed zod parse into words, for its own config files
 * (src/lib/yaml-config.ts adds the file and line), the JSON it reads from tools and APIs, and
 * the Lambda functions' environment, secrets and requests: `<key path>: <what is wrong>`,
 * with expected and got, e.g. `allowlist[1].reason: is required (expected string)`.
 * Unknown keys list the keys the object accepts. Pure (zod only), so the Lambda bundles and
 * the command-line tools share it.
 */
import { z } from 'zod';

export type KeyPath = readonly PropertyKey[];
type Issue = z.core.$ZodIssue;

export interface DescribeOptions {
  /** The schema that was parsed: an unknown key's message lists the keys the object accepts. */
  schema?: z.ZodType;
  /**
   * false: a wrong value is described by its type only, never quoted (secrets, plan values,
   * request bodies). Default true.
   */
  values?: boolean;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; message: string; path: PropertyKey[] };

/**
 * Parses `input` with `schema`. On failure `message` describes the first issue, or with `all`
 * every issue joined by `; `, and `path` is the first issue's key path.
 */
export function validate<S extends z.ZodType>(
  schema: S,
  input: unknown,
  options: DescribeOptions & { all?: boolean } = {},
): Validation<z.output<S>> {
  // The input of each issue is what "got …" reports.
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues;
  const described = { schema, ...options };
  return {
    ok: false,
    message:
      (options.all ? issues : issues.slice(0, 1)).map((issue) => describeIssue(issue, described)).join('; ') ||
      'invalid',
    path: issues[0] ? issuePath(issues[0]) : [],
  };
}

/** Where an issue is: for an unknown key, the key itself. */
export function issuePath(issue: Issue): PropertyKey[] {
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
  // zod refuses them as "not a number" (JSON.parse reads 1e400 as Infinity): say which.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value;
}

/** One issue as `<key path>: <what is wrong>`; the issue must come from a parse with `reportInput`. */
export function describeIssue(issue: Issue, options: DescribeOptions = {}): string {
  const where = formatKeyPath(issuePath(issue));
  const showValues = options.values !== false;
  const got = (value: unknown) => (showValues ? `, got ${JSON.stringify(value)}` : `, got ${typeName(value)}`);
  // A schema's own words ("required: the bucket name") say more than ours; zod's are replaced.
  const zodWords = /^(Too (small|big)|Invalid |Unrecognized )/.test(issue.message);
  if (!zodWords && !['unrecognized_keys', 'invalid_union', 'invalid_format'].includes(issue.code))
    return `${where}: ${issue.message}`;
  switch (issue.code) {
    case 'invalid_type':
      // `nonoptional`: a key of any type that must be present.
      if (issue.expected === 'nonoptional') return `${where}: is required`;
      return issue.input === undefined
        ? `${where}: is required (expected ${issue.expected})`
        : `${where}: expected ${issue.expected}, got ${typeName(issue.input)}`;
    case 'unrecognized_keys': {
      const allowed = options.schema ? allowedKeys(options.schema, issue.path) : undefined;
      return `${where}: unknown key${issue.keys.length > 1 ? `s ${issue.keys.map((k) => `'${k}'`).join(', ')}` : ''}${allowed ? ` (expected one of: ${allowed.join(', ')})` : ''}`;
    }
    case 'invalid_value': {
      const expected = issue.values.map((v) => JSON.stringify(v)).join(' or ');
      if (issue.input === undefined) return `${where}: is required (expected ${expected})`;
      return `${where}: expected ${expected}${got(issue.input)}`;
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = String(small ? issue.minimum : issue.maximum);
      const input: unknown = issue.input;
      if (issue.origin === 'string' && small && bound === '1') return `${where}: must not be empty`;
      if (issue.origin === 'string' || issue.origin === 'array') {
        const unit = issue.origin === 'string' ? 'character(s)' : 'item(s)';
        const length = typeof input === 'string' || Array.isArray(input) ? input.length : 0;
        return `${where}: expected at ${small ? 'least' : 'most'} ${bound} ${unit}, got ${length}`;
      }
      return `${where}: expected ${small ? 'at least' : 'at most'} ${bound}${got(input)}`;
    }
    case 'invalid_format':
      return `${where}: ${issue.message.replace(/^Invalid string: /, '')}${showValues ? got(issue.input) : ''}`;
    case 'invalid_union': {
      // The branch the input was meant for: the one that did not fail on the input's type itself.
      const branch = issue.errors.find(
        (issues) => issues[0] && !(issues[0].code === 'invalid_type' && issues[0].path.length === 0),
      );
      const inner = branch?.[0];
      if (inner) return describeIssue({ ...inner, path: [...issue.path, ...inner.path] } as Issue, options);
      return `${where}: ${issue.message}${issue.input === undefined ? '' : `, got ${typeName(issue.input)}`}`;
    }
    default:
      return `${where}: ${issue.message}`;
  }
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
