/**
 * The deploy artifacts work: each function bundled exactly as `npm run build` does (into a
 * temp directory, so no earlier build is needed) loads as an ES module and answers as its
 * source does. Catches bundling problems (CommonJS dependencies, ESM-only file-type, missing
 * exports) that tests of the TypeScript sources cannot see.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { bundle, bundleTargets } from '../../../scripts/build.js';
import { repoRoot } from '../../../scripts/lib/tools.js';
import { apiGatewayEvent, captureLogs, s3Event } from './aws.js';

const outDir = mkdtempSync(join(tmpdir(), 'bundles-'));
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(outDir, { recursive: true, force: true });
});

const ours = ['presigned-url-generator', 'file-validator', 'hasura-cognito-trigger', 'hasura-cognito-sync-users'];

async function built(name: string): Promise<{ handler: (event: unknown) => Promise<unknown> }> {
  const target = bundleTargets().find((t) => t.kind === 'function' && t.entry.includes(`/functions/${name}/src/`));
  if (!target) throw new Error(`no build target for ${name}`);
  expect(relative(repoRoot, target.outfile)).toMatch(
    new RegExp(`^modules/[a-z-]+/functions/${name}/dist/index\\.mjs$`),
  );
  const outfile = join(outDir, name, 'index.mjs');
  await bundle({ ...target, outfile });
  return (await import(pathToFileURL(outfile).href)) as { handler: (event: unknown) => Promise<unknown> };
}

describe('function bundles', () => {
  it('has a build target for each of the four functions, at the path the modules zip', () => {
    const names = bundleTargets()
      .filter((t) => t.kind === 'function')
      .map((t) => relative(repoRoot, t.outfile));
    for (const name of ours) expect(names.some((n) => n.includes(`/functions/${name}/dist/index.mjs`))).toBe(true);
  });

  it('hasura-cognito-trigger bundle adds the claims to a V2 event', async () => {
    const { handler } = await built('hasura-cognito-trigger');
    const { result } = await captureLogs(() =>
      handler({
        version: '2',
        triggerSource: 'TokenGeneration_Authentication',
        request: { userAttributes: { sub: 'sub-1' } },
        response: { claimsAndScopeOverrideDetails: null },
      }),
    );
    expect(result).toMatchObject({
      response: {
        claimsAndScopeOverrideDetails: {
          accessTokenGeneration: {
            claimsToAddOrOverride: { 'https://hasura.io/jwt/claims': { 'x-hasura-user-id': 'sub-1' } },
          },
        },
      },
    });
  });

  it('presigned-url-generator bundle answers a preflight and a bad request with CORS', async () => {
    vi.stubEnv('STAGING_BUCKET', 'bundle-staging');
    vi.stubEnv('UPLOAD_PASSWORDS_SECRET_ARN', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:bundle');
    vi.stubEnv('ALLOWED_ORIGINS', '*');
    const { handler } = await built('presigned-url-generator');
    const { result: preflight } = await captureLogs(() => handler(apiGatewayEvent({ method: 'OPTIONS' })));
    expect(preflight).toMatchObject({ statusCode: 204, headers: { 'Access-Control-Allow-Origin': '*' } });
    const { result: bad } = await captureLogs(() => handler(apiGatewayEvent({ method: 'POST', body: '{' })));
    expect(bad).toMatchObject({ statusCode: 400, headers: { 'Access-Control-Allow-Origin': '*' } });
  });

  it('file-validator bundle loads file-type and handles an empty event', async () => {
    vi.stubEnv('FINAL_BUCKET', 'bundle-final');
    const { handler } = await built('file-validator');
    expect(await handler(s3Event())).toEqual({ records: [] });
  });

  it('hasura-cognito-sync-users bundle never blocks sign-in, even unconfigured', async () => {
    vi.stubEnv('HASURA_SECRET_ARN', '');
    const { handler } = await built('hasura-cognito-sync-users');
    const event = {
      triggerSource: 'PostAuthentication_Authentication',
      request: { userAttributes: { sub: 'sub-1' } },
      response: {},
    };
    const { result, logs } = await captureLogs(() => handler(event));
    expect(result).toBe(event);
    expect(logs).toContain('sign-in continues without sync');
  });
});
