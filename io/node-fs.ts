/**
 * The core's FileSystem (src/repo/fs.ts) on the disk, rooted at one directory. Node.js errors
 * become FileSystemErrors that name the repository-relative path.
 */
import type { Dirent, Stats } from 'node:fs';
import { lstat, readdir, readFile, readlink, realpath } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import {
  FileSystemError,
  loadRepository,
  toPosix,
  type EntryKind,
  type FileSystem,
  type LoadOptions,
  type Repository,
} from '../src/repo/index.js';

function kindOf(entry: Dirent | Stats): EntryKind {
  if (entry.isSymbolicLink()) return 'symlink';
  if (entry.isDirectory()) return 'directory';
  if (entry.isFile()) return 'file';
  return 'other';
}

export function nodeFileSystem(rootDir: string): FileSystem {
  const root = resolve(rootDir);
  const at = (path: string) => join(root, path);
  const fail = (path: string) => (error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FileSystemError(typeof code === 'string' ? code : 'EIO', path, { cause: error });
  };
  let realRoot: Promise<string> | undefined;
  return {
    root,
    list: (dir) =>
      readdir(at(dir), { withFileTypes: true }).then(
        (entries) => entries.map((entry) => ({ name: entry.name, kind: kindOf(entry) })),
        fail(dir),
      ),
    readText: (path) => readFile(at(path), 'utf8').catch(fail(path)),
    lstat: (path) => lstat(at(path)).then((stats) => ({ kind: kindOf(stats), size: stats.size }), fail(path)),
    readlink: (path) => readlink(at(path)).catch(fail(path)),
    async realpath(path) {
      // Relative to the root's own real path, so that a repository under a symlinked directory
      // (/tmp on macOS) still resolves its inside links to repository paths.
      realRoot ??= realpath(root).catch(() => root);
      const [base, real] = await Promise.all([realRoot, realpath(at(path)).catch(fail(path))]);
      return toPosix(relative(base, real)) || '.';
    },
  };
}

/** The repository model of a directory on disk. */
export function loadRepositoryAt(rootDir: string, options: LoadOptions = {}): Promise<Repository> {
  return loadRepository(nodeFileSystem(rootDir), options);
}
