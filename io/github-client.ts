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

export { describeRequestError } from './request-error.js';
