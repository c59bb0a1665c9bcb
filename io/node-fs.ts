/**
 * The core's FileSystem (src/repo/fs.ts) on the disk, rooted at one directory. Node.js errors
 * become FileSystemErrors that name the repository-relative path.
 */
import {
  closeSync,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  type Dirent,
  type Stats,
} from 'node:fs';
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
  // Listing, stat, reading and links are synchronous calls behind the promises: for the many small
  // files of a repository they cost a fraction of fs/promises' (a file handle, an fstat and a
  // close per file). Sizes are checked before a file is read (src/repo/file-cache.ts).
  const sync = <T>(path: string, op: () => T): Promise<T> => {
    try {
      return Promise.resolve(op());
    } catch (error) {
      return Promise.reject(error).catch(fail(path));
    }
  };
  let realRoot: string | undefined;
  return {
    root,
    list: (dir) =>
      sync(dir, () =>
        readdirSync(at(dir), { withFileTypes: true }).map((entry) => ({ name: entry.name, kind: kindOf(entry) })),
      ),
    readText: (path) => sync(path, () => readFileSync(at(path), 'utf8')),
    readTextWithin: (path, maxBytes) =>
      sync(path, () => {
        const fd = openSync(at(path), 'r');
        try {
          return fstatSync(fd).size > maxBytes ? undefined : readFileSync(fd, 'utf8');
        } finally {
          closeSync(fd);
        }
      }),
    lstat: (path) =>
      sync(path, () => {
        const stats = lstatSync(at(path));
        return { kind: kindOf(stats), size: stats.size };
      }),
    readlink: (path) => sync(path, () => readlinkSync(at(path))),
    realpath: (path) =>
      sync(path, () => {
        // Relative to the root's own real path, so that a repository under a symlinked directory
        // (/tmp on macOS) still resolves its inside links to repository paths.
        realRoot ??= realRootOf(root);
        return toPosix(relative(realRoot, realpathSync.native(at(path)))) || '.';
      }),
  };
}

function realRootOf(root: string): string {
  try {
    return realpathSync.native(root);
  } catch {
    return root;
  }
}

/** The repository model of a directory on disk. */
export function loadRepositoryAt(rootDir: string, options: LoadOptions = {}): Promise<Repository> {
  return loadRepository(nodeFileSystem(rootDir), options);
}
