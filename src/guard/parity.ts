/**
 * Parity of the environments: for every local module an environment uses, which roots call
 * it and which inputs differ between environments (same module address, different value).
 * Differences the config declares deliberate are marked with their reason, so drift between
 * the hand-authored roots stands out. When an environment has several roots calling a module
 * at one address (one root per component), roots are compared component by component: by
 * the root directory's last name (`…/production/network` with `…/staging/network`).
 */
import { evaluate, type Attribute } from '../hcl/index.js';
import type { ModuleInstance } from '../repo/index.js';
import type { EnvironmentConfig } from './config.js';
import { cmp, type GuardContext } from './context.js';
import { IDENTIFIER_FIELDS, wordFinder } from './matcher.js';
import { isSensitiveExpr } from './sensitivity.js';
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
  const namers = new Map(ctx.config.environments.map((env) => [env.name, identifierPlaceholders(env)]));
  const out: ParityModule[] = [];
  for (const [module, addresses] of [...byModule].sort(([a], [b]) => cmp(a, b))) {
    const differences: ParityDifference[] = [];
    for (const [address, { label, perEnv }] of comparisons(addresses)) {
      if (perEnv.size < 2) continue;
      const inputs = new Set<string>();
      for (const instance of perEnv.values()) for (const name of instance.call?.args.keys() ?? []) inputs.add(name);
      for (const input of [...inputs].sort(cmp)) {
        // Most inputs are the same everywhere: the record is made only for one that differs.
        const rendered: (string | null)[] = [];
        for (const instance of perEnv.values())
          rendered.push(renderArg(ctx, instance, input, instance.call?.args.get(input)));
        if (rendered.every((value) => value === rendered[0])) continue;
        const values: Record<string, string | null> = {};
        let i = 0;
        for (const env of perEnv.keys()) values[env] = rendered[i++] ?? null;
        const deliberate = ctx.config.parity.deliberate.find((d) => d.module === module && d.input === input);
        const normalized = new Set(
          Object.entries(values).map(([env, value]) =>
            value === null ? null : normalizeIdentifiers(value, namers.get(env)),
          ),
        );
        differences.push({
          address: label ?? address,
          input,
          values,
          deliberate: deliberate?.reason ?? null,
          naming: normalized.size === 1,
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

/**
 * What to compare at each address: one instance per environment, as is when every
 * environment has one root there, else per component (the roots' last directory name).
 */
function comparisons(
  addresses: Map<string, Map<string, { root: string; instance: ModuleInstance }[]>>,
): [string, { label?: string; perEnv: Map<string, ModuleInstance> }][] {
  const out: [string, { label?: string; perEnv: Map<string, ModuleInstance> }][] = [];
  for (const [address, perEnv] of [...addresses].sort(([a], [b]) => cmp(a, b))) {
    if ([...perEnv.values()].every((list) => list.length === 1)) {
      out.push([address, { perEnv: new Map([...perEnv].map(([env, [first]]) => [env, first!.instance] as const)) }]);
      continue;
    }
    const components = new Map<string, Map<string, ModuleInstance>>();
    for (const [env, list] of perEnv)
      for (const { root, instance } of list) {
        const name = root.slice(root.lastIndexOf('/') + 1);
        const group = components.get(name) ?? new Map<string, ModuleInstance>();
        if (!group.has(env)) group.set(env, instance);
        components.set(name, group);
      }
    for (const [name, group] of [...components].sort(([a], [b]) => cmp(a, b)))
      out.push([address, { label: `${address} (${name})`, perEnv: group }]);
  }
  return out;
}

/** What the parity table shows instead of a value that must not be shown. */
export const SENSITIVE_VALUE = '(sensitive)';

/**
 * JSON of a statically known value; otherwise the expression's source text (whitespace
 * collapsed). The value of an input the module declares sensitive, or of an expression built
 * from a sensitive variable or output, is never shown.
 */
function renderArg(
  ctx: GuardContext,
  instance: ModuleInstance,
  input: string,
  arg: Attribute | undefined,
): string | null {
  if (!arg || !instance.call) return null;
  const caller = ctx.repo.dirs.get(instance.callerDir ?? '');
  if (
    ctx.repo.dirs.get(instance.dir)?.variables.get(input)?.sensitive ||
    isSensitiveExpr(arg.expr, caller, ctx.repo.dirs)
  )
    return SENSITIVE_VALUE;
  // The module's variable is this argument's value in the call's scope, which its scope remembers.
  const value =
    instance.exists && instance.call.args.get(input) === arg
      ? instance.scope.variable(input)
      : evaluate(arg.expr, instance.callScope ?? instance.parent?.scope);
  if (value.known) return JSON.stringify(value.value);
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
