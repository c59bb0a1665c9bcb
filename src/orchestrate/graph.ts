/**
 * Per-root view of the shared repository model that the orchestration needs: the local
 * modules a root uses (transitively, including calls to directories that no longer exist)
 * and the repository files it reads. Built from `src/repo`; no second loader.
 */
import { posix } from 'node:path';
import type { Repository } from '../repo/index.js';

export interface RootRead {
  /** Repository-relative target (a file, or a directory for fileset/source_dir/symlinked dirs). */
  path: string;
  directory: boolean;
  /** `file`, `templatefile`, `fileset`, `archive_file.source_dir`, `symlink`, … */
  via: string;
  /** The file holding the read. */
  file: string;
}

export interface RootGraph {
  root: string;
  modules: { dir: string; exists: boolean }[];
  reads: RootRead[];
  /** Roots whose outputs this one reads (a Terragrunt unit's `dependency` / `dependencies`). */
  dependsOn: { root: string; via: string }[];
}

async function buildRootGraph(repo: Repository, root: string): Promise<RootGraph> {
  const [modules, resolved] = await Promise.all([repo.modulesOf(root), repo.readsOf(root)]);
  const reads: RootRead[] = [];
  const seen = new Set<string>();
  for (const read of resolved) {
    // Unresolvable paths (computed from resources) and paths outside the repository cannot be
    // matched against a diff; the module holding the read is still covered by location.
    if (read.path === undefined || read.path === '..' || read.path.startsWith('../')) continue;
    const key = `${read.path}\0${read.site.via}\0${read.site.file}`;
    if (seen.has(key)) continue;
    seen.add(key);
    reads.push({ path: read.path, directory: read.directory, via: read.site.via, file: read.site.file });
  }
  const dependsOn = (repo.units.get(root)?.dependencies ?? []).flatMap((d) =>
    d.dir === undefined ? [] : [{ root: d.dir, via: d.name }],
  );
  return { root, modules, reads, dependsOn };
}

export async function buildRootGraphs(repo: Repository): Promise<RootGraph[]> {
  return Promise.all(repo.roots.map((root) => buildRootGraph(repo, root.dir)));
}

/**
 * Display names of roots, used for output directories, artifact names and matrix labels:
 * the last path segment when it is unique among all roots of the repository, otherwise the
 * whole path with `/` replaced by `-`. Computed over every root so a name does not change
 * with the set of roots a change affects.
 */
export function rootNames(allRoots: readonly string[]): Map<string, string> {
  const counts = new Map<string, number>();
  for (const root of allRoots) counts.set(posix.basename(root), (counts.get(posix.basename(root)) ?? 0) + 1);
  return new Map(
    allRoots.map((root) => {
      const base = posix.basename(root);
      const name = root === '.' ? 'root' : counts.get(base) === 1 ? base : root.split('/').join('-');
      return [root, name];
    }),
  );
}
