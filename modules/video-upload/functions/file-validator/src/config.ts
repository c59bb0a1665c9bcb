import { z } from 'zod';
import { envBool, parseEnvironment } from '../../../../shared-functions/src/env.js';

export interface ValidatorConfig {
  finalBucket: string;
  clamav: { enabled: boolean; dbPath: string; clamscanPath: string };
}

const envSchema = z.object({
  FINAL_BUCKET: z.string({ error: 'required: the final bucket name' }).min(3, 'expected a bucket name'),
  CLAMAV_ENABLED: envBool(false),
  CLAMAV_DB_PATH: z.string().min(1).default('/opt/clamav'),
  CLAMSCAN_PATH: z.string().min(1).default('clamscan'),
});

export function parseValidatorConfig(env: Record<string, string | undefined>): ValidatorConfig {
  const e = parseEnvironment('file-validator', envSchema, env);
  return {
    finalBucket: e.FINAL_BUCKET,
    clamav: { enabled: e.CLAMAV_ENABLED, dbPath: e.CLAMAV_DB_PATH, clamscanPath: e.CLAMSCAN_PATH },
  };
}
