import { z } from 'zod';
import { envInt, envList, parseEnvironment } from '../../../../shared-functions/src/env.js';

/** Settings of the presigned-url-generator, read once per container from its environment. */
export interface GeneratorConfig {
  stagingBucket: string;
  passwordsSecretArn: string;
  maxUploadBytes: number;
  /** Larger files are uploaded in parts (multipart upload). */
  multipartThresholdBytes: number;
  urlExpirySeconds: number;
  /** Exact origins, or `*` for any. */
  allowedOrigins: readonly string[];
  secretCacheTtlSeconds: number;
}

const DEFAULT_MAX_UPLOAD_BYTES = 524_288_000; // 500 MB
const DEFAULT_MULTIPART_THRESHOLD_BYTES = 16_777_216; // 16 MB
/** S3's smallest part (but the last): a file below it gains nothing from parts. */
const MIN_MULTIPART_THRESHOLD_BYTES = 5_242_880;
const DEFAULT_URL_EXPIRY_SECONDS = 3600;
const DEFAULT_SECRET_CACHE_TTL_SECONDS = 300;
/** SigV4 pre-signed URLs cannot live longer than 7 days. */
const MAX_URL_EXPIRY_SECONDS = 604_800;

const origin = z
  .url({ protocol: /^https?$/, error: 'expected * or an origin like https://upload.example.com' })
  .refine(
    (value) => URL.canParse(value) && new URL(value).origin === value,
    'expected a bare origin (scheme://host[:port], no path or trailing slash)',
  );

const originList = envList([]).pipe(
  z.array(z.union([z.literal('*'), origin])).min(1, 'required: comma-separated origins allowed to call the API (or *)'),
);

const envSchema = z.object({
  STAGING_BUCKET: z.string({ error: 'required: the staging bucket name' }).min(3, 'expected a bucket name'),
  UPLOAD_PASSWORDS_SECRET_ARN: z
    .string({ error: 'required: the ARN of the upload-passwords secret' })
    .min(1, 'expected a secret ARN'),
  MAX_UPLOAD_BYTES: envInt(DEFAULT_MAX_UPLOAD_BYTES, { min: 1 }),
  MULTIPART_THRESHOLD_BYTES: envInt(DEFAULT_MULTIPART_THRESHOLD_BYTES, { min: MIN_MULTIPART_THRESHOLD_BYTES }),
  URL_EXPIRY_SECONDS: envInt(DEFAULT_URL_EXPIRY_SECONDS, { min: 1, max: MAX_URL_EXPIRY_SECONDS }),
  ALLOWED_ORIGINS: originList,
  SECRET_CACHE_TTL_SECONDS: envInt(DEFAULT_SECRET_CACHE_TTL_SECONDS, { min: 0 }),
});

/** Parses the function's environment; throws a one-line EnvironmentError naming every bad variable. */
export function parseGeneratorConfig(env: Record<string, string | undefined>): GeneratorConfig {
  const e = parseEnvironment('presigned-url-generator', envSchema, env);
  return {
    stagingBucket: e.STAGING_BUCKET,
    passwordsSecretArn: e.UPLOAD_PASSWORDS_SECRET_ARN,
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
    multipartThresholdBytes: e.MULTIPART_THRESHOLD_BYTES,
    urlExpirySeconds: e.URL_EXPIRY_SECONDS,
    allowedOrigins: e.ALLOWED_ORIGINS,
    secretCacheTtlSeconds: e.SECRET_CACHE_TTL_SECONDS,
  };
}
