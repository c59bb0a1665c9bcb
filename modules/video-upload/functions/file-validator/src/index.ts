/**
 * Lambda entry of the file-validator (S3 ObjectCreated notifications of the staging bucket).
 * Environment: FINAL_BUCKET, CLAMAV_ENABLED ("true"/"false", default false), CLAMAV_DB_PATH
 * (/opt/clamav), CLAMSCAN_PATH (clamscan). The S3 client honours AWS_ENDPOINT_URL.
 *
 * Result: `{ records: [{ key, outcome, … }] }`; if any record failed, the invocation throws
 * after handling every record (see processEvent), so Lambda retries the event.
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { lambdaLogger } from '../../../../shared-functions/src/logger.js';
import { clamscan } from './clamav.js';
import { parseValidatorConfig } from './config.js';
import { processEvent, type EventResult, type ValidatorDeps } from './process.js';

const logger = lambdaLogger;
let deps: ValidatorDeps | undefined;

function buildDeps(env: NodeJS.ProcessEnv): ValidatorDeps {
  const config = parseValidatorConfig(env);
  const { clamav } = config;
  return {
    s3: new S3Client({}),
    finalBucket: config.finalBucket,
    logger,
    scan: clamav.enabled
      ? (file) => clamscan(file, { clamscanPath: clamav.clamscanPath, dbPath: clamav.dbPath })
      : undefined,
  };
}

export async function handler(event: S3Event): Promise<EventResult> {
  // A bad environment throws here: Lambda reports the error and retries; nothing is deleted.
  deps ??= buildDeps(process.env);
  return processEvent(event, deps);
}
