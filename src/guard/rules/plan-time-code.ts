/**
 * `plan-time-code`: configuration that runs code or reads outside Terraform's model with the
 * environment's own credentials — in a root or in any module instance it uses:
 * - `data "external"` runs its program during plan; `data "http"` fetches its URL during plan;
 *   `data "local_file"` / `data "local_sensitive_file"` read any file during plan (also in
 *   `check` blocks);
 * - `local-exec` / `remote-exec` provisioners (in any resource, `terraform_data` and
 *   `null_resource` included) run their commands during apply.
 * Any of them can read the other environment's files or state unseen by the other rules, so
 * each is reported for review: a warning by default, an error with --strict or where the
 * environment's policy says so.
 */
import { findAttribute, type Block } from '../../hcl/index.js';
import type { ResourceDecl } from '../../repo/index.js';
import { finding, InstanceGrouper, type GuardContext } from '../context.js';
import { sourceText } from '../source-text.js';
import type { Finding } from '../types.js';

const PLAN_TIME_DATA: Readonly<Record<string, { what: string; argument: string }>> = {
  external: { what: 'runs its program during plan', argument: 'program' },
  http: { what: 'fetches its URL during plan', argument: 'url' },
  local_file: { what: 'reads a local file during plan', argument: 'filename' },
  local_sensitive_file: { what: 'reads a local file during plan', argument: 'filename' },
};

const EXEC_PROVISIONERS = new Set(['local-exec', 'remote-exec']);

export async function checkPlanTimeCode(ctx: GuardContext): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const env of ctx.envs) {
    for (const root of env.roots) {
      const grouper = new InstanceGrouper();
      for (const instance of await ctx.repo.instances(root.dir)) {
        for (const resource of ctx.repo.dirs.get(instance.dir)?.resources ?? []) {
          for (const { id, block, message } of planTimeCode(ctx, resource)) {
            grouper.add(root.dir, instance.address, id, (where) =>
              finding(
                env.name,
                block.file,
                block.typeRange,
                `${message} in ${where}, with ${env.name}'s credentials; make sure it cannot reach another environment's files or state (or replace it with a provider resource)`,
                id,
              ),
            );
          }
        }
      }
      findings.push(...grouper.findings());
    }
  }
  return findings;
}

function planTimeCode(ctx: GuardContext, resource: ResourceDecl): { id: string; block: Block; message: string }[] {
  const address = `${resource.mode === 'data' ? 'data.' : ''}${resource.type}.${resource.name}`;
  const out: { id: string; block: Block; message: string }[] = [];
  const data = resource.mode === 'data' ? PLAN_TIME_DATA[resource.type] : undefined;
  if (data) {
    const argument = findAttribute(resource.block.body, data.argument);
    const shown = argument ? ` (${data.argument} = ${sourceText(ctx, argument.file, argument.expr)})` : '';
    out.push({
      id: `${resource.block.file}|${address}`,
      block: resource.block,
      message: `${address} ${data.what}${shown}`,
    });
  }
  for (const provisioner of resource.block.body.blocks) {
    const kind = provisioner.labels[0] ?? '';
    if (provisioner.type !== 'provisioner' || !EXEC_PROVISIONERS.has(kind)) continue;
    const command = findAttribute(provisioner.body, kind === 'local-exec' ? 'command' : 'inline');
    const shown = command ? ` (${command.name} = ${sourceText(ctx, command.file, command.expr)})` : '';
    out.push({
      id: `${provisioner.file}|${address}|${kind}|${provisioner.typeRange.startOffset}`,
      block: provisioner,
      message: `the ${kind} provisioner of ${address} runs a command during apply${shown}`,
    });
  }
  return out;
}
