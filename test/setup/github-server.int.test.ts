/** The loopback GitHub server itself: routes, pagination, auth, faults, hooks, request log. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS_BOT, startGitHubServer, type FakeGitHub } from './github-server.js';

let github: FakeGitHub;
const USER = { login: 'octocat', id: 1, type: 'User' as const };

beforeAll(async () => {
  github = await startGitHubServer({ tokens: { app: { user: ACTIONS_BOT, app: true }, pat: { user: USER } } });
});
afterAll(async () => {
  await github.close();
});

async function call(method: string, path: string, options: { token?: string; body?: unknown } = {}) {
  const response = await fetch(`${github.url}${path}`, {
    method,
    headers: { authorization: `token ${options.token ?? 'pat'}`, 'content-type': 'application/json' },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
}

describe('loopback GitHub server', () => {
  it('listens on 127.0.0.1 and a free port', () => {
    expect(github.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('authenticates tokens; an installation token may not read /user', async () => {
    expect((await call('GET', '/user')).body).toMatchObject({ login: 'octocat' });
    expect((await call('GET', '/user', { token: 'app' })).status).toBe(403);
    expect((await call('GET', '/user', { token: 'nope' })).status).toBe(401);
  });

  it('creates, lists with Link pagination, updates and deletes comments', async () => {
    for (let i = 0; i < 5; i += 1)
      expect((await call('POST', '/repos/o/r/issues/1/comments', { body: { body: `c${i}` } })).status).toBe(201);
    const page1 = await call('GET', '/repos/o/r/issues/1/comments?per_page=2');
    expect((page1.body as { body: string }[]).map((c) => c.body)).toEqual(['c0', 'c1']);
    expect(page1.headers.get('link')).toContain('page=2>; rel="next"');
    expect(page1.headers.get('link')).toContain('page=3>; rel="last"');
    const page3 = await call('GET', '/repos/o/r/issues/1/comments?per_page=2&page=3');
    expect((page3.body as { body: string }[]).map((c) => c.body)).toEqual(['c4']);
    expect(page3.headers.get('link')).not.toContain('rel="next"');
    const id = github.comments('o/r', 1)[0]!.id;
    expect((await call('PATCH', `/repos/o/r/issues/comments/${id}`, { body: { body: 'edited' } })).body).toMatchObject({
      id,
      body: 'edited',
      user: { login: 'octocat' },
    });
    expect((await call('DELETE', `/repos/o/r/issues/comments/${id}`)).status).toBe(204);
    expect((await call('DELETE', `/repos/o/r/issues/comments/${id}`)).status).toBe(404);
    expect(github.comments('o/r', 1)).toHaveLength(4);
    expect((await call('POST', '/repos/o/r/issues/1/comments', { body: { body: 'x'.repeat(65_537) } })).status).toBe(
      422,
    );
  });

  it('adds, lists and removes labels', async () => {
    await call('POST', '/repos/o/r/issues/2/labels', { body: { labels: ['a', 'b'] } });
    expect(((await call('GET', '/repos/o/r/issues/2/labels')).body as { name: string }[]).map((l) => l.name)).toEqual([
      'a',
      'b',
    ]);
    expect((await call('DELETE', '/repos/o/r/issues/2/labels/a')).status).toBe(200);
    expect((await call('DELETE', '/repos/o/r/issues/2/labels/a')).status).toBe(404);
    expect(github.labels('o/r', 2)).toEqual(['b']);
  });

  it('injects rate limits and errors for a number of matching requests, then recovers', async () => {
    github.rateLimit({ method: 'GET', path: '/repos/o/r/issues/3/comments', resetInSeconds: 30 });
    github.secondaryRateLimit({ method: 'GET', path: /\/issues\/3\/comments$/, retryAfterSeconds: 7 });
    github.inject({ path: /\/issues\/3\/comments$/, status: 502, times: 2 });
    const limited = await call('GET', '/repos/o/r/issues/3/comments');
    expect(limited.status).toBe(403);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    const secondary = await call('GET', '/repos/o/r/issues/3/comments');
    expect(secondary.status).toBe(429);
    expect(secondary.headers.get('retry-after')).toBe('7');
    expect((await call('GET', '/repos/o/r/issues/3/comments')).status).toBe(502);
    expect((await call('GET', '/repos/o/r/issues/3/comments')).status).toBe(502);
    expect((await call('GET', '/repos/o/r/issues/3/comments')).status).toBe(200);
  });

  it('simulates edits by someone else, runs hooks, logs requests, accepts new routes', async () => {
    const comment = github.addComment('o/r', 4, 'original', ACTIONS_BOT);
    github.editComment(comment.id, 'changed by a human', 'octocat');
    expect(github.findComment(comment.id)).toMatchObject({
      body: 'changed by a human',
      edited_by: 'octocat',
      user: { login: 'github-actions[bot]' },
    });
    const seen: string[] = [];
    github.hooks.push((request) => seen.push(`${request.method} ${request.path}`));
    github.route('GET', '/repos/:owner/:repo/issues', (request) => ({
      status: 200,
      body: [{ number: 1, title: `issues of ${request.params.repo}` }],
    }));
    expect((await call('GET', '/repos/o/r/issues')).body).toEqual([{ number: 1, title: 'issues of r' }]);
    github.hooks.length = 0;
    expect(seen).toEqual(['GET /repos/o/r/issues']);
    expect(github.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: '/repos/o/r/issues',
      status: 200,
      login: 'octocat',
    });
  });
});
