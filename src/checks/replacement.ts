/**
 * `create-before-destroy-fixed-name`: a resource that is replaced create-before-destroy exists
 * twice for a moment, so a name the API keeps unique (target groups, parameter groups, IAM
 * roles, security groups, queues, …) makes every replacing change fail ("DuplicateTargetGroupName").
 * Every resource type whose provider schema has both `<attr>` and `<attr>_prefix` (name /
 * name_prefix, identifier / identifier_prefix, bucket / bucket_prefix, …) is checked: setting
 * `<attr>` on such a resource while it is create-before-destroy is a finding.
 *
 * Create-before-destroy is the literal `lifecycle { create_before_destroy = true }`, and also
 * what Terraform forces on the resources such a resource depends on (it propagates the
 * behaviour to dependencies and stores it in the state), followed within the module through
 * references, locals and depends_on.
 */
import { findAttribute, findBlocks, type Range } from '../hcl/index.js';
import type { ResourceDecl, TerraformDir } from '../repo/index.js';
import { bodyExprs, referencedResources } from './static-values.js';

/** For a resource type, the configurable attributes `a` whose schema also has `a_prefix`. */
export type PrefixPairs = (resourceType: string) => readonly string[];

export interface ReplacementFinding {
  check: 'create-before-destroy-fixed-name';
  file: string;
  range: Range;
  message: string;
}

const address = (r: ResourceDecl) => `${r.type}.${r.name}`;

export function explicitCreateBeforeDestroy(resource: ResourceDecl): boolean {
  return findBlocks(resource.block.body, 'lifecycle').some((b) => {
    const attr = findAttribute(b.body, 'create_before_destroy');
    return attr?.expr.kind === 'literal' && attr.expr.value === true;
  });
}

export function fixedNamesWithCreateBeforeDestroy(dir: TerraformDir, prefixPairs: PrefixPairs): ReplacementFinding[] {
  const managed = dir.resources.filter((r) => r.mode === 'managed');
  // address -> the explicitly create-before-destroy resource that forces it (itself when explicit)
  const forcedBy = new Map<string, ResourceDecl>();
  const queue: ResourceDecl[] = [];
  for (const r of managed) {
    if (!explicitCreateBeforeDestroy(r)) continue;
    forcedBy.set(address(r), r);
    queue.push(r);
  }
  for (let next = queue.shift(); next; next = queue.shift()) {
    const origin = forcedBy.get(address(next)) ?? next;
    for (const expr of bodyExprs(next.block.body)) {
      for (const dependency of referencedResources(expr, dir)) {
        if (forcedBy.has(address(dependency))) continue;
        forcedBy.set(address(dependency), origin);
        queue.push(dependency);
      }
    }
  }

  const findings: ReplacementFinding[] = [];
  for (const resource of managed) {
    const origin = forcedBy.get(address(resource));
    if (!origin) continue;
    for (const attr of prefixPairs(resource.type)) {
      const fixed = findAttribute(resource.block.body, attr);
      if (!fixed || (fixed.expr.kind === 'literal' && fixed.expr.value === null)) continue;
      const why =
        origin === resource
          ? 'is create_before_destroy'
          : `is create_before_destroy because ${address(origin)}, which is, depends on it (Terraform propagates it)`;
      findings.push({
        check: 'create-before-destroy-fixed-name',
        file: resource.file,
        range: fixed.nameRange,
        message: `${address(resource)} ${why} and sets a fixed ${attr}: a replacement creates the new object under the same ${attr} while the old one still exists, which the API rejects; use ${attr}_prefix (or drop create_before_destroy)`,
      });
    }
  }
  return findings;
}
