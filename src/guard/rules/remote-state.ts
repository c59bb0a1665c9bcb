/**
 * `remote-state-cross-env`: a `terraform_remote_state` data source — in a root or in any
 * module instance below it, with the values that root passes down — whose configuration
 * resolves to another environment's state (same state string as that environment's backend,
 * or a local path inside its directory). `aws_s3_object` lookups of another environment's
 * state file count too. A remote state that cannot be resolved statically is a warning.
 */
import { evaluate, findAttribute, type Attribute, type Expr, type Range } from '../../hcl/index.js';
import type { ModuleInstance, ResourceDecl } from '../../repo/index.js';
import { settingsFromObject, stateOf, type Settings } from '../backends.js';
import type { RootState } from '../backends.js';
import { sourceText } from '../source-text.js';
import { finding, InstanceGrouper, type EnvContext, type GuardContext } from '../context.js';
import type { Finding } from '../types.js';

const S3_OBJECT_DATA = new Set(['aws_s3_object', 'aws_s3_bucket_object']);

/** The roots of each state string, in the order of `states`, with the environment that owns each root. */
type StateIndex = Map<string, { state: RootState; owner: EnvContext | undefined }[]>;

function indexStates(ctx: GuardContext, states: Map<string, RootState>): StateIndex {
  const index: StateIndex = new Map();
  for (const s of states.values()) {
    if (s.state === null) continue;
    let list = index.get(s.state);
    if (!list) index.set(s.state, (list = []));
    list.push({ state: s, owner: ctx.envOfPath(s.root.dir) });
  }
  return index;
}

export async function checkRemoteState(ctx: GuardContext): Promise<Finding[]> {
  // Looked up per data source and module instance: the roots of a state are found by key.
  const states = indexStates(ctx, await ctx.states());
  const violations: Finding[] = [];
  for (const env of ctx.envs) {
    for (const root of env.roots) {
      const grouper = new InstanceGrouper();
      for (const instance of await ctx.repo.instances(root.dir)) {
        const model = ctx.repo.dirs.get(instance.dir);
        if (!model) continue;
        for (const resource of model.resources) {
          if (resource.mode !== 'data') continue;
          const found =
            resource.type === 'terraform_remote_state'
              ? remoteState(ctx, env, root.dir, resource, states, instance)
              : S3_OBJECT_DATA.has(resource.type)
                ? s3ObjectLookup(ctx, env, resource, states, instance)
                : [];
          for (const { id, make } of found) grouper.add(root.dir, instance.address, id, make);
        }
      }
      violations.push(...grouper.findings());
    }
  }
  return violations;
}

/** A finding whose message names the module instances it was found through (see InstanceGrouper). */
interface Pending {
  id: string;
  make: (where: string) => Finding;
}

function remoteState(
  ctx: GuardContext,
  env: EnvContext,
  root: string,
  resource: ResourceDecl,
  states: StateIndex,
  instance: ModuleInstance,
): Pending[] {
  const label = (where: string) => `data.terraform_remote_state.${resource.name} in ${where}`;
  const backendAttr = findAttribute(resource.block.body, 'backend');
  const configAttr = findAttribute(resource.block.body, 'config');
  const warn = (attribute: Attribute | undefined, reason: string, range = attribute?.range): Pending[] => [
    {
      id: `${resource.file}|${resource.name}|unresolved|${reason}`,
      make: (where) =>
        finding(
          env.name,
          attribute?.file ?? resource.file,
          range ?? resource.block.typeRange,
          `${label(where)} cannot be resolved statically: ${reason}; the guard cannot tell whose state it reads`,
          `${resource.file}|${resource.name}|unresolved`,
          'warning',
        ),
    },
  ];

  const backend = backendAttr ? evaluate(backendAttr.expr, instance.scope) : undefined;
  if (!backend) return warn(undefined, "'backend' is not set");
  if (!backend.known) return warn(backendAttr, `'backend' ${backend.reason}`);
  if (typeof backend.value !== 'string') return warn(backendAttr, "'backend' is not a string");
  const type = backend.value;

  let settings: Settings = {};
  if (configAttr) {
    const config = evaluate(configAttr.expr, instance.scope);
    if (!config.known) return warn(configAttr, `'config' ${config.reason}`, configItemRange(configAttr, type));
    const object = settingsFromObject(config.value);
    if (!object) return warn(configAttr, "'config' is not an object");
    settings = object;
  }
  const ref = stateOf(type, settings, root, ctx.repo.rootDir);
  const position = configItemRange(configAttr, type) ?? configAttr?.range ?? resource.block.typeRange;
  const file = configAttr?.file ?? resource.file;
  if (ref.state === null) return warn(configAttr, ref.unresolved ?? 'unknown', position);
  const state = ref.state;
  const key = `${resource.file}|${resource.name}|${state}`;

  const reads = (what: string): Pending => ({
    id: key,
    make: (where) =>
      finding(
        env.name,
        file,
        position,
        `${label(where)} reads ${what}; environments never read each other's state`,
        key,
      ),
  });

  const site = {
    file: resource.file,
    range: position,
    via: `data.terraform_remote_state.${resource.name}`,
    target: state,
  };
  const out = (states.get(state) ?? []).flatMap(({ state: s, owner }) =>
    owner && ctx.crosses(env, owner, site)
      ? [reads(`${owner.name}'s state ${state} (the backend of ${s.root.dir})`)]
      : [],
  );
  if (out.length === 0 && state.startsWith('local:')) {
    const path = state.slice('local:'.length);
    const other = ctx.envOfPath(path);
    if (other && ctx.crosses(env, other, site))
      out.push(reads(`the local state file ${path}, inside ${other.name}'s directory ${other.dirOf(path)}`));
  }
  return out;
}

const itemRanges = new WeakMap<Attribute, Map<string, Range | undefined>>();

/** The `config = { key = … }` item that names the state (where the finding points); found once per attribute. */
function configItemRange(configAttr: Attribute | undefined, type: string): Range | undefined {
  if (!configAttr || configAttr.expr.kind !== 'object') return undefined;
  let byType = itemRanges.get(configAttr);
  if (!byType) itemRanges.set(configAttr, (byType = new Map()));
  if (!byType.has(type)) byType.set(type, findItemRange(configAttr.expr, type));
  return byType.get(type);
}

function findItemRange(config: { items: { key: Expr; range: Range }[] }, type: string): Range | undefined {
  const wanted = type === 'local' ? ['path'] : ['key', 'prefix', 'path', 'address', 'bucket'];
  for (const name of wanted) {
    const item = config.items.find((i) => {
      const k = evaluate(i.key);
      return k.known && k.value === name;
    });
    if (item) return item.range;
  }
  return undefined;
}

function s3ObjectLookup(
  ctx: GuardContext,
  env: EnvContext,
  resource: ResourceDecl,
  states: StateIndex,
  instance: ModuleInstance,
): Pending[] {
  const bucketAttr = findAttribute(resource.block.body, 'bucket');
  const keyAttr = findAttribute(resource.block.body, 'key');
  if (!bucketAttr || !keyAttr) return [];
  const bucket = evaluate(bucketAttr.expr, instance.scope);
  const key = evaluate(keyAttr.expr, instance.scope);
  if (!bucket.known || !key.known || typeof bucket.value !== 'string' || typeof key.value !== 'string') {
    const [attr, value] = !bucket.known || typeof bucket.value !== 'string' ? [bucketAttr, bucket] : [keyAttr, key];
    const reason = value.known ? 'is not a string' : value.reason;
    const id = `${resource.file}|${resource.type}.${resource.name}|unresolved`;
    return [
      {
        id,
        make: (where) =>
          finding(
            env.name,
            attr.file,
            attr.range,
            `data.${resource.type}.${resource.name} in ${where} reads an S3 object whose ${attr.name} (${sourceText(ctx, attr.file, attr.expr)}) cannot be resolved statically: ${reason}; the guard cannot tell whether it is another environment's state file`,
            id,
            'warning',
          ),
      },
    ];
  }
  const state = `s3://${bucket.value}/${key.value}`;
  const out: Pending[] = [];
  const site = {
    file: resource.file,
    range: keyAttr.range,
    via: `data.${resource.type}.${resource.name}`,
    target: state,
  };
  for (const { state: s, owner } of states.get(state) ?? []) {
    if (!owner || !ctx.crosses(env, owner, site)) continue;
    const id = `${resource.file}|${resource.type}.${resource.name}|${state}`;
    out.push({
      id,
      make: (where) =>
        finding(
          env.name,
          keyAttr.file,
          keyAttr.range,
          `data.${resource.type}.${resource.name} in ${where} reads ${owner.name}'s state file ${state} (the backend of ${s.root.dir}); environments never read each other's state`,
          id,
        ),
    });
  }
  return out;
}
