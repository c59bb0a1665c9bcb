/**
 * Files a pull request changed, for ordering annotations (GitHub shows 10 per level): the
 * diff between `origin/$GITHUB_BASE_REF` and HEAD (merge base), relative to the guarded
 * root. Needs the base branch fetched (actions/checkout `fetch-depth: 0`); without it the
 * list is empty and annotations are simply ordered by severity and file.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { errorMessage } from '../../../src/lib/errors.js';
import type { Logger } from '../../../src/lib/logger.js';

const run = promisify(execFile);

export async function changedFiles(root: string, baseRef: string | undefined, logger: Logger): Promise<Set<string> | undefined> {
  if (!baseRef) return undefined;
  if (!/^[\w./-]+$/.test(baseRef)) {
    logger.info(`GITHUB_BASE_REF '${baseRef}' is not a plain branch name; annotations are not ordered by changed files`);
    return undefined;
  }
  try {
    const { stdout } = await run('git', ['-C', root, 'diff', '--name-only', '--relative', `origin/${baseRef}...HEAD`], { maxBuffer: 16 * 1024 * 1024 });
    return new Set(stdout.split('\n').map((l) => l.trim()).filter(Boolean));
  } catch (error) {
    logger.info(`cannot list the files changed against origin/${baseRef} (${errorMessage(error)}); fetch the base branch (actions/checkout fetch-depth: 0) to annotate changed files first`);
    return undefined;
  }
}
