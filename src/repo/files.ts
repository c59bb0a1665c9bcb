/**
 * Listing the repository's files: one walk through the FileSystem the shell passes in,
 * symlinks recorded (never followed), excluded directories skipped.
 */
import { posix, sep } from 'node:path';
import { UserError } from '../lib/errors.js';
import type { FileSystem } from './fs.js';

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

/** Decides which directories the walk skips: `path` is repository-relative, `name` its last segment. */
export type DirectoryFilter = (path: string, name: string) => boolean;

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

/** The filter for a list written like DEFAULT_EXCLUDE. */
export function excludeDirectories(exclude: readonly string[]): DirectoryFilter {
  const names = new Set(exclude.filter((e) => !e.startsWith('/')));
  const anchored = new Set(exclude.filter((e) => e.startsWith('/')).map((e) => e.slice(1).replace(/\/$/, '')));
  return (path, name) => names.has(name) || anchored.has(path);
}

export interface ListOptions {
  /** Directories to skip; default DEFAULT_EXCLUDE. */
  exclude?: DirectoryFilter;
}

/** Every file and symlink of the repository, sorted by path within each directory. */
export async function listFiles(fs: FileSystem, options: ListOptions = {}): Promise<RepoFile[]> {
  const skip = options.exclude ?? excludeDirectories(DEFAULT_EXCLUDE);
  const root = await fs.lstat('.').catch(() => undefined);
  if (root?.kind !== 'directory') throw new UserError(`${fs.root} is not a directory`);
  const out: RepoFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = (await fs.list(dir)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = dir === '.' ? entry.name : `${dir}/${entry.name}`;
      if (entry.kind === 'directory') {
        if (!skip(path, entry.name)) await walk(path);
      } else if (entry.kind === 'symlink') {
        const raw = await fs.readlink(path);
        out.push({ path, symlink: { raw, target: linkTarget(fs.root, path, raw) } });
      } else if (entry.kind === 'file') {
        out.push({ path });
      }
    }
  };
  await walk('.');
  return out;
}

/** Where a link's text points, lexically (as the link would resolve if nothing else were a link). */
function linkTarget(root: string, link: string, raw: string): string {
  const target = toPosix(raw);
  if (posix.isAbsolute(target)) return normalizeRepoPath(posix.relative(toPosix(root), target) || '.');
  return normalizeRepoPath(posix.join(posix.dirname(link), target));
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
