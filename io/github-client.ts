import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { Logger } from '../src/lib/logger.js';

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface ClientOptions {
  /** API base URL (GITHUB_API_URL); the loopback server in tests. */
  baseUrl?: string;
  /** Milliseconds per "second" of back-off; 1000 in production, small in tests. */
  retryAfterBaseMs?: number;
  /** Retries of a failing request (5xx, 429) and of a rate-limited one. Default 3. */
  retries?: number;
  /** Retries of a rate-limited request (403/429 with reset headers). Default: `retries`. */
  rateLimitRetries?: number;
}

/**
 * The one GitHub client of the project (both actions and `infra drift-issues` / `review-run`):
 * Octokit through @actions/github with @octokit/plugin-retry (5xx and other transient
 * errors, quadratic back-off) and @octokit/plugin-throttling (403/429 rate limits, waiting
 * for `x-ratelimit-reset` / `retry-after`).
 */
export function createGitHubClient(token: string, logger: Logger, options: ClientOptions = {}): GitHubClient {
  const retries = options.retries ?? 3;
  const rateLimitRetries = options.rateLimitRetries ?? retries;
  const base = options.retryAfterBaseMs ?? 1000;
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method?: string; url?: string }, _octokit: unknown, retryCount: number) => {
      const again = retryCount < rateLimitRetries;
      logger.warning(
        `GitHub ${kind} on ${request.method ?? ''} ${request.url ?? ''}; ${again ? `retrying after ${retryAfter} s` : 'giving up'}.`,
      );
      return again;
    };
  return getOctokit(
    token,
    {
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      throttle: {
        onRateLimit: onLimit('rate limit'),
        onSecondaryRateLimit: onLimit('secondary rate limit'),
        retryAfterBaseValue: base,
      },
      retry: { retries, retryAfterBaseValue: base },
    },
    retry,
    throttling,
  );
}

/** The identity of the workflow's GITHUB_TOKEN (GET /user is not allowed for it). */
export const ACTIONS_BOT_LOGIN = 'github-actions[bot]';

/** The HTTP status of a failed Octokit request (undefined for any other error). */
export function statusOf(error: unknown): number | undefined {
  return error instanceof Object && 'status' in error && typeof error.status === 'number' ? error.status : undefined;
}

/**
 * The login that writes with the client's token: GET /user, or github-actions[bot] when the
 * token is the workflow's installation token (GET /user answers 403/404 for it). What finds our
 * own comments among everyone's: a marker alone can be written by anyone who can comment.
 */
export async function tokenIdentity(octokit: GitHubClient, logger: Logger): Promise<string> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    return data.login;
  } catch (error) {
    const status = statusOf(error);
    if (status === 403 || status === 404) {
      logger.debug(`GET /user answered ${status}: an installation token; the comment author is ${ACTIONS_BOT_LOGIN}.`);
      return ACTIONS_BOT_LOGIN;
    }
    throw error;
  }
}

export { describeRequestError } from './request-error.js';
