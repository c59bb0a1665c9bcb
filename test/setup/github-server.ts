/**
 * A small loopback server that behaves like the GitHub REST endpoints our tools use, for
 * integration tests with the real Octokit client (point GITHUB_API_URL / baseUrl at `url`).
 *
 * - 127.0.0.1, port 0; `close()` when done.
 * - A route table (`route(method, pattern, handler)`) over an in-memory store, so other tools
 *   can add endpoints (issues, …) in their tests or here.
 * - Built in: `GET /user`; issue comments list (`per_page`/`page`, Link header), create,
 *   update, delete; issue labels list, add, remove. Auth: `Authorization: token|Bearer <t>`
 *   must name a token given in `tokens` (401 otherwise); an installation token (`app: true`)
 *   gets 403 on `GET /user`, as GITHUB_TOKEN does.
 * - Fault injection (`inject`): answer the next N matching requests with a status (403 rate
 *   limit with `x-ratelimit-remaining: 0` + `x-ratelimit-reset`, 429 with `retry-after`, 502…).
 * - `editComment` simulates someone else editing a comment; `hooks` run before each request
 *   (to simulate a parallel job acting between two calls).
 * - `requests`: the log of every request (method, path, query, status, body) to assert on.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeUser {
  login: string;
  id: number;
  type: 'User' | 'Bot';
}

export interface FakeComment {
  id: number;
  node_id: string;
  body: string;
  user: FakeUser;
  created_at: string;
  updated_at: string;
  html_url: string;
  issue_url: string;
  url: string;
  /** Who last edited the body (not part of GitHub's API; for assertions). */
  edited_by?: string;
}

export interface FakeLabel {
  id: number;
  name: string;
  color: string;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  body?: unknown;
  login?: string;
}

export interface Fault {
  method?: string;
  /** Matched against the path (without query). */
  path?: RegExp | string;
  /** How many matching requests get the fault (default 1). */
  times?: number;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface RouteRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  user: FakeUser;
  token: string;
}

export interface RouteResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type RouteHandler = (request: RouteRequest, server: FakeGitHub) => RouteResponse;

export interface TokenInfo {
  user: FakeUser;
  /** An installation token (GITHUB_TOKEN): `GET /user` answers 403. */
  app?: boolean;
}

export interface StartOptions {
  /** token → identity. Default: `test-token` → github-actions[bot] as an installation token. */
  tokens?: Record<string, TokenInfo>;
}

export const ACTIONS_BOT: FakeUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: RouteHandler;
}

export class FakeGitHub {
  url = '';
  readonly requests: LoggedRequest[] = [];
  /** Runs before each request is handled (after auth, before faults). */
  readonly hooks: ((request: RouteRequest, server: FakeGitHub) => void)[] = [];
  /** In-memory store; keys are `owner/repo#number`. */
  readonly store = {
    comments: new Map<string, FakeComment[]>(),
    labels: new Map<string, FakeLabel[]>(),
    nextId: 1000,
  };
  private readonly routes: Route[] = [];
  private readonly faults: (Fault & { remaining: number })[] = [];
  private readonly server: Server;
  private readonly tokens: Record<string, TokenInfo>;

  constructor(options: StartOptions = {}) {
    this.tokens = options.tokens ?? { 'test-token': { user: ACTIONS_BOT, app: true } };
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: error instanceof Error ? error.message : String(error) }));
      });
    });
    registerBuiltInRoutes(this);
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Adds an endpoint: `pattern` like `/repos/:owner/:repo/issues/:number`. Later routes win. */
  route(method: string, pattern: string, handler: RouteHandler): void {
    const keys: string[] = [];
    const source = pattern.replace(/:(\w+)/g, (_m, key: string) => {
      keys.push(key);
      return '([^/]+)';
    });
    this.routes.unshift({ method: method.toUpperCase(), pattern: new RegExp(`^${source}$`), keys, handler });
  }

  /** Answers the next `times` requests matching method/path with `status` (and headers/body). */
  inject(fault: Fault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  /** 403 primary rate limit (`x-ratelimit-remaining: 0`, reset `resetInSeconds` from now). */
  rateLimit(fault: Omit<Fault, 'status'> & { resetInSeconds?: number }): void {
    const reset = Math.floor(Date.now() / 1000) + (fault.resetInSeconds ?? 1);
    this.inject({
      ...fault,
      status: 403,
      headers: {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-limit': '5000',
        'x-ratelimit-reset': String(reset),
        ...fault.headers,
      },
      body: {
        message: 'API rate limit exceeded for installation ID 1.',
        documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting',
      },
    });
  }

  /** 429 secondary rate limit with `retry-after`. */
  secondaryRateLimit(fault: Omit<Fault, 'status'> & { retryAfterSeconds?: number }): void {
    this.inject({
      ...fault,
      status: 429,
      headers: { 'retry-after': String(fault.retryAfterSeconds ?? 1), ...fault.headers },
      body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
    });
  }

  // ── store helpers for tests ──────────────────────────────────────────────────────────

  comments(repo: string, issue: number): FakeComment[] {
    return this.store.comments.get(`${repo}#${issue}`) ?? [];
  }

  labels(repo: string, issue: number): string[] {
    return (this.store.labels.get(`${repo}#${issue}`) ?? []).map((label) => label.name);
  }

  /** Seeds a comment (e.g. one by a human quoting our marker). */
  addComment(repo: string, issue: number, body: string, user: FakeUser): FakeComment {
    const key = `${repo}#${issue}`;
    const now = new Date().toISOString();
    const id = (this.store.nextId += 1);
    const comment: FakeComment = {
      id,
      node_id: `IC_${id}`,
      body,
      user,
      created_at: now,
      updated_at: now,
      html_url: `https://github.example/${repo}/pull/${issue}#issuecomment-${id}`,
      issue_url: `${this.url}/repos/${repo}/issues/${issue}`,
      url: `${this.url}/repos/${repo}/issues/comments/${id}`,
    };
    this.store.comments.set(key, [...(this.store.comments.get(key) ?? []), comment]);
    return comment;
  }

  /** Edits a comment's body; `by` someone else simulates their edit (the author stays the same, as on GitHub). */
  editComment(id: number, body: string, by: string): void {
    const comment = this.findComment(id);
    if (!comment) throw new Error(`no comment ${id}`);
    comment.body = body;
    comment.edited_by = by;
    comment.updated_at = new Date().toISOString();
  }

  setLabels(repo: string, issue: number, names: string[]): void {
    this.store.labels.set(
      `${repo}#${issue}`,
      names.map((name) => this.label(name)),
    );
  }

  findComment(id: number): FakeComment | undefined {
    for (const list of this.store.comments.values()) {
      const found = list.find((comment) => comment.id === id);
      if (found) return found;
    }
    return undefined;
  }

  label(name: string): FakeLabel {
    return {
      id: Math.abs([...name].reduce((hash, ch) => (hash * 31 + ch.charCodeAt(0)) | 0, 7)),
      name,
      color: 'ededed',
    };
  }

  // ── request handling ─────────────────────────────────────────────────────────────────

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const query = Object.fromEntries(url.searchParams);
    const text = await readBody(req);
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      return this.send(
        res,
        { method, path, query, body: text },
        { status: 400, body: { message: 'Problems parsing JSON' } },
      );
    }
    const log = { method, path, query, body };
    const token = /^(?:token|bearer)\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const identity = this.tokens[token];
    if (!identity) return this.send(res, log, { status: 401, body: { message: 'Bad credentials' } });

    for (const match of this.routes) {
      if (match.method !== method) continue;
      const found = match.pattern.exec(path);
      if (!found) continue;
      const params = Object.fromEntries(match.keys.map((key, i) => [key, decodeURIComponent(found[i + 1] ?? '')]));
      const request: RouteRequest = { method, path, params, query, body, user: identity.user, token };
      for (const hook of this.hooks) hook(request, this);
      const fault = this.takeFault(method, path);
      if (fault) return this.send(res, { ...log, login: identity.user.login }, fault);
      if (identity.app && method === 'GET' && path === '/user') {
        return this.send(
          res,
          { ...log, login: identity.user.login },
          { status: 403, body: { message: 'Resource not accessible by integration' } },
        );
      }
      return this.send(res, { ...log, login: identity.user.login }, match.handler(request, this));
    }
    return this.send(res, log, { status: 404, body: { message: 'Not Found' } });
  }

  private takeFault(method: string, path: string): RouteResponse | undefined {
    const index = this.faults.findIndex(
      (fault) =>
        fault.remaining > 0 &&
        (!fault.method || fault.method.toUpperCase() === method) &&
        (!fault.path || (typeof fault.path === 'string' ? fault.path === path : fault.path.test(path))),
    );
    if (index === -1) return undefined;
    const fault = this.faults[index]!;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.faults.splice(index, 1);
    return {
      status: fault.status,
      headers: fault.headers,
      body: fault.body ?? { message: `Injected ${fault.status}` },
    };
  }

  private send(res: ServerResponse, log: Omit<LoggedRequest, 'status'>, response: RouteResponse): void {
    this.requests.push({ ...log, status: response.status });
    const headers: Record<string, string> = {
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-github-request-id': `FAKE:${this.requests.length}`,
      ...response.headers,
    };
    if (response.status === 204 || response.body === undefined) {
      res.writeHead(response.status, headers);
      res.end();
      return;
    }
    res.writeHead(response.status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(response.body));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** GitHub's limit for a comment body. */
const MAX_BODY = 65_536;

/** The comment text of a create/update request, or GitHub's 422 when it is missing or too long. */
function commentText(body: unknown): string | RouteResponse {
  const text =
    body && typeof body === 'object' && typeof (body as { body?: unknown }).body === 'string'
      ? (body as { body: string }).body
      : undefined;
  if (text === undefined) return { status: 422, body: { message: 'Invalid request.\n\n"body" wasn\'t supplied.' } };
  if (text.length > MAX_BODY)
    return {
      status: 422,
      body: { message: `Validation Failed: Body is too long (maximum is ${MAX_BODY} characters)` },
    };
  return text;
}

function registerBuiltInRoutes(server: FakeGitHub): void {
  const issueKey = (params: Record<string, string>) => `${params.owner}/${params.repo}#${params.number}`;

  server.route('GET', '/user', (request) => ({ status: 200, body: request.user }));

  server.route('GET', '/repos/:owner/:repo/issues/:number/comments', (request, github): RouteResponse => {
    const all = github.store.comments.get(issueKey(request.params)) ?? [];
    const perPage = Math.min(100, Math.max(1, Number(request.query.per_page ?? 30) || 30));
    const page = Math.max(1, Number(request.query.page ?? 1) || 1);
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const link = (p: number, rel: string) => {
      const url = new URL(`${github.url}${request.path}`);
      url.searchParams.set('per_page', String(perPage));
      url.searchParams.set('page', String(p));
      return `<${url.toString()}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (page > 1) links.push(link(page - 1, 'prev'), link(1, 'first'));
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    const headers: Record<string, string> = links.length ? { link: links.join(', ') } : {};
    return { status: 200, body: all.slice((page - 1) * perPage, page * perPage), headers };
  });

  server.route('POST', '/repos/:owner/:repo/issues/:number/comments', (request, github) => {
    const text = commentText(request.body);
    if (typeof text !== 'string') return text;
    const comment = github.addComment(
      `${request.params.owner}/${request.params.repo}`,
      Number(request.params.number),
      text,
      request.user,
    );
    return { status: 201, body: comment };
  });

  server.route('PATCH', '/repos/:owner/:repo/issues/comments/:id', (request, github) => {
    const comment = github.findComment(Number(request.params.id));
    if (!comment) return { status: 404, body: { message: 'Not Found' } };
    const text = commentText(request.body);
    if (typeof text !== 'string') return text;
    github.editComment(comment.id, text, request.user.login);
    return { status: 200, body: comment };
  });

  server.route('DELETE', '/repos/:owner/:repo/issues/comments/:id', (request, github) => {
    const id = Number(request.params.id);
    for (const [key, list] of github.store.comments) {
      if (list.some((comment) => comment.id === id)) {
        github.store.comments.set(
          key,
          list.filter((comment) => comment.id !== id),
        );
        return { status: 204 };
      }
    }
    return { status: 404, body: { message: 'Not Found' } };
  });

  server.route('GET', '/repos/:owner/:repo/issues/:number/labels', (request, github) => ({
    status: 200,
    body: github.store.labels.get(issueKey(request.params)) ?? [],
  }));

  server.route('POST', '/repos/:owner/:repo/issues/:number/labels', (request, github) => {
    const names = (request.body as { labels?: unknown } | undefined)?.labels;
    if (!Array.isArray(names) || !names.every((name) => typeof name === 'string'))
      return { status: 422, body: { message: 'Invalid request: labels' } };
    const key = issueKey(request.params);
    const current = github.store.labels.get(key) ?? [];
    const merged = [
      ...current,
      ...names.filter((name) => !current.some((label) => label.name === name)).map((name) => github.label(name)),
    ];
    github.store.labels.set(key, merged);
    return { status: 200, body: merged };
  });

  server.route('DELETE', '/repos/:owner/:repo/issues/:number/labels/:name', (request, github) => {
    const key = issueKey(request.params);
    const current = github.store.labels.get(key) ?? [];
    if (!current.some((label) => label.name === request.params.name))
      return { status: 404, body: { message: 'Label does not exist' } };
    const remaining = current.filter((label) => label.name !== request.params.name);
    github.store.labels.set(key, remaining);
    return { status: 200, body: remaining };
  });
}

/** Starts a server on 127.0.0.1 and a free port. */
export async function startGitHubServer(options: StartOptions = {}): Promise<FakeGitHub> {
  return new FakeGitHub(options).listen();
}
