import { z } from 'zod';
import { errorMessage } from '../../../../shared-functions/src/errors.js';
import type { HasuraTarget } from './config.js';

/**
 * Upsert of the signed-in user into Hasura's `users` table: insert `{id: <Cognito sub>,
 * email}`; on a primary-key conflict update the given columns (the e-mail can change in
 * Cognito). `id` is the Cognito sub, as in the staging user remap.
 */
export const UPSERT_USER_MUTATION = `mutation UpsertUser($user: users_insert_input!, $update_columns: [users_update_column!]!) {
  insert_users_one(object: $user, on_conflict: {constraint: users_pkey, update_columns: $update_columns}) {
    id
  }
}`;

export interface CognitoUser {
  sub: string;
  email?: string;
}

export function upsertVariables(user: CognitoUser) {
  const object: Record<string, string> = { id: user.sub };
  if (user.email) object.email = user.email;
  return { user: object, update_columns: user.email ? ['email'] : [] };
}

const responseSchema = z.object({
  data: z.object({ insert_users_one: z.object({ id: z.union([z.string(), z.number()]) }).nullable() }).nullish(),
  errors: z.array(z.object({ message: z.string() }).loose()).optional(),
});

export interface UpsertOptions {
  fetch?: typeof fetch;
  /** Total time for every attempt together. */
  budgetMs: number;
  maxAttempts?: number;
  /** First backoff; doubles per retry. */
  backoffMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export type UpsertResult =
  { ok: true; attempts: number } | { ok: false; attempts: number; reason: string; unauthorized: boolean };

class AttemptError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly unauthorized = false,
  ) {
    super(message);
  }
}

/**
 * POSTs the mutation with `x-hasura-admin-secret`. Each attempt is aborted when the budget
 * runs out (AbortController); network errors, timeouts, HTTP 429 and 5xx are retried with
 * exponential backoff while budget and attempts remain; HTTP 4xx and GraphQL errors are not. A
 * redirect is never followed (it would carry the admin secret elsewhere): it is an error
 * naming the status and the Location, not retried.
 * Never throws. The reason never contains the admin secret or the user's e-mail.
 */
export async function upsertUser(
  user: CognitoUser,
  target: HasuraTarget,
  options: UpsertOptions,
): Promise<UpsertResult> {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxAttempts = options.maxAttempts ?? 3;
  const backoffMs = options.backoffMs ?? 200;
  const deadline = now() + options.budgetMs;
  const scrub = (text: string) => redact(text, [target.adminSecret, user.email]);
  const body = JSON.stringify({
    query: UPSERT_USER_MUTATION,
    variables: upsertVariables(user),
    operationName: 'UpsertUser',
  });

  let attempt = 0;
  for (;;) {
    attempt++;
    const remaining = deadline - now();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), Math.max(remaining, 1));
    try {
      await postOnce(doFetch, target, body, controller.signal);
      return { ok: true, attempts: attempt };
    } catch (error) {
      const failure =
        error instanceof AttemptError
          ? error
          : new AttemptError(
              controller.signal.aborted ? `no answer within ${options.budgetMs} ms` : errorMessage(error),
              true,
            );
      const delay = backoffMs * 2 ** (attempt - 1);
      if (!failure.retryable || attempt >= maxAttempts || now() + delay >= deadline) {
        return { ok: false, attempts: attempt, reason: scrub(failure.message), unauthorized: failure.unauthorized };
      }
      await sleep(delay);
    } finally {
      clearTimeout(timer);
    }
  }
}

async function postOnce(doFetch: typeof fetch, target: HasuraTarget, body: string, signal: AbortSignal): Promise<void> {
  const response = await doFetch(target.graphqlEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hasura-admin-secret': target.adminSecret },
    body,
    signal,
    // fetch keeps custom headers on a redirect, also to another origin: never follow one.
    redirect: 'manual',
  });
  const text = await response.text();
  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get('location') ?? 'no Location header';
    throw new AttemptError(
      `HTTP ${response.status} from the GraphQL endpoint redirects to ${location}; redirects are not followed (they would re-send the admin secret)`,
      false,
    );
  }
  if (!response.ok) {
    const retryable = response.status === 429 || response.status >= 500;
    throw new AttemptError(
      `HTTP ${response.status} from the GraphQL endpoint`,
      retryable,
      response.status === 401 || response.status === 403,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AttemptError('the GraphQL endpoint answered with something that is not JSON', false);
  }
  const parsed = responseSchema.safeParse(json);
  if (!parsed.success) throw new AttemptError('the GraphQL endpoint answered with an unexpected JSON shape', false);
  const { data, errors } = parsed.data;
  if (errors?.length) {
    const unauthorized = errors.some((e) => /access-denied|invalid-jwt|x-hasura-admin-secret/i.test(JSON.stringify(e)));
    throw new AttemptError(`GraphQL error: ${errors.map((e) => e.message).join('; ')}`, false, unauthorized);
  }
  if (!data?.insert_users_one) throw new AttemptError('the upsert returned no row', false);
}

/** Replaces every occurrence of the given values (secrets, personal data) in a message. */
export function redact(text: string, values: readonly (string | undefined)[]): string {
  let out = text;
  for (const value of values) if (value) out = out.split(value).join('[redacted]');
  return out;
}
