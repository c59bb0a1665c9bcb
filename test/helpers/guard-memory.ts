/**
 * The guard over a repository held in memory (src/repo/memory-fs.ts): a base of two
 * environments with their own backends, plus the files and symlinks a case adds. Expected
 * positions come from plain string search in the case's own text, never from the code under
 * test.
 */
import { parseGuardConfig, runGuard, type GuardOptions, type GuardReport } from '../../src/guard/index.js';
import { createMemoryFileSystem, loadRepository, type LoadOptions } from '../../src/repo/index.js';

export const GUARD_CONFIG = `version: 1
environments:
  - name: production
    dir: environments/production
    prefixes: [phenom-prod]
    buckets: [phenom-prod-media]
    database_identifiers: [phenom-prod-postgres]
  - name: development
    dir: environments/development
    prefixes: [phenom-dev]
    buckets: [phenom-staging-media]
    database_identifiers: [phenom-dev-postgres]
allowlist:
  - literal: phenom-prod-postgres-clone-20260620
    environment: development
    reason: staging was restored from this production snapshot
`;

export const backendBlock = (key: string, bucket = 'phenom-tfstate') =>
  `terraform {\n  backend "s3" {\n    bucket = "${bucket}"\n    key    = "${key}"\n    region = "us-east-1"\n  }\n}\n`;

export const BASE_FILES: Readonly<Record<string, string>> = {
  'environments/production/backend.tf': backendBlock('production/terraform.tfstate'),
  'environments/production/main.tf': 'resource "aws_s3_bucket" "media" {\n  bucket = "phenom-prod-media"\n}\n',
  'environments/production/policy.json': '{}\n',
  'environments/development/backend.tf': backendBlock('development/terraform.tfstate'),
  'environments/development/main.tf': 'resource "aws_s3_bucket" "media" {\n  bucket = "phenom-staging-media"\n}\n',
};

export interface MemoryCase {
  files?: Record<string, string | Uint8Array>;
  links?: Record<string, string>;
  /** Files of the base to leave out. */
  without?: string[];
  load?: LoadOptions;
  guard?: GuardOptions;
  config?: string;
}

export async function guardMemory(c: MemoryCase = {}): Promise<GuardReport> {
  const files: Record<string, string | Uint8Array> = { ...BASE_FILES, ...c.files };
  for (const path of c.without ?? []) delete files[path];
  const repo = await loadRepository(createMemoryFileSystem(files, c.links ?? {}), c.load ?? {});
  return runGuard(repo, parseGuardConfig(c.config ?? GUARD_CONFIG, 'env-guard.yaml'), {
    now: new Date('2026-07-01T00:00:00Z'),
    ...c.guard,
  });
}

/** `line:column` (1-based) of the `nth` occurrence of `needle` in `text`. */
export function position(text: string, needle: string, nth = 1): string {
  let index = -1;
  for (let i = 0; i < nth; i += 1) {
    index = text.indexOf(needle, index + 1);
    if (index === -1) throw new Error(`'${needle}' (#${nth}) not found`);
  }
  const before = text.slice(0, index);
  return `${before.split('\n').length}:${index - (before.lastIndexOf('\n') + 1) + 1}`;
}

/** `file:line:column rule severity env` of every violation. */
export function lines(report: GuardReport): string[] {
  return report.violations.map((v) => `${v.file}:${v.line}:${v.column} ${v.rule} ${v.severity} ${v.env ?? '-'}`);
}
