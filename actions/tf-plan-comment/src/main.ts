/**
 * tf-plan-comment: reads the plans (files named in the `plans` input), renders them with the
 * shared core (src/plan, src/render/plan) and writes the sticky PR comment and/or the job
 * summary. Thin shell: inputs once (inputs.ts), GitHub I/O in comment.ts, one error boundary.
 */
import * as core from '@actions/core';
import { ToolError } from '../../../src/lib/errors.js';
import type { Logger } from '../../../src/lib/logger.js';
import { loadPlans, type RootSummary } from '../../../src/plan/index.js';
import {
  commentMarker,
  noRedaction,
  renderMarkdown,
  STEP_SUMMARY_LIMIT_BYTES,
  summaryLine,
  type Redactor,
} from '../../../src/render/plan/index.js';
import { syncLabels, upsertComment } from './comment.js';
import { OUTPUTS, PLAN_LABELS } from './constants.js';
import { getInputs, type Inputs } from './inputs.js';
import { failAction } from '../../../io/action-failure.js';
import { createActionsLogger } from '../../../io/actions-logger.js';
import { appendStepSummary } from '../../../io/step-summary.js';
import { readPlanFile } from '../../../io/plan-file.js';
import {
  createGitHubClient,
  describeRequestError,
  tokenIdentity,
  type ClientOptions,
} from '../../../io/github-client.js';

/** Test seams only; the action itself passes nothing. */
export interface RunOptions {
  client?: Pick<ClientOptions, 'retryAfterBaseMs' | 'retries'>;
}

export async function run(options: RunOptions = {}): Promise<void> {
  let redactor: Redactor = noRedaction;
  try {
    const inputs = getInputs();
    redactor = inputs.redactor;
    await execute(
      inputs,
      createActionsLogger((message) => redactor.redact(message)),
      options,
    );
  } catch (error) {
    failAction('', error, (text) => redactor.redact(text));
  }
}

async function execute(inputs: Inputs, logger: Logger, options: RunOptions): Promise<void> {
  const roots = await loadPlans(inputs.plans, readPlanFile);
  for (const root of roots) logger.info(`${root.name}: ${summaryLine(root)} (digest ${root.digest})`);
  core.setOutput(
    OUTPUTS.digests,
    JSON.stringify(Object.fromEntries(roots.map((root) => [inputs.redactor.redact(root.name), root.digest]))),
  );
  core.setOutput(OUTPUTS.hasDestructive, String(roots.some((root) => root.destructive.length > 0)));
  core.setOutput(OUTPUTS.commentId, '');
  core.setOutput(OUTPUTS.commentUrl, '');

  const footer = [
    inputs.headSha ? `for ${inputs.headSha.slice(0, 7)}` : '',
    inputs.runUrl ? `[workflow run](${inputs.runUrl})` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const report = {
    header: inputs.header,
    headerId: inputs.headerId,
    redactor: inputs.redactor,
    routineReplacements: inputs.routineReplacements,
    ...(footer ? { footer: `tf-plan-comment ${footer}` } : {}),
  };
  // Rendered only when written (in comment mode only after a failure).
  const writeSummary = () =>
    appendStepSummary(
      () =>
        renderMarkdown(roots, {
          ...report,
          maxChars: STEP_SUMMARY_LIMIT_BYTES,
          maxBytes: STEP_SUMMARY_LIMIT_BYTES - 4096,
          fullReport: '`terraform show` of the plan files',
        }).markdown,
      logger,
    );

  const wantsSummary = inputs.mode !== 'comment';
  const wantsComment = inputs.mode !== 'summary';
  // Written before talking to GitHub: the report survives any API failure.
  if (wantsSummary) await writeSummary();
  if (!wantsComment) return;
  if (inputs.pullRequest === undefined) {
    logger.warning('This event has no pull request (and input pull-request-number is empty): no comment written.');
    if (!wantsSummary) await writeSummary();
    return;
  }

  const comment = renderMarkdown(roots, {
    ...report,
    maxChars: inputs.maxChars,
    fullReport:
      wantsSummary && inputs.runUrl
        ? `the [job summary](${inputs.runUrl})`
        : wantsSummary
          ? 'the job summary'
          : '`terraform show` of the plan files',
  });
  if (comment.level !== 'full')
    logger.info(`The comment was shortened to fit ${inputs.maxChars} characters (step: ${comment.level}).`);

  const ref = { owner: inputs.owner, repo: inputs.repo, issueNumber: inputs.pullRequest };
  const octokit = createGitHubClient(inputs.token, logger, {
    ...(inputs.apiUrl ? { baseUrl: inputs.apiUrl } : {}),
    ...options.client,
  });
  let result;
  try {
    const author = inputs.commentAuthor ?? (await tokenIdentity(octokit, logger));
    result = await upsertComment(octokit, ref, commentMarker(inputs.headerId), comment.markdown, author, logger);
  } catch (error) {
    if (!wantsSummary) await writeSummary();
    const detail = describeRequestError(error);
    throw new ToolError(
      { tool: 'GitHub API', detail },
      {
        cause: error,
        message: `Could not write the plan comment on pull request #${inputs.pullRequest}: GitHub ${detail}, after retries. The report is in the job summary.`,
      },
    );
  }
  core.setOutput(OUTPUTS.commentId, String(result.id));
  core.setOutput(OUTPUTS.commentUrl, result.url);

  if (inputs.labels) {
    try {
      await syncLabels(octokit, ref, planLabels(roots), Object.values(PLAN_LABELS), logger);
    } catch (error) {
      logger.warning(`Could not update the plan labels: GitHub ${describeRequestError(error)}.`);
    }
  }
}

/** The plan:* labels that describe these plans. */
export function planLabels(roots: readonly RootSummary[]): string[] {
  const labels: string[] = [];
  if (roots.some((root) => root.errored)) labels.push(PLAN_LABELS.errored);
  if (roots.some((root) => root.destructive.length > 0)) labels.push(PLAN_LABELS.destroy);
  else if (roots.some((root) => root.hasChanges || root.other > 0)) labels.push(PLAN_LABELS.changes);
  else labels.push(PLAN_LABELS.noChanges);
  return labels;
}
