import { z } from 'zod';
import { envInt, parseEnvironment } from '../../../../shared-functions/src/env.js';
import { validate } from '../../../../shared-functions/src/zod-issues.js';

export interface SyncConfig {
  hasuraSecretArn: string;
  secretCacheTtlSeconds: number;
  /** Time budget for the whole sync, all attempts included (Cognito waits 5 s for a trigger). */
  syncTimeoutMs: number;
}

const envSchema = z.object({
  HASURA_SECRET_ARN: z
    .string({ error: 'required: the ARN of the Hasura endpoint/admin-secret secret' })
    .min(1, 'expected a secret ARN'),
  SECRET_CACHE_TTL_SECONDS: envInt(300, { min: 0 }),
  SYNC_TIMEOUT_MS: envInt(3000, { min: 100, max: 4500 }),
});

export function parseSyncConfig(env: Record<string, string | undefined>): SyncConfig {
  const e = parseEnvironment('hasura-cognito-sync-users', envSchema, env);
  return {
    hasuraSecretArn: e.HASURA_SECRET_ARN,
    secretCacheTtlSeconds: e.SECRET_CACHE_TTL_SECONDS,
    syncTimeoutMs: e.SYNC_TIMEOUT_MS,
  };
}

export interface HasuraTarget {
  graphqlEndpoint: string;
  adminSecret: string;
}

const loopback = new Set(['localhost', '127.0.0.1', '[::1]']);
const secretSchema = z.object({
  graphql_endpoint: z
    .url({ protocol: /^https?$/ })
    .refine(
      (url) => URL.canParse(url) && (new URL(url).protocol === 'https:' || loopback.has(new URL(url).hostname)),
      'expected an https:// URL',
    ),
  admin_secret: z.string().min(1),
});

/**
 * The secret string `{"graphql_endpoint":"https://…/v1/graphql","admin_secret":"…"}`. Errors
 * name the secret and the fields, never a value.
 */
export function parseHasuraSecret(secretArn: string, secretString: string | undefined): HasuraTarget {
  const expected = 'expected JSON {"graphql_endpoint":"https://…/v1/graphql","admin_secret":"…"}';
  if (secretString === undefined) throw new Error(`secret ${secretArn} has no SecretString; ${expected}`);
  let json: unknown;
  try {
    json = JSON.parse(secretString);
  } catch {
    throw new Error(`secret ${secretArn} is not JSON; ${expected}`);
  }
  const parsed = validate(secretSchema, json, { all: true, values: false });
  if (!parsed.ok) throw new Error(`secret ${secretArn}: ${parsed.message}; ${expected}`);
  return { graphqlEndpoint: parsed.value.graphql_endpoint, adminSecret: parsed.value.admin_secret };
}
