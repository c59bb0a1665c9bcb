/**
 * `infra drift-issues` and `infra review-run` against the loopback GitHub server
 * (test/setup/github-server.ts) with the issue, pull-request and workflow-run endpoints these
 * commands use added through its route table, over an in-memory store.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { driftMarker } from '../../src/orchestrate/index.js';
import { tempRepo } from '../helpers/temp-repo.js';
import { startGitHubServer, type FakeGitHub } from '../setup/github-server.js';
import { runInfra } from './infra-helpers.js';

interface Issue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  state_reason?: string;
  labels: { name: string }[];
  comments: string[];
  pull_request?: object;
}

interface Run {
  id: number;
  path: string;
  head_sha: string;
  event: string;
  conclusion: string;
  created_at: string;
  html_url: string;
}

interface Fake {
  url: string;
  server: FakeGitHub;
  issues: Issue[];
  pulls: Record<string, object[]>;
  runs: Run[];
  /** Writes (method and path) in order. */
  writes: () => string[];
}

const servers: FakeGitHub[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const REPO = '/repos/:owner/:repo';

/** The shared loopback server plus the issues / commit pulls / workflow runs endpoints. */
async function fakeGitHub(
  state: { issues?: Issue[]; pulls?: Record<string, object[]>; runs?: Run[] } = {},
): Promise<Fake> {
  const server = await startGitHubServer();
  servers.push(server);
  const issues = state.issues ?? [];
  const pulls = state.pulls ?? {};
  const runs = state.runs ?? [];
  const field = (body: unknown, key: string): unknown =>
    body && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined;
  server.route('GET', `${REPO}/issues`, ({ query }) => ({
    status: 200,
    body: issues.filter(
      (i) =>
        (query.state === 'all' || i.state === (query.state ?? 'open')) &&
        (!query.labels || i.labels.some((l) => l.name === query.labels)),
    ),
  }));
  server.route('POST', `${REPO}/issues`, ({ body }) => {
    const labels = field(body, 'labels');
    const issue: Issue = {
      number: 100 + issues.length,
      title: String(field(body, 'title')),
      body: String(field(body, 'body')),
      state: 'open',
      labels: (Array.isArray(labels) ? labels.map(String) : []).map((name) => ({ name })),
      comments: [],
    };
    issues.push(issue);
    return { status: 201, body: issue };
  });
  server.route('PATCH', `${REPO}/issues/:number`, ({ params, body }) => {
    const issue = issues.find((i) => i.number === Number(params.number));
    if (!issue) return { status: 404, body: { message: 'Not Found' } };
    Object.assign(issue, body);
    return { status: 200, body: issue };
  });
  // Issue comments: the server's built-in comment store, mirrored onto our issues.
  server.route('POST', `${REPO}/issues/:number/comments`, ({ params, body, user }, github) => {
    const issue = issues.find((i) => i.number === Number(params.number));
    if (!issue) return { status: 404, body: { message: 'Not Found' } };
    issue.comments.push(String(field(body, 'body')));
    return {
      status: 201,
      body: github.addComment(`${params.owner}/${params.repo}`, issue.number, String(field(body, 'body')), user),
    };
  });
  server.route('GET', `${REPO}/commits/:sha/pulls`, ({ params }) => ({
    status: 200,
    body: pulls[params.sha ?? ''] ?? [],
  }));
  server.route('GET', `${REPO}/actions/workflows/:workflow/runs`, ({ params, query }) => {
    const found = runs.filter(
      (r) =>
        r.path === `.github/workflows/${params.workflow}` &&
        r.head_sha === query.head_sha &&
        r.event === query.event &&
        r.conclusion === query.status,
    );
    return { status: 200, body: { total_count: found.length, workflow_runs: found } };
  });
  return {
    url: server.url,
    server,
    issues,
    pulls,
    runs,
    writes: () => server.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path} ${r.status}`),
  };
}

const env = (fake: Fake) => ({
  GITHUB_TOKEN: 'test-token',
  GITHUB_API_URL: fake.url,
  GITHUB_REPOSITORY: 'acme/infra',
  GITHUB_RUN_ID: '42',
  GITHUB_SERVER_URL: 'https://github.example',
});

async function reports(
  dir: string,
  list: { root: string; name: string; status: string; report?: string; message?: string }[],
) {
  for (const report of list) {
    await mkdir(join(dir, 'drift', `drift-${report.name}`), { recursive: true });
    await writeFile(join(dir, 'drift', `drift-${report.name}`, 'drift.json'), JSON.stringify(report));
  }
}

const openIssue = (number: number, root: string, extra = ''): Issue => ({
  number,
  title: `Drift detected in ${root}`,
  body: `${driftMarker(root)}\n${extra}`,
  state: 'open',
  labels: [{ name: 'drift' }],
  comments: [],
});

describe('infra drift-issues', () => {
  it('opens, updates and closes one issue per root and leaves errored roots alone', async () => {
    const fake = await fakeGitHub({
      issues: [openIssue(1, 'envs/b', 'old report'), openIssue(2, 'envs/c'), openIssue(3, 'envs/d')],
    });
    const dir = await tempRepo({});
    await reports(dir, [
      { root: 'envs/a', name: 'a', status: 'drift', report: 'aws_s3_bucket.x: update' },
      { root: 'envs/b', name: 'b', status: 'drift', report: 'new report' },
      { root: 'envs/c', name: 'c', status: 'clean' },
      { root: 'envs/d', name: 'd', status: 'error', message: 'lock' },
    ]);
    const result = await runInfra(dir, ['drift-issues', '--reports', 'drift'], env(fake));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('create for envs/a\nupdate #1 for envs/b\nclose #2 for envs/c\n');
    const created = fake.issues.find((i) => i.number === 103);
    expect(created).toMatchObject({ title: 'Drift detected in envs/a', state: 'open', labels: [{ name: 'drift' }] });
    expect(created?.body).toContain(driftMarker('envs/a'));
    expect(created?.body).toContain('aws_s3_bucket.x: update');
    expect(created?.body).toContain('https://github.example/acme/infra/actions/runs/42');
    expect(fake.issues.find((i) => i.number === 1)?.body).toContain('new report');
    expect(fake.issues.find((i) => i.number === 2)).toMatchObject({
      state: 'closed',
      comments: [expect.stringContaining('No drift in `envs/c` any more')],
    });
    expect(fake.issues.find((i) => i.number === 3)).toMatchObject({ state: 'open', comments: [] });

    expect(fake.writes()).toEqual([
      'POST /repos/acme/infra/issues 201',
      'PATCH /repos/acme/infra/issues/1 200',
      'POST /repos/acme/infra/issues/2/comments 201',
      'PATCH /repos/acme/infra/issues/2 200',
    ]);

    // A second run with the same reports changes nothing.
    const again = await runInfra(dir, ['drift-issues', '--reports', 'drift'], env(fake));
    expect(again.stdout).toBe('Drift issues are up to date.\n');
    expect(fake.writes()).toHaveLength(4);
  });

  it('retries a failing GitHub call (502) and still creates the issue once', async () => {
    const fake = await fakeGitHub();
    fake.server.inject({ method: 'POST', path: '/repos/acme/infra/issues', status: 502 });
    const dir = await tempRepo({});
    await reports(dir, [{ root: 'envs/a', name: 'a', status: 'drift', report: 'x' }]);
    const result = await runInfra(dir, ['drift-issues', '--reports', 'drift'], env(fake));
    expect(result.code).toBe(0);
    expect(fake.writes()).toEqual(['POST /repos/acme/infra/issues 502', 'POST /repos/acme/infra/issues 201']);
    expect(fake.issues).toHaveLength(1);
  });

  it('is refused with a one-line error when the token is rejected', async () => {
    const fake = await fakeGitHub();
    const dir = await tempRepo({});
    await reports(dir, [{ root: 'envs/a', name: 'a', status: 'drift', report: 'x' }]);
    const result = await runInfra(dir, ['drift-issues', '--reports', 'drift'], {
      ...env(fake),
      GITHUB_TOKEN: 'wrong-token',
    });
    expect(result.code).toBe(2);
    // A failed API call is a tool failure: the line names the call and GitHub's answer.
    expect(result.stderr).toMatch(
      /^infra: GitHub API failed: GET \/repos\/[^ ]+\/issues answered 401 \(Bad credentials\)$/m,
    );
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--dry-run only reads', async () => {
    const fake = await fakeGitHub();
    const dir = await tempRepo({});
    await reports(dir, [{ root: 'envs/a', name: 'a', status: 'drift', report: 'x' }]);
    const result = await runInfra(dir, ['drift-issues', '--reports', 'drift', '--dry-run'], env(fake));
    expect(result.stdout).toBe('would create for envs/a\n');
    expect(fake.issues).toEqual([]);
  });

  it('fails in one line on a bad report, a missing token or directory', async () => {
    const fake = await fakeGitHub();
    const dir = await tempRepo({ 'drift/x/drift.json': '{"root":"a","name":"a","status":"maybe"}' });
    expect((await runInfra(dir, ['drift-issues', '--reports', 'drift'], env(fake))).stderr).toMatch(
      /^infra: .*drift\/x\/drift\.json: not a drift report: status: expected "clean" or "drift" or "error", got "maybe"\n$/,
    );
    expect((await runInfra(dir, ['drift-issues', '--reports', 'nowhere'], env(fake))).stderr).toBe(
      "infra: --reports 'nowhere' does not exist (run 'infra drift --out nowhere' first).\n",
    );
    const noToken = await runInfra(dir, ['drift-issues', '--reports', 'drift'], { ...env(fake), GITHUB_TOKEN: '' });
    expect(noToken.code).toBe(2);
  });
});

describe('infra review-run', () => {
  const merge = 'a'.repeat(40);
  const head = 'b'.repeat(40);
  const pull = { number: 7, merged_at: '2026-01-01T00:00:00Z', merge_commit_sha: merge, head: { sha: head } };
  const run = (id: number, created: string, conclusion = 'success') => ({
    id,
    path: '.github/workflows/pr.yml',
    head_sha: head,
    event: 'pull_request',
    conclusion,
    created_at: created,
    html_url: `https://github.example/acme/infra/actions/runs/${id}`,
  });

  it('finds the newest successful pr.yml run on the merged pull request head', async () => {
    const fake = await fakeGitHub({
      pulls: { [merge]: [pull] },
      runs: [
        run(11, '2026-01-01T00:00:00Z'),
        run(12, '2026-01-02T00:00:00Z'),
        run(13, '2026-01-03T00:00:00Z', 'failure'),
      ],
    });
    const dir = await tempRepo({});
    const result = await runInfra(dir, ['review-run', '--sha', merge], env(fake));
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      pr: 7,
      headSha: head,
      runId: 12,
      runUrl: 'https://github.example/acme/infra/actions/runs/12',
    });
  });

  it('refuses a commit without a merged pull request, or without a green run', async () => {
    const fake = await fakeGitHub({ pulls: { [merge]: [pull] }, runs: [run(13, '2026-01-03T00:00:00Z', 'failure')] });
    const dir = await tempRepo({});
    const noRun = await runInfra(dir, ['review-run', '--sha', merge], env(fake));
    expect(noRun.code).toBe(2);
    expect(noRun.stderr).toBe(
      `infra: No successful 'pr.yml' run on the final head ${head} of pull request #7; its plans were not reviewed green. Refusing to apply.\n`,
    );
    const direct = await runInfra(dir, ['review-run', '--sha', 'c'.repeat(40)], env(fake));
    expect(direct.stderr).toBe(
      `infra: Commit ${'c'.repeat(40)} did not come from a merged pull request, so no plan of it was reviewed; refusing to apply.\n`,
    );
  });
});
