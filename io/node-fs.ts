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

function kindOf(entry: Pick<Dirent | Stats, 'isSymbolicLink' | 'isDirectory' | 'isFile'>): EntryKind {
  if (entry.isSymbolicLink()) return 'symlink';
  if (entry.isDirectory()) return 'directory';
  if (entry.isFile()) return 'file';
  return 'other';
}

export function nodeFileSystem(rootDir: string): FileSystem {
  const root = resolve(rootDir);
  /** Paths listed with a name that is not UTF-8 (or below one), to their bytes. */
  const rawPaths = new Map<string, Buffer>();
  const at = (path: string): string | Buffer => rawPaths.get(path) ?? join(root, path);
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
      sync(dir, () => {
        const where = at(dir);
        const entries = typeof where === 'string' ? readdirSync(where, { withFileTypes: true }) : [];
        if (typeof where === 'string' && !entries.some((entry) => entry.name.includes('\ufffd')))
          return entries.map((entry) => ({ name: entry.name, kind: kindOf(entry) }));
        // A name that is not UTF-8 (or one below such a directory): read by its bytes from now on.
        const base = typeof where === 'string' ? Buffer.from(where) : where;
        return readdirSync(base, { withFileTypes: true, encoding: 'buffer' }).map((entry) => {
          const name = fileName(entry.name);
          rawPaths.set(dir === '.' ? name : `${dir}/${name}`, Buffer.concat([base, SLASH, entry.name]));
          return { name, kind: kindOf(entry) };
        });
      }),
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
    readlink: (path) => sync(path, () => fileName(readlinkSync(at(path), { encoding: 'buffer' }))),
    realpath: (path) =>
      sync(path, () => {
        // Relative to the root's own real path, so that a repository under a symlinked directory
        // (/tmp on macOS) still resolves its inside links to repository paths.
        realRoot ??= realRootOf(root);
        return toPosix(relative(realRoot, fileName(realpathSync.native(at(path), { encoding: 'buffer' })))) || '.';
      }),
  };
}

const SLASH = Buffer.from('/');

/**
 * A file name as text: UTF-8 decoded, each byte that is not part of a valid sequence written as
 * the lone surrogate U+DC00 + byte (Python's surrogateescape), which no valid UTF-8 name decodes
 * to: two names that differ only in such bytes stay two names, and each still names its file.
 */
export function fileName(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (!text.includes('\ufffd')) return text;
  let out = '';
  let start = 0;
  let i = 0;
  const flush = (end: number) => {
    if (end > start) out += Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8');
  };
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    flush(i);
    out += String.fromCharCode(0xdc00 + (bytes[i] as number));
    i += 1;
    start = i;
  }
  flush(i);
  return out;
}

/** Bytes of the valid UTF-8 sequence at `i` (no overlong form, surrogate or code point past U+10FFFF), or 0. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i] as number;
  if (b0 < 0x80) return 1;
  const cont = (k: number, low = 0x80, high = 0xbf) => {
    const b = bytes[i + k];
    return b !== undefined && b >= low && b <= high;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const [low, high] = b0 === 0xe0 ? [0xa0, 0xbf] : b0 === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return cont(1, low, high) && cont(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const [low, high] = b0 === 0xf0 ? [0x90, 0xbf] : b0 === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return cont(1, low, high) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
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
