import { describe, expect, it } from 'vitest';
import { redact, UPSERT_USER_MUTATION, upsertUser, upsertVariables } from '../src/upsert.js';

const target = { graphqlEndpoint: 'https://hasura.phenom.example/v1/graphql', adminSecret: 'test-admin-secret-1' };
const user = { sub: '8f1c2d3e-0000-4000-8000-00000000abcd', email: 'ana@example.com' };

interface Call {
  url: string;
  init: RequestInit;
}

/** A fake fetch that answers from a script, records calls, and honours the abort signal. */
function scriptedFetch(script: (Response | 'hang' | Error)[]) {
  const calls: Call[] = [];
  const fake = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const step = script[Math.min(calls.length - 1, script.length - 1)]!;
    if (step === 'hang') {
      return new Promise<Response>((_, reject) => {
        init.signal?.addEventListener('abort', () =>
          reject(new DOMException('This operation was aborted', 'AbortError')),
        );
      });
    }
    if (step instanceof Error) throw step;
    return step.clone();
  }) as unknown as typeof fetch;
  return { fake, calls };
}

const ok = () => new Response(JSON.stringify({ data: { insert_users_one: { id: user.sub } } }), { status: 200 });
const noSleep = async () => {};

describe('upsertVariables', () => {
  it('inserts id and e-mail and updates the e-mail on conflict', () => {
    expect(upsertVariables(user)).toEqual({ user: { id: user.sub, email: user.email }, update_columns: ['email'] });
  });
  it('updates nothing when Cognito has no e-mail', () => {
    expect(upsertVariables({ sub: user.sub })).toEqual({ user: { id: user.sub }, update_columns: [] });
  });
});

describe('upsertUser', () => {
  it('asks fetch not to follow redirects and reports one as a non-retried error naming status and location', async () => {
    const redirect = new Response(null, { status: 308, headers: { location: 'https://elsewhere.example/graphql' } });
    const { fake, calls } = scriptedFetch([redirect, ok()]);
    expect(await upsertUser(user, target, { fetch: fake, budgetMs: 3000, sleep: noSleep })).toEqual({
      ok: false,
      attempts: 1,
      reason:
        'HTTP 308 from the GraphQL endpoint redirects to https://elsewhere.example/graphql; redirects are not followed (they would re-send the admin secret)',
      unauthorized: false,
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.init.redirect).toBe('manual');
  });

  it('posts the insert_users_one mutation with on_conflict and the admin secret header', async () => {
    const { fake, calls } = scriptedFetch([ok()]);
    expect(await upsertUser(user, target, { fetch: fake, budgetMs: 3000, sleep: noSleep })).toEqual({
      ok: true,
      attempts: 1,
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(target.graphqlEndpoint);
    expect(calls[0]!.init.headers).toMatchObject({
      'x-hasura-admin-secret': 'test-admin-secret-1',
      'content-type': 'application/json',
    });
    const body = JSON.parse(String(calls[0]!.init.body)) as { query: string; variables: unknown };
    expect(body.query).toBe(UPSERT_USER_MUTATION);
    expect(body.query).toMatch(
      /insert_users_one\(object: \$user, on_conflict: \{constraint: users_pkey, update_columns: \$update_columns\}\)/,
    );
    expect(body.variables).toEqual(upsertVariables(user));
  });

  it('retries 5xx, 429 and network errors with doubling backoff, then succeeds', async () => {
    const { fake, calls } = scriptedFetch([new Response('', { status: 503 }), new TypeError('fetch failed'), ok()]);
    const delays: number[] = [];
    const result = await upsertUser(user, target, {
      fetch: fake,
      budgetMs: 3000,
      backoffMs: 100,
      sleep: async (ms) => void delays.push(ms),
    });
    expect(result).toEqual({ ok: true, attempts: 3 });
    expect(calls).toHaveLength(3);
    expect(delays).toEqual([100, 200]);
  });

  it('gives up after maxAttempts', async () => {
    const { fake, calls } = scriptedFetch([new Response('', { status: 429 })]);
    const result = await upsertUser(user, target, { fetch: fake, budgetMs: 3000, maxAttempts: 3, sleep: noSleep });
    expect(result).toEqual({
      ok: false,
      attempts: 3,
      reason: 'HTTP 429 from the GraphQL endpoint',
      unauthorized: false,
    });
    expect(calls).toHaveLength(3);
  });

  it('does not retry a 4xx or a GraphQL error', async () => {
    const gqlError = new Response(
      JSON.stringify({
        errors: [
          { message: 'field "users" not found in type: \'mutation_root\'', extensions: { code: 'validation-failed' } },
        ],
      }),
    );
    for (const [response, reason] of [
      [new Response('', { status: 400 }), 'HTTP 400 from the GraphQL endpoint'],
      [gqlError, 'GraphQL error: field "users" not found in type: \'mutation_root\''],
      [new Response('<html>', { status: 200 }), 'the GraphQL endpoint answered with something that is not JSON'],
    ] as const) {
      const { fake, calls } = scriptedFetch([response]);
      expect(await upsertUser(user, target, { fetch: fake, budgetMs: 3000, sleep: noSleep })).toMatchObject({
        ok: false,
        attempts: 1,
        reason,
      });
      expect(calls).toHaveLength(1);
    }
  });

  it('flags a refused admin secret so the caller can re-read it', async () => {
    const { fake } = scriptedFetch([new Response('', { status: 401 })]);
    expect(await upsertUser(user, target, { fetch: fake, budgetMs: 3000, sleep: noSleep })).toMatchObject({
      ok: false,
      unauthorized: true,
    });
    const denied = scriptedFetch([
      new Response(
        JSON.stringify({
          errors: [
            { message: 'invalid x-hasura-admin-secret/x-hasura-access-key', extensions: { code: 'access-denied' } },
          ],
        }),
      ),
    ]);
    expect(await upsertUser(user, target, { fetch: denied.fake, budgetMs: 3000, sleep: noSleep })).toMatchObject({
      ok: false,
      unauthorized: true,
    });
  });

  it('aborts a hanging request when the budget is spent, without waiting longer', async () => {
    const { fake, calls } = scriptedFetch(['hang']);
    const started = Date.now();
    const result = await upsertUser(user, target, { fetch: fake, budgetMs: 150, sleep: noSleep });
    expect(result).toMatchObject({ ok: false, attempts: 1, reason: 'no answer within 150 ms' });
    expect(calls).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('keeps the e-mail and the admin secret out of the reason', async () => {
    const leaky = new Response(
      JSON.stringify({ errors: [{ message: `duplicate key ana@example.com (secret test-admin-secret-1)` }] }),
    );
    const { fake } = scriptedFetch([leaky]);
    const result = await upsertUser(user, target, { fetch: fake, budgetMs: 3000, sleep: noSleep });
    expect(result).toMatchObject({ ok: false, reason: 'GraphQL error: duplicate key [redacted] (secret [redacted])' });
  });
});

describe('redact', () => {
  it('replaces every occurrence and ignores empty values', () => {
    expect(redact('a-x-a', ['a', undefined, ''])).toBe('[redacted]-x-[redacted]');
  });
});
