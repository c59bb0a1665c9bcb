/**
 * `snapshot-kms-key` (follow-up): an instance restored from a snapshot keeps the snapshot's KMS
 * key — RestoreDBInstanceFromDBSnapshot takes no KmsKeyId — so an instance that passes a key of
 * its own while the snapshot is encrypted with another environment's key shows `kms_key_id`
 * forcing a replacement on every plan (hashicorp/terraform-provider-aws#15390). The snapshot's
 * entry in the guard config names the key's owner (`kms_key_owner`); without it nothing is
 * reported.
 */
import { evaluate, findAttribute, findBlocks, type Expr } from '../../hcl/index.js';
import type { GuardContext } from '../context.js';
import { originOf, position, restoredInstances } from '../followups.js';
import type { FollowupFinding } from '../types.js';

export async function checkSnapshotKmsKey(ctx: GuardContext): Promise<FollowupFinding[]> {
  const out: FollowupFinding[] = [];
  for (const { env, root, instance, resource, snapshot, name, address } of await restoredInstances(ctx)) {
    const declared = snapshot.known ? ctx.config.snapshots.find((s) => s.identifier === snapshot.value) : undefined;
    const owner = declared?.kms_key_owner;
    if (!declared || owner === undefined) continue;
    const base = { env: env.name, source: 'rule' as const, key: `snapshot-kms-key|${root}|${address}` };
    const snapshotText = `'${declared.identifier}'`;
    const keyAttr = findAttribute(resource.block.body, 'kms_key_id');
    const ignore = findBlocks(resource.block.body, 'lifecycle')
      .map((b) => findAttribute(b.body, 'ignore_changes'))
      .find((a) => a !== undefined && ignores(a.expr, 'kms_key_id'));
    const key = keyAttr ? evaluate(keyAttr.expr, instance.scope) : undefined;
    const passesNone = !keyAttr || (key?.known === true && (key.value === null || key.value === ''));
    if (owner === env.name || passesNone || ignore) {
      const why =
        owner === env.name
          ? `its key belongs to ${owner}, this environment`
          : passesNone
            ? `it passes no kms_key_id and keeps the snapshot's key (owned by ${owner})`
            : 'it ignores changes to kms_key_id';
      out.push({
        ...base,
        status: 'resolved',
        file: resource.file,
        ...position((ignore ?? keyAttr)?.range ?? resource.block.typeRange),
        message: `${name} is restored from ${snapshotText}: ${why}`,
      });
      continue;
    }
    const origin = originOf(ctx, keyAttr, resource.file, instance);
    out.push({
      ...base,
      status: 'open',
      file: origin.file,
      ...position(origin.range),
      message: `${name} is restored from ${snapshotText}, which is encrypted with a key of ${owner}, but passes its own kms_key_id: a restored instance keeps the snapshot's key (RestoreDBInstanceFromDBSnapshot takes no KmsKeyId), so every plan shows kms_key_id forcing a replacement. Fix: copy the snapshot with ${env.name}'s key (aws rds copy-db-snapshot --kms-key-id <${env.name}'s key>) and restore from the copy, or until then pass the snapshot's key or add kms_key_id to lifecycle ignore_changes`,
    });
  }
  return out;
}

/** `ignore_changes = all` or a list naming `attribute`. */
function ignores(expr: Expr, attribute: string): boolean {
  if (expr.kind === 'traversal') return expr.root === 'all' && expr.steps.length === 0;
  if (expr.kind === 'literal') return expr.value === 'all';
  if (expr.kind !== 'tuple') return false;
  return expr.items.some(
    (item) =>
      (item.kind === 'traversal' && item.root === attribute && item.steps.length === 0) ||
      (item.kind === 'literal' && item.value === attribute),
  );
}
