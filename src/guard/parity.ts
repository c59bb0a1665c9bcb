/**
 * Parity of the environments: for every local module an environment uses, which roots call
 * it and which inputs differ between environments (same module address, different value).
 * Differences the config declares deliberate are marked with their reason, so drift between
 * the hand-authored roots stands out. When an environment has several roots calling a module
 * at one address (one root per component), roots are compared component by component: by
 * the root directory's last name (`…/production/network` with `…/staging/network`).
 */
import { evaluate, type Value } from '../hcl/index.js';
import type { ModuleInstance } from '../repo/index.js';
import type { EnvironmentConfig } from './config.js';
import { cmp, type GuardContext } from './context.js';
import { IDENTIFIER_FIELDS, wordFinder } from './matcher.js';
import { isSensitiveExpr } from './sensitivity.js';
import { remembered } from '../lib/maps.js';
import { sourceText } from './source-text.js';
import type { ParityDifference, ParityModule } from './types.js';

export async function parityReport(ctx: GuardContext): Promise<ParityModule[]> {
  // module dir → address → env → the instance of each root
  const byModule = new Map<string, Map<string, Map<string, { root: string; instance: ModuleInstance }[]>>>();
  const rootsOf = new Map<string, Map<string, { root: string; env: string; addresses: Set<string> }>>();
  for (const env of ctx.envs) {
    for (const root of env.roots) {
      for (const instance of await ctx.repo.instances(root.dir)) {
        if (!instance.address || !instance.exists) continue;
        const addresses =
          byModule.get(instance.dir) ?? new Map<string, Map<string, { root: string; instance: ModuleInstance }[]>>();
        byModule.set(instance.dir, addresses);
        const perEnv =
          addresses.get(instance.address) ?? new Map<string, { root: string; instance: ModuleInstance }[]>();
        addresses.set(instance.address, perEnv);
        const list = perEnv.get(env.name) ?? [];
        if (!list.some((i) => i.root === root.dir)) list.push({ root: root.dir, instance });
        perEnv.set(env.name, list);
        const roots =
          rootsOf.get(instance.dir) ?? new Map<string, { root: string; env: string; addresses: Set<string> }>();
        rootsOf.set(instance.dir, roots);
        const entry = roots.get(root.dir) ?? { root: root.dir, env: env.name, addresses: new Set<string>() };
        entry.addresses.add(instance.address);
        roots.set(root.dir, entry);
      }
    }
  }
  const configs = new Map(ctx.config.environments.map((env) => [env.name, env]));
  const namers = new Map<string, Placeholders>();
  const namerOf = (env: string): Placeholders | undefined => {
    const config = configs.get(env);
    return config && remembered(namers, env, () => identifierPlaceholders(config));
  };
  const out: ParityModule[] = [];
  for (const [module, addresses] of [...byModule].sort(([a], [b]) => cmp(a, b))) {
    const differences: ParityDifference[] = [];
    const declared = ctx.repo.dirs.get(module)?.variables;
    for (const { address, label, envs, instances } of comparisons(addresses)) {
      if (instances.length < 2) continue;
      const inputs = new Set<string>();
      let seen: ModuleInstance['call'];
      for (const instance of instances) {
        if (!instance.call || instance.call === seen) continue;
        seen = instance.call;
        for (const name of instance.call.args.keys()) inputs.add(name);
      }
      for (const input of [...inputs].sort(cmp)) {
        // Most inputs are the same everywhere: their values are compared before any is rendered,
        // and the record is made only for one that differs.
        const sensitive = Boolean(declared?.get(input)?.sensitive);
        const raw = instances.map((instance) => argValue(ctx, instance, input, sensitive));
        if (raw.every((value) => sameRendering(value, raw[0]!))) continue;
        const rendered = raw.map((value, i) => renderValue(ctx, instances[i]!, input, value));
        if (rendered.every((value) => value === rendered[0])) continue;
        const values: Record<string, string | null> = {};
        for (let i = 0; i < envs.length; i++) values[envs[i]!] = rendered[i] ?? null;
        const deliberate = ctx.config.parity.deliberate.find((d) => d.module === module && d.input === input);
        differences.push({
          address: label ?? address,
          input,
          values,
          deliberate: deliberate?.reason ?? null,
          naming: sameNaming(envs, rendered, namerOf),
        });
      }
    }
    const roots = [...(rootsOf.get(module)?.values() ?? [])].map((r) => ({
      root: r.root,
      env: r.env,
      addresses: [...r.addresses].sort(cmp),
    }));
    out.push({ module, roots, differences });
  }
  return out;
}

/** Whether the values differ only in the environments' names and identifiers (each in its own environment). */
function sameNaming(
  envs: string[],
  rendered: (string | null | undefined)[],
  namerOf: (env: string) => Placeholders | undefined,
): boolean {
  let first: string | null = null;
  for (let i = 0; i < envs.length; i++) {
    const value = rendered[i] ?? null;
    const normalized = value === null ? null : normalizeIdentifiers(value, namerOf(envs[i]!));
    if (i === 0) first = normalized;
    else if (normalized !== first) return false;
  }
  return true;
}

interface Comparison {
  address: string;
  label?: string;
  /** Parallel lists: an environment and its instance at the address. */
  envs: string[];
  instances: ModuleInstance[];
}

/**
 * What to compare at each address: one instance per environment, as is when every
 * environment has one root there, else per component (the roots' last directory name).
 */
function comparisons(addresses: Map<string, Map<string, { root: string; instance: ModuleInstance }[]>>): Comparison[] {
  const out: Comparison[] = [];
  for (const [address, perEnv] of [...addresses].sort(([a], [b]) => cmp(a, b))) {
    let single = true;
    for (const list of perEnv.values()) if (list.length !== 1) single = false;
    if (single) {
      const envs: string[] = [];
      const instances: ModuleInstance[] = [];
      for (const [env, [first]] of perEnv) {
        envs.push(env);
        instances.push(first!.instance);
      }
      out.push({ address, envs, instances });
      continue;
    }
    const components = new Map<string, { envs: string[]; instances: ModuleInstance[] }>();
    for (const [env, list] of perEnv)
      for (const { root, instance } of list) {
        const name = root.slice(root.lastIndexOf('/') + 1);
        let group = components.get(name);
        if (!group) components.set(name, (group = { envs: [], instances: [] }));
        // One environment's entries come together: its first instance of a component is the one compared.
        if (group.envs[group.envs.length - 1] === env) continue;
        group.envs.push(env);
        group.instances.push(instance);
      }
    for (const [name, group] of [...components].sort(([a], [b]) => cmp(a, b)))
      out.push({ address, label: `${address} (${name})`, ...group });
  }
  return out;
}

/** What the parity table shows instead of a value that must not be shown. */
export const SENSITIVE_VALUE = '(sensitive)';

/** An argument's value before it is rendered: absent (null), not to be shown, or its value in the call's scope. */
type ArgValue = null | typeof SENSITIVE_VALUE | Value;

/**
 * The value of an input the module declares sensitive, or of an expression built from a
 * sensitive variable or output, is never shown.
 */
function argValue(ctx: GuardContext, instance: ModuleInstance, input: string, declaredSensitive: boolean): ArgValue {
  const arg = instance.call?.args.get(input);
  if (!arg || !instance.call) return null;
  if (declaredSensitive) return SENSITIVE_VALUE;
  const caller = ctx.repo.dirs.get(instance.callerDir ?? '');
  if (isSensitiveExpr(arg.expr, caller, ctx.repo.dirs)) return SENSITIVE_VALUE;
  // The module's variable is this argument's value in the call's scope, which its scope remembers.
  return instance.exists
    ? instance.scope.variable(input)
    : evaluate(arg.expr, instance.callScope ?? instance.parent?.scope);
}

/** Whether two values render the same, told without rendering them (false: not known without). */
function sameRendering(a: ArgValue, b: ArgValue): boolean {
  if (a === null || b === null || typeof a === 'string' || typeof b === 'string') return a === b;
  if (!a.known || !b.known) return false;
  if (a === b) return true;
  return a.value === b.value && (typeof a.value !== 'object' || a.value === null);
}

/** JSON of a statically known value; otherwise the expression's source text (whitespace collapsed). */
function renderValue(ctx: GuardContext, instance: ModuleInstance, input: string, value: ArgValue): string | null {
  if (value === null || typeof value === 'string') return value;
  if (value.known) return JSON.stringify(value.value);
  const arg = instance.call!.args.get(input)!;
  return sourceText(ctx, arg.file, arg.expr, Infinity);
}

interface Placeholders {
  find: ReturnType<typeof wordFinder>;
  placeholder: Map<string, string>;
}

/** A finder of an environment's name and identifiers, each mapped to a placeholder naming its kind and index. */
function identifierPlaceholders(env: EnvironmentConfig): Placeholders {
  const placeholder = new Map<string, string>();
  for (const [field] of IDENTIFIER_FIELDS)
    env.identifiers[field].forEach((value, i) => placeholder.set(value.toLowerCase(), `<${field}[${i}]>`));
  placeholder.set(env.name.toLowerCase(), '<name>');
  return { find: wordFinder([...placeholder.keys()]), placeholder };
}

function normalizeIdentifiers(value: string, placeholders: Placeholders | undefined): string {
  if (!placeholders) return value;
  let out = '';
  let from = 0;
  placeholders.find(value, (index, length, key) => {
    out += value.slice(from, index) + (placeholders.placeholder.get(key) ?? value.slice(index, index + length));
    from = index + length;
  });
  return from === 0 ? value : out + value.slice(from);
}
