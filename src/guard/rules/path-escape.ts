/**
 * `path-escape`: a module source, a file read (file(), templatefile(), filebase64sha256(),
 * fileset() — its pattern included —, archive_file sources, resource file attributes,
 * local_file data sources) or a symlink that resolves into another environment's directory.
 * Paths are resolved per module instance, so `path.module/../../environments/…` and values
 * passed down from the root count, and then through symlinks (a module directory that is a
 * symlink into the other environment counts too). A git source that names this repository
 * (its `//subdir`) counts like a local path. A read whose path cannot be resolved statically is
 * a warning that shows the expression.
 */
import { evaluate } from '../../hcl/index.js';
import { isWithin, normalizeRepoPath, type ModuleInstance, type ResolvedRead } from '../../repo/index.js';
import { finding, InstanceGrouper, type EnvContext, type GuardContext } from '../context.js';
import { sourceText } from '../source-text.js';
import type { Finding } from '../types.js';

export async function checkPathEscape(ctx: GuardContext): Promise<Finding[]> {
  const violations: Finding[] = [];
  const otherEnvOf = (env: EnvContext, path: string) => ctx.envs.find((e) => e !== env && isWithin(path, e.dir));
  for (const env of ctx.envs) {
    for (const root of env.roots) {
      for (const instance of await ctx.repo.instances(root.dir)) {
        const call = instance.call;
        if (!call?.localDir) continue;
        // The directory as named, and where it really is when a symlink is on the way.
        const target = [call.localDir, instance.dir].find((dir) => otherEnvOf(env, dir));
        const other = target === undefined ? undefined : otherEnvOf(env, target);
        if (!other || target === undefined) continue;
        const how = call.viaRepositoryUrl
          ? `which names this repository (${call.viaRepositoryUrl}) at ${call.localDir}`
          : target === call.localDir
            ? `which resolves to ${call.localDir}`
            : `which resolves to ${call.localDir}, a symlink to ${target}`;
        violations.push(
          finding(
            env.name,
            call.sourceAttribute?.file ?? call.file,
            call.sourceAttribute?.range ?? call.block.typeRange,
            `module "${call.name}" in ${where(instance.parent, root.dir)} uses source "${call.source ?? '?'}", ${how} inside ${other.name}'s directory ${other.dir}; only modules/ is shared across environments`,
            `${root.dir}|${instance.address}|source|${target}`,
          ),
        );
      }
      const grouper = new InstanceGrouper();
      for (const read of await ctx.repo.readsOf(root.dir)) {
        for (const path of readTargets(read)) {
          const other = otherEnvOf(env, path);
          if (!other) continue;
          const isLink = read.site.via === 'symlink';
          const key = isLink ? `symlink|${read.site.file}` : `${read.site.file}|${read.site.via}|${path}`;
          const through = path === read.realPath && read.path !== path ? `${read.path}, a symlink to ` : '';
          grouper.add(root.dir, read.instance.address, `${key}|${read.site.range.startOffset}`, (instances) =>
            finding(
              env.name,
              read.site.file,
              isLink ? undefined : read.site.range,
              isLink
                ? `symlink ${read.site.file} points to ${path}, inside ${other.name}'s directory ${other.dir}`
                : `${describe(read)} in ${instances} resolves to ${through}${path}, inside ${other.name}'s directory ${other.dir}`,
              key,
            ),
          );
          break;
        }
        if (read.unresolved) {
          const shown = sourceText(ctx, read.site.file, read.site.pathExpr);
          const key = `${read.site.file}|${read.site.via}|unresolved|${shown}`;
          grouper.add(root.dir, read.instance.address, `${key}|${read.site.range.startOffset}`, (instances) =>
            finding(
              env.name,
              read.site.file,
              read.site.range,
              `${describe(read)} in ${instances} reads ${shown}, which cannot be resolved statically (${read.unresolved}); the guard cannot tell whether it reaches into another environment's directory`,
              key,
              'warning',
            ),
          );
        }
      }
      violations.push(...grouper.findings());
    }
    // Symlinks anywhere under the environment's directory, whichever Terraform directory they sit in.
    for (const file of ctx.repo.files) {
      if (!file.symlink || !isWithin(file.path, env.dir)) continue;
      const other = otherEnvOf(env, file.symlink.target);
      if (!other) continue;
      violations.push(
        finding(
          env.name,
          file.path,
          undefined,
          `symlink ${file.path} points to ${file.symlink.target}, inside ${other.name}'s directory ${other.dir}`,
          `symlink|${file.path}`,
        ),
      );
    }
  }
  return violations;
}

function where(instance: ModuleInstance | undefined, root: string): string {
  return instance?.address ? `${instance.address} (root ${root})` : root;
}

function describe(read: ResolvedRead): string {
  return read.site.kind === 'function' ? `${read.site.via}()` : read.site.via;
}

/** The resolved path, plus for fileset() the directory its pattern's fixed prefix reaches. */
function readTargets(read: ResolvedRead): string[] {
  if (!read.path) return [];
  const targets = read.realPath ? [read.path, read.realPath] : [read.path];
  if (read.site.patternExpr) {
    const pattern = evaluate(read.site.patternExpr, read.instance.scope);
    if (pattern.known && typeof pattern.value === 'string') {
      const fixed: string[] = [];
      for (const segment of pattern.value.split('/')) {
        if (/[*?[{]/.test(segment)) break;
        fixed.push(segment);
      }
      if (fixed.length > 0) targets.push(normalizeRepoPath(`${read.path}/${fixed.join('/')}`));
    }
  }
  return targets;
}
