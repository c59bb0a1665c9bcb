/**
 * Lambda entry of hasura-cognito-trigger (Cognito pre token generation, event V1 or V2/V3).
 * Environment: HASURA_DEFAULT_ROLE (default `user`), HASURA_ALLOWED_ROLES (comma-separated,
 * default `user`; the default role is always allowed). Adds under
 * `https://hasura.io/jwt/claims`: x-hasura-user-id (the Cognito sub), x-hasura-default-role,
 * x-hasura-allowed-roles.
 */
import { lambdaLogger } from '../../../../shared-functions/src/logger.js';
import {
  hasuraClaims,
  isV2Event,
  parsePreTokenEvent,
  parseRoleConfig,
  withHasuraClaims,
  type PreTokenEvent,
  type RoleConfig,
} from './claims.js';

const logger = lambdaLogger;
let roles: RoleConfig | undefined;

export async function handler(event: unknown): Promise<PreTokenEvent> {
  // A bad environment throws: sign-in fails loudly instead of issuing tokens with wrong roles.
  roles ??= parseRoleConfig(process.env);
  const parsed = parsePreTokenEvent(event);
  const sub = parsed.request.userAttributes.sub;
  if (!sub) {
    // Without a sub there is no user id to give Hasura; a token without Hasura claims grants nothing there.
    logger.error(`${parsed.triggerSource}: no sub in userAttributes; Hasura claims not added`);
    return parsed;
  }
  logger.info(
    `${parsed.triggerSource} (event v${parsed.version ?? '1'}): Hasura claims for ${sub}${isV2Event(parsed) ? ' in ID and access token' : ' in ID token'}`,
  );
  return withHasuraClaims(parsed, hasuraClaims(sub, roles));
}
