/**
 * Static evaluation of HCL expressions: what can be known without a provider. Literals,
 * templates, tuples/objects, `var.*`, `local.*`, `path.*` and a handful of pure functions
 * evaluate to a known value; everything else is unknown, with a reason that tools can show
 * ("depends on resource aws_s3_bucket.this").
 */
import { errorMessage } from '../lib/errors.js';
import { FUNCTIONS, known, MAX_VALUE_SIZE, sizeOf, unknown, type KnownValue, type Value } from './functions.js';
import type { Body, Expr, TraversalStep } from './syntax.js';
import { traversalText } from './syntax.js';

export { known, unknown, type KnownValue, type Value } from './functions.js';

/** An expression together with the scope it is evaluated in (for lazy, per-attribute evaluation). */
export interface ScopedExpr {
  expr: Expr;
  scope: Scope;
}

/** What a traversal root resolves to in one evaluation context (a root or a module instance). */
export interface Scope {
  variable(name: string): Value;
  local(name: string): Value;
  /** `path.module`, `path.root`, `path.cwd`: repository-relative directories. */
  path(name: string): Value;
  /**
   * The expression behind `local.<name>`, so that `local.m.k` can be known although other
   * attributes of `local.m` are not (e.g. they depend on a resource).
   */
  localExpr?(name: string): ScopedExpr | undefined;
  /** `each.key` / `each.value` inside a `for_each` block. */
  each?: { key: Value; value: Value | ScopedExpr };
  /** Functions beyond Terraform's, tried first (Terragrunt's `find_in_parent_folders`, …). */
  functions?: Readonly<Record<string, (args: KnownValue[]) => Value>>;
  /** Traversal roots beyond var/local/each/path (Terragrunt's `include`); undefined: not one. */
  root?(name: string): Value | undefined;
  /**
   * The body of a resource (`managed`) or data source (`data`) of this module, so that a
   * reference to one of its configured arguments (`data.archive_file.x.output_path`,
   * `aws_s3_bucket.b.bucket`) evaluates to that argument. Computed attributes stay unknown.
   */
  resourceBody?(mode: 'managed' | 'data', type: string, name: string): Body | undefined;
}

const MAX_PATH_DEPTH = 64;

export const emptyScope: Scope = {
  variable: (name) => unknown(`var.${name} has no value here`),
  local: (name) => unknown(`local.${name} has no value here`),
  path: (name) => unknown(`path.${name} has no value here`),
};

export function evaluate(expr: Expr, scope: Scope = emptyScope): Value {
  switch (expr.kind) {
    case 'literal':
      return known(expr.value);
    case 'template': {
      // A template that is one interpolation alone is that expression's value, not a string.
      const only = expr.parts[0];
      if (expr.parts.length === 1 && only?.kind === 'interpolation') return evaluate(only.expr, scope);
      let out = '';
      for (const part of expr.parts) {
        if (part.kind === 'text') out += part.text;
        else if (part.kind === 'directive') return unknown('template directive (%{…}) is not evaluated');
        else {
          const value = evaluate(part.expr, scope);
          if (!value.known) return value;
          if (value.value === null || typeof value.value === 'object')
            return unknown('interpolation of a non-string value');
          out += String(value.value);
          if (out.length > MAX_VALUE_SIZE) return unknown('string too large to evaluate');
        }
      }
      return known(out);
    }
    case 'tuple': {
      const items: KnownValue[] = [];
      for (const item of expr.items) {
        const value = evaluate(item, scope);
        if (!value.known) return value;
        items.push(value.value);
      }
      return known(items);
    }
    case 'object': {
      const object: Record<string, KnownValue> = {};
      for (const item of expr.items) {
        const key = evaluate(item.key, scope);
        if (!key.known) return key;
        const value = evaluate(item.value, scope);
        if (!value.known) return value;
        object[String(key.value)] = value.value;
      }
      return known(object);
    }
    case 'traversal':
      return evaluateTraversal(expr, scope);
    case 'call':
      return evaluateCall(expr, scope);
    case 'other':
      // A negative number is a unary minus on a literal in the syntax tree.
      if (/^-\s*\d+(\.\d+)?$/.test(expr.text)) return known(-Number(expr.text.slice(1).trim()));
      return unknown(
        `expression '${expr.text.length > 40 ? `${expr.text.slice(0, 40)}…` : expr.text}' is not evaluated statically`,
      );
  }
}

function evaluateTraversal(expr: Extract<Expr, { kind: 'traversal' }>, scope: Scope, depth = 0): Value {
  const [first, ...rest] = expr.steps;
  const name = first?.kind === 'attr' ? first.name : undefined;
  let base: Value;
  switch (expr.root) {
    case 'var':
      if (!name) return unknown('var without a name');
      base = scope.variable(name);
      break;
    case 'local': {
      if (!name) return unknown('local without a name');
      const behind = rest.length > 0 ? scope.localExpr?.(name) : undefined;
      if (behind) return evaluatePath(behind.expr, rest, behind.scope, depth + 1);
      base = scope.local(name);
      break;
    }
    case 'each': {
      if (!scope.each) return unknown('each is only known inside a for_each with known keys');
      if (name === 'key') {
        base = scope.each.key;
        break;
      }
      if (name !== 'value') return unknown(`each.${name ?? ''} does not exist`);
      const value = scope.each.value;
      if ('expr' in value) return evaluatePath(value.expr, rest, value.scope, depth + 1);
      base = value;
      break;
    }
    case 'path':
      if (!name) return unknown('path without a name');
      base = scope.path(name);
      break;
    default: {
      const extra = scope.root?.(expr.root);
      if (extra) return applySteps(extra, expr.steps, scope);
      const configured = resourceArgument(expr, scope);
      if (!configured) return unknown(`depends on ${traversalText(expr)}`);
      // Arguments may refer to each other in a cycle; evaluation is synchronous, so a counter bounds it.
      if (resourceNesting >= MAX_PATH_DEPTH) {
        nestingLimitHits += 1;
        return unknown('references nest too deeply (a cycle?)');
      }
      resourceNesting += 1;
      try {
        return evaluatePath(configured.expr, configured.rest, scope, depth + 1);
      } finally {
        resourceNesting -= 1;
      }
    }
  }
  return applySteps(base, rest, scope);
}

let resourceNesting = 0;
/** How often that bound cut an evaluation short: such a value depends on where it was asked from, so it is not remembered. */
let nestingLimitHits = 0;

/** `data.T.N.arg…` or `T.N.arg…` naming a configured argument of a single-instance resource of this module. */
function resourceArgument(
  expr: Extract<Expr, { kind: 'traversal' }>,
  scope: Scope,
): { expr: Expr; rest: TraversalStep[] } | undefined {
  if (!scope.resourceBody) return undefined;
  const names =
    expr.root === 'data' ? expr.steps.slice(0, 3) : [{ kind: 'attr', name: expr.root }, ...expr.steps.slice(0, 2)];
  if (names.length < 3 || !names.every((s): s is Extract<TraversalStep, { kind: 'attr' }> => s.kind === 'attr'))
    return undefined;
  const [type, name, argument] = names.map((s) => s.name);
  const body = scope.resourceBody(expr.root === 'data' ? 'data' : 'managed', type ?? '', name ?? '');
  if (!body || body.attributes.some((a) => a.name === 'count' || a.name === 'for_each')) return undefined;
  const attribute = body.attributes.find((a) => a.name === argument);
  if (!attribute) return undefined;
  return { expr: attribute.expr, rest: expr.steps.slice(expr.root === 'data' ? 3 : 2) };
}

/**
 * `expr` followed by `steps`, evaluating only the part the steps select: `{ a = 1, b = aws_x.y.id }.a`
 * is known although the whole object is not.
 */
function evaluatePath(expr: Expr, steps: TraversalStep[], scope: Scope, depth: number): Value {
  if (depth > MAX_PATH_DEPTH) return unknown('references nest too deeply (a cycle?)');
  const [step, ...rest] = steps;
  if (!step) return evaluate(expr, scope);
  if (expr.kind === 'traversal' && expr.root === 'local' && expr.steps.length === 1 && expr.steps[0]?.kind === 'attr') {
    const behind = scope.localExpr?.(expr.steps[0].name);
    if (behind) return evaluatePath(behind.expr, steps, behind.scope, depth + 1);
  }
  if (step.kind !== 'splat' && (expr.kind === 'object' || expr.kind === 'tuple')) {
    const key = step.kind === 'attr' ? known(step.name) : evaluate(step.key, scope);
    if (!key.known) return key;
    if (expr.kind === 'tuple') {
      const item = typeof key.value === 'number' ? expr.items[key.value] : undefined;
      return item ? evaluatePath(item, rest, scope, depth + 1) : unknown(`index ${String(key.value)} out of range`);
    }
    for (const item of [...expr.items].reverse()) {
      const itemKey = evaluate(item.key, scope);
      if (itemKey.known && String(itemKey.value) === String(key.value))
        return evaluatePath(item.value, rest, scope, depth + 1);
    }
    return unknown(`no key '${String(key.value)}'`);
  }
  return applySteps(evaluate(expr, scope), steps, scope);
}

/**
 * The instances a `for_each` expression creates: each key with its value (lazily, as an
 * expression, when the collection is written out), or undefined when the keys are not known.
 */
export function forEachEntries(
  expr: Expr,
  scope: Scope,
  depth = 0,
): { key: string; value: Value | ScopedExpr }[] | undefined {
  if (depth > MAX_PATH_DEPTH) return undefined;
  if (expr.kind === 'traversal' && expr.root === 'local' && expr.steps.length === 1 && expr.steps[0]?.kind === 'attr') {
    const behind = scope.localExpr?.(expr.steps[0].name);
    if (behind) return forEachEntries(behind.expr, behind.scope, depth + 1);
  }
  if (expr.kind === 'object') {
    const entries: { key: string; value: ScopedExpr }[] = [];
    for (const item of expr.items) {
      const key = evaluate(item.key, scope);
      if (!key.known || typeof key.value === 'object') return undefined;
      entries.push({ key: String(key.value), value: { expr: item.value, scope } });
    }
    return entries;
  }
  const value = evaluate(expr, scope);
  if (!value.known || value.value === null || typeof value.value !== 'object') return undefined;
  if (Array.isArray(value.value)) {
    if (!value.value.every((v) => typeof v === 'string')) return undefined;
    return [...new Set(value.value as string[])].map((key) => ({ key, value: known(key) }));
  }
  return Object.entries(value.value).map(([key, v]) => ({ key, value: known(v) }));
}

/** `scope` with `each` bound, for the arguments of one for_each instance. */
export function withEach(scope: Scope, entry: { key: string; value: Value | ScopedExpr }): Scope {
  const each: Scope['each'] = { key: known(entry.key), value: entry.value };
  // Derived, not copied: a scope's methods may live on its prototype.
  return Object.assign(Object.create(scope) as Scope, { each });
}

function applySteps(base: Value, steps: TraversalStep[], scope: Scope): Value {
  let current = base;
  for (const step of steps) {
    if (!current.known) return current;
    const value = current.value;
    if (step.kind === 'splat') return unknown('splat expressions are not evaluated');
    const key = step.kind === 'attr' ? known(step.name) : evaluate(step.key, scope);
    if (!key.known) return key;
    if (Array.isArray(value) && typeof key.value === 'number') {
      current = key.value in value ? known(value[key.value] as KnownValue) : unknown(`index ${key.value} out of range`);
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value) && typeof key.value !== 'object') {
      const k = String(key.value);
      current = Object.hasOwn(value, k) ? known(value[k] as KnownValue) : unknown(`no key '${k}'`);
    } else {
      return unknown('cannot index this value');
    }
  }
  return current;
}

function evaluateCall(expr: Extract<Expr, { kind: 'call' }>, scope: Scope): Value {
  if (expr.name === 'try') {
    for (const arg of expr.args) {
      const value = evaluate(arg, scope);
      if (value.known) return value;
    }
    return unknown('no argument of try() is known');
  }
  const fn = scope.functions?.[expr.name] ?? FUNCTIONS[expr.name];
  if (!fn) return unknown(`function ${expr.name}() is not evaluated statically`);
  const args: KnownValue[] = [];
  for (const arg of expr.args) {
    const value = evaluate(arg, scope);
    if (!value.known) return value;
    args.push(value.value);
  }
  if (expr.expandFinal) {
    const last = args.pop();
    if (!Array.isArray(last)) return unknown('expanded final argument is not a list');
    args.push(...last);
  }
  try {
    const result = fn(args);
    return result.known && sizeOf(result.value) > MAX_VALUE_SIZE
      ? unknown(`${expr.name}() result too large to evaluate`)
      : result;
  } catch (error) {
    return unknown(`${expr.name}() could not be evaluated: ${errorMessage(error)}`);
  }
}

/** What createScope is given. */
interface ScopeOptions {
  variables: (name: string) => Value;
  locals?: ReadonlyMap<string, Expr>;
  paths?: Readonly<Record<string, string>>;
  functions?: Scope['functions'];
  root?: Scope['root'];
  resourceBody?: Scope['resourceBody'];
}

/**
 * A scope whose locals are expressions evaluated on demand (in this same scope), with
 * memoisation and cycle detection; variables and paths come from the caller.
 */
export function createScope(options: ScopeOptions): Scope {
  return new MemoScope(options);
}

/**
 * One object per scope, its methods on the prototype: a repository has a scope per module
 * instance, thousands of them. `withEach` derives a scope from it (its prototype), so locals are
 * still evaluated and remembered here, where `each` is not bound.
 */
class MemoScope implements Scope {
  readonly functions?: Scope['functions'];
  readonly root?: Scope['root'];
  readonly resourceBody?: Scope['resourceBody'];
  private readonly self: MemoScope;
  private locals?: Map<string, Value>;
  private variables?: Map<string, Value>;
  private inProgress?: Set<string>;

  constructor(private readonly options: ScopeOptions) {
    if (options.functions) this.functions = options.functions;
    if (options.root) this.root = options.root;
    if (options.resourceBody) this.resourceBody = options.resourceBody;
    this.self = this;
  }

  // A module's variable is its caller's expression evaluated in the caller's scope, itself
  // perhaps a module's: remembered, every rule asking costs one evaluation per instance.
  variable(name: string): Value {
    const self = this.self;
    const cached = self.variables?.get(name);
    if (cached) return cached;
    const hits = nestingLimitHits;
    const value = self.options.variables(name);
    if (hits === nestingLimitHits) (self.variables ??= new Map()).set(name, value);
    return value;
  }

  localExpr(name: string): ScopedExpr | undefined {
    const expr = this.self.options.locals?.get(name);
    return expr ? { expr, scope: this.self } : undefined;
  }

  path(name: string): Value {
    const value = this.self.options.paths?.[name];
    return value === undefined ? unknown(`path.${name} is not known here`) : known(value);
  }

  local(name: string): Value {
    const self = this.self;
    const cached = self.locals?.get(name);
    if (cached) return cached;
    const expr = self.options.locals?.get(name);
    if (!expr) return unknown(`local.${name} is not declared`);
    const inProgress = (self.inProgress ??= new Set());
    if (inProgress.has(name)) return unknown(`local.${name} refers to itself`);
    inProgress.add(name);
    const value = evaluate(expr, self);
    inProgress.delete(name);
    (self.locals ??= new Map()).set(name, value);
    return value;
  }
}
