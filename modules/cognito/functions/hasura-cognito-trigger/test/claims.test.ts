import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  HASURA_CLAIMS_NAMESPACE,
  hasuraClaims,
  parsePreTokenEvent,
  parseRoleConfig,
  withHasuraClaims,
} from '../src/claims.js';

/** The value at a path inside an untyped object (the handler's output is plain JSON). */
function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path)
    current = current && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined;
  return current;
}

const SUB = '8f1c2d3e-0000-4000-8000-00000000abcd';
const NS = 'https://hasura.io/jwt/claims';

/** Shapes as Cognito sends them (developer guide, "Pre token generation Lambda trigger"). */
function v1Event() {
  return {
    version: '1',
    triggerSource: 'TokenGeneration_Authentication',
    region: 'us-east-1',
    userPoolId: 'us-east-1_n8gO6SbP6',
    userName: 'ana',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'client-1' },
    request: {
      userAttributes: { sub: SUB, email: 'ana@example.com' },
      groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [] },
    },
    response: { claimsOverrideDetails: null },
  };
}
function v2Event() {
  return {
    ...v1Event(),
    version: '2',
    request: { ...v1Event().request, scopes: ['openid', 'email'] },
    response: { claimsAndScopeOverrideDetails: null },
  };
}

describe('parseRoleConfig', () => {
  it('defaults to role user', () => {
    expect(parseRoleConfig({})).toEqual({ defaultRole: 'user', allowedRoles: ['user'] });
  });
  it('always allows the default role', () => {
    expect(parseRoleConfig({ HASURA_DEFAULT_ROLE: 'viewer', HASURA_ALLOWED_ROLES: 'user, editor' })).toEqual({
      defaultRole: 'viewer',
      allowedRoles: ['viewer', 'user', 'editor'],
    });
  });
  it('rejects role names Hasura cannot use', () => {
    expect(() => parseRoleConfig({ HASURA_ALLOWED_ROLES: 'user,bad role' })).toThrow(
      /^hasura-cognito-trigger: invalid environment: HASURA_ALLOWED_ROLES\[1\]: expected role names/,
    );
  });
});

describe('withHasuraClaims', () => {
  const claims = hasuraClaims(SUB, { defaultRole: 'user', allowedRoles: ['user', 'editor'] });

  it('uses the namespace Hasura reads by default', () => {
    expect(HASURA_CLAIMS_NAMESPACE).toBe(NS);
  });

  it('V1: adds the claims as a JSON string to the ID token', () => {
    const out = withHasuraClaims(parsePreTokenEvent(v1Event()), claims);
    const value = at(out, 'response', 'claimsOverrideDetails', 'claimsToAddOrOverride', NS);
    expect(typeof value).toBe('string');
    expect(JSON.parse(String(value))).toEqual({
      'x-hasura-user-id': SUB,
      'x-hasura-default-role': 'user',
      'x-hasura-allowed-roles': ['user', 'editor'],
    });
    expect(out.userPoolId).toBe('us-east-1_n8gO6SbP6');
  });

  it('V2: adds the claims as an object to the ID and the access token', () => {
    const out = withHasuraClaims(parsePreTokenEvent(v2Event()), claims);
    expect(out.response).toEqual({
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: { claimsToAddOrOverride: { [NS]: claims } },
        accessTokenGeneration: { claimsToAddOrOverride: { [NS]: claims } },
      },
    });
    expect(JSON.stringify(out)).not.toContain('"claimsOverrideDetails"');
  });

  it('V2: keeps what another step already put in the response', () => {
    const event = {
      ...v2Event(),
      response: {
        claimsAndScopeOverrideDetails: {
          idTokenGeneration: { claimsToSuppress: ['email'] },
          accessTokenGeneration: { claimsToAddOrOverride: { tenant: 'phenom' }, scopesToAdd: ['phenom/upload'] },
          groupOverrideDetails: { groupsToOverride: ['editors'] },
        },
      },
    };
    const out = withHasuraClaims(parsePreTokenEvent(event), claims);
    expect(at(out, 'response', 'claimsAndScopeOverrideDetails')).toEqual({
      idTokenGeneration: { claimsToSuppress: ['email'], claimsToAddOrOverride: { [NS]: claims } },
      accessTokenGeneration: {
        claimsToAddOrOverride: { tenant: 'phenom', [NS]: claims },
        scopesToAdd: ['phenom/upload'],
      },
      groupOverrideDetails: { groupsToOverride: ['editors'] },
    });
  });

  it('V3 events are handled like V2', () => {
    const out = withHasuraClaims(parsePreTokenEvent({ ...v2Event(), version: '3' }), claims);
    expect(out.response).toHaveProperty('claimsAndScopeOverrideDetails.accessTokenGeneration');
  });
});

describe('handler', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    vi.resetModules();
  });

  async function load(env: Record<string, string>) {
    for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
    for (const level of ['info', 'warn', 'error'] as const) vi.spyOn(console, level).mockImplementation(() => {});
    return (await import('../src/index.js')).handler;
  }

  it('puts the Cognito sub and the configured roles into a V2 response', async () => {
    const handler = await load({ HASURA_DEFAULT_ROLE: 'user', HASURA_ALLOWED_ROLES: 'user,admin' });
    const out = await handler(v2Event());
    expect(
      at(out, 'response', 'claimsAndScopeOverrideDetails', 'accessTokenGeneration', 'claimsToAddOrOverride', NS),
    ).toEqual({
      'x-hasura-user-id': SUB,
      'x-hasura-default-role': 'user',
      'x-hasura-allowed-roles': ['user', 'admin'],
    });
  });

  it('never logs the e-mail', async () => {
    const handler = await load({});
    await handler(v1Event());
    const logged = [console.info, console.warn, console.error]
      .flatMap((fn) => vi.mocked(fn).mock.calls.map((c) => String(c[0])))
      .join('\n');
    expect(logged).toContain(SUB);
    expect(logged).not.toContain('ana@example.com');
  });

  it('returns the event without claims when there is no sub', async () => {
    const handler = await load({});
    const event = { ...v2Event(), request: { userAttributes: { email: 'ana@example.com' } } };
    const out = await handler(event);
    expect(out.response).toEqual({ claimsAndScopeOverrideDetails: null });
  });

  it('fails loudly on a bad role configuration', async () => {
    const handler = await load({ HASURA_ALLOWED_ROLES: 'x y' });
    await expect(handler(v2Event())).rejects.toThrow(/HASURA_ALLOWED_ROLES/);
  });
});
