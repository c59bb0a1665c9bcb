/**
 * The guard over a repository held in memory (src/repo/memory-fs.ts): a base of two
 * environments with their own backends, plus the files and symlinks a case adds. Expected
 * positions come from plain string search in the case's own text, never from the code under
 * test.
 */
import { guardConfig, parseGuardConfig, runGuard, type GuardOptions, type GuardReport } from '../../src/guard/index.js';
import { parseEnvironmentModel, repositoryOptions } from '../../src/model/index.js';
import { createMemoryFileSystem, loadRepository, type FileSystem, type LoadOptions } from '../../src/repo/index.js';

/** The environment model of the base (environments.yaml). */
export const ENVIRONMENTS_MODEL = `version: 1
environments:
  - name: production
    roots: [environments/production]
    identifiers:
      prefixes: [phenom-prod]
      buckets: [phenom-prod-media]
      database_identifiers: [phenom-prod-postgres]
  - name: development
    roots: [environments/development]
    identifiers:
      prefixes: [phenom-dev]
      buckets: [phenom-staging-media]
      database_identifiers: [phenom-dev-postgres]
`;

/** env-guard.yaml of the base: no exceptions (cases append an `allowlist`). */
export const GUARD_CONFIG = `version: 1
`;

/** An allow-list of the snapshot staging was restored from (append to GUARD_CONFIG). */
export const SNAPSHOT_ALLOW = `allowlist:
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
  /** env-guard.yaml; default GUARD_CONFIG. */
  config?: string;
  /** environments.yaml; default ENVIRONMENTS_MODEL. */
  model?: string;
  /** Wraps the in-memory file system (to watch what is read). */
  fs?: (fs: FileSystem) => FileSystem;
}

export async function guardMemory(c: MemoryCase = {}): Promise<GuardReport> {
  const files: Record<string, string | Uint8Array> = { ...BASE_FILES, ...c.files };
  for (const path of c.without ?? []) delete files[path];
  const model = parseEnvironmentModel(c.model ?? ENVIRONMENTS_MODEL, 'environments.yaml');
  const memory = createMemoryFileSystem(files, c.links ?? {});
  const fs = c.fs ? c.fs(memory) : memory;
  const repo = await loadRepository(fs, { ...repositoryOptions(model), ...c.load });
  const config = guardConfig(parseGuardConfig(c.config ?? GUARD_CONFIG, 'env-guard.yaml'), model);
  return runGuard(repo, config, {
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
