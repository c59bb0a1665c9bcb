/**
 * The plan-comment core as the infra CLI uses it: parse a root's `show -json` and summarize it
 * (src/plan: counts, digest, drift), and render Markdown (src/render/plan).
 */
import { parsePlan, redactPlan, summarizePlan, type RootSummary } from '../../src/plan/index.js';
import {
  commentMarker,
  DEFAULT_HEADER,
  GITHUB_COMMENT_LIMIT,
  inert,
  renderMarkdown,
  slug,
  summaryLine,
} from '../../src/render/plan/index.js';

export interface RootPlan {
  root: string;
  /** Summary under the root's display name: counts, `digest`, `hasChanges`, … */
  summary: RootSummary;
  /** One line: "1 to create, 0 to update, …" or "no changes". */
  summaryLine: string;
}

export interface RootFailure {
  root: string;
  name: string;
  step: string;
  error: string;
}

export function readRootPlan(name: string, root: string, text: string, source: string): RootPlan {
  const summary = summarizePlan(name, parsePlan(text, source));
  return { root, summary, summaryLine: summaryLine(summary) };
}

/** The plan JSON with every sensitive value replaced (what may leave the job), recording the raw plan's digest. */
export function redactedPlanJson(text: string, source: string): string {
  return `${JSON.stringify(redactPlan(parsePlan(text, source), source).document)}\n`;
}

function failuresSection(failures: readonly RootFailure[]): string {
  if (failures.length === 0) return '';
  const lines = ['', '### Roots that could not be planned', ''];
  for (const failure of failures)
    lines.push(
      // The error is Terraform's text (it can quote configuration): inert, so it cannot add links or mentions.
      `- **${failure.name}** (\`${failure.root}\`): failed at \`${failure.step}\` — ${inert(failure.error)}`,
    );
  return `${lines.join('\n')}\n`;
}

/** One Markdown document for every root (GitHub comment size), failed roots listed after it. */
export function renderCombinedComment(plans: readonly RootPlan[], failures: readonly RootFailure[]): string {
  const tail = failuresSection(failures);
  const { markdown } = renderMarkdown(
    plans.map((p) => p.summary),
    { maxChars: GITHUB_COMMENT_LIMIT - tail.length - 16 },
  );
  return `${markdown.replace(/\n*$/, '\n')}${tail}`;
}

/** The combined comment when a change affects no root: says so, in place of a stale plan. */
export function renderNothingAffected(): string {
  return `${commentMarker(slug(DEFAULT_HEADER))}\n## ${DEFAULT_HEADER}\n\nNo Terraform root is affected by this change: nothing to plan.\n`;
}

/** The drift report of one root (issue body size). */
export function renderDriftReport(plan: RootPlan): string {
  return renderMarkdown([plan.summary], { header: `Drift in ${plan.root}`, maxChars: 50_000 }).markdown;
}
