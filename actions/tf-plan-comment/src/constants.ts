/** Input and output names of action.yml (a rename is a compile error, not a silent ''). */
export const INPUTS = {
  plans: 'plans',
  githubToken: 'github-token',
  mode: 'mode',
  header: 'header',
  masks: 'masks',
  labels: 'labels',
  maxChars: 'max-chars',
  commentAuthor: 'comment-author',
  pullRequestNumber: 'pull-request-number',
  routineReplacements: 'routine-replacements',
} as const;

export const OUTPUTS = {
  digests: 'digests',
  hasDestructive: 'has-destructive',
  commentId: 'comment-id',
  commentUrl: 'comment-url',
} as const;

export const MODES = ['comment', 'summary', 'both'] as const;
export type Mode = (typeof MODES)[number];

/** The labels this action manages (it never touches others). */
export const PLAN_LABELS = {
  destroy: 'plan:destroy',
  changes: 'plan:changes',
  noChanges: 'plan:no-changes',
  errored: 'plan:errored',
} as const;
