/**
 * Lambda entry of hasura-cognito-sync-users (Cognito post authentication).
 * Environment: HASURA_SECRET_ARN (secret string `{"graphql_endpoint","admin_secret"}`),
 * SECRET_CACHE_TTL_SECONDS (300), SYNC_TIMEOUT_MS (3000: budget for all attempts; Cognito
 * gives a trigger 5 s). The Secrets Manager client honours AWS_ENDPOINT_URL.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { errorMessage } from '../../../../shared-functions/src/errors.js';
import { lambdaLogger } from '../../../../shared-functions/src/logger.js';
import { createTtlCache } from '../../../../shared-functions/src/ttl-cache.js';
import { parseHasuraSecret, parseSyncConfig } from './config.js';
import { createSyncHandler, type PostAuthenticationEvent } from './handler.js';

const logger = lambdaLogger;
let sync: ReturnType<typeof createSyncHandler> | undefined;

function buildSync(env: NodeJS.ProcessEnv) {
  const config = parseSyncConfig(env);
  const secrets = new SecretsManagerClient({});
  const target = createTtlCache(
    async () => {
      const result = await secrets.send(new GetSecretValueCommand({ SecretId: config.hasuraSecretArn }));
      return parseHasuraSecret(config.hasuraSecretArn, result.SecretString);
    },
    { ttlMs: config.secretCacheTtlSeconds * 1000 },
  );
  return createSyncHandler({
    target: () => target.get(),
    forgetTarget: () => target.clear(),
    logger,
    upsert: { budgetMs: config.syncTimeoutMs },
  });
}

export async function handler<E extends PostAuthenticationEvent>(event: E): Promise<E> {
  try {
    sync ??= buildSync(process.env);
  } catch (error) {
    // Misconfigured: log it loudly, but never block the sign-in.
    logger.error(`${errorMessage(error)}; sign-in continues without sync`);
    return event;
  }
  return sync(event);
}
