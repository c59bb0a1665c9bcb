/**
 * `remote-state-cross-env` for Terragrunt units: a `dependency` / `dependencies` block reads
 * the outputs — the state — of the unit its `config_path` names. A unit of another
 * environment (one that does not share itself with this one) is a violation, reported at the
 * `config_path`; a path that cannot be resolved statically is a warning.
 */
import { finding, type GuardContext } from '../context.js';
import type { Finding } from '../types.js';

export async function checkUnitDependencies(ctx: GuardContext): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const env of ctx.envs) {
    for (const root of env.roots) {
      const unit = ctx.repo.units.get(root.dir);
      for (const dependency of unit?.dependencies ?? []) {
        if (dependency.dir === undefined) {
          findings.push(
            finding(
              env.name,
              dependency.file,
              dependency.range,
              `${dependency.name} in ${root.dir} cannot be resolved statically: ${dependency.unresolved ?? 'unknown'}; the guard cannot tell whose state it reads`,
              `${dependency.file}|${dependency.name}|unresolved`,
              'warning',
            ),
          );
          continue;
        }
        const owner = ctx.envOfPath(dependency.dir);
        const site = { file: dependency.file, range: dependency.range, via: dependency.name, target: dependency.dir };
        if (!owner || !ctx.crosses(env, owner, site)) continue;
        findings.push(
          finding(
            env.name,
            dependency.file,
            dependency.range,
            `${dependency.name} in ${root.dir} reads the outputs (the state) of ${dependency.dir}, a unit in ${owner.name}'s directory ${owner.dirOf(dependency.dir)}; environments never read each other's state`,
            `${dependency.file}|${dependency.name}|${dependency.dir}`,
          ),
        );
      }
    }
  }
  return findings;
}
