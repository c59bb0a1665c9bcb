/**
 * The infra commands that talk to GitHub, through the one client (io/github-client.ts: Octokit
 * with the retry and throttling plugins): `drift-issues` carries out the issue sync that
 * src/orchestrate/drift-issues.ts plans, `review-run` finds the reviewed pull-request run, and
 * `refusal-comment` posts a refused apply's new plan on the merged pull request.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import type { z } from 'zod';
import { validate } from '../../modules/shared-functions/src/zod-issues.js';
import { createGitHubClient, tokenIdentity, type GitHubClient } from '../../io/github-client.js';
import { ConfigurationError, errorMessage } from '../../src/lib/errors.js';
import { createConsoleLogger, silentLogger } from '../../src/lib/logger.js';
import {
  DRIFT_LABEL,
  driftReportSchema,
  planIssueSync,
  refusalCommentOf,
  refusalSchema,
  renderRefusalComment,
  type DriftReport,
  type IssueAction,
  type OpenIssue,
  type Refusal,
} from '../../src/orchestrate/index.js';
import { parsePlan, summarizePlan, type RootSummary } from '../../src/plan/index.js';
import type { InfraContext } from './context.js';
import type { Write } from './graph-commands.js';

/**
 * The shared client (retry + throttling plugins) with GITHUB_API_URL honoured; rate limits
 * retried twice. `needs` says which token a missing GITHUB_TOKEN should be.
 */
function githubClient(env: NodeJS.ProcessEnv, needs: string): GitHubClient {
  const token = env.GITHUB_TOKEN;
  if (!token) throw new ConfigurationError(`GITHUB_TOKEN is not set (${needs}).`);
  return createGitHubClient(token, createConsoleLogger(), {
    ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}),
    rateLimitRetries: 2,
  });
}

/** The link to this workflow run, when running in one. */
function runUrlOf(env: NodeJS.ProcessEnv, target: { owner: string; repo: string }): string | undefined {
  return env.GITHUB_RUN_ID
    ? `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${target.owner}/${target.repo}/actions/runs/${env.GITHUB_RUN_ID}`
    : undefined;
}

export function parseRepo(value: string | undefined): { owner: string; repo: string } {
  const match = /^([\w.-]+)\/([\w.-]+)$/.exec(value ?? '');
  if (!match)
    throw new ConfigurationError(
      `Invalid repository '${value ?? ''}'. Expected format {owner}/{repo} (--repo or GITHUB_REPOSITORY).`,
    );
  return { owner: match[1]!, repo: match[2]! };
}

/**
 * Every file called `name` below `dir`, one directory level per root as `--out` and downloaded
 * artifacts lay them out (at most three levels deep); `missing` says what a missing `dir` means.
 */
async function filesNamed(dir: string, name: string, missing: () => string[]): Promise<string[]> {
  const found: string[] = [];
  const walk = async (current: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(current, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && depth === 0) {
        found.push(...missing());
        return;
      }
      throw error;
    }
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (entry.isDirectory() && depth < 3) await walk(path, depth + 1);
      else if (entry.isFile() && entry.name === name) found.push(path);
    }
  };
  await walk(dir, 0);
  return found.sort();
}

/** A JSON file of ours, validated: one line naming the file when it is not JSON or not of `schema`. */
async function readJsonFile<T>(path: string, schema: z.ZodType<T>, what: string): Promise<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ConfigurationError(`${path}: not valid JSON: ${errorMessage(error)}`);
  }
  const parsed = validate(schema, raw);
  if (!parsed.ok) throw new ConfigurationError(`${path}: not ${what}: ${parsed.message}`);
  return parsed.value;
}

/** Every `drift.json` below `dir`. */
export async function readDriftReports(dir: string, label = dir): Promise<DriftReport[]> {
  const files = await filesNamed(dir, 'drift.json', () => {
    throw new ConfigurationError(`--reports '${label}' does not exist (run 'infra drift --out ${label}' first).`);
  });
  const reports: DriftReport[] = [];
  for (const file of files) reports.push(await readJsonFile(file, driftReportSchema, 'a drift report'));
  return reports.sort((a, b) => (a.root < b.root ? -1 : 1));
}

export async function listOpenDriftIssues(
  client: GitHubClient,
  target: { owner: string; repo: string },
): Promise<OpenIssue[]> {
  const issues = await client.paginate(client.rest.issues.listForRepo, {
    ...target,
    state: 'open',
    labels: DRIFT_LABEL,
    per_page: 100,
  });
  return issues
    .filter((issue) => !issue.pull_request)
    .map((issue) => ({ number: issue.number, title: issue.title, body: issue.body ?? '' }));
}

export async function applyIssueActions(
  client: GitHubClient,
  target: { owner: string; repo: string },
  actions: readonly IssueAction[],
): Promise<void> {
  for (const action of actions) {
    switch (action.kind) {
      case 'create':
        await client.rest.issues.create({ ...target, title: action.title, body: action.body, labels: action.labels });
        break;
      case 'update':
        await client.rest.issues.update({
          ...target,
          issue_number: action.number,
          title: action.title,
          body: action.body,
        });
        break;
      case 'close':
        await client.rest.issues.createComment({ ...target, issue_number: action.number, body: action.comment });
        await client.rest.issues.update({
          ...target,
          issue_number: action.number,
          state: 'closed',
          state_reason: 'completed',
        });
        break;
    }
  }
}

export interface DriftIssuesOptions {
  reports: string;
  repo?: string;
  dryRun: boolean;
}

export async function driftIssuesCommand(
  ctx: InfraContext,
  options: DriftIssuesOptions,
  write: Write,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const target = parseRepo(options.repo ?? env.GITHUB_REPOSITORY);
  const reportsDir = resolve(ctx.cwd, options.reports);
  const reports = await readDriftReports(reportsDir, options.reports);
  if (reports.length === 0)
    throw new ConfigurationError(`No drift.json under ${relative(ctx.cwd, reportsDir) || '.'}: nothing to sync.`);
  const client = githubClient(env, 'the workflow passes secrets.GITHUB_TOKEN; locally use a token with issues:write');
  const runUrl = runUrlOf(env, target);
  const actions = planIssueSync(reports, await listOpenDriftIssues(client, target), runUrl);
  for (const action of actions) {
    write(
      `${options.dryRun ? 'would ' : ''}${action.kind} ${'number' in action ? `#${action.number} ` : ''}for ${action.root}\n`,
    );
  }
  if (actions.length === 0) write('Drift issues are up to date.\n');
  if (!options.dryRun) await applyIssueActions(client, target, actions);
  return 0;
}

export interface ReviewRun {
  pr: number;
  headSha: string;
  runId: number;
  runUrl: string;
}

/**
 * The pull-request run whose plans were reviewed for a commit on main: the merged pull request
 * of `sha`, then the newest successful `pull_request` run of `workflow` on that pull request's
 * final head commit. Refuses when the commit did not come from a pull request or when no run
 * on its final head succeeded: without a reviewed plan nothing may be applied.
 */
export async function findReviewRun(
  client: GitHubClient,
  target: { owner: string; repo: string },
  sha: string,
  workflow: string,
): Promise<ReviewRun> {
  const { data: pulls } = await client.rest.repos.listPullRequestsAssociatedWithCommit({ ...target, commit_sha: sha });
  const merged = pulls.filter((pull) => pull.merged_at);
  const pull = merged.find((p) => p.merge_commit_sha === sha) ?? merged[0];
  if (!pull)
    throw new ConfigurationError(
      `Commit ${sha} did not come from a merged pull request, so no plan of it was reviewed; refusing to apply.`,
    );
  const { data: runs } = await client.rest.actions.listWorkflowRuns({
    ...target,
    workflow_id: workflow,
    head_sha: pull.head.sha,
    event: 'pull_request',
    status: 'success',
    per_page: 20,
  });
  const run = [...runs.workflow_runs].sort((a, b) => (a.created_at < b.created_at ? 1 : -1))[0];
  if (!run) {
    throw new ConfigurationError(
      `No successful '${workflow}' run on the final head ${pull.head.sha} of pull request #${pull.number}; its plans were not reviewed green. Refusing to apply.`,
    );
  }
  return { pr: pull.number, headSha: pull.head.sha, runId: run.id, runUrl: run.html_url };
}

export async function reviewRunCommand(
  options: { sha: string; workflow: string; repo?: string },
  write: Write,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const target = parseRepo(options.repo ?? env.GITHUB_REPOSITORY);
  const client = githubClient(env, 'the workflow passes github.token with actions:read and pull-requests:read');
  const run = await findReviewRun(client, target, options.sha, options.workflow);
  write(`${JSON.stringify(run)}\n`);
  return 0;
}

export interface RefusalCommentOptions {
  pr: number;
  refusals: string;
  repo?: string;
}

/** Every refusal.json below `dir` with the redacted new plan next to it; a missing `dir` holds none. */
export async function readRefusals(dir: string): Promise<{ refusal: Refusal; plan: RootSummary }[]> {
  const found: { refusal: Refusal; plan: RootSummary }[] = [];
  for (const file of await filesNamed(dir, 'refusal.json', () => [])) {
    const refusal = await readJsonFile(file, refusalSchema, 'a refusal record');
    const planFile = join(dirname(file), 'plan.redacted.json');
    const text = await readFile(planFile, 'utf8').catch(() => {
      throw new ConfigurationError(`${planFile}: missing; the redacted new plan belongs next to ${file}.`);
    });
    const plan = summarizePlan(refusal.name, parsePlan(text, planFile));
    if (plan.digest !== refusal.digest)
      throw new ConfigurationError(
        `${planFile} is the plan of digest ${plan.digest}, but ${file} records ${refusal.digest}.`,
      );
    found.push({ refusal, plan });
  }
  return found.sort((a, b) => (a.refusal.root < b.refusal.root ? -1 : 1));
}

/**
 * `infra refusal-comment`: one comment per refused root on the merged pull request, updated in
 * place when the same root is refused again (its marker), so reviewers see the newest plan.
 */
export async function refusalCommentCommand(
  ctx: InfraContext,
  options: RefusalCommentOptions,
  write: Write,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const target = parseRepo(options.repo ?? env.GITHUB_REPOSITORY);
  const dir = resolve(ctx.cwd, options.refusals);
  const refusals = await readRefusals(dir);
  if (refusals.length === 0) {
    write(`No refused apply under ${relative(ctx.cwd, dir) || '.'}: nothing to post.\n`);
    return 0;
  }
  const client = githubClient(env, 'the workflow passes github.token with pull-requests:write');
  const runUrl = runUrlOf(env, target);
  const author = await tokenIdentity(client, silentLogger);
  const existing = await client.paginate(client.rest.issues.listComments, {
    ...target,
    issue_number: options.pr,
    per_page: 100,
  });
  for (const { refusal, plan } of refusals) {
    const body = renderRefusalComment(refusal, plan, runUrl ? { runUrl } : {});
    const previous = refusalCommentOf(existing, refusal.root, author);
    if (previous) {
      await client.rest.issues.updateComment({ ...target, comment_id: previous.id, body });
      write(`updated the refusal comment of ${refusal.root} on #${options.pr} (new digest ${refusal.digest})\n`);
    } else {
      await client.rest.issues.createComment({ ...target, issue_number: options.pr, body });
      write(`posted the refusal of ${refusal.root} on #${options.pr} (new digest ${refusal.digest})\n`);
    }
  }
  return 0;
}
