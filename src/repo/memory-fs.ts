/**
 * A FileSystem held in memory: unit tests describe a repository as a map of files (and
 * symlinks) instead of writing it to disk, and tools can model files they were given as text.
 */
import { posix } from 'node:path';
import { FileSystemError, type DirEntry, type EntryKind, type FileStat, type FileSystem } from './fs.js';

/** Linux's limit of symlinks followed while resolving one path. */
const MAX_LINKS = 40;

/**
 * `files`: repository-relative path → contents (text or bytes); `links`: path → target as
 * written into the link (relative to the link's directory, or absolute). Directories are
 * implied by the paths under them.
 */
export function createMemoryFileSystem(
  files: Record<string, string | Uint8Array>,
  links: Record<string, string> = {},
  root = '/repo',
): FileSystem {
  const nodes = new Map<string, { kind: 'file'; data: Uint8Array } | { kind: 'symlink'; target: string }>();
  const dirs = new Map<string, Set<string>>([['.', new Set()]]);
  const add = (path: string, node: { kind: 'file'; data: Uint8Array } | { kind: 'symlink'; target: string }) => {
    const normalized = posix.normalize(path);
    nodes.set(normalized, node);
    let child = normalized;
    for (let dir = posix.dirname(normalized); ; dir = posix.dirname(dir)) {
      const entries = dirs.get(dir) ?? new Set<string>();
      entries.add(posix.basename(child));
      dirs.set(dir, entries);
      if (dir === '.') break;
      child = dir;
    }
  };
  const encoder = new TextEncoder();
  for (const [path, content] of Object.entries(files))
    add(path, { kind: 'file', data: typeof content === 'string' ? encoder.encode(content) : content });
  for (const [path, target] of Object.entries(links)) add(path, { kind: 'symlink', target });

  const key = (path: string) => posix.normalize(path).replace(/\/$/, '') || '.';
  const kindOf = (path: string): EntryKind | undefined => (dirs.has(path) ? 'directory' : nodes.get(path)?.kind);

  /** Resolves every symlink on the way (POSIX realpath); the result may lie outside the repository. */
  const resolvePath = (path: string): string => {
    const pending = key(path)
      .split('/')
      .filter((s) => s !== '.');
    let current = '.';
    let followed = 0;
    while (pending.length > 0) {
      const segment = pending.shift() as string;
      if (segment === '..') {
        current = current === '.' ? '..' : posix.normalize(`${current}/..`);
        continue;
      }
      const next = current === '.' ? segment : `${current}/${segment}`;
      const node = next.startsWith('../') || next === '..' ? undefined : nodes.get(next);
      if (node?.kind === 'symlink') {
        followed += 1;
        if (followed > MAX_LINKS) throw new FileSystemError('ELOOP', path);
        const target = posix.isAbsolute(node.target) ? posix.relative(root, node.target) || '.' : node.target;
        const base = posix.isAbsolute(node.target) ? '.' : current;
        pending.unshift(
          ...key(posix.join(base, target))
            .split('/')
            .filter((s) => s !== '.'),
        );
        current = '.';
        continue;
      }
      if (!next.startsWith('..') && kindOf(next) === undefined) throw new FileSystemError('ENOENT', path);
      current = next;
    }
    return current;
  };

  return {
    root,
    async list(dir) {
      const path = key(dir);
      const entries = dirs.get(path);
      if (!entries) throw new FileSystemError(kindOf(path) ? 'ENOTDIR' : 'ENOENT', dir);
      return [...entries].map((name): DirEntry => ({
        name,
        kind: kindOf(path === '.' ? name : `${path}/${name}`) ?? 'other',
      }));
    },
    async readText(path) {
      const real = resolvePath(path);
      const node = nodes.get(real);
      if (!node) throw new FileSystemError(dirs.has(real) ? 'EISDIR' : 'ENOENT', path);
      if (node.kind !== 'file') throw new FileSystemError('EINVAL', path);
      // ignoreBOM keeps a BOM in the text, as Node.js's readFile does.
      return new TextDecoder('utf-8', { ignoreBOM: true }).decode(node.data);
    },
    async readTextWithin(path, maxBytes) {
      const node = nodes.get(resolvePath(path));
      if (node?.kind === 'file' && node.data.byteLength > maxBytes) return undefined;
      return this.readText(path);
    },
    async lstat(path): Promise<FileStat> {
      const k = key(path);
      const node = nodes.get(k);
      if (node) return { kind: node.kind, size: node.kind === 'file' ? node.data.byteLength : node.target.length };
      if (dirs.has(k)) return { kind: 'directory', size: 0 };
      throw new FileSystemError('ENOENT', path);
    },
    async readlink(path) {
      const node = nodes.get(key(path));
      if (!node) throw new FileSystemError('ENOENT', path);
      if (node.kind !== 'symlink') throw new FileSystemError('EINVAL', path);
      return node.target;
    },
    async realpath(path) {
      return resolvePath(path);
    },
  };
}
