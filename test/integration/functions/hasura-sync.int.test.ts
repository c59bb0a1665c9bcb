/**
 * hasura-cognito-sync-users as deployed: the real handler export reads its secret from
 * moto's Secrets Manager and talks to a loopback stand-in for Hasura's GraphQL endpoint
 * that can answer, fail or hang.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { motoClientConfig } from '../../setup/aws.js';
import { captureLogs, stubAwsEnv, uniqueName } from './aws.js';

/** `redirect`: a 307 to `redirectTo` (another origin), as a hijacked or misconfigured endpoint might answer. */
type Behaviour = 'ok' | '503' | '401' | 'hang' | 'redirect';

interface FakeHasura {
  url: string;
  requests: { headers: IncomingHttpHeaders; body: { query: string; variables: unknown } }[];
  script: Behaviour[];
  redirectTo: string;
  close(): Promise<void>;
}

async function startFakeHasura(): Promise<FakeHasura> {
  const sockets = new Set<Socket>();
  const fake = { requests: [], script: [] } as unknown as FakeHasura;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      fake.requests.push({
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as FakeHasura['requests'][number]['body'],
      });
      const behaviour = fake.script.shift() ?? 'ok';
      if (behaviour === 'hang') return; // never answers; the client must give up
      if (behaviour === '503') return void res.writeHead(503).end('upstream unavailable');
      if (behaviour === 'redirect') return void res.writeHead(307, { location: fake.redirectTo }).end();
      if (behaviour === '401' || req.headers['x-hasura-admin-secret'] !== currentAdminSecret) {
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            errors: [
              { message: 'invalid x-hasura-admin-secret/x-hasura-access-key', extensions: { code: 'access-denied' } },
            ],
          }),
        );
      }
      const variables = fake.requests.at(-1)!.body.variables as { user: { id: string } };
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ data: { insert_users_one: { id: variables.user.id } } }));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  fake.url = `http://127.0.0.1:${address.port}/v1/graphql`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return fake;
}

const SUB = '0d3f5b1e-2222-4333-8444-555566667777';
const EMAIL = 'bruno@example.com';
let currentAdminSecret = 'test-admin-secret-1';
const secrets = new SecretsManagerClient(motoClientConfig());
let hasura: FakeHasura;
let secretArn = '';

function postAuthEvent() {
  return {
    version: '1',
    region: 'us-east-1',
    userPoolId: 'us-east-1_n8gO6SbP6',
    userName: 'bruno',
    triggerSource: 'PostAuthentication_Authentication',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'client-1' },
    request: { userAttributes: { sub: SUB, email: EMAIL, email_verified: 'true' }, newDeviceUsed: false },
    response: {},
  };
}

async function loadHandler(env: Record<string, string> = {}) {
  vi.resetModules();
  stubAwsEnv();
  vi.stubEnv('HASURA_SECRET_ARN', secretArn);
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  return (await import('../../../modules/cognito/functions/hasura-cognito-sync-users/src/index.js')).handler;
}

beforeAll(async () => {
  hasura = await startFakeHasura();
  const secret = await secrets.send(
    new CreateSecretCommand({
      Name: uniqueName('phenom-it/hasura'),
      SecretString: JSON.stringify({ graphql_endpoint: hasura.url, admin_secret: currentAdminSecret }),
    }),
  );
  secretArn = secret.ARN!;
});

afterEach(() => {
  hasura.requests.length = 0;
  hasura.script.length = 0;
  vi.unstubAllEnvs();
});

afterAll(async () => {
  await hasura.close();
});

describe('hasura-cognito-sync-users against moto and a loopback GraphQL endpoint', () => {
  it('upserts the user with the admin secret from Secrets Manager and logs the sub, not the e-mail', async () => {
    const handler = await loadHandler();
    const event = postAuthEvent();
    const { result, logs } = await captureLogs(() => handler(event));
    expect(result).toBe(event);
    expect(hasura.requests).toHaveLength(1);
    const [request] = hasura.requests;
    expect(request!.headers['x-hasura-admin-secret']).toBe('test-admin-secret-1');
    expect(request!.body.query).toContain('insert_users_one(object: $user, on_conflict: {constraint: users_pkey');
    expect(request!.body.variables).toEqual({ user: { id: SUB, email: EMAIL }, update_columns: ['email'] });
    expect(logs).toContain(`user ${SUB} synced to Hasura (attempt 1)`);
    expect(logs).not.toContain(EMAIL);
    expect(logs).not.toContain('test-admin-secret-1');
  });

  it('retries a 503 and succeeds', async () => {
    hasura.script.push('503');
    const handler = await loadHandler();
    const { logs } = await captureLogs(() => handler(postAuthEvent()));
    expect(hasura.requests).toHaveLength(2);
    expect(logs).toContain(`user ${SUB} synced to Hasura (attempt 2)`);
  });

  it('gives up on a hanging endpoint within SYNC_TIMEOUT_MS and lets the sign-in continue', async () => {
    hasura.script.push('hang', 'hang', 'hang');
    const handler = await loadHandler({ SYNC_TIMEOUT_MS: '400' });
    const started = Date.now();
    const event = postAuthEvent();
    const { result, logs } = await captureLogs(() => handler(event));
    const elapsed = Date.now() - started;
    expect(result).toBe(event);
    expect(elapsed).toBeLessThan(2500); // well inside the 5 s Cognito allows; the budget is 400 ms
    expect(logs).toMatch(
      new RegExp(`user ${SUB} not synced to Hasura after 1 attempt\\(s\\): no answer within 400 ms; sign-in continues`),
    );
    expect(logs).not.toContain(EMAIL);
  });

  it('never follows a redirect with the admin secret: a 307 is an error naming the status and the location', async () => {
    const elsewhere = await startFakeHasura(); // another origin (other port) that would collect the secret
    try {
      hasura.redirectTo = `${elsewhere.url}?from=redirect`;
      hasura.script.push('redirect');
      const handler = await loadHandler();
      const event = postAuthEvent();
      const { result, logs } = await captureLogs(() => handler(event));
      expect(result).toBe(event);
      expect(hasura.requests).toHaveLength(1); // a redirect is not retried either
      expect(elsewhere.requests).toHaveLength(0);
      expect(logs).toContain(
        `user ${SUB} not synced to Hasura after 1 attempt(s): HTTP 307 from the GraphQL endpoint redirects to ${elsewhere.url}?from=redirect; redirects are not followed (they would re-send the admin secret); sign-in continues`,
      );
      expect(logs).not.toContain('test-admin-secret');
    } finally {
      await elsewhere.close();
    }
  });

  it('caches the secret for 5 minutes but re-reads it once Hasura refuses the admin secret', async () => {
    const handler = await loadHandler();
    await captureLogs(() => handler(postAuthEvent()));
    // The admin secret is rotated: Hasura and Secrets Manager get the new one.
    currentAdminSecret = 'test-admin-secret-2';
    await secrets.send(
      new PutSecretValueCommand({
        SecretId: secretArn,
        SecretString: JSON.stringify({ graphql_endpoint: hasura.url, admin_secret: currentAdminSecret }),
      }),
    );

    const refused = await captureLogs(() => handler(postAuthEvent())); // still the cached, old secret
    expect(hasura.requests.at(-1)!.headers['x-hasura-admin-secret']).toBe('test-admin-secret-1');
    expect(refused.logs).toContain(
      'GraphQL error: invalid x-hasura-admin-secret/x-hasura-access-key; sign-in continues',
    );
    expect(refused.logs).not.toContain('test-admin-secret');

    const next = await captureLogs(() => handler(postAuthEvent())); // cache was dropped: new secret
    expect(hasura.requests.at(-1)!.headers['x-hasura-admin-secret']).toBe('test-admin-secret-2');
    expect(next.logs).toContain(`user ${SUB} synced to Hasura`);
  });

  it('does not block sign-in when the secret cannot be read', async () => {
    vi.resetModules();
    stubAwsEnv();
    vi.stubEnv('HASURA_SECRET_ARN', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:does-not-exist-AbCdEf');
    const { handler } = await import('../../../modules/cognito/functions/hasura-cognito-sync-users/src/index.js');
    const event = postAuthEvent();
    const { result, logs } = await captureLogs(() => handler(event));
    expect(result).toBe(event);
    expect(hasura.requests).toHaveLength(0);
    expect(logs).toMatch(new RegExp(`user ${SUB} not synced to Hasura: .*; sign-in continues`));
  });

  it('does not block sign-in when misconfigured', async () => {
    vi.resetModules();
    vi.stubEnv('HASURA_SECRET_ARN', '');
    const { handler } = await import('../../../modules/cognito/functions/hasura-cognito-sync-users/src/index.js');
    const event = postAuthEvent();
    const { result, logs } = await captureLogs(() => handler(event));
    expect(result).toBe(event);
    expect(logs).toContain(
      'hasura-cognito-sync-users: invalid environment: HASURA_SECRET_ARN: expected a secret ARN; sign-in continues without sync',
    );
  });
});
