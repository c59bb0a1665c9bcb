/** Failed GitHub API calls in one line (no Octokit import: every error boundary uses it). */
import { ToolError } from '../src/lib/errors.js';

/** "PATCH /repos/o/r/issues/comments/1 answered 502 (Bad Gateway)" for a failed request. */
export function describeRequestError(error: unknown): string {
  if (error && typeof error === 'object' && 'status' in error) {
    const { status, request, message } = error as {
      status: number;
      request?: { method?: string; url?: string };
      message?: string;
    };
    let where = '';
    if (request?.url) {
      try {
        where = `${request.method ?? ''} ${new URL(request.url).pathname} `;
      } catch {
        where = `${request.method ?? ''} ${request.url} `;
      }
    }
    const text = (message ?? '').split('\n')[0]?.replace(/ - https:\/\/docs\.github\.com\S*/, '');
    return `${where}answered ${status}${text ? ` (${text})` : ''}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** A failed GitHub API call (Octokit's RequestError) is a tool failure, not a bug. */
export function asKnownFailure(error: unknown): unknown {
  if (
    error instanceof Error &&
    typeof (error as { status?: unknown }).status === 'number' &&
    typeof (error as { request?: unknown }).request === 'object'
  ) {
    return new ToolError({ tool: 'GitHub API', detail: describeRequestError(error) }, { cause: error });
  }
  return error;
}
