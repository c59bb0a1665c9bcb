/** `infra roots` and `infra affected`: read-only views of the repository model. */
import { affectedRootsOf, buildMatrix, renderAffectedText, type AffectedRoot } from '../../src/orchestrate/index.js';
import { CONFIG_FILE, loadRepo, type InfraContext } from './context.js';
import { changedFiles } from '../../actions/shared/git.js';

export type Write = (text: string) => void;

export async function rootsCommand(
  ctx: InfraContext,
  format: 'text' | 'json' | 'matrix',
  write: Write,
): Promise<number> {
  const { repo, names } = await loadRepo(ctx);
  if (format === 'matrix') {
    write(
      `${JSON.stringify(
        buildMatrix(
          repo.roots.map((r) => r.dir),
          names,
          ctx.config.environments,
          CONFIG_FILE,
        ),
      )}\n`,
    );
    return 0;
  }
  const roots = await Promise.all(
    repo.roots.map(async (root) => {
      const modules = await repo.modulesOf(root.dir);
      const missing = modules.filter((m) => !m.exists).map((m) => m.dir);
      return {
        dir: root.dir,
        modules: modules.filter((m) => m.exists).map((m) => m.dir),
        ...(missing.length > 0 ? { missing } : {}),
      };
    }),
  );
  if (format === 'json') {
    write(`${JSON.stringify({ roots })}\n`);
    return 0;
  }
  if (roots.length === 0) write('No roots (directories with a backend block) found.\n');
  for (const root of roots) {
    write(`${root.dir}\n`);
    for (const module of root.modules) write(`  ${module}\n`);
    for (const module of root.missing ?? []) write(`  ${module} (missing: called but has no .tf files)\n`);
  }
  return 0;
}

export interface AffectedOptions {
  base: string;
  head?: string;
}

/** The affected roots of a comparison (used by `affected` and `plan --affected`). */
export async function affectedRoots(
  ctx: InfraContext,
  options: AffectedOptions,
): Promise<{ affected: AffectedRoot[]; names: Map<string, string>; changedCount: number }> {
  const [changes, loaded] = await Promise.all([changedFiles(ctx.cwd, options.base, options.head), loadRepo(ctx)]);
  const affected = await affectedRootsOf(loaded.repo, changes, ctx.config);
  return { affected, names: loaded.names, changedCount: changes.length };
}

export async function affectedCommand(
  ctx: InfraContext,
  options: AffectedOptions & { format: 'text' | 'json' | 'matrix' },
  write: Write,
): Promise<number> {
  const { affected, names, changedCount } = await affectedRoots(ctx, options);
  const roots = affected.map((a) => a.root);
  if (options.format === 'json') {
    write(`${JSON.stringify({ roots })}\n`);
  } else if (options.format === 'matrix') {
    write(`${JSON.stringify(buildMatrix(roots, names, ctx.config.environments, CONFIG_FILE))}\n`);
  } else {
    write(renderAffectedText(affected, changedCount));
  }
  return 0;
}
