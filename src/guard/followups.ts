/**
 * Follow-ups: work that is pending rather than wrong. Shown as a checklist (open/resolved);
 * they fail the run only with --strict.
 * - `snapshot-ignore-changes`: an aws_db_instance that this root restores from a snapshot
 *   (directly or through module variables) without `lifecycle { ignore_changes` covering
 *   `snapshot_identifier` }.
 * - `snapshot-username-mismatch`: the master username passed for such an instance differs
 *   from the snapshot's master user declared in the config.
 * - the ledger: manual items (status in the file) and IaC debt resolved once the named
 *   resources exist in the environment's root or a module it uses.
 */
import {
  evaluate,
  findAttribute,
  findBlocks,
  type Attribute,
  type Expr,
  type Range,
  type Value,
} from '../hcl/index.js';
import { remembered } from '../lib/maps.js';
import type { ModuleInstance, ResourceDecl } from '../repo/index.js';
import type { EnvContext, GuardContext } from './context.js';
import type { FollowupFinding } from './types.js';

/** An `aws_db_instance` that a root restores from a snapshot (through its instance's values). */
export interface RestoredInstance {
  env: EnvContext;
  root: string;
  instance: ModuleInstance;
  resource: ResourceDecl;
  snapshot: Value;
  /** `'<identifier>'`, or how the snapshot is named when it is not statically known. */
  snapshotText: string;
  /** `aws_db_instance.x in module.y (root z)`, for messages. */
  name: string;
  /** `module.y.aws_db_instance.x`, for keys. */
  address: string;
}

const restored = new WeakMap<GuardContext, Promise<RestoredInstance[]>>();

/** Every database instance restored from a snapshot, per module instance: found once per run for the rules that ask. */
export function restoredInstances(ctx: GuardContext): Promise<RestoredInstance[]> {
  return remembered(restored, ctx, () => findRestoredInstances(ctx));
}

async function findRestoredInstances(ctx: GuardContext): Promise<RestoredInstance[]> {
  const out: RestoredInstance[] = [];
  for (const env of ctx.envs) {
    for (const root of env.roots) {
      for (const instance of await ctx.repo.instances(root.dir)) {
        for (const resource of ctx.repo.dirs.get(instance.dir)?.resources ?? []) {
          if (resource.mode !== 'managed' || resource.type !== 'aws_db_instance') continue;
          const restored = restoredInstance(env, root.dir, instance, resource);
          if (restored) out.push(restored);
        }
      }
    }
  }
  return out;
}

function restoredInstance(
  env: EnvContext,
  root: string,
  instance: ModuleInstance,
  resource: ResourceDecl,
): RestoredInstance | undefined {
  const snapshotAttr = findAttribute(resource.block.body, 'snapshot_identifier');
  if (!snapshotAttr) return undefined;
  const snapshot = evaluate(snapshotAttr.expr, instance.scope);
  if (snapshot.known && (snapshot.value === null || snapshot.value === '')) return undefined;
  return {
    env,
    root,
    instance,
    resource,
    snapshot,
    snapshotText: snapshot.known ? `'${String(snapshot.value)}'` : `a snapshot (${snapshot.reason})`,
    name: `aws_db_instance.${resource.name}${instance.address ? ` in ${instance.address}` : ''} (root ${root})`,
    address: `${instance.address ? `${instance.address}.` : ''}aws_db_instance.${resource.name}`,
  };
}

export async function checkSnapshotIgnoreChanges(ctx: GuardContext): Promise<FollowupFinding[]> {
  return (await restoredInstances(ctx)).map(({ env, root, resource, snapshotText, name, address }) => {
    const ignore = findBlocks(resource.block.body, 'lifecycle')
      .map((b) => findAttribute(b.body, 'ignore_changes'))
      .find((a): a is Attribute => a !== undefined && ignoresSnapshot(a.expr));
    return {
      env: env.name,
      status: ignore ? 'resolved' : 'open',
      file: ignore?.file ?? resource.file,
      ...position(ignore?.range ?? resource.block.typeRange),
      message: ignore
        ? `${name} is restored from ${snapshotText} and ignores changes to snapshot_identifier`
        : `${name} is restored from ${snapshotText} but has no lifecycle { ignore_changes = [snapshot_identifier] }; add it, or a later change of the snapshot argument replaces the database`,
      source: 'rule',
      key: `snapshot-ignore-changes|${root}|${address}`,
    };
  });
}

export async function checkSnapshotUsername(ctx: GuardContext): Promise<FollowupFinding[]> {
  return (await restoredInstances(ctx)).map((restored) => usernameFollowup(ctx, restored));
}

function usernameFollowup(
  ctx: GuardContext,
  { env, root, instance, resource, snapshot, snapshotText, name, address }: RestoredInstance,
): FollowupFinding {
  const usernameAttr = findAttribute(resource.block.body, 'username');
  const declared = snapshot.known ? ctx.config.snapshots.find((s) => s.identifier === snapshot.value) : undefined;
  const base = { env: env.name, source: 'rule' as const, key: `snapshot-username-mismatch|${root}|${address}` };
  if (!usernameAttr) {
    return {
      ...base,
      status: 'resolved',
      file: resource.file,
      ...position(resource.block.typeRange),
      message: `${name} sets no username, so it keeps the snapshot's master user`,
    };
  }
  const origin = originOf(ctx, usernameAttr, resource.file, instance);
  const username = evaluate(usernameAttr.expr, instance.scope);
  const at = { ...base, file: origin.file, ...position(origin.range) };
  if (!declared) {
    return {
      ...at,
      status: 'open',
      message: `${name} is restored from ${snapshotText}, which is not declared under snapshots in the guard config; declare its master_username so the username passed (${username.known ? `'${String(username.value)}'` : 'unknown'}) can be checked`,
    };
  }
  if (!username.known) {
    return {
      ...at,
      status: 'open',
      message: `the master username of ${name} cannot be determined statically (${username.reason}); the snapshot's master user is '${declared.master_username}'`,
    };
  }
  if (username.value !== declared.master_username) {
    return {
      ...at,
      status: 'open',
      message: `master username '${String(username.value)}' passed for ${name} differs from the master user '${declared.master_username}' of snapshot '${declared.identifier}'; terraform plan will want to replace the instance: pass '${declared.master_username}'`,
    };
  }
  return {
    ...at,
    status: 'resolved',
    message: `master username of ${name} matches the master user '${declared.master_username}' of snapshot '${declared.identifier}'`,
  };
}

/** `ignore_changes = all`, `[snapshot_identifier, …]` or the legacy string form. */
function ignoresSnapshot(expr: Expr): boolean {
  if (expr.kind === 'traversal') return expr.root === 'all' && expr.steps.length === 0;
  if (expr.kind === 'literal') return expr.value === 'all';
  if (expr.kind !== 'tuple') return false;
  return expr.items.some(
    (item) =>
      (item.kind === 'traversal' && item.root === 'snapshot_identifier') ||
      (item.kind === 'literal' && item.value === 'snapshot_identifier'),
  );
}

export function position(range: Pick<Range, 'start'>): { line: number; column: number } {
  return { line: range.start.line, column: range.start.column };
}

/**
 * Where a value comes from: follows `var.x` to the argument the caller passes (or the
 * variable's default) and `local.x` to its definition, up to the attribute that writes it.
 */
export function originOf(
  ctx: GuardContext,
  attribute: Attribute,
  file: string,
  instance: ModuleInstance,
): { file: string; range: Range } {
  let current = { file: attribute.file || file, range: attribute.range, expr: attribute.expr, instance };
  for (let step = 0; step < 64; step += 1) {
    const expr = current.expr;
    if (expr.kind !== 'traversal' || expr.steps.length !== 1 || expr.steps[0]?.kind !== 'attr') break;
    const name = expr.steps[0].name;
    const model = ctx.repo.dirs.get(current.instance.dir);
    if (expr.root === 'local') {
      const decl = model?.locals.get(name);
      if (!decl) break;
      current = {
        file: decl.attribute.file,
        range: decl.attribute.range,
        expr: decl.attribute.expr,
        instance: current.instance,
      };
    } else if (expr.root === 'var') {
      const arg = current.instance.call?.args.get(name);
      const parent = current.instance.parent;
      if (arg && parent && current.instance.call) {
        current = { file: arg.file, range: arg.range, expr: arg.expr, instance: parent };
        continue;
      }
      const decl = model?.variables.get(name);
      if (!decl?.default || current.instance.parent === undefined) break;
      current = {
        file: decl.default.file,
        range: decl.default.range,
        expr: decl.default.expr,
        instance: current.instance,
      };
    } else {
      break;
    }
  }
  return { file: current.file, range: current.range };
}

export async function checkLedger(ctx: GuardContext): Promise<FollowupFinding[]> {
  const ledger = ctx.ledger;
  if (!ledger) return [];
  const out: FollowupFinding[] = [];
  for (const item of ledger.items) {
    const env = ctx.envs.find((e) => e.name === item.environment);
    const base = { id: item.id, env: item.environment, source: 'ledger' as const, key: `ledger|${item.id}` };
    const title = item.details ? `${item.title} — ${item.details}` : item.title;
    if (!item.resolved_by) {
      out.push({
        ...base,
        status: item.status ?? 'open',
        file: ledger.file,
        line: item.line,
        column: 1,
        message: title,
      });
      continue;
    }
    const found: { file: string; range: Range; label: string }[] = [];
    const missing: string[] = [];
    for (const wanted of item.resolved_by) {
      const match = env ? await findResource(ctx, env, wanted.type, wanted.name) : undefined;
      if (match) found.push(match);
      else missing.push(wanted.name ? `${wanted.type}.${wanted.name}` : `any ${wanted.type}`);
    }
    const first = found[0];
    if (missing.length === 0 && first) {
      out.push({
        ...base,
        status: 'resolved',
        file: first.file,
        ...position(first.range),
        message: `${title} (codified: ${found.map((f) => f.label).join(', ')})`,
      });
    } else {
      out.push({
        ...base,
        status: 'open',
        file: ledger.file,
        line: item.line,
        column: 1,
        message: `${title} (not yet in ${env?.dirs.join(', ') || item.environment}: ${missing.join(', ')})`,
      });
    }
  }
  return out;
}

async function findResource(
  ctx: GuardContext,
  env: EnvContext,
  type: string,
  name: string | undefined,
): Promise<{ file: string; range: Range; label: string } | undefined> {
  for (const root of env.roots) {
    for (const instance of await ctx.repo.instances(root.dir)) {
      const resource = ctx.repo.dirs
        .get(instance.dir)
        ?.resources.find((r) => r.mode === 'managed' && r.type === type && (name === undefined || r.name === name));
      if (resource)
        return {
          file: resource.file,
          range: resource.block.typeRange,
          label: `${instance.address ? `${instance.address}.` : ''}${type}.${resource.name}`,
        };
    }
  }
  return undefined;
}
