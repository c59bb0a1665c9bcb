/**
 * Files a pull request changed, for ordering env-guard's annotations (GitHub shows 10 per
 * level): the diff between `origin/$GITHUB_BASE_REF` and HEAD (merge base), relative to the
 * guarded root, renames with both paths. Needs the base branch fetched (actions/checkout
 * `fetch-depth: 0`); without it the list is undefined and annotations are simply ordered by
 * severity and file.
 */
import { errorMessage } from '../src/lib/errors.js';
import type { Logger } from '../src/lib/logger.js';
import { touchedPaths } from '../src/orchestrate/index.js';
import { changedFiles } from './git.js';

export async function pullRequestFiles(
  root: string,
  baseRef: string | undefined,
  logger: Logger,
): Promise<Set<string> | undefined> {
  if (!baseRef) return undefined;
  if (!/^[\w./-]+$/.test(baseRef)) {
    logger.info(
      `GITHUB_BASE_REF '${baseRef}' is not a plain branch name; annotations are not ordered by changed files`,
    );
    return undefined;
  }
  try {
    return new Set(touchedPaths(await changedFiles(root, `origin/${baseRef}`, 'HEAD')));
  } catch (error) {
    logger.info(
      `cannot list the files changed against origin/${baseRef} (${errorMessage(error)}); fetch the base branch (actions/checkout fetch-depth: 0) to annotate changed files first`,
    );
    return undefined;
  }
}
