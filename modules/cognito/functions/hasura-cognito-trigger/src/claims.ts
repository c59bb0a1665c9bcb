import { z } from 'zod';
import { envList, parseEnvironment } from '../../../../shared-functions/src/env.js';
import { validate } from '../../../../shared-functions/src/zod-issues.js';

/** Where Hasura looks for its claims in a JWT (the default `claims_namespace`). */
export const HASURA_CLAIMS_NAMESPACE = 'https://hasura.io/jwt/claims';

export interface HasuraClaims {
  'x-hasura-user-id': string;
  'x-hasura-default-role': string;
  'x-hasura-allowed-roles': string[];
}

export interface RoleConfig {
  defaultRole: string;
  /** Always contains defaultRole (Hasura rejects a token whose default role is not allowed). */
  allowedRoles: string[];
}

const role = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'expected role names of letters, digits, _ and -');
const envSchema = z.object({
  HASURA_DEFAULT_ROLE: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : 'user'))
    .pipe(role),
  HASURA_ALLOWED_ROLES: envList(['user']).pipe(z.array(role).min(1, 'expected at least one role')),
});

export function parseRoleConfig(env: Record<string, string | undefined>): RoleConfig {
  const { HASURA_DEFAULT_ROLE: defaultRole, HASURA_ALLOWED_ROLES: allowed } = parseEnvironment(
    'hasura-cognito-trigger',
    envSchema,
    env,
  );
  return { defaultRole, allowedRoles: [...new Set([defaultRole, ...allowed])] };
}

export function hasuraClaims(sub: string, roles: RoleConfig): HasuraClaims {
  return {
    'x-hasura-user-id': sub,
    'x-hasura-default-role': roles.defaultRole,
    'x-hasura-allowed-roles': [...roles.allowedRoles],
  };
}

/**
 * The parts of a pre token generation event we read. V1 (`version` "1") customises the ID
 * token through `response.claimsOverrideDetails`; V2/V3 both tokens through
 * `response.claimsAndScopeOverrideDetails`. Everything else is passed through unchanged.
 */
const eventSchema = z.looseObject({
  version: z.string().optional(),
  triggerSource: z.string(),
  request: z.looseObject({ userAttributes: z.record(z.string(), z.string()) }),
  response: z.looseObject({}).nullish(),
});
export type PreTokenEvent = z.infer<typeof eventSchema>;

export function parsePreTokenEvent(event: unknown): PreTokenEvent {
  const result = validate(eventSchema, event, { all: true, values: false });
  if (!result.ok) throw new Error(`not a pre token generation event: ${result.message}`);
  return result.value;
}

/** Event version 2 or 3 can customise the access token too. */
export function isV2Event(event: PreTokenEvent): boolean {
  return Number(event.version ?? '1') >= 2;
}

type Json = Record<string, unknown>;
const asObject = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};

/**
 * The event with the Hasura claims added, existing response fields kept.
 * - V1: `claimsOverrideDetails.claimsToAddOrOverride` takes string values only, so the claims
 *   are a JSON string (Hasura: `claims_format: "stringified_json"`); ID token only.
 * - V2/V3: `claimsAndScopeOverrideDetails.{idTokenGeneration,accessTokenGeneration}` take JSON
 *   values, so the claims are an object (Hasura's default `claims_format: "json"`) in both tokens.
 */
export function withHasuraClaims(event: PreTokenEvent, claims: HasuraClaims): PreTokenEvent {
  const response = asObject(event.response);
  if (isV2Event(event)) {
    const details = asObject(response.claimsAndScopeOverrideDetails);
    const add = (token: unknown) => {
      const generation = asObject(token);
      return {
        ...generation,
        claimsToAddOrOverride: { ...asObject(generation.claimsToAddOrOverride), [HASURA_CLAIMS_NAMESPACE]: claims },
      };
    };
    return {
      ...event,
      response: {
        ...response,
        claimsAndScopeOverrideDetails: {
          ...details,
          idTokenGeneration: add(details.idTokenGeneration),
          accessTokenGeneration: add(details.accessTokenGeneration),
        },
      },
    };
  }
  const details = asObject(response.claimsOverrideDetails);
  return {
    ...event,
    response: {
      ...response,
      claimsOverrideDetails: {
        ...details,
        claimsToAddOrOverride: {
          ...asObject(details.claimsToAddOrOverride),
          [HASURA_CLAIMS_NAMESPACE]: JSON.stringify(claims),
        },
      },
    },
  };
}
