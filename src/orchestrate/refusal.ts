/**
 * The way back from a refused apply. When the post-merge re-plan's digest differs from the
 * reviewed one, `infra apply` refuses and records what it found (`refusal.json`, next to the
 * redacted new plan); this module turns that into the comment reviewers see on the merged pull
 * request — the new digest, the counts then and now, the new plan, and the one command that applies
 * exactly that plan (a `workflow_dispatch` run of the apply workflow behind the same environment
 * gate). Pure: scripts/infra reads the files and posts the comment.
 */
import { z } from 'zod';
import type { ChangeCounts, RootSummary } from '../plan/index.js';
import { GITHUB_COMMENT_LIMIT, renderMarkdown } from '../render/plan/index.js';
import { markedRootOf, rootMarker } from './markers.js';

const digest = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 digest (64 lower-case hex digits)');

/** The counts a refusal compares (the ones a reviewer weighs). */
export const REFUSAL_COUNTS = ['create', 'update', 'replace', 'delete', 'import', 'move', 'forget'] as const;
type CountKey = (typeof REFUSAL_COUNTS)[number];

const count = z.number().int().min(0);
const countsSchema = z
  .object({ create: count, update: count, replace: count, delete: count, import: count, move: count, forget: count })
  .strict();

export const refusalSchema = z
  .object({
    root: z.string().min(1),
    name: z.string().min(1),
    /** The digest the apply was told to expect (the reviewed plan's, or a dispatch's approve-digest). */
    expectedDigest: digest,
    /** The digest of the plan Terraform made now. */
    digest,
    counts: countsSchema,
    /** The reviewed plan's counts, when the reviewed (redacted) plan was at hand. */
    reviewedCounts: countsSchema.optional(),
  })
  .strict();

export type Refusal = z.infer<typeof refusalSchema>;

export function refusalCounts(counts: ChangeCounts): Record<CountKey, number> {
  return Object.fromEntries(REFUSAL_COUNTS.map((key) => [key, counts[key]])) as Record<CountKey, number>;
}

/** The hidden marker of a root's refusal comment: a re-run updates the comment instead of adding one. */
export function refusalMarker(root: string): string {
  return rootMarker('infra-apply-refused', root);
}

/** The command that applies exactly the new plan (GitHub CLI; the same as Actions → apply → Run workflow). */
export function dispatchCommand(refusal: Pick<Refusal, 'root' | 'digest'>, workflow = 'apply.yml'): string {
  return `gh workflow run ${workflow} --ref main -f root=${refusal.root} -f approve-digest=${refusal.digest}`;
}

export interface RefusalCommentOptions {
  /** The run that refused (a link in the comment). */
  runUrl?: string;
  workflow?: string;
}

const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0');

/**
 * The comment: what was refused and why, the counts reviewed vs now, the new plan (from its
 * redacted JSON, so no sensitive value can reach it), and the way to apply exactly that plan.
 */
export function renderRefusalComment(refusal: Refusal, plan: RootSummary, options: RefusalCommentOptions = {}): string {
  const workflow = options.workflow ?? 'apply.yml';
  const run = options.runUrl ? ` ([run](${options.runUrl}))` : '';
  const always: readonly CountKey[] = ['create', 'update', 'replace', 'delete'];
  const rows = REFUSAL_COUNTS.filter(
    (key) => always.includes(key) || refusal.counts[key] !== 0 || (refusal.reviewedCounts?.[key] ?? 0) !== 0,
  ).map((key) => {
    const now = refusal.counts[key];
    const then = refusal.reviewedCounts?.[key];
    return then === undefined
      ? `| to ${key} | — | ${now} | |`
      : `| to ${key} | ${then} | ${now} | ${signed(now - then)} |`;
  });
  const head = [
    refusalMarker(refusal.root),
    `## ⛔ Apply refused: the plan of \`${refusal.root}\` changed since it was reviewed`,
    '',
    `The merge of this pull request was **not applied** to \`${refusal.root}\`${run}: Terraform now plans something other than the plan reviewed here (main moved since, or the infrastructure drifted). Nothing was changed.`,
    '',
    '| | reviewed | now | difference |',
    '|---|---:|---:|---:|',
    ...rows,
    `| digest | \`${refusal.expectedDigest}\` | \`${refusal.digest}\` | |`,
    '',
    '### To apply exactly this new plan',
    '',
    `Review the plan below. If it is what should happen, run the apply workflow on \`main\` with these inputs (Actions → ${workflow.replace(/\.ya?ml$/, '')} → Run workflow); it waits for the same environment approval as every apply of this root:`,
    '',
    '```sh',
    dispatchCommand(refusal, workflow),
    '```',
    '',
    `It re-plans and applies only a plan whose digest is exactly \`${refusal.digest}\`. If the plan changed again, it refuses again and nothing is applied. Otherwise, fix the cause in a new pull request.`,
    '',
  ].join('\n');
  // The plan under its own heading, without the sticky comment's marker (this is not that comment).
  const { markdown } = renderMarkdown([plan], {
    header: `Plan of ${refusal.root} now`,
    maxChars: GITHUB_COMMENT_LIMIT - head.length - 1_000,
  });
  return `${head}\n${markdown.replace(/^<!-- tf-plan-comment:[^\n]* -->\n/, '')}`;
}

/** The root a comment body is the refusal comment of, from its marker. */
export function refusalRootOf(body: string): string | undefined {
  return markedRootOf('infra-apply-refused', body);
}

interface ListedComment {
  id: number;
  body?: string | null;
  user?: { login: string } | null;
}

/**
 * The refusal comment of `root` among a pull request's comments: the oldest that `author` (the
 * token's identity) wrote with the root's marker. Anyone who can comment can write the marker;
 * a comment of theirs is never taken for ours (updating it would put our plan and command under
 * their name, in a comment they can edit afterwards).
 */
export function refusalCommentOf<T extends ListedComment>(
  comments: readonly T[],
  root: string,
  author: string,
): T | undefined {
  return comments
    .filter((comment) => comment.user?.login === author && refusalRootOf(comment.body ?? '') === root)
    .sort((a, b) => a.id - b.id)[0];
}
