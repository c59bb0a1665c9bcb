/**
 * tf-plan-comment end to end: the action's run() with INPUT_* / GITHUB_* like the runner
 * sets them, the real Octokit client (retry + throttling plugins) against the loopback
 * GitHub server of test/setup/github-server.ts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../actions/tf-plan-comment/src/main.js';
import { bundle } from '../../scripts/build.js';
import { parsePlan, planDigest, redactPlan } from '../../src/plan/index.js';
import { forms, fixturePath, listFixtures, rawPlan, readFixture, sensitiveValues } from '../helpers/plan-fixtures.js';
import { ACTIONS_BOT, startGitHubServer, type FakeGitHub, type FakeUser } from '../setup/github-server.js';

const REPO = 'phenom/infra';
const HUMAN: FakeUser = { login: 'octocat', id: 1, type: 'User' };
const PAT_USER: FakeUser = { login: 'phenom-ci', id: 2, type: 'User' };
const MARKER = '<!-- tf-plan-comment:terraform-plan -->';
const EDGE = fixturePath('synthetic/edge-cases-bom.json');
const EMPTY = fixturePath('terraform-plan-comment/basic-4-empty.json');

let github: FakeGitHub;
let dir: string;
let savedEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  github = await startGitHubServer({
    tokens: { 'test-token': { user: ACTIONS_BOT, app: true }, 'pat-token': { user: PAT_USER } },
  });
});
afterAll(async () => {
  await github.close();
});
beforeEach(() => {
  savedEnv = { ...process.env };
  dir = mkdtempSync(join(tmpdir(), 'tf-plan-comment-'));
});
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
  process.exitCode = undefined;
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

interface ActionResult {
  failed: boolean;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

let issue = 100;
/** A fresh pull request number per test, so tests do not see each other's comments. */
const nextPr = () => (issue += 1);

async function runAction(
  inputs: Record<string, string>,
  options: { pr?: number; event?: unknown; token?: string } = {},
): Promise<ActionResult> {
  const event = join(dir, `event-${Math.random()}.json`);
  writeFileSync(
    event,
    JSON.stringify(options.event ?? { pull_request: { number: options.pr, head: { sha: '0123456789abcdef' } } }),
  );
  const summaryFile = join(dir, `summary-${Math.random()}.md`);
  const outputFile = join(dir, `output-${Math.random()}.txt`);
  writeFileSync(summaryFile, '');
  writeFileSync(outputFile, '');
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key];
  Object.assign(process.env, {
    GITHUB_API_URL: github.url,
    GITHUB_REPOSITORY: REPO,
    GITHUB_EVENT_PATH: event,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: '4242',
    'INPUT_GITHUB-TOKEN': options.token ?? 'test-token',
    INPUT_MODE: 'both',
    INPUT_HEADER: 'Terraform plan',
    INPUT_MASKS: '',
    INPUT_LABELS: 'false',
    'INPUT_MAX-CHARS': '65536',
    'INPUT_COMMENT-AUTHOR': '',
    'INPUT_PULL-REQUEST-NUMBER': '',
    'INPUT_ROUTINE-REPLACEMENTS': 'default',
  });
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value;
  let stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  process.exitCode = undefined;
  await run({ client: { retryAfterBaseMs: 5, retries: 3 } });
  const failed = process.exitCode === 1;
  process.exitCode = undefined;
  vi.restoreAllMocks();
  return {
    failed,
    stdout,
    outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
  };
}

function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^([\w-]+)<<(\S+)\n([\s\S]*?)\n?\2$/gm;
  for (const match of text.matchAll(pattern)) outputs[match[1]!] = match[3]!;
  return outputs;
}

describe('sticky comment', () => {
  it('creates one comment, writes the summary and the outputs', async () => {
    const pr = nextPr();
    const result = await runAction({ plans: `development=${EDGE}\nempty=${EMPTY}` }, { pr });
    expect(result.failed).toBe(false);
    const comments = github.comments(REPO, pr);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.user.login).toBe('github-actions[bot]');
    expect(comments[0]!.body.startsWith(`${MARKER}\n## Terraform plan`)).toBe(true);
    expect(result.summary).toContain('## Terraform plan');
    expect(result.summary).toContain('`module.rds.aws_db_instance.this`');
    const digests = JSON.parse(result.outputs.digests!) as Record<string, string>;
    expect(Object.keys(digests)).toEqual(['development', 'empty']);
    expect(digests.development).toMatch(/^[0-9a-f]{64}$/);
    expect(result.outputs['has-destructive']).toBe('true');
    expect(result.outputs['comment-id']).toBe(String(comments[0]!.id));
    expect(result.stdout).toContain(`development: 1 to create, 2 to update, 1 to replace, 2 to delete`);
  });

  it('updates the same comment on the next push instead of adding one', async () => {
    const pr = nextPr();
    await runAction({ plans: `development=${EDGE}` }, { pr });
    const first = github.comments(REPO, pr)[0]!;
    await runAction({ plans: `development=${EMPTY}` }, { pr });
    const comments = github.comments(REPO, pr);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.id).toBe(first.id);
    expect(comments[0]!.body).toContain('🟢 `development`: no changes');
    expect(
      github.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(`/comments/${first.id}`)),
    ).toHaveLength(1);
  });

  it('finds its comment on a later page (pagination with Link headers)', async () => {
    const pr = nextPr();
    for (let i = 0; i < 230; i += 1) github.addComment(REPO, pr, `chatter ${i}`, HUMAN);
    const ours = github.addComment(REPO, pr, `${MARKER}\nold report`, ACTIONS_BOT);
    await runAction({ plans: `development=${EMPTY}` }, { pr });
    const lists = github.requests.filter(
      (r) => r.method === 'GET' && r.path === `/repos/${REPO}/issues/${pr}/comments`,
    );
    expect(lists.map((r) => r.query.page ?? '1')).toEqual(['1', '2', '3']);
    expect(github.comments(REPO, pr)).toHaveLength(231);
    expect(github.findComment(ours.id)!.body).toContain('no changes');
  });

  it('never overwrites a comment by someone else that quotes the marker', async () => {
    const pr = nextPr();
    const quote = github.addComment(REPO, pr, `> ${MARKER}\n> Plan: 1 to destroy\nWhy is this destroyed?`, HUMAN);
    await runAction({ plans: `development=${EDGE}` }, { pr });
    const comments = github.comments(REPO, pr);
    expect(comments).toHaveLength(2);
    expect(github.findComment(quote.id)!.body).toContain('Why is this destroyed?');
    expect(comments.find((c) => c.id !== quote.id)!.user.login).toBe('github-actions[bot]');
  });

  it('keeps updating its comment after someone else edited it, and leaves it alone once they removed the marker', async () => {
    const pr = nextPr();
    await runAction({ plans: `development=${EDGE}` }, { pr });
    const ours = github.comments(REPO, pr)[0]!;
    github.editComment(ours.id, `${ours.body}\n\nEdit by a maintainer`, HUMAN.login);
    await runAction({ plans: `development=${EMPTY}` }, { pr });
    expect(github.comments(REPO, pr)).toHaveLength(1);
    expect(github.findComment(ours.id)!.edited_by).toBe('github-actions[bot]');
    github.editComment(ours.id, 'A maintainer replaced the whole report.', HUMAN.login);
    await runAction({ plans: `development=${EMPTY}` }, { pr });
    const comments = github.comments(REPO, pr);
    expect(comments).toHaveLength(2);
    expect(github.findComment(ours.id)!.body).toBe('A maintainer replaced the whole report.');
  });

  it('uses the identity of a personal token (GET /user)', async () => {
    const pr = nextPr();
    github.addComment(REPO, pr, `${MARKER}\nby the bot, not ours with this token`, ACTIONS_BOT);
    await runAction({ plans: `development=${EMPTY}` }, { pr, token: 'pat-token' });
    const comments = github.comments(REPO, pr);
    expect(comments).toHaveLength(2);
    expect(comments[1]!.user.login).toBe('phenom-ci');
  });

  it('removes duplicates left by an earlier race, keeping the oldest', async () => {
    const pr = nextPr();
    const oldest = github.addComment(REPO, pr, `${MARKER}\nfirst`, ACTIONS_BOT);
    github.addComment(REPO, pr, `${MARKER}\nsecond`, ACTIONS_BOT);
    await runAction({ plans: `development=${EMPTY}` }, { pr });
    const comments = github.comments(REPO, pr);
    expect(comments.map((c) => c.id)).toEqual([oldest.id]);
    expect(comments[0]!.body).toContain('no changes');
  });

  it('a parallel job that created its comment first: ours is removed and theirs updated', async () => {
    const pr = nextPr();
    let raced = false;
    const hook = (request: { method: string; path: string }) => {
      if (!raced && request.method === 'POST' && request.path === `/repos/${REPO}/issues/${pr}/comments`) {
        raced = true;
        github.addComment(REPO, pr, `${MARKER}\nreport of the other job`, ACTIONS_BOT);
      }
    };
    github.hooks.push(hook);
    try {
      await runAction({ plans: `development=${EDGE}` }, { pr });
    } finally {
      github.hooks.splice(github.hooks.indexOf(hook), 1);
    }
    const comments = github.comments(REPO, pr);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('aws_db_instance.this');
  });

  it('two jobs at the same time leave exactly one comment', async () => {
    const pr = nextPr();
    const runs = [
      runAction({ plans: `development=${EDGE}` }, { pr }),
      runAction({ plans: `development=${EDGE}` }, { pr }),
    ];
    const results = await Promise.all(runs);
    expect(results.every((result) => !result.failed)).toBe(true);
    expect(github.comments(REPO, pr)).toHaveLength(1);
  });
});

describe('GitHub failures', () => {
  it('retries 502s, a 403 primary rate limit and a 429 secondary rate limit', async () => {
    const pr = nextPr();
    const comments = new RegExp(`^/repos/${REPO}/issues/${pr}/comments$`);
    github.rateLimit({ method: 'GET', path: comments, resetInSeconds: 0 });
    github.secondaryRateLimit({ method: 'GET', path: comments, retryAfterSeconds: 1 });
    github.inject({ method: 'POST', path: comments, status: 502, times: 2, body: { message: 'Bad Gateway' } });
    const result = await runAction({ plans: `development=${EMPTY}` }, { pr });
    expect(result.failed).toBe(false);
    expect(github.comments(REPO, pr)).toHaveLength(1);
    const statuses = github.requests.filter((r) => comments.test(r.path)).map((r) => `${r.method} ${r.status}`);
    expect(statuses.slice(0, 6)).toEqual(['GET 403', 'GET 429', 'GET 200', 'POST 502', 'POST 502', 'POST 201']);
  });

  it('fails the job with a clear message when the API keeps failing, and still writes the summary', async () => {
    const pr = nextPr();
    github.inject({
      method: 'POST',
      path: `/repos/${REPO}/issues/${pr}/comments`,
      status: 502,
      times: 20,
      body: { message: 'Bad Gateway' },
    });
    const result = await runAction({ plans: `development=${EDGE}`, mode: 'comment' }, { pr });
    expect(result.failed).toBe(true);
    expect(result.stdout).toContain(
      `::error::Could not write the plan comment on pull request #${pr}: GitHub POST /repos/${REPO}/issues/${pr}/comments answered 502 (Bad Gateway), after retries. The report is in the job summary.`,
    );
    expect(result.summary).toContain('## Terraform plan');
    expect(github.comments(REPO, pr)).toHaveLength(0);
    expect(
      github.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/issues/${pr}/comments`)),
    ).toHaveLength(4);
  });

  it('rejects invalid input with one line naming the file, before any API call', async () => {
    const pr = nextPr();
    const before = github.requests.length;
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format_version": "1.2", "resource_changes": [');
    const result = await runAction({ plans: `development=${bad}` }, { pr });
    expect(result.failed).toBe(true);
    expect(result.stdout).toMatch(
      new RegExp(`::error::${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: not valid JSON \\(`),
    );
    expect(github.requests.length).toBe(before);
  });
});

describe('modes, labels, size, secrets', () => {
  it('mode summary and events without a pull request never call the API', async () => {
    const before = github.requests.length;
    const summaryOnly = await runAction({ plans: `development=${EDGE}`, mode: 'summary' }, { pr: nextPr() });
    const push = await runAction({ plans: `development=${EDGE}` }, { event: { ref: 'refs/heads/main' } });
    expect(summaryOnly.failed || push.failed).toBe(false);
    expect(summaryOnly.summary).toContain('## Terraform plan');
    expect(push.stdout).toContain('::warning::This event has no pull request');
    expect(github.requests.length).toBe(before);
  });

  it('keeps the plan:* labels in step and leaves other labels alone', async () => {
    const pr = nextPr();
    github.setLabels(REPO, pr, ['plan:no-changes', 'needs-review']);
    await runAction({ plans: `development=${EDGE}`, labels: 'true' }, { pr });
    expect(github.labels(REPO, pr).sort()).toEqual(['needs-review', 'plan:destroy']);
    await runAction({ plans: `development=${EMPTY}`, labels: 'true' }, { pr });
    expect(github.labels(REPO, pr).sort()).toEqual(['needs-review', 'plan:no-changes']);
  });

  it('degrades a big report to fit max-chars and points at the job summary', async () => {
    const pr = nextPr();
    const plans = listFixtures()
      .map((name, i) => `root-${i}=${fixturePath(name)}`)
      .join('\n');
    const result = await runAction({ plans, 'max-chars': '4000' }, { pr });
    expect(result.failed).toBe(false);
    const body = github.comments(REPO, pr)[0]!.body;
    expect(body.length).toBeLessThanOrEqual(4000);
    expect(body).toContain('Shortened to fit 4,000 characters');
    expect(body).toContain('[job summary](https://github.example/phenom/infra/actions/runs/4242)');
    expect(result.summary.length).toBeGreaterThan(body.length);
  });

  it('no sensitive value of any fixture reaches the comment, the summary, the logs or the outputs; masks hide the rest', async () => {
    const pr = nextPr();
    const names = listFixtures();
    const plans = names.map((name, i) => `root-${i}=${fixturePath(name)}`).join('\n');
    const result = await runAction({ plans, masks: 'phenom-\\w+\nsynthetic\nghcr\\.io' }, { pr });
    const body = github.comments(REPO, pr)[0]!.body;
    const everything = [body, result.summary, result.stdout, JSON.stringify(result.outputs)];
    let checked = 0;
    const raws = names.map((name) => rawPlan(name));
    for (const raw of raws) {
      for (const secret of sensitiveValues(raw, raws)) {
        for (const form of forms(secret)) for (const text of everything) expect(text).not.toContain(form);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(15);
    for (const text of everything) expect(text).not.toMatch(/phenom-\w+|ghcr\.io/);
    expect(result.summary).toContain('***');
  });
});

describe('what the PR workflow gives the action: redacted plans', () => {
  it("no sensitive value of any fixture reaches the comment, summary, logs or outputs; the digests are the raw plans'", async () => {
    const pr = nextPr();
    const names = listFixtures();
    const files = names.map((name, i) => {
      const file = join(dir, `plan-${i}.redacted.json`);
      writeFileSync(file, JSON.stringify(redactPlan(parsePlan(readFixture(name), name), name).document));
      return file;
    });
    const result = await runAction({ plans: files.map((file, i) => `root-${i}=${file}`).join('\n') }, { pr });
    expect(result.failed).toBe(false);
    const body = github.comments(REPO, pr)[0]!.body;
    const everything = [body, result.summary, result.stdout, JSON.stringify(result.outputs)];
    const raws = names.map((name) => rawPlan(name));
    let checked = 0;
    for (const [i, raw] of raws.entries()) {
      for (const secret of sensitiveValues(raw, raws)) {
        for (const form of forms(secret))
          for (const text of [...everything, readFileSync(files[i]!, 'utf8')]) expect(text).not.toContain(form);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(60);
    const digests = JSON.parse(result.outputs.digests!) as Record<string, string>;
    names.forEach((name, i) => expect(digests[`root-${i}`]).toBe(planDigest(parsePlan(readFixture(name), name))));
  });

  it('a plan nested 5,000 levels deep fails the step with one line naming the file, before any API call', async () => {
    const pr = nextPr();
    const before = github.requests.length;
    const deep = join(dir, 'deep.json');
    writeFileSync(
      deep,
      `{"format_version":"1.2","output_changes":{"o":{"actions":["create"],"after":${'{"a":'.repeat(6000)}1${'}'.repeat(6000)}}}}`,
    );
    const result = await runAction({ plans: `development=${deep}` }, { pr });
    expect(result.failed).toBe(true);
    const errors = result.stdout.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/deep\.json: not a plan this tool can read: values nested deeper than 512 levels/);
    expect(github.requests.length).toBe(before);
  });

  it('routine-replacements: none lists a task definition replacement as destructive', async () => {
    const pr = nextPr();
    const plans = `production=${fixturePath('synthetic/ecs-image-bump-and-policy.json')}`;
    await runAction({ plans }, { pr });
    expect(github.comments(REPO, pr)[0]!.body).not.toContain('[!CAUTION]');
    await runAction({ plans, 'routine-replacements': 'none' }, { pr });
    expect(github.comments(REPO, pr)[0]!.body).toContain('> - **replace** `module.api.aws_ecs_task_definition.this`');
  });
});

describe('the bundled action (dist/index.js, as the runner starts it)', () => {
  it('runs as its own node process: comment created, outputs written, exit code 0', async () => {
    const pr = nextPr();
    const outfile = join(dir, 'dist/index.js');
    await bundle({
      entry: join(import.meta.dirname, '../../actions/tf-plan-comment/src/index.ts'),
      outfile,
      kind: 'action',
    });
    const event = join(dir, 'event.json');
    const outputFile = join(dir, 'output.txt');
    const summaryFile = join(dir, 'summary.md');
    writeFileSync(event, JSON.stringify({ pull_request: { number: pr } }));
    writeFileSync(outputFile, '');
    writeFileSync(summaryFile, '');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: REPO,
      GITHUB_EVENT_PATH: event,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      INPUT_PLANS: `development=${EDGE}`,
      'INPUT_GITHUB-TOKEN': 'test-token',
      INPUT_LABELS: 'false',
    };
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, [outfile], { env });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
      child.on('exit', (exitCode) => resolve({ code: exitCode, stdout: out }));
    });
    expect(stdout).not.toContain('::error::');
    expect(code).toBe(0);
    expect(github.comments(REPO, pr)).toHaveLength(1);
    expect(parseOutputs(readFileSync(outputFile, 'utf8'))['has-destructive']).toBe('true');
    expect(readFileSync(summaryFile, 'utf8')).toContain('## Terraform plan');
  });
});
