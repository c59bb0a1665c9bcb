/**
 * Test support for the plan fixtures (test/fixtures/plans): listing, reading, and the
 * expectations computed *independently* of src/plan — counts by the rules, and the
 * sensitive leaf values that must never appear in any output.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stripBom } from '../../modules/shared-functions/src/text.js';

export const FIXTURE_DIR = resolve(import.meta.dirname, '../fixtures/plans');

export function listFixtures(): string[] {
  return (readdirSync(FIXTURE_DIR, { recursive: true }) as string[]).filter((file) => file.endsWith('.json')).sort();
}

export function fixturePath(name: string): string {
  return join(FIXTURE_DIR, name);
}

export function readFixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

type Json = Record<string, unknown>;
interface RawChange {
  address?: string | null;
  previous_address?: string | null;
  change: Json & { actions: string[] };
}

export function rawPlan(name: string): Json {
  return JSON.parse(stripBom(readFixture(name))) as Json;
}

/** The JSON report's numbers, by the counting rules (src/plan/actions.ts), straight from the raw JSON. */
export function expectedReport(raw: Json) {
  const counts = { create: 0, update: 0, delete: 0, replace: 0, read: 0, noop: 0, import: 0, move: 0, forget: 0 };
  const singles: Record<string, keyof typeof counts> = {
    create: 'create',
    update: 'update',
    delete: 'delete',
    read: 'read',
    'no-op': 'noop',
    forget: 'forget',
  };
  const changes = (raw.resource_changes as RawChange[] | undefined) ?? [];
  for (const entry of changes) {
    const actions = entry.change.actions.join(',');
    const single = singles[actions];
    if (single) counts[single] += 1;
    if (actions === 'delete,create' || actions === 'create,delete') counts.replace += 1;
    if (entry.change.importing) counts.import += 1;
    if (entry.previous_address && entry.previous_address !== entry.address) counts.move += 1;
  }
  const outputs = { create: 0, update: 0, delete: 0 };
  for (const change of Object.values((raw.output_changes as Record<string, { actions: string[] }> | undefined) ?? {})) {
    const actions = change.actions.join(',');
    if (actions === 'create' || actions === 'update' || actions === 'delete') outputs[actions] += 1;
  }
  return {
    counts,
    destructive: changes.filter((entry) => entry.change.actions.includes('delete')).map((entry) => entry.address),
    drift: ((raw.resource_drift as unknown[] | undefined) ?? []).length,
    outputs,
  };
}

/**
 * Attribute names providers mark sensitive in their schema, which plans of format 0.1
 * (Terraform < 0.15) still wrote in clear (`password` in the checkov and infracost fixtures).
 */
const PROVIDER_SENSITIVE_NAMES = new Set(['password', 'client_secret']);

/**
 * The convention of the hand-written fixtures (synthetic/, MANIFEST.md): every secret is an
 * obviously fake `test-…-<digits>` token naming what it is (`test-drift-secret-777`), wherever
 * it sits in the plan — also where no mark says so (format 0.1, map keys, configuration).
 */
const CONSTRUCTED_SECRET = /\btest-[a-z0-9-]*?(?:secret|password|token|key)[a-z0-9-]*-\d+\b/gi;

/**
 * Every sensitive leaf value of a plan, as text, that could be recognised in an output: marked by
 * `*_sensitive` (changes, drift, deferred changes) or `sensitive_values` (planned values, prior
 * state), a sensitive output (marks, planned values, prior state, configuration), a root variable
 * declared sensitive, the default of a sensitive variable or the expression of a sensitive output
 * in the configuration, a provider-sensitive attribute name — at least 4 characters and not also
 * a visible (non-sensitive) value or part of one, in this plan or in `renderedWith` (other plans
 * rendered into the same output); plus every constructed secret token (always).
 */
export function sensitiveValues(raw: Json, renderedWith: readonly Json[] = []): string[] {
  const visible = new Set<string>();
  for (const other of renderedWith) if (other !== raw) for (const value of collect(other).visible) visible.add(value);
  const { secret, visible: own } = collect(raw);
  for (const value of own) visible.add(value);
  const visibleList = [...visible];
  const found = [...secret].filter(
    (value) => value.length >= 4 && !visible.has(value) && !visibleList.some((text) => text.includes(value)),
  );
  const constructed = JSON.stringify(raw).match(CONSTRUCTED_SECRET) ?? [];
  return [...new Set([...found, ...constructed])];
}

function collect(raw: Json): { secret: Set<string>; visible: Set<string> } {
  const secret = new Set<string>();
  const visible = new Set<string>();
  const walk = (value: unknown, marks: unknown, sensitive: boolean, key?: string): void => {
    const isSensitive = sensitive || marks === true || (key !== undefined && PROVIDER_SENSITIVE_NAMES.has(key));
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, Array.isArray(marks) ? marks[i] : undefined, isSensitive));
      return;
    }
    if (typeof value === 'object') {
      for (const [k, item] of Object.entries(value))
        walk(item, marks && typeof marks === 'object' ? (marks as Json)[k] : undefined, isSensitive, k);
      return;
    }
    (isSensitive ? secret : visible).add(String(value));
  };
  const walkChange = (change: Json | undefined) => {
    if (!change) return;
    walk(change.before, change.before_sensitive, false);
    walk(change.after, change.after_sensitive, false);
  };
  for (const key of ['resource_changes', 'resource_drift'] as const)
    for (const entry of (raw[key] as RawChange[] | undefined) ?? []) walkChange(entry.change);
  for (const entry of (raw.deferred_changes as { resource_change?: RawChange }[] | undefined) ?? [])
    walkChange(entry.resource_change?.change);
  const configuration = (raw.configuration as Json | undefined) ?? {};
  const rootModule = (configuration.root_module as Json | undefined) ?? {};
  const outputFlags = (outputs: unknown) => (outputs ?? {}) as Record<string, { sensitive?: boolean; value?: unknown }>;
  const planned = outputFlags((raw.planned_values as Json | undefined)?.outputs);
  const priorValues = ((raw.prior_state as Json | undefined)?.values ?? {}) as Json;
  const prior = outputFlags(priorValues.outputs);
  const configured = outputFlags(rootModule.outputs);
  const sensitiveOutput = (name: string, change?: Json) =>
    JSON.stringify([change?.before_sensitive, change?.after_sensitive]).includes('true') ||
    planned[name]?.sensitive === true ||
    prior[name]?.sensitive === true ||
    configured[name]?.sensitive === true;
  for (const [name, change] of Object.entries((raw.output_changes as Record<string, Json> | undefined) ?? {})) {
    const sensitive = sensitiveOutput(name, change);
    walk(change.before, sensitive ? true : undefined, sensitive);
    walk(change.after, sensitive ? true : undefined, sensitive);
  }
  const walkValues = (values: Json | undefined) => {
    for (const [name, output] of Object.entries(outputFlags(values?.outputs)))
      walk(output.value, undefined, output.sensitive === true || sensitiveOutput(name));
    const walkModule = (module: Json | undefined) => {
      for (const resource of (module?.resources as Json[] | undefined) ?? [])
        walk(resource.values, resource.sensitive_values, false);
      for (const child of (module?.child_modules as Json[] | undefined) ?? []) walkModule(child);
    };
    walkModule(values?.root_module as Json | undefined);
  };
  walkValues(raw.planned_values as Json | undefined);
  walkValues(priorValues);
  const declared = (rootModule.variables ?? {}) as Record<string, { sensitive?: boolean; default?: unknown }>;
  for (const [name, variable] of Object.entries((raw.variables ?? {}) as Record<string, { value?: unknown }>))
    walk(variable.value, undefined, declared[name]?.sensitive === true);
  const walkConfigModule = (module: Json | undefined) => {
    for (const variable of Object.values((module?.variables ?? {}) as Record<string, Json>))
      if (variable.sensitive === true) walk(variable.default, undefined, true);
    for (const output of Object.values((module?.outputs ?? {}) as Record<string, Json>))
      if (output.sensitive === true) walk((output.expression as Json | undefined)?.constant_value, undefined, true);
    for (const call of Object.values((module?.module_calls ?? {}) as Record<string, Json>))
      walkConfigModule(call.module as Json | undefined);
  };
  walkConfigModule(rootModule);
  return { secret, visible };
}

/** The ways a value can be written into an output (as is, or escaped inside JSON). */
export function forms(value: string): string[] {
  const escaped = JSON.stringify(value).slice(1, -1);
  return escaped === value ? [value] : [value, escaped];
}
