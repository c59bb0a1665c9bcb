import { isDeepStrictEqual } from 'node:util';
import { planDigest } from './digest.js';
import { MAX_PLAN_NESTING, tooDeepAt, tooDeepError } from './nesting.js';
import { REDACTION_KEY, type Change, type Plan, type PathStep, type Redaction } from './schema.js';
import { fittedMarks, hasSensitivityData, isSensitiveName, safeWithoutMarks } from './sensitivity.js';
import { outputIsSensitive } from './summary.js';

/**
 * The plan as it may leave the plan job: the same document with every secret replaced by a
 * marker, so the comment job (and anyone who can read the workflow's artifacts) never holds one.
 *
 * Replaced: values under `before_sensitive` / `after_sensitive` marks of resource changes, drift
 * and deferred changes, and under `sensitive_values` of planned values and prior state; values of
 * provider-sensitive attribute names (sensitivity.ts); sensitive outputs everywhere (changes,
 * planned values, prior state, the output expression in the configuration); root variables
 * declared sensitive in the configuration and the defaults of sensitive variables of any module;
 * `generated_config` of imports. Changes without sensitivity data (format 0.1/0.2) are masked
 * conservatively: every string not known to be safe. `replace_paths` and `relevant_attributes`
 * stop where they enter a sensitive value (a sensitive map's keys are part of the secret), and
 * `after_unknown` keeps no structure inside one. Top-level keys this code does not know are left
 * out (a future Terraform may put values there); they are listed in the redaction block.
 *
 * A changed secret keeps the fact that it changed (`(sensitive value, changed)` on the after
 * side), so the comment rendered from the redacted plan equals the one rendered from the raw
 * plan. The redaction block records the raw plan's digest (the one `infra apply` compares); the
 * digest itself is always computed from the raw plan.
 */
export const SENSITIVE_MARKER = '(sensitive value)';
export const SENSITIVE_CHANGED_MARKER = '(sensitive value, changed)';
export const MASKED_MARKER = '(masked value)';
export const MASKED_CHANGED_MARKER = '(masked value, changed)';
const GENERATED_CONFIG_MARKER = '(generated configuration removed: it may hold secrets)';

/** Top-level keys of plan JSON (`show -json` and HCP Terraform's redacted JSON) that are kept. */
const KNOWN_TOP_LEVEL = new Set([
  'format_version',
  'plan_format_version',
  'provider_format_version',
  'terraform_version',
  'variables',
  'planned_values',
  'resource_drift',
  'resource_changes',
  'output_changes',
  'deferred_changes',
  'prior_state',
  'configuration',
  'relevant_attributes',
  'checks',
  'condition_results',
  'provider_schemas',
  'timestamp',
  'applyable',
  'complete',
  'errored',
]);

const RESOURCE_CHANGE_KEYS = new Set([
  'address',
  'previous_address',
  'module_address',
  'mode',
  'type',
  'name',
  'index',
  'provider_name',
  'deposed',
  'action_reason',
  'change',
]);

type Json = Record<string, unknown>;
const ABSENT = Symbol('absent');

export interface RedactedPlan {
  document: Json;
  redaction: Redaction;
  /** Top-level keys left out. */
  dropped: string[];
}

/** `source` names the plan in the error for a document nested too deeply. */
export function redactPlan(plan: Plan, source = 'plan'): RedactedPlan {
  const deep = tooDeepAt(plan, MAX_PLAN_NESTING);
  if (deep) throw tooDeepError(source, deep);
  const raw = plan as unknown as Json;
  const previous = plan[REDACTION_KEY];
  const digest = previous?.digest ?? planDigest(plan, source);
  const ctx: Context = { plan, conservative: false };
  const document: Json = {};
  // Keys left out by an earlier redaction stay listed.
  const dropped: string[] = Array.isArray(previous?.dropped_keys)
    ? previous.dropped_keys.filter((key): key is string => typeof key === 'string')
    : [];
  for (const [key, value] of Object.entries(raw)) {
    if (key === REDACTION_KEY) continue;
    if (!KNOWN_TOP_LEVEL.has(key)) {
      dropped.push(key);
      continue;
    }
    define(document, key, redactTopLevel(ctx, key, value));
  }
  const redaction: Redaction = {
    redacted: true,
    version: 1,
    digest,
    redacted_digest: planDigest(document as unknown as Plan, source),
    sensitivity: ctx.conservative || previous?.sensitivity === 'conservative' ? 'conservative' : 'marked',
  };
  define(document, REDACTION_KEY, { ...redaction, ...(dropped.length ? { dropped_keys: dropped } : {}) });
  return { document, redaction, dropped };
}

interface Context {
  plan: Plan;
  /** Set when any change had no sensitivity data. */
  conservative: boolean;
}

function redactTopLevel(ctx: Context, key: string, value: unknown): unknown {
  switch (key) {
    case 'resource_changes':
    case 'resource_drift':
      return mapArray(value, (entry) => redactResourceChange(ctx, entry));
    case 'deferred_changes':
      return mapArray(value, (entry) =>
        isObject(entry) && isObject(entry.resource_change)
          ? { ...entry, resource_change: redactResourceChange(ctx, entry.resource_change) }
          : entry,
      );
    case 'output_changes':
      return mapObject(value, (name, change) => redactOutputChange(ctx, name, change));
    case 'variables':
      return redactVariables(ctx, value);
    case 'planned_values':
      return redactValues(ctx, value);
    case 'prior_state':
      return isObject(value) ? { ...value, values: redactValues(ctx, value.values) } : value;
    case 'configuration':
      return isObject(value) ? redactConfiguration(ctx, value) : value;
    case 'relevant_attributes':
      // Attribute paths may go into a sensitive map; its top-level attribute name is enough.
      return mapArray(value, (entry) =>
        isObject(entry) && Array.isArray(entry.attribute)
          ? { ...entry, attribute: entry.attribute.slice(0, 1) }
          : entry,
      );
    default:
      return value;
  }
}

function redactResourceChange(ctx: Context, entry: unknown): unknown {
  if (!isObject(entry)) return entry;
  const out: Json = {};
  for (const [key, value] of Object.entries(entry))
    if (RESOURCE_CHANGE_KEYS.has(key)) define(out, key, key === 'change' ? redactChange(ctx, value) : value);
  return out;
}

/** `path`: where the change's value sits (an output's name; resources start at their attributes). */
function redactChange(ctx: Context, change: unknown, path: PathStep[] = []): unknown {
  if (!isObject(change)) return change;
  const marked = hasSensitivityData(change);
  if (!marked) ctx.conservative = true;
  const conservative = !marked;
  const out: Json = {};
  for (const [key, value] of Object.entries(change)) {
    switch (key) {
      case 'actions':
      case 'importing':
      case 'before_identity':
      case 'after_identity':
        define(out, key, value);
        break;
      case 'before':
        define(out, key, mask(value, change.before_sensitive, ABSENT, path, conservative));
        break;
      case 'after':
        define(out, key, mask(value, change.after_sensitive, change.before ?? ABSENT, path, conservative));
        break;
      case 'before_sensitive':
        define(out, key, nameMarks(change.before, value));
        break;
      case 'after_sensitive':
        define(out, key, nameMarks(change.after, value));
        break;
      case 'after_unknown':
        define(out, key, maskUnknown(value, change.after_sensitive, change.after));
        break;
      case 'replace_paths':
        define(
          out,
          key,
          mapArray(value, (path) => (Array.isArray(path) ? cutAtSensitive(path, change) : path)),
        );
        break;
      case 'generated_config':
        define(out, key, typeof value === 'string' && value !== '' ? GENERATED_CONFIG_MARKER : value);
        break;
      default:
      // Keys a future Terraform adds to a change may hold values: left out.
    }
  }
  return out;
}

function redactOutputChange(ctx: Context, name: string, change: unknown): unknown {
  if (!isObject(change)) return change;
  if (!outputIsSensitive(ctx.plan, name, change as Change)) return redactChange(ctx, change, [name]);
  const out = copy(change);
  if (change.before != null) define(out, 'before', SENSITIVE_MARKER);
  if (change.after != null)
    define(
      out,
      'after',
      change.before == null || isDeepStrictEqual(change.before, change.after)
        ? SENSITIVE_MARKER
        : SENSITIVE_CHANGED_MARKER,
    );
  define(out, 'before_sensitive', true);
  define(out, 'after_sensitive', true);
  define(out, 'after_unknown', change.after_unknown === true);
  return out;
}

function redactVariables(ctx: Context, variables: unknown): unknown {
  const declared = isObject(ctx.plan.configuration) ? moduleVariables(ctx.plan.configuration.root_module) : {};
  // Without sensitivity data anywhere (format 0.1), nothing says which variable is secret.
  const conservative = !planHasSensitivityData(ctx.plan);
  return mapObject(variables, (name, variable) => {
    if (!isObject(variable) || !('value' in variable)) return variable;
    const sensitive = isObject(declared[name]) && declared[name].sensitive === true;
    if (sensitive || isSensitiveName(name)) return { ...variable, value: SENSITIVE_MARKER };
    return { ...variable, value: mask(variable.value, undefined, ABSENT, [name], conservative) };
  });
}

/** `planned_values` / `prior_state.values`: `{outputs, root_module}`. */
function redactValues(ctx: Context, values: unknown): unknown {
  if (!isObject(values)) return values;
  const out = copy(values);
  if (isObject(values.outputs))
    define(
      out,
      'outputs',
      mapObject(values.outputs, (name, output) => {
        if (!isObject(output)) return output;
        const sensitive =
          output.sensitive === true || outputIsSensitive(ctx.plan, name, ctx.plan.output_changes?.[name]);
        if (sensitive) return { ...output, value: SENSITIVE_MARKER };
        return { ...output, value: mask(output.value, undefined, ABSENT, [name], !planHasSensitivityData(ctx.plan)) };
      }),
    );
  if (isObject(values.root_module)) define(out, 'root_module', redactStateModule(ctx, values.root_module));
  return out;
}

function redactStateModule(ctx: Context, module: Json): Json {
  const out = copy(module);
  if (Array.isArray(module.resources))
    define(
      out,
      'resources',
      module.resources.map((resource) => {
        if (!isObject(resource)) return resource;
        const marked = resource.sensitive_values !== undefined;
        if (!marked) ctx.conservative = true;
        return {
          ...resource,
          values: mask(resource.values, resource.sensitive_values, ABSENT, [], !marked),
          ...(marked ? { sensitive_values: nameMarks(resource.values, resource.sensitive_values) } : {}),
        };
      }),
    );
  if (Array.isArray(module.child_modules))
    define(
      out,
      'child_modules',
      module.child_modules.map((child) => (isObject(child) ? redactStateModule(ctx, child) : child)),
    );
  return out;
}

/**
 * The configuration comes from the repository's HCL, but it still carries literal values: the
 * defaults of sensitive variables, sensitive output expressions, constant arguments of resources,
 * modules and providers (masked by attribute name; provider arguments and, for plans without
 * sensitivity data, all arguments conservatively).
 */
function redactConfiguration(ctx: Context, configuration: Json): Json {
  const mode: LiteralMode = planHasSensitivityData(ctx.plan) ? 'names' : 'strings';
  const out = copy(configuration);
  if (isObject(configuration.provider_config))
    define(
      out,
      'provider_config',
      mapObject(configuration.provider_config, (_name, provider) =>
        isObject(provider) ? { ...provider, expressions: maskExpressions(provider.expressions, 'strings') } : provider,
      ),
    );
  if (isObject(configuration.root_module))
    define(out, 'root_module', redactConfigModule(configuration.root_module, mode));
  return out;
}

/** Which constant values of expressions are replaced: all, those of sensitive names, or every unsafe string. */
type LiteralMode = 'all' | 'names' | 'strings';

function redactConfigModule(module: Json, mode: LiteralMode): Json {
  const out = copy(module);
  if (isObject(module.variables))
    define(
      out,
      'variables',
      mapObject(module.variables, (_name, variable) =>
        isObject(variable) && variable.sensitive === true && 'default' in variable
          ? { ...variable, default: SENSITIVE_MARKER }
          : variable,
      ),
    );
  if (isObject(module.outputs))
    define(
      out,
      'outputs',
      mapObject(module.outputs, (name, output) =>
        isObject(output)
          ? {
              ...output,
              expression: maskExpressions(output.expression, output.sensitive === true ? 'all' : mode, name),
            }
          : output,
      ),
    );
  if (Array.isArray(module.resources))
    define(
      out,
      'resources',
      module.resources.map((resource) =>
        isObject(resource) ? { ...resource, expressions: maskExpressions(resource.expressions, mode) } : resource,
      ),
    );
  if (isObject(module.module_calls))
    define(
      out,
      'module_calls',
      mapObject(module.module_calls, (_name, call) => {
        if (!isObject(call)) return call;
        const declared = moduleVariables(call.module);
        const redacted: Json = { ...call };
        if (isObject(call.expressions))
          define(
            redacted,
            'expressions',
            mapObject(call.expressions, (name, expression) =>
              maskExpressions(
                expression,
                isObject(declared[name]) && declared[name].sensitive === true ? 'all' : mode,
                name,
              ),
            ),
          );
        if (isObject(call.module)) define(redacted, 'module', redactConfigModule(call.module, mode));
        return redacted;
      }),
    );
  return out;
}

function moduleVariables(module: unknown): Json {
  return isObject(module) && isObject(module.variables) ? module.variables : {};
}

/**
 * Expressions of the configuration: `{attr: {constant_value, references}}`, nested blocks as
 * lists of such objects. `attribute` is the argument the expression belongs to.
 */
function maskExpressions(expressions: unknown, mode: LiteralMode, attribute?: string): unknown {
  if (Array.isArray(expressions)) return expressions.map((item) => maskExpressions(item, mode, attribute));
  if (!isObject(expressions)) return expressions;
  const out: Json = {};
  for (const [key, value] of Object.entries(expressions)) {
    if (key === 'constant_value') {
      const path = attribute === undefined ? [] : [attribute];
      define(
        out,
        key,
        mode === 'all' || isSensitiveName(attribute)
          ? SENSITIVE_MARKER
          : mask(value, undefined, ABSENT, path, mode === 'strings'),
      );
    } else if (key === 'references') {
      define(out, key, value);
    } else {
      define(out, key, maskExpressions(value, mode, key));
    }
  }
  return out;
}

/** Does the plan carry sensitivity data at all? (Terraform < 0.15 wrote none: format 0.1, some 0.2.) */
function planHasSensitivityData(plan: Plan): boolean {
  const changes = [...(plan.resource_changes ?? []), ...(plan.resource_drift ?? [])];
  if (changes.length > 0) return changes.some((entry) => hasSensitivityData(entry.change));
  return plan.format_version !== '0.1' && plan.format_version !== '0.2';
}

/**
 * `value` with every part under `marks` (`true`) or a sensitive attribute name replaced by the
 * sensitive marker, and, when `conservative`, every string not known to be safe by the masked
 * marker. `other` is the value at the same place on the before side (for the after side): a
 * secret that differs from it gets the "changed" marker.
 */
function mask(value: unknown, valueMarks: unknown, other: unknown, path: PathStep[], conservative: boolean): unknown {
  if (value === null || value === undefined) return value;
  const marks = fittedMarks(value, valueMarks);
  const changed = other !== ABSENT && !isDeepStrictEqual(value, other);
  if (marks === true || (path.length > 0 && isSensitiveName(path[path.length - 1])))
    return changed ? SENSITIVE_CHANGED_MARKER : SENSITIVE_MARKER;
  if (typeof value === 'string')
    return conservative && !safeWithoutMarks(path) ? (changed ? MASKED_CHANGED_MARKER : MASKED_MARKER) : value;
  if (Array.isArray(value))
    return value.map((item, i) =>
      mask(item, child(marks, i), other === ABSENT ? ABSENT : child(other, i, ABSENT), [...path, i], conservative),
    );
  if (isObject(value)) {
    const out: Json = {};
    for (const [key, item] of Object.entries(value))
      define(
        out,
        key,
        mask(
          item,
          child(marks, key),
          other === ABSENT ? ABSENT : child(other, key, ABSENT),
          [...path, key],
          conservative,
        ),
      );
    return out;
  }
  return value;
}

/** Marks with `true` added where a provider-sensitive attribute name holds a value. */
function nameMarks(value: unknown, marks: unknown): unknown {
  if (marks === true || value === null || typeof value !== 'object') return marks;
  if (Array.isArray(value)) {
    const list: unknown[] = Array.isArray(marks) ? marks : [];
    const out = value.map((item, i) => nameMarks(item, list[i]));
    if (out.every((mark, i) => mark === list[i])) return marks;
    return out.map((mark) => mark ?? false);
  }
  const base = isObject(marks) ? marks : undefined;
  let out: Json | undefined = base ? copy(base) : undefined;
  for (const [key, item] of Object.entries(value)) {
    const inner = isSensitiveName(key) && item != null ? true : nameMarks(item, base?.[key]);
    if (inner !== (base?.[key] ?? undefined)) {
      out ??= {};
      define(out, key, inner);
    }
  }
  return out ?? marks;
}

/**
 * `after_unknown` without structure inside sensitive values (their keys are secret too); `value`
 * is the `after` value at the same place, which the marks must fit.
 */
function maskUnknown(unknown: unknown, valueMarks: unknown, value: unknown, key?: string): unknown {
  if (unknown === null || typeof unknown !== 'object') return unknown;
  const marks = fittedMarks(value, valueMarks);
  if (marks === true || isSensitiveName(key)) return false;
  if (Array.isArray(unknown)) return unknown.map((item, i) => maskUnknown(item, child(marks, i), child(value, i)));
  const out: Json = {};
  for (const [k, item] of Object.entries(unknown))
    define(out, k, maskUnknown(item, child(marks, k), child(value, k), k));
  return out;
}

/** A path into the change's values, cut after the first step that is (inside) a sensitive value. */
function cutAtSensitive(path: unknown[], change: Json): unknown[] {
  let before = change.before;
  let after = change.after;
  let beforeMarks = fittedMarks(before, change.before_sensitive);
  let afterMarks = fittedMarks(after, change.after_sensitive);
  for (let i = 0; i < path.length; i += 1) {
    const step = path[i] as PathStep;
    before = child(before, step);
    after = child(after, step);
    beforeMarks = fittedMarks(before, beforeMarks === true ? true : child(beforeMarks, step));
    afterMarks = fittedMarks(after, afterMarks === true ? true : child(afterMarks, step));
    if (beforeMarks === true || afterMarks === true) return path.slice(0, i + 1);
  }
  return path;
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function child(value: unknown, key: PathStep, missing: unknown = undefined): unknown {
  if (Array.isArray(value)) return typeof key === 'number' && key < value.length ? value[key] : missing;
  if (isObject(value) && Object.prototype.hasOwnProperty.call(value, String(key))) return value[String(key)];
  return missing;
}

/** Own data property, whatever the key (`__proto__` in a hostile plan must stay a plain key). */
function define(target: Json, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function copy(value: Json): Json {
  const out: Json = {};
  for (const [key, item] of Object.entries(value)) define(out, key, item);
  return out;
}

function mapArray(value: unknown, map: (item: unknown) => unknown): unknown {
  return Array.isArray(value) ? value.map(map) : value;
}

function mapObject(value: unknown, map: (key: string, item: unknown) => unknown): unknown {
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [key, item] of Object.entries(value)) define(out, key, map(key, item));
  return out;
}
