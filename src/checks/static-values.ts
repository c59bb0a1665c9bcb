/**
 * What the resource checks need to know about an expression without a provider: which
 * resources of its module it references (through locals), and whether a boolean is true by
 * default (literal, a variable's default, an `optional(bool, …)` attribute default of the
 * variable a `for_each` iterates). Pure: works on one Terraform directory of the repository model.
 */
import {
  createScope,
  evaluate,
  findAttribute,
  unknown,
  walkExpr,
  type Body,
  type Expr,
  type Scope,
} from '../hcl/index.js';
import type { ResourceDecl, TerraformDir } from '../repo/index.js';

/** Traversal roots that never name a resource. */
const NON_RESOURCE_ROOTS = new Set(['var', 'local', 'module', 'data', 'each', 'count', 'path', 'self', 'terraform']);

/** `type.name` of a managed resource of `dir` that `expr` (a traversal) names, if any. */
export function resourceRef(expr: Expr, dir: TerraformDir): ResourceDecl | undefined {
  if (expr.kind !== 'traversal' || NON_RESOURCE_ROOTS.has(expr.root)) return undefined;
  const first = expr.steps[0];
  if (first?.kind !== 'attr') return undefined;
  return dir.resources.find((r) => r.mode === 'managed' && r.type === expr.root && r.name === first.name);
}

/**
 * Managed resources of `dir` an expression references, directly or through `local.*`
 * (each local is expanded once).
 */
export function referencedResources(expr: Expr, dir: TerraformDir, seenLocals = new Set<string>()): ResourceDecl[] {
  const out: ResourceDecl[] = [];
  for (const e of walkExpr(expr)) {
    if (e.kind !== 'traversal') continue;
    const resource = resourceRef(e, dir);
    if (resource) out.push(resource);
    const first = e.steps[0];
    if (e.root === 'local' && first?.kind === 'attr' && !seenLocals.has(first.name)) {
      seenLocals.add(first.name);
      const decl = dir.locals.get(first.name);
      if (decl) out.push(...referencedResources(decl.attribute.expr, dir, seenLocals));
    }
  }
  return out;
}

/** Every expression of a body: its attributes and those of nested (and dynamic) blocks. */
export function* bodyExprs(body: Body): Generator<Expr> {
  for (const attribute of body.attributes) yield attribute.expr;
  for (const block of body.blocks) yield* bodyExprs(block.body);
}

/** The scope of a module evaluated on its own: variables at their defaults, its locals. */
export function defaultsScope(dir: TerraformDir): Scope {
  return createScope({
    variables: (name) => {
      const decl = dir.variables.get(name);
      if (!decl) return unknown(`var.${name} is not declared`);
      return decl.default ? evaluate(decl.default.expr) : unknown(`var.${name} has no default`);
    },
    locals: new Map([...dir.locals].map(([name, decl]) => [name, decl.attribute.expr])),
  });
}

/** A boolean's value (undefined: not known statically) and, when not true, why. */
export interface Truth {
  value: boolean | undefined;
  why: string;
}

/**
 * Whether a boolean argument of `resource` is true unless a caller says otherwise: a literal,
 * `var.x` with its default, `local.x`, or `each.value.<attr>` where the resource's `for_each`
 * is a variable whose type gives `<attr>` an `optional(bool, <default>)`.
 */
export function truthByDefault(expr: Expr, dir: TerraformDir, resource: ResourceDecl, depth = 0): Truth {
  if (depth > 16) return { value: undefined, why: 'references nest too deeply' };
  if (expr.kind === 'literal') {
    return typeof expr.value === 'boolean'
      ? { value: expr.value, why: `the literal ${String(expr.value)}` }
      : { value: undefined, why: `${JSON.stringify(expr.value)} is not a boolean` };
  }
  if (expr.kind === 'traversal') {
    const [first, second, ...rest] = expr.steps;
    if (expr.root === 'var' && first?.kind === 'attr' && second === undefined) {
      const decl = dir.variables.get(first.name);
      if (!decl?.default) return { value: undefined, why: `var.${first.name} has no default` };
      return truthByDefault(decl.default.expr, dir, resource, depth + 1);
    }
    if (expr.root === 'local' && first?.kind === 'attr' && second === undefined) {
      const decl = dir.locals.get(first.name);
      if (!decl) return { value: undefined, why: `local.${first.name} is not declared` };
      return truthByDefault(decl.attribute.expr, dir, resource, depth + 1);
    }
    if (
      expr.root === 'each' &&
      first?.kind === 'attr' &&
      first.name === 'value' &&
      second?.kind === 'attr' &&
      rest.length === 0
    ) {
      return eachAttributeDefault(second.name, dir, resource);
    }
  }
  const value = evaluate(expr, defaultsScope(dir));
  if (value.known && typeof value.value === 'boolean') return { value: value.value, why: 'its default value' };
  return { value: undefined, why: value.known ? 'not a boolean' : value.reason };
}

/** `each.value.<attr>` of a resource whose for_each is `var.<v>`: the default the variable's type gives `<attr>`. */
function eachAttributeDefault(attr: string, dir: TerraformDir, resource: ResourceDecl): Truth {
  const forEach = findAttribute(resource.block.body, 'for_each');
  const source = forEach?.expr;
  if (source?.kind !== 'traversal' || source.root !== 'var' || source.steps.length !== 1) {
    return { value: undefined, why: `each.value.${attr}: for_each is not a variable whose type says its default` };
  }
  const step = source.steps[0];
  const variable = step?.kind === 'attr' ? dir.variables.get(step.name) : undefined;
  if (!variable?.type) return { value: undefined, why: `each.value.${attr}: the for_each variable has no type` };
  const declared = objectAttribute(variable.type.expr, attr);
  if (!declared) return { value: undefined, why: `each.value.${attr}: var.${variable.name} declares no ${attr}` };
  if (declared.kind !== 'call' || declared.name !== 'optional')
    return { value: undefined, why: `var.${variable.name}.${attr} is required: every caller decides` };
  const fallback = declared.args[1];
  // optional(bool) without a default is null: the provider's (and AWS's) default applies.
  if (!fallback) return { value: undefined, why: `var.${variable.name}.${attr} defaults to null` };
  return truthByDefault(fallback, dir, resource, 1);
}

/** The type expression of `attr` in `map(object({…}))`, `list(object({…}))`, `object({…})`, …. */
function objectAttribute(type: Expr, attr: string): Expr | undefined {
  if (type.kind !== 'call') return undefined;
  if (type.name === 'object') {
    const fields = type.args[0];
    if (fields?.kind !== 'object') return undefined;
    const item = fields.items.find((i) => {
      const key = evaluate(i.key);
      return key.known && key.value === attr;
    });
    return item?.value;
  }
  if (['map', 'list', 'set', 'optional'].includes(type.name) && type.args[0])
    return objectAttribute(type.args[0], attr);
  return undefined;
}
