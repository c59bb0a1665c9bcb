/**
 * `iam-policy-on-foreign-identity`: Terraform attaches IAM policies (inline, managed, group
 * membership) only to roles, users and groups the same configuration creates. A role, user or
 * group that comes from outside — a root variable, a literal name, a data source — may be the
 * identity Terraform itself runs as (the CI deploy role), and a configuration that writes
 * policies onto it needs `iam:PutRolePolicy`/`AttachRolePolicy` on itself: it can grant itself
 * anything. Such grants belong in the identity's own definition.
 *
 * The identity argument is followed to where its value comes from: `local.*` to the local,
 * `var.*` to what every caller passes (across all roots), `module.<m>.<output>` into the module,
 * `each.*` to the resource's for_each. It is accepted only when every source is an
 * `aws_iam_role`/`aws_iam_user`/`aws_iam_group` resource of the configuration.
 */
import { findAttribute, traversalText, type Block, type Expr, type Range } from '../hcl/index.js';
import type { ModuleInstance, Repository, TerraformDir } from '../repo/index.js';
import { resourceRef } from './static-values.js';

export interface IamFinding {
  check: 'iam-policy-on-foreign-identity';
  file: string;
  range: Range;
  message: string;
}

type Kind = 'aws_iam_role' | 'aws_iam_user' | 'aws_iam_group';

/** Resource types that give an identity permissions, and the argument naming the identity. */
export const IDENTITY_GRANTS: Readonly<Record<string, readonly { attr: string; kind: Kind }[]>> = {
  aws_iam_role_policy: [{ attr: 'role', kind: 'aws_iam_role' }],
  aws_iam_role_policy_attachment: [{ attr: 'role', kind: 'aws_iam_role' }],
  aws_iam_role_policies_exclusive: [{ attr: 'role_name', kind: 'aws_iam_role' }],
  aws_iam_role_policy_attachments_exclusive: [{ attr: 'role_name', kind: 'aws_iam_role' }],
  aws_iam_user_policy: [{ attr: 'user', kind: 'aws_iam_user' }],
  aws_iam_user_policy_attachment: [{ attr: 'user', kind: 'aws_iam_user' }],
  aws_iam_user_policies_exclusive: [{ attr: 'user_name', kind: 'aws_iam_user' }],
  aws_iam_user_policy_attachments_exclusive: [{ attr: 'user_name', kind: 'aws_iam_user' }],
  aws_iam_user_group_membership: [{ attr: 'user', kind: 'aws_iam_user' }],
  aws_iam_group_membership: [{ attr: 'users', kind: 'aws_iam_user' }],
  aws_iam_group_policy: [{ attr: 'group', kind: 'aws_iam_group' }],
  aws_iam_group_policy_attachment: [{ attr: 'group', kind: 'aws_iam_group' }],
  aws_iam_group_policies_exclusive: [{ attr: 'group_name', kind: 'aws_iam_group' }],
  aws_iam_group_policy_attachments_exclusive: [{ attr: 'group_name', kind: 'aws_iam_group' }],
  aws_iam_policy_attachment: [
    { attr: 'roles', kind: 'aws_iam_role' },
    { attr: 'users', kind: 'aws_iam_user' },
    { attr: 'groups', kind: 'aws_iam_group' },
  ],
};

interface Where {
  dir: TerraformDir;
  /** The module instance (undefined: the directory is not used by any root). */
  instance: ModuleInstance | undefined;
  /** The resource or module block whose for_each `each.*` iterates. */
  owner: Block;
}

type Repo = Pick<Repository, 'dirs' | 'roots' | 'instances'>;

export async function policiesOnForeignIdentities(repo: Repo): Promise<IamFinding[]> {
  const instancesByDir = new Map<string, ModuleInstance[]>();
  const all: ModuleInstance[] = [];
  for (const root of repo.roots) {
    for (const instance of await repo.instances(root.dir)) {
      all.push(instance);
      instancesByDir.set(instance.dir, [...(instancesByDir.get(instance.dir) ?? []), instance]);
    }
  }
  const findings: IamFinding[] = [];
  for (const dir of repo.dirs.values()) {
    for (const resource of dir.resources) {
      const grants = resource.mode === 'managed' ? IDENTITY_GRANTS[resource.type] : undefined;
      if (!grants) continue;
      for (const { attr, kind } of grants) {
        const attribute = findAttribute(resource.block.body, attr);
        if (!attribute) continue;
        const instances = instancesByDir.get(dir.dir) ?? [undefined];
        const foreign = new Set<string>();
        for (const instance of instances) {
          for (const source of sources(repo, all, attribute.expr, { dir, instance, owner: resource.block }, kind, 0))
            foreign.add(source);
        }
        if (foreign.size === 0) continue;
        const label = kind.replace('aws_iam_', '');
        findings.push({
          check: 'iam-policy-on-foreign-identity',
          file: resource.file,
          range: attribute.nameRange,
          message: `${resource.type}.${resource.name} gives permissions to a ${label} this configuration does not create (${[...foreign].sort().join('; ')}): it may be the ${label} Terraform runs as, which could then grant itself anything; attach policies only to an ${kind} created here, and keep the grants of the deploying identity in its own definition`,
        });
      }
    }
  }
  return findings;
}

/** Where a value of `expr` can come from that is not an identity of `kind` the configuration creates. */
function sources(repo: Repo, all: ModuleInstance[], expr: Expr, at: Where, kind: Kind, depth: number): string[] {
  if (depth > 32) return ['references nest too deeply'];
  switch (expr.kind) {
    case 'literal':
      return expr.value === null || typeof expr.value !== 'string' ? [] : [`the literal ${JSON.stringify(expr.value)}`];
    case 'template':
      return expr.parts.some((p) => p.kind !== 'text')
        ? expr.parts.flatMap((p) => (p.kind === 'interpolation' ? sources(repo, all, p.expr, at, kind, depth + 1) : []))
        : [`the literal ${JSON.stringify(expr.parts.map((p) => (p.kind === 'text' ? p.text : '')).join(''))}`];
    case 'tuple':
      return expr.items.flatMap((item) => sources(repo, all, item, at, kind, depth + 1));
    case 'object':
      return expr.items.flatMap((item) => sources(repo, all, item.value, at, kind, depth + 1));
    case 'call':
      return expr.args.flatMap((arg) => sources(repo, all, arg, at, kind, depth + 1));
    case 'other':
      return expr.children.flatMap((child) => sources(repo, all, child, at, kind, depth + 1));
    case 'traversal':
      return traversalSources(repo, all, expr, at, kind, depth);
  }
}

function traversalSources(
  repo: Repo,
  all: ModuleInstance[],
  expr: Extract<Expr, { kind: 'traversal' }>,
  at: Where,
  kind: Kind,
  depth: number,
): string[] {
  const { dir, instance } = at;
  const first = expr.steps[0];
  const name = first?.kind === 'attr' ? first.name : undefined;
  const text = traversalText(expr);
  const resource = resourceRef(expr, dir);
  if (resource) return resource.type === kind ? [] : [`${text}, a ${resource.type}`];
  switch (expr.root) {
    case 'data':
      return [`${text}, looked up rather than created`];
    case 'local': {
      const decl = name ? dir.locals.get(name) : undefined;
      return decl ? sources(repo, all, decl.attribute.expr, at, kind, depth + 1) : [`${text}, not declared`];
    }
    case 'each': {
      const forEach = findAttribute(at.owner.body, 'for_each');
      return forEach ? sources(repo, all, forEach.expr, at, kind, depth + 1) : [];
    }
    case 'var': {
      if (!name) return [text];
      const call = instance?.call;
      const arg = call?.args.get(name);
      const parent = instance?.parent;
      const callerDir = parent ? repo.dirs.get(parent.dir) : undefined;
      if (call && arg && parent && callerDir)
        return sources(repo, all, arg.expr, { dir: callerDir, instance: parent, owner: call.block }, kind, depth + 1);
      const decl = dir.variables.get(name);
      if (!instance) return [`${text}, passed in (no root calls ${dir.dir})`];
      if (!instance.parent) return [`${text}, a variable of root ${dir.dir}`];
      if (decl?.default) return sources(repo, all, decl.default.expr, at, kind, depth + 1);
      return [`${text}, not passed to ${instance.address}`];
    }
    case 'module': {
      const outputName = expr.steps[1]?.kind === 'attr' ? expr.steps[1].name : undefined;
      const call = dir.moduleCalls.find((c) => c.name === name);
      const target = call?.localDir ? repo.dirs.get(call.localDir) : undefined;
      const output = outputName ? target?.outputs.get(outputName) : undefined;
      const value = output ? findAttribute(output.block.body, 'value') : undefined;
      if (!call || !target || !output || !value) return [`${text}, from a module this check cannot read`];
      const child = all.find((i) => i.parent === instance && i.call === call);
      return sources(repo, all, value.expr, { dir: target, instance: child, owner: output.block }, kind, depth + 1);
    }
    case 'count':
    case 'path':
    case 'self':
    case 'terraform':
      return [];
    default:
      // A for-expression's own variable: its values come from the collection, which is walked too.
      return [];
  }
}
