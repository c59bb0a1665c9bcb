/**
 * Lambda entry of the presigned-url-generator (API Gateway REST proxy integration).
 * Environment: STAGING_BUCKET, UPLOAD_PASSWORDS_SECRET_ARN, MAX_UPLOAD_BYTES (524288000),
 * MULTIPART_THRESHOLD_BYTES (16777216), URL_EXPIRY_SECONDS (3600), ALLOWED_ORIGINS
 * (comma-separated or *), SECRET_CACHE_TTL_SECONDS (300).
 * The AWS clients honour AWS_ENDPOINT_URL (SDK v3; an IP endpoint gets path-style S3 URLs),
 * which is how the tests point the real handler at moto.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { envList } from '../../../../shared-functions/src/env.js';
import { errorMessage } from '../../../../shared-functions/src/errors.js';
import { lambdaLogger } from '../../../../shared-functions/src/logger.js';
import { createTtlCache } from '../../../../shared-functions/src/ttl-cache.js';
import { parseGeneratorConfig } from './config.js';
import { corsHeaders, headerValue } from './cors.js';
import { createGenerator, type ApiHandler } from './handler.js';
import { loadUploadPasswords } from './secret.js';

const logger = lambdaLogger;
let generator: ApiHandler | undefined;

/** Built on the first invocation (not at import), so a bad environment becomes a logged 500. */
function buildGenerator(env: NodeJS.ProcessEnv): ApiHandler {
  const config = parseGeneratorConfig(env);
  const secrets = new SecretsManagerClient({});
  const passwords = createTtlCache(() => loadUploadPasswords(secrets, config.passwordsSecretArn), {
    ttlMs: config.secretCacheTtlSeconds * 1000,
  });
  // WHEN_REQUIRED: otherwise the SDK puts a CRC32 of the empty body into the URL, and S3
  // rejects the real upload with a checksum mismatch.
  const s3 = new S3Client({ requestChecksumCalculation: 'WHEN_REQUIRED' });
  return createGenerator({ config, s3, passwords: () => passwords.get(), logger });
}

export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  try {
    generator ??= buildGenerator(process.env);
  } catch (error) {
    logger.error(errorMessage(error));
    // Not validated (the configuration failed), but enough for this 500's CORS headers.
    const origins = envList([]).parse(process.env.ALLOWED_ORIGINS);
    return {
      statusCode: 500,
      headers: { ...corsHeaders(headerValue(event.headers, 'origin'), origins), 'Content-Type': 'application/json' },
      body: JSON.stringify({ error: 'The upload service is misconfigured; see its logs.' }),
    };
  }
  return generator(event);
}
