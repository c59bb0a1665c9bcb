import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../../shared-functions/src/logger.js';
import { parseHasuraSecret, parseSyncConfig } from '../src/config.js';
import { createSyncHandler } from '../src/handler.js';

const SUB = '8f1c2d3e-0000-4000-8000-00000000abcd';
const EMAIL = 'ana@example.com';
const event = () => ({
  version: '1',
  triggerSource: 'PostAuthentication_Authentication',
  region: 'us-east-1',
  userPoolId: 'us-east-1_n8gO6SbP6',
  userName: 'ana',
  request: { userAttributes: { sub: SUB, email: EMAIL, email_verified: 'true' }, newDeviceUsed: false },
  response: {},
});
const target = { graphqlEndpoint: 'https://hasura.phenom.example/v1/graphql', adminSecret: 'test-admin-secret-1' };

describe('createSyncHandler', () => {
  it('returns the event unchanged after a successful sync and logs the sub only', async () => {
    const logger = createMemoryLogger();
    const fetch = (async () =>
      new Response(JSON.stringify({ data: { insert_users_one: { id: SUB } } }))) as unknown as typeof globalThis.fetch;
    const handler = createSyncHandler({
      target: async () => target,
      forgetTarget: () => {},
      logger,
      upsert: { fetch, budgetMs: 1000 },
    });
    const input = event();
    expect(await handler(input)).toBe(input);
    expect(logger.messages).toEqual([{ level: 'info', message: `user ${SUB} synced to Hasura (attempt 1)` }]);
  });

  it('never throws: a failing secret read or endpoint is logged and sign-in continues', async () => {
    const logger = createMemoryLogger();
    const handler = createSyncHandler({
      target: async () => {
        throw new Error('secret arn:aws:secretsmanager:us-east-1:123456789012:secret:hasura is not JSON');
      },
      forgetTarget: () => {},
      logger,
      upsert: { budgetMs: 1000 },
    });
    const input = event();
    await expect(handler(input)).resolves.toBe(input);
    expect(logger.messages[0]?.message).toMatch(
      new RegExp(`^user ${SUB} not synced to Hasura: secret arn:.* is not JSON; sign-in continues$`),
    );
  });

  it('forgets the cached secret when Hasura refuses the admin secret', async () => {
    let forgotten = 0;
    const fetch = (async () => new Response('', { status: 401 })) as unknown as typeof globalThis.fetch;
    const logger = createMemoryLogger();
    const handler = createSyncHandler({
      target: async () => target,
      forgetTarget: () => forgotten++,
      logger,
      upsert: { fetch, budgetMs: 1000 },
    });
    await handler(event());
    expect(forgotten).toBe(1);
    const log = JSON.stringify(logger.messages);
    expect(log).not.toContain(EMAIL);
    expect(log).not.toContain('test-admin-secret-1');
  });

  it('skips an event without a sub', async () => {
    const logger = createMemoryLogger();
    const handler = createSyncHandler({
      target: async () => target,
      forgetTarget: () => {},
      logger,
      upsert: { budgetMs: 1000 },
    });
    const input = { triggerSource: 'PostAuthentication_Authentication', request: { userAttributes: { email: EMAIL } } };
    expect(await handler(input)).toBe(input);
    expect(JSON.stringify(logger.messages)).not.toContain(EMAIL);
  });
});

describe('config', () => {
  it('defaults to a 5-minute cache and a 3-second budget', () => {
    expect(parseSyncConfig({ HASURA_SECRET_ARN: 'arn:x' })).toEqual({
      hasuraSecretArn: 'arn:x',
      secretCacheTtlSeconds: 300,
      syncTimeoutMs: 3000,
    });
  });
  it('keeps the budget under the 5 s Cognito gives a trigger', () => {
    expect(() => parseSyncConfig({ HASURA_SECRET_ARN: 'arn:x', SYNC_TIMEOUT_MS: '6000' })).toThrow(
      /SYNC_TIMEOUT_MS: expected a whole number from 100 to 4500/,
    );
  });
  it('parses the secret and names missing fields without echoing values', () => {
    expect(
      parseHasuraSecret(
        'arn:s',
        JSON.stringify({ graphql_endpoint: 'https://h.example/v1/graphql', admin_secret: 'test-admin-secret-1' }),
      ),
    ).toEqual({
      graphqlEndpoint: 'https://h.example/v1/graphql',
      adminSecret: 'test-admin-secret-1',
    });
    expect(() =>
      parseHasuraSecret('arn:s', JSON.stringify({ graphql_endpoint: 'http://h.example/v1/graphql', admin_secret: '' })),
    ).toThrow(
      /^secret arn:s: graphql_endpoint: expected an https:\/\/ URL; admin_secret: must not be empty; expected JSON/,
    );
    expect(() => parseHasuraSecret('arn:s', 'test-admin-secret-1')).toThrow(/^secret arn:s is not JSON/);
    const bad = JSON.stringify({ graphql_endpoint: 'not a url test-value-9', admin_secret: 'test-admin-secret-1' });
    expect(() => parseHasuraSecret('arn:s', bad)).toThrow(/: graphql_endpoint: /);
    expect(() => parseHasuraSecret('arn:s', bad)).not.toThrow(/test-value-9|test-admin-secret-1/);
  });
});
