/**
 * Listing the repository's files: one walk through the FileSystem the shell passes in,
 * symlinks recorded (never followed), excluded paths skipped, include globs applied.
 */
import { posix, sep } from 'node:path';
import { anyGlobMatcher } from '../lib/glob.js';
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

/**
 * Directories the walk always skips: tool state that is never the user's code (Terraform's and
 * Terragrunt's caches hold copies of modules and configurations).
 * Anything else (build output, fixtures, old examples) is excluded by the repository's own
 * configuration (`files.exclude` in environments.yaml).
 */
export const DEFAULT_EXCLUDE: readonly string[] = ['.git', 'node_modules', '.terraform', '.terragrunt-cache'];

export interface ListOptions {
  /**
   * Globs over repository-relative paths whose directories and files are skipped, added to
   * DEFAULT_EXCLUDE. A pattern without `/` matches a name at any depth (as in .gitignore);
   * `dir/**` (or `dir`) skips a directory and everything below it.
   */
  exclude?: readonly string[];
  /** When not empty, only files matching one of these globs (or below a matching directory) are listed. */
  include?: readonly string[];
}

/** Whether a repository-relative path is matched by one of `patterns` (see ListOptions). */
export function pathMatcher(patterns: readonly string[]): (path: string) => boolean {
  if (patterns.length === 0) return () => false;
  const globs = patterns.map((p) => (p.includes('/') ? p : `**/${p}`));
  return anyGlobMatcher(globs);
}

/** Every file and symlink of the repository, sorted by path within each directory. */
export async function listFiles(fs: FileSystem, options: ListOptions = {}): Promise<RepoFile[]> {
  const skip = pathMatcher([...DEFAULT_EXCLUDE, ...(options.exclude ?? [])]);
  const included = pathMatcher(options.include ?? []);
  const keep = (path: string) => (options.include ?? []).length === 0 || ancestorsOrSelf(path).some((p) => included(p));
  const root = await fs.lstat('.').catch(() => undefined);
  if (root?.kind !== 'directory') throw new UserError(`${fs.root} is not a directory`);
  const out: RepoFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = (await fs.list(dir)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = dir === '.' ? entry.name : `${dir}/${entry.name}`;
      if (skip(path)) continue;
      if (entry.kind === 'directory') {
        await walk(path);
      } else if (!keep(path)) {
        continue;
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

const NOT_NORMAL = /(?:^|\/)\.\.?(?:\/|$)|\/\/|\/$/;

/** Normalises a repository-relative path (`a/b/../c` → `a/c`; `.` for the root). */
export function normalizeRepoPath(path: string): string {
  // Most paths are normal already (no empty, `.` or `..` segment, no trailing `/`): normalising gives them back.
  if (path !== '' && !NOT_NORMAL.test(path)) return path;
  const normalized = posix.normalize(path);
  return normalized === '' ? '.' : normalized.replace(/\/$/, '');
}

/** True when `path` is `dir` or inside it (both repository-relative). */
export function isWithin(path: string, dir: string): boolean {
  if (dir === '.' || dir === '') return !path.startsWith('../');
  return path === dir || path.startsWith(`${dir}/`);
}

function ancestorsOrSelf(path: string): string[] {
  const out: string[] = [];
  for (let current = path; current !== '.' && current !== ''; current = posix.dirname(current)) out.push(current);
  return out;
}
