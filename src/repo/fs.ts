/**
 * How the core reads the repository: a small file-system interface the shells pass in (the
 * Node.js implementation is io/node-fs.ts; unit tests use src/repo/memory-fs.ts). Every path is
 * repository-relative with POSIX separators, `.` for the repository root (a byte of a name that
 * is not UTF-8 is the lone surrogate U+DC00 + byte); the core never touches the disk itself.
 */
import { UserError } from '../lib/errors.js';

export type EntryKind = 'file' | 'directory' | 'symlink' | 'other';

export interface DirEntry {
  name: string;
  /** What the entry itself is: a symlink is reported as a symlink, never followed. */
  kind: EntryKind;
}

export interface FileStat {
  kind: EntryKind;
  /** Bytes (of the link itself for a symlink). */
  size: number;
}

export interface FileSystem {
  /** Absolute path of the repository root: for messages and Terraform's `path.cwd`, never read directly. */
  readonly root: string;
  /** The entries of a directory, in no particular order. */
  list(dir: string): Promise<DirEntry[]>;
  /** A file's text (UTF-8; invalid bytes become U+FFFD). */
  readText(path: string): Promise<string>;
  /**
   * A file's text when it has at most `maxBytes` bytes (a symlink's target's), else undefined
   * (and nothing is read): a size check and `readText` in one open, for callers that read
   * thousands of files.
   */
  readTextWithin(path: string, maxBytes: number): Promise<string | undefined>;
  /** What is at `path`, without following a symlink there. */
  lstat(path: string): Promise<FileStat>;
  /** A symlink's target, as stored in the link. */
  readlink(path: string): Promise<string>;
  /**
   * Where `path` really is once every symlink on the way is resolved: repository-relative
   * (starting with `../` when it lies outside the repository).
   */
  realpath(path: string): Promise<string>;
}

/** What the file system said no to; `code` is the POSIX error name (ENOENT, EACCES, ELOOP, …). */
export class FileSystemError extends UserError {
  override name = 'FileSystemError';
  constructor(
    readonly code: string,
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${REASONS[code] ?? 'cannot be read'} (${code})`, options);
  }
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many levels of symbolic links',
  EINVAL: 'not a symbolic link',
};
