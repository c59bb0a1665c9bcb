/**
 * What a deployed Phenom stack must look like (the team's requirements for each service) in one
 * typed object. Every check reads its expected values from here (tests pass variants), so a
 * changed requirement is a change of this file only. Which environment-specific checks apply to an
 * environment is the environment model's (`verify:` in environments.yaml).
 */

/** Checks whose resource exists only in some environments; environments.yaml lists the ones each requires. */
export const ENVIRONMENT_CHECKS = ['rds.deletion-protection', 'waf.alb-association', 'elb.chat-mtls'] as const;
export type EnvironmentCheck = (typeof ENVIRONMENT_CHECKS)[number];

/** Which bucket outputs exist and what each bucket must have beyond "private and encrypted". */
export interface BucketExpectation {
  /** Short label used in messages. */
  label: string;
  /** Versioning must be `Enabled`. */
  versioning?: true;
  /** A whole-bucket lifecycle rule aborts incomplete multipart uploads after exactly this many days. */
  abortIncompleteMultipartUploadDays?: number;
  /**
   * A whole-bucket lifecycle rule expires objects after exactly this many days; on a versioned
   * bucket noncurrent versions must expire after the same number of days, so that nothing
   * outlives it.
   */
  expirationDays?: number;
}

export interface Expectations {
  ecs: {
    /** A service scaled below this serves nothing; 1 means "at least one task". */
    minDesiredCount: number;
  };
  rds: {
    engine: string;
    engineMajorVersion: number;
    /** Automated backup retention, exactly (the requirement: 7-day backups). */
    backupRetentionDays: number;
  };
  s3: {
    /** Any of these default-encryption algorithms counts as encrypted at rest. */
    sseAlgorithms: readonly string[];
    buckets: Readonly<Record<BucketOutput, BucketExpectation>>;
  };
  /** The upload API's web ACL: a rate-based rule aggregated per client that blocks. */
  uploadApiRateLimit: {
    aggregateKeyTypes: readonly string[];
  };
  cognito: {
    allowAdminCreateUserOnly: true;
    /** A floor: a longer minimum length passes. */
    minimumPasswordLength: number;
    requireLowercase: true;
    requireUppercase: true;
    requireNumbers: true;
    requireSymbols: true;
  };
  usagePlan: {
    quotaLimit: number;
    quotaPeriod: 'DAY' | 'WEEK' | 'MONTH';
    /** Steady-state requests per second. */
    rateLimit: number;
  };
  lambda: {
    /**
     * Node.js runtimes of AWS Lambda with the date AWS deprecates each (end of support,
     * ISO date). A runtime is supported before that date; any runtime not listed fails.
     * Source: AWS Lambda runtime tables (see ../shared/research/aws-facts.md §5).
     */
    nodeRuntimeDeprecation: Readonly<Record<string, string>>;
    /** A supported runtime closer than this to its deprecation date passes with a warning in the reason. */
    warnDaysBeforeDeprecation: number;
  };
  chatListener: {
    mutualAuthenticationMode: 'verify';
  };
}

export const BUCKET_OUTPUTS = [
  's3_bucket_name',
  'video_staging_bucket',
  'video_final_bucket',
  'video_client_hosting_bucket',
] as const;
export type BucketOutput = (typeof BUCKET_OUTPUTS)[number];

export const EXPECTATIONS: Expectations = {
  ecs: { minDesiredCount: 1 },
  rds: {
    engine: 'postgres',
    engineMajorVersion: 17,
    backupRetentionDays: 7,
  },
  s3: {
    sseAlgorithms: ['AES256', 'aws:kms', 'aws:kms:dsse'],
    buckets: {
      s3_bucket_name: { label: 'general storage', versioning: true, abortIncompleteMultipartUploadDays: 7 },
      video_staging_bucket: { label: 'video staging', expirationDays: 1 },
      video_final_bucket: { label: 'video final' },
      video_client_hosting_bucket: { label: 'upload page hosting' },
    },
  },
  uploadApiRateLimit: { aggregateKeyTypes: ['IP', 'FORWARDED_IP'] },
  cognito: {
    allowAdminCreateUserOnly: true,
    minimumPasswordLength: 8,
    requireLowercase: true,
    requireUppercase: true,
    requireNumbers: true,
    requireSymbols: true,
  },
  usagePlan: { quotaLimit: 10_000, quotaPeriod: 'DAY', rateLimit: 10 },
  lambda: {
    nodeRuntimeDeprecation: {
      'nodejs18.x': '2025-09-01',
      'nodejs20.x': '2026-04-30',
      'nodejs22.x': '2027-04-30',
      'nodejs24.x': '2028-04-30',
    },
    warnDaysBeforeDeprecation: 90,
  },
  chatListener: { mutualAuthenticationMode: 'verify' },
};
