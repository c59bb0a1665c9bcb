/** `infra roots` and `infra affected`: read-only views of the repository model. */
import { renderAffectedText, type AffectedRoot } from '../../src/orchestrate/affected.js';
import { buildMatrix } from '../../src/orchestrate/matrix.js';
import { affectedInScope } from '../../src/orchestrate/scope.js';
import { ConfigurationError } from '../../src/lib/errors.js';
import type { Repository } from '../../src/repo/index.js';
import { loadRepo, OWN_EXCLUDE, type InfraContext } from './context.js';
import { changedFiles } from '../../io/git.js';
import { loadOptionsOf } from '../../io/environments.js';
import { nodeFileSystem } from '../../io/node-fs.js';

export type Write = (text: string) => void;

/**
 * Refuses (exit 2, one line) when a `.tf` file does not parse: the roots, backends and module
 * calls it declares cannot be known, and an answer for the rest of the repository would be wrong
 * without a word.
 */
function assertParsed(repo: Repository): void {
  const failures: string[] = [];
  for (const dir of repo.dirs.values())
    for (const file of dir.files)
      if (file.treeSitterError)
        failures.push(
          `${file.path}:${file.treeSitterError.line}:${file.treeSitterError.column} (${file.treeSitterError.message})`,
        );
  if (failures.length === 0) return;
  failures.sort();
  throw new ConfigurationError(
    `${failures.join('; ')}: does not parse, so the roots and module calls it declares cannot be known. Fix the file (npm run guard shows HashiCorp's message).`,
  );
}

export async function rootsCommand(
  ctx: InfraContext,
  format: 'text' | 'json' | 'matrix',
  write: Write,
): Promise<number> {
  const { repo, names } = await loadRepo(ctx);
  assertParsed(repo);
  if (format === 'matrix') {
    write(
      `${JSON.stringify(
        buildMatrix(
          repo.roots.map((r) => r.dir),
          names,
          ctx.model,
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

/**
 * The affected roots of a comparison (used by `affected` and `plan --affected`): only the roots
 * the changed paths can reach are parsed and evaluated (src/orchestrate/scope.ts).
 */
export async function affectedRoots(
  ctx: InfraContext,
  options: AffectedOptions,
): Promise<{
  affected: AffectedRoot[];
  names: () => Promise<Map<string, string>>;
  changedCount: number;
}> {
  // git runs while the repository is listed and read.
  const changes = changedFiles(ctx.cwd, options.base, options.head);
  const { affected, names } = await affectedInScope(
    nodeFileSystem(ctx.cwd),
    loadOptionsOf(ctx.model, OWN_EXCLUDE),
    changes,
    ctx.config,
    assertParsed,
  );
  return { affected, names, changedCount: (await changes).length };
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
    write(`${JSON.stringify(buildMatrix(roots, await names(), ctx.model))}\n`);
  } else {
    write(renderAffectedText(affected, changedCount));
  }
  return 0;
}
