import type { z } from 'zod';
import { validate, type Validation } from '../../modules/shared-functions/src/zod-issues.js';
import { planSchema, resourceChangeSchema, type Plan, type ResourceChange } from './schema.js';

/**
 * planSchema's parse of a plan document (`raw`: a JSON object), with the long lists —
 * `resource_changes` and `resource_drift`, one entry per resource — checked and copied by a copier
 * made from the entry schema itself instead of by zod, which costs several times more per field.
 * The result is the one zod gives (same values, same key order, which the redacted plan keeps):
 * the copier accepts only what the schema plainly accepts, and anything else (any invalid entry)
 * goes to zod with the whole document, so every message is zod's.
 */
export function validatePlan(raw: Record<string, unknown>): Validation<Plan> {
  const full = () => validate(planSchema, raw, { values: false });
  if (copyEntry === undefined) return full();
  const lists: Partial<Record<(typeof LISTS)[number], ResourceChange[]>> = {};
  for (const field of LISTS) {
    const list = raw[field];
    if (!Array.isArray(list)) continue;
    const copies = copyArray(list, copyEntry);
    if (copies === FAIL) return full();
    lists[field] = copies as ResourceChange[];
  }
  // The rest of the document through zod, with empty lists in the lists' places (so the key
  // order and the refinement's view of the document stay those of the full parse).
  const rest: Record<string, unknown> = { ...raw };
  for (const field of Object.keys(lists)) rest[field] = [];
  const parsed = validate(planSchema, rest, { values: false });
  if (!parsed.ok) return full();
  for (const [field, copies] of Object.entries(lists)) (parsed.value as Record<string, unknown>)[field] = copies;
  return parsed;
}

const LISTS = ['resource_changes', 'resource_drift'] as const;

/** What a copier returns for a value its schema rejects. */
const FAIL = Symbol('fail');
type Copier = (value: unknown) => unknown;

/**
 * A function that returns what `schema.parse(value)` returns, or FAIL where zod would report an
 * issue; undefined for a schema using anything but plain strings, numbers, booleans, unknown,
 * optional, nullable, arrays, inclusive unions and loose objects (checks, formats, refinements,
 * defaults, transforms, strict objects…), which then stays with zod.
 */
export function schemaCopier(schema: z.ZodType): Copier | undefined {
  // Structural view of zod's definitions (stable across zod 4 releases: `def.type` and friends).
  const def = (schema as unknown as { _zod: { def: Definition } })._zod.def;
  if (def.checks?.length || def.coerce || def.format !== undefined) return undefined;
  switch (def.type) {
    case 'unknown':
      return (value) => value;
    case 'string':
      return (value) => (typeof value === 'string' ? value : FAIL);
    case 'number':
      return (value) => (typeof value === 'number' && Number.isFinite(value) ? value : FAIL);
    case 'boolean':
      return (value) => (typeof value === 'boolean' ? value : FAIL);
    case 'optional': {
      const inner =
        def.innerType && optionality(def.innerType) !== 'defaulted' ? schemaCopier(def.innerType) : undefined;
      return inner && ((value) => (value === undefined ? undefined : inner(value)));
    }
    case 'nullable': {
      const inner = def.innerType && schemaCopier(def.innerType);
      return inner && ((value) => (value === null ? null : inner(value)));
    }
    case 'array': {
      const element = def.element && schemaCopier(def.element);
      return element && ((value) => (Array.isArray(value) ? copyArray(value, element) : FAIL));
    }
    case 'union': {
      if (def.inclusive === false || def.discriminator !== undefined || !def.options?.length) return undefined;
      const options = def.options.map(schemaCopier);
      if (options.some((option) => option === undefined)) return undefined;
      return (value) => {
        for (const option of options as Copier[]) {
          const result = option(value);
          if (result !== FAIL) return result;
        }
        return FAIL;
      };
    }
    case 'object':
      return objectCopier(def);
    default:
      return undefined;
  }
}

interface Definition {
  type: string;
  checks?: unknown[];
  coerce?: boolean;
  format?: string;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  inclusive?: boolean;
  discriminator?: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
}

function optionality(schema: z.ZodType): string | undefined {
  return (schema as unknown as { _zod: { optin?: string } })._zod.optin;
}

/** A loose object: the shape's keys in the shape's order, then every other key as it is. */
function objectCopier(def: Definition): Copier | undefined {
  const catchall = def.catchall && (def.catchall as unknown as { _zod: { def: Definition } })._zod.def;
  if (!def.shape || catchall?.type !== 'unknown' || catchall.checks?.length) return undefined;
  const fields: { key: string; copy: Copier; optional: boolean }[] = [];
  for (const [key, schema] of Object.entries(def.shape)) {
    const copy = schemaCopier(schema);
    const optin = optionality(schema);
    const optout = (schema as unknown as { _zod: { optout?: string } })._zod.optout;
    // Absent keys: optional ones are left out, required ones are an issue; nothing else is copied here.
    const optional = optin === 'optional' && optout === 'optional';
    if (!copy || key === '__proto__' || (!optional && (optin !== undefined || optout !== undefined))) return undefined;
    fields.push({ key, copy, optional });
  }
  const known = new Set(fields.map(({ key }) => key));
  return (value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return FAIL;
    const input = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const { key, copy, optional } of fields) {
      const item = input[key];
      // zod's presence test is `in` (an own key whose value is undefined is present).
      if (item === undefined && !(key in input)) {
        if (optional) continue;
        return FAIL;
      }
      const result = copy(item);
      if (result === FAIL) return FAIL;
      out[key] = result;
    }
    // zod never copies a `__proto__` key (it would set the copy's prototype).
    for (const key in input) if (!known.has(key) && key !== '__proto__') out[key] = input[key];
    return out;
  };
}

function copyArray(list: readonly unknown[], copy: Copier): unknown[] | typeof FAIL {
  const out = new Array<unknown>(list.length);
  for (let i = 0; i < list.length; i += 1) {
    const result = copy(list[i]);
    if (result === FAIL) return FAIL;
    out[i] = result;
  }
  return out;
}

const copyEntry = schemaCopier(resourceChangeSchema);
