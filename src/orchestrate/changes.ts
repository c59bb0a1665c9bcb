/**
 * The changed-file list of a diff, as `git diff --name-status -z -M` prints it. NUL-separated,
 * so paths with spaces, tabs or newlines survive; renames and copies carry both paths.
 */
import { ConfigurationError } from '../lib/errors.js';

export type ChangeStatus =
  'added' | 'modified' | 'deleted' | 'renamed' | 'copied' | 'type-changed' | 'unmerged' | 'unknown';

export interface FileChange {
  status: ChangeStatus;
  /** Repository-relative POSIX path (the new path of a rename or copy). */
  path: string;
  /** The old path of a rename or copy. */
  oldPath?: string;
}

const STATUS: Record<string, ChangeStatus> = {
  A: 'added',
  M: 'modified',
  D: 'deleted',
  R: 'renamed',
  C: 'copied',
  T: 'type-changed',
  U: 'unmerged',
  X: 'unknown',
};

/** Parses `git diff --name-status -z [-M]` output. */
export function parseNameStatus(output: string): FileChange[] {
  const fields = output.split('\0');
  if (fields.at(-1) === '') fields.pop();
  const changes: FileChange[] = [];
  for (let i = 0; i < fields.length;) {
    const code = fields[i++] ?? '';
    const status = STATUS[code.charAt(0)];
    if (!status || !/^[A-Z]\d*$/.test(code)) {
      throw new ConfigurationError(
        `git diff --name-status -z: unexpected status field '${code}' (expected a letter such as M, A, D or R100).`,
      );
    }
    if (status === 'renamed' || status === 'copied') {
      const oldPath = fields[i++];
      const path = fields[i++];
      if (oldPath === undefined || path === undefined)
        throw new ConfigurationError(`git diff --name-status -z: ${code} without both paths.`);
      changes.push({ status, path, oldPath });
    } else {
      const path = fields[i++];
      if (path === undefined) throw new ConfigurationError(`git diff --name-status -z: ${code} without a path.`);
      changes.push({ status, path });
    }
  }
  return changes;
}

/** Parses `git ls-files -z --others --exclude-standard` (untracked files) as additions. */
export function parseUntracked(output: string): FileChange[] {
  return output
    .split('\0')
    .filter((path) => path !== '')
    .map((path) => ({ status: 'added' as const, path }));
}

/** Every path a change touches: both sides of a rename or copy. */
export function touchedPaths(changes: readonly FileChange[]): string[] {
  const paths = new Set<string>();
  for (const change of changes) {
    paths.add(change.path);
    if (change.oldPath !== undefined && change.status === 'renamed') paths.add(change.oldPath);
  }
  return [...paths].sort();
}
