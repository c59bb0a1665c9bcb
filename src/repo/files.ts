/**
 * Listing the repository's files: one walk, symlinks recorded (never followed), build and
 * tool directories excluded.
 */
import { lstat, readdir, readlink } from 'node:fs/promises';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';

export interface RepoFile {
  /** Repository-relative POSIX path. */
  path: string;
  symlink?: {
    /** The link text as stored. */
    raw: string;
    /** Where it points, repository-relative POSIX (starts with `../` when outside the repository). */
    target: string;
  };
}

/**
 * Excluded paths (tool installs, build output, the tooling's own test fixtures, the infra CLI's
 * plan outputs under .infra/): a bare name excludes directories of that name at any depth; a name with a
 * leading `/` only the directory at that path from the repository root.
 */
export const DEFAULT_EXCLUDE: readonly string[] = [
  '.git',
  'node_modules',
  '.terraform',
  '.tools',
  'dist',
  'coverage',
  'test-results',
  '/test',
  '/.infra',
];

export async function listFiles(rootDir: string, exclude: readonly string[] = DEFAULT_EXCLUDE): Promise<RepoFile[]> {
  const names = new Set(exclude.filter((e) => !e.startsWith('/')));
  const anchored = new Set(exclude.filter((e) => e.startsWith('/')).map((e) => e.slice(1).replace(/\/$/, '')));
  const out: RepoFile[] = [];
  const absRoot = resolve(rootDir);

  async function walk(relDir: string): Promise<void> {
    const entries = await readdir(join(absRoot, relDir), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (names.has(entry.name) || anchored.has(rel)) continue;
        await walk(rel);
      } else if (entry.isSymbolicLink()) {
        const raw = await readlink(join(absRoot, rel));
        const targetAbs = resolve(dirname(join(absRoot, rel)), raw);
        out.push({ path: rel, symlink: { raw, target: toPosix(relative(absRoot, targetAbs)) } });
      } else if (entry.isFile()) {
        out.push({ path: rel });
      }
    }
  }

  const stat = await lstat(absRoot);
  if (!stat.isDirectory()) throw new Error(`${rootDir} is not a directory`);
  await walk('');
  return out;
}

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** Normalises a repository-relative path (`a/b/../c` → `a/c`; `.` for the root). */
export function normalizeRepoPath(path: string): string {
  const normalized = posix.normalize(path);
  return normalized === '' ? '.' : normalized.replace(/\/$/, '');
}

/** True when `path` is `dir` or inside it (both repository-relative). */
export function isWithin(path: string, dir: string): boolean {
  if (dir === '.' || dir === '') return !path.startsWith('../');
  return path === dir || path.startsWith(`${dir}/`);
}
