/**
 * `infra drift-issues` and `infra review-run` against a loopback GitHub REST API (127.0.0.1,
 * random port) that keeps issues, pull requests and workflow runs in memory and records every
 * request.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { driftMarker } from '../../src/orchestrate/index.js';
import { tempRepo } from '../helpers/temp-repo.js';
import { runInfra } from './infra-helpers.js';

interface Issue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: { name: string }[];
  comments: string[];
  pull_request?: object;
}

interface Fake {
  url: string;
  issues: Issue[];
  pulls: Record<string, object[]>;
  runs: object[];
  requests: string[];
  server: Server;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function body(request: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of request) text += (chunk as Buffer).toString();
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

async function fakeGitHub(state: Partial<Pick<Fake, 'issues' | 'pulls' | 'runs'>> = {}): Promise<Fake> {
  const fake = { issues: state.issues ?? [], pulls: state.pulls ?? {}, runs: state.runs ?? [], requests: [] as string[] } as Omit<Fake, 'url' | 'server'>;
  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      fake.requests.push(`${request.method} ${url.pathname}${url.search}`);
      if (request.headers.authorization !== 'token test-token-1') {
        response.writeHead(401).end(JSON.stringify({ message: 'Bad credentials' }));
        return;
      }
      const send = (status: number, value: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      };
      const base = '/repos/acme/infra';
      const path = url.pathname.startsWith(base) ? url.pathname.slice(base.length) : '';
      let match: RegExpExecArray | null;
      if (request.method === 'GET' && path === '/issues') {
        const label = url.searchParams.get('labels');
        const stateFilter = url.searchParams.get('state') ?? 'open';
        return send(200, fake.issues.filter((i) => (stateFilter === 'all' || i.state === stateFilter) && (!label || i.labels.some((l) => l.name === label))));
      }
      if (request.method === 'POST' && path === '/issues') {
        const input = await body(request);
        const issue: Issue = { number: 100 + fake.issues.length, title: String(input.title), body: String(input.body), state: 'open', labels: ((input.labels as string[]) ?? []).map((name) => ({ name })), comments: [] };
        fake.issues.push(issue);
        return send(201, issue);
      }
      if ((match = /^\/issues\/(\d+)$/.exec(path)) && request.method === 'PATCH') {
        const issue = fake.issues.find((i) => i.number === Number(match![1]));
        if (!issue) return send(404, { message: 'Not Found' });
        Object.assign(issue, await body(request));
        return send(200, issue);
      }
      if ((match = /^\/issues\/(\d+)\/comments$/.exec(path)) && request.method === 'POST') {
        const issue = fake.issues.find((i) => i.number === Number(match![1]));
        if (!issue) return send(404, { message: 'Not Found' });
        issue.comments.push(String((await body(request)).body));
        return send(201, { id: 1 });
      }
      if ((match = /^\/commits\/([0-9a-f]+)\/pulls$/.exec(path)) && request.method === 'GET') return send(200, fake.pulls[match[1]!] ?? []);
      if ((match = /^\/actions\/workflows\/([^/]+)\/runs$/.exec(path)) && request.method === 'GET') {
        const runs = (fake.runs as { path: string; head_sha: string; event: string; conclusion: string }[]).filter(
          (r) =>
            r.path === `.github/workflows/${match![1]}` &&
            r.head_sha === url.searchParams.get('head_sha') &&
            r.event === url.searchParams.get('event') &&
            r.conclusion === url.searchParams.get('status'),
        );
        return send(200, { total_count: runs.length, workflow_runs: runs });
      }
      send(404, { message: `Not Found: ${request.method} ${url.pathname}` });
    })();
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return Object.assign(fake, { url: `http://127.0.0.1:${port}`, server });
}

const env = (fake: Fake) => ({ GITHUB_TOKEN: 'test-token-1', GITHUB_API_URL: fake.url, GITHUB_REPOSITORY: 'acme/infra', GITHUB_RUN_ID: '42', GITHUB_SERVER_URL: 'https://github.example' });

async function reports(dir: string, list: { root: string; name: string; status: string; report?: string; message?: string }[]) {
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
    const fake = await fakeGitHub({ issues: [openIssue(1, 'envs/b', 'old report'), openIssue(2, 'envs/c'), openIssue(3, 'envs/d')] });
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
    expect(fake.issues.find((i) => i.number === 2)).toMatchObject({ state: 'closed', comments: [expect.stringContaining('No drift in `envs/c` any more')] });
    expect(fake.issues.find((i) => i.number === 3)).toMatchObject({ state: 'open', comments: [] });

    // A second run with the same reports changes nothing.
    const before = fake.requests.length;
    const again = await runInfra(dir, ['drift-issues', '--reports', 'drift'], env(fake));
    expect(again.stdout).toBe('Drift issues are up to date.\n');
    expect(fake.requests.slice(before).every((r) => r.startsWith('GET '))).toBe(true);
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
    expect((await runInfra(dir, ['drift-issues', '--reports', 'drift'], env(fake))).stderr).toMatch(/^infra: .*drift\/x\/drift\.json: not a drift report: status /);
    expect((await runInfra(dir, ['drift-issues', '--reports', 'nowhere'], env(fake))).stderr).toBe("infra: --reports 'nowhere' does not exist (run 'infra drift --out nowhere' first).\n");
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
    const fake = await fakeGitHub({ pulls: { [merge]: [pull] }, runs: [run(11, '2026-01-01T00:00:00Z'), run(12, '2026-01-02T00:00:00Z'), run(13, '2026-01-03T00:00:00Z', 'failure')] });
    const dir = await tempRepo({});
    const result = await runInfra(dir, ['review-run', '--sha', merge], env(fake));
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ pr: 7, headSha: head, runId: 12, runUrl: 'https://github.example/acme/infra/actions/runs/12' });
  });

  it('refuses a commit without a merged pull request, or without a green run', async () => {
    const fake = await fakeGitHub({ pulls: { [merge]: [pull] }, runs: [run(13, '2026-01-03T00:00:00Z', 'failure')] });
    const dir = await tempRepo({});
    const noRun = await runInfra(dir, ['review-run', '--sha', merge], env(fake));
    expect(noRun.code).toBe(2);
    expect(noRun.stderr).toBe(`infra: No successful 'pr.yml' run on the final head ${head} of pull request #7; its plans were not reviewed green. Refusing to apply.\n`);
    const direct = await runInfra(dir, ['review-run', '--sha', 'c'.repeat(40)], env(fake));
    expect(direct.stderr).toBe(`infra: Commit ${'c'.repeat(40)} did not come from a merged pull request, so no plan of it was reviewed; refusing to apply.\n`);
  });
});
