import { z } from 'zod';
import { validate } from '../../../modules/shared-functions/src/zod-issues.js';
import { ToolError } from '../../../src/lib/errors.js';
import type { Logger } from '../../../src/lib/logger.js';
import { statusOf, type GitHubClient } from '../../../io/github-client.js';

export interface IssueRef {
  owner: string;
  repo: string;
  issueNumber: number;
}

export interface UpsertResult {
  id: number;
  url: string;
  action: 'created' | 'updated';
}

/** The fields of a listed comment we rely on, validated at the edge. */
const commentSchema = z.looseObject({
  id: z.number(),
  body: z.string().nullish(),
  html_url: z.string(),
  user: z.looseObject({ login: z.string() }).nullish(),
});
type CommentLike = z.infer<typeof commentSchema>;

/** Awaits a DELETE; false when the object was already gone (404), which is fine. */
async function deleted(request: Promise<unknown>): Promise<boolean> {
  try {
    await request;
    return true;
  } catch (error) {
    if (statusOf(error) === 404) return false;
    throw error;
  }
}

function validComments(data: unknown): CommentLike[] {
  // Comment bodies may quote plan output: describe a wrong value by its type only.
  const parsed = validate(z.array(commentSchema), data, { values: false });
  if (!parsed.ok) {
    const message = `unexpected comment list from the GitHub API (${parsed.message})`;
    throw new ToolError({ tool: 'GitHub API', detail: message }, { message });
  }
  return parsed.value;
}

/**
 * Creates or updates the one comment of `marker` on the pull request.
 *
 * - Ours = comments whose body starts with the marker (the renderer writes it first) AND whose
 *   author is `author`, found by paginated listing. A human quoting the marker never gets their
 *   comment overwritten, and the comment of another header never counts as ours even when its
 *   plan puts this marker in its text (a resource address or value is chosen by the pull request).
 * - Existing: the oldest is updated in place; newer duplicates of ours are deleted.
 * - None: create, then list again. Parallel jobs may have created theirs meanwhile; the
 *   oldest comment wins: if ours is not the oldest, we write our body into the oldest and
 *   delete ours. The job that finishes last decides the body; there is always one comment.
 */
export async function upsertComment(
  octokit: GitHubClient,
  ref: IssueRef,
  marker: string,
  body: string,
  author: string,
  logger: Logger,
): Promise<UpsertResult> {
  const params = { owner: ref.owner, repo: ref.repo };
  const ours = async (): Promise<CommentLike[]> => {
    const comments = validComments(
      await octokit.paginate(octokit.rest.issues.listComments, {
        ...params,
        issue_number: ref.issueNumber,
        per_page: 100,
      }),
    );
    return comments
      .filter((comment) => comment.user?.login === author && (comment.body ?? '').startsWith(marker))
      .sort((a, b) => a.id - b.id);
  };
  const update = async (id: number): Promise<UpsertResult> => {
    const { data } = await octokit.rest.issues.updateComment({ ...params, comment_id: id, body });
    return { id: data.id, url: data.html_url, action: 'updated' };
  };
  const remove = async (id: number) => {
    if (await deleted(octokit.rest.issues.deleteComment({ ...params, comment_id: id })))
      logger.info(`Deleted duplicate plan comment ${id}.`);
  };

  const [oldest, ...duplicates] = await ours();
  if (oldest) {
    const updated = await update(oldest.id);
    for (const duplicate of duplicates) await remove(duplicate.id);
    logger.info(`Updated plan comment ${updated.id} on #${ref.issueNumber}.`);
    return updated;
  }

  const { data: created } = await octokit.rest.issues.createComment({ ...params, issue_number: ref.issueNumber, body });
  const after = await ours();
  const first = after[0];
  if (first && first.id !== created.id) {
    logger.info(
      `Another job created plan comment ${first.id} at the same time; updating it and removing ${created.id}.`,
    );
    const updated = await update(first.id);
    await remove(created.id);
    return updated;
  }
  logger.info(`Created plan comment ${created.id} on #${ref.issueNumber}.`);
  return { id: created.id, url: created.html_url, action: 'created' };
}

/**
 * Keeps the managed labels of the pull request equal to `wanted`: adds what is missing,
 * removes managed labels that no longer apply; labels not in `managed` are never touched.
 */
export async function syncLabels(
  octokit: GitHubClient,
  ref: IssueRef,
  wanted: readonly string[],
  managed: readonly string[],
  logger: Logger,
): Promise<void> {
  const params = { owner: ref.owner, repo: ref.repo, issue_number: ref.issueNumber };
  const current = (await octokit.paginate(octokit.rest.issues.listLabelsOnIssue, { ...params, per_page: 100 })).map(
    (label) => label.name,
  );
  const add = wanted.filter((name) => !current.includes(name));
  const remove = current.filter((name) => managed.includes(name) && !wanted.includes(name));
  if (add.length > 0) await octokit.rest.issues.addLabels({ ...params, labels: add });
  for (const name of remove) await deleted(octokit.rest.issues.removeLabel({ ...params, name }));
  if (add.length || remove.length)
    logger.info(`Labels: ${[...add.map((n) => `+${n}`), ...remove.map((n) => `-${n}`)].join(' ')}`);
}
