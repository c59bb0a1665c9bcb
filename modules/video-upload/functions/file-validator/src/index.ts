/**
 * Lambda entry of the file-validator (S3 ObjectCreated notifications of the staging bucket).
 * Environment: FINAL_BUCKET, CLAMAV_ENABLED ("true"/"false", default false), CLAMAV_DB_PATH
 * (/opt/clamav), CLAMSCAN_PATH (clamscan). The S3 client honours AWS_ENDPOINT_URL.
 *
 * Result: `{ records: [{ key, outcome, … }] }`; if any record failed, the invocation throws
 * after handling every record (see processEvent), so Lambda retries the event.
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { Context, S3Event } from 'aws-lambda';
import { lambdaLogger } from '../../../../shared-functions/src/logger.js';
import { clamscan, scanTimeoutMs } from './clamav.js';
import { parseValidatorConfig, type ValidatorConfig } from './config.js';
import { processEvent, type EventResult, type ValidatorDeps } from './process.js';

const logger = lambdaLogger;
let built: { deps: ValidatorDeps; clamav: ValidatorConfig['clamav'] } | undefined;

function buildDeps(env: NodeJS.ProcessEnv): NonNullable<typeof built> {
  const config = parseValidatorConfig(env);
  return { deps: { s3: new S3Client({}), finalBucket: config.finalBucket, logger }, clamav: config.clamav };
}

/** Time left in the invocation, as Lambda's context gives it. */
export type Deadline = Pick<Context, 'getRemainingTimeInMillis'>;

/**
 * The scan of one invocation: each file's time limit is what the invocation has left when its scan
 * starts (scanTimeoutMs), since the function's timeout (file_validator_timeout) is usually shorter
 * than clamscan's default.
 */
export function scanWithin(clamav: ValidatorConfig['clamav'], deadline?: Deadline) {
  return (file: string) =>
    clamscan(file, {
      clamscanPath: clamav.clamscanPath,
      dbPath: clamav.dbPath,
      ...(deadline ? { timeoutMs: scanTimeoutMs(deadline.getRemainingTimeInMillis()) } : {}),
    });
}

export async function handler(event: S3Event, context?: Deadline): Promise<EventResult> {
  // A bad environment throws here: Lambda reports the error and retries; nothing is deleted.
  built ??= buildDeps(process.env);
  const { deps, clamav } = built;
  return processEvent(event, clamav.enabled ? { ...deps, scan: scanWithin(clamav, context) } : deps);
}
