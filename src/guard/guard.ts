/**
 * env-guard over the repository model: boundary violations, follow-ups, environments with
 * their backends, allow-listed references and the parity report. Pure apart from what the
 * repository model reads; no process or GitHub I/O.
 */
import { stat } from 'node:fs/promises';
import { ConfigurationError } from '../lib/errors.js';
import { silentLogger, type Logger } from '../lib/logger.js';
import { loadRepository, type Repository } from '../repo/index.js';
import { readGuardConfig, type GuardConfig, type Ledger } from './config.js';
import { cmp, createContext, dedupeAndSort } from './context.js';
import { ledgerFollowups, snapshotFollowups } from './followups.js';
import { isExpired } from './matcher.js';
import { parityReport } from './parity.js';
import { checkBackends, environmentSummaries, rootStates } from './rules/backends.js';
import { checkForeignIdentifiers } from './rules/foreign-identifier.js';
import { checkParseErrors } from './rules/parse-error.js';
import { checkPathEscape } from './rules/path-escape.js';
import { checkRemoteState } from './rules/remote-state.js';
import type { AllowlistReport, GuardReport } from './types.js';

export interface GuardOptions {
  ledger?: Ledger | undefined;
  logger?: Logger;
  /** Today (allow-list expiry); defaults to the current time. */
  now?: Date;
  /** Open follow-ups fail the run (also when the config says `strict: true`). */
  strict?: boolean;
  /** Name of the config file in messages. */
  configFile?: string;
}

export async function runGuard(
  repo: Repository,
  config: GuardConfig,
  options: GuardOptions = {},
): Promise<GuardReport> {
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? new Date();
  const ctx = createContext(repo, config, logger, now);
  ctx.envs.forEach((env, i) => {
    if (!env.main && env.roots.length === 0) {
      throw new ConfigurationError(
        `${options.configFile ?? 'env-guard.yaml'}: environments[${i}].dir: '${env.dir}' has no Terraform files under ${repo.rootDir}`,
      );
    }
  });
  const states = await rootStates(ctx);
  const [parseErrors, remoteState, pathEscape, foreign, snapshots, ledger, parity] = await Promise.all([
    checkParseErrors(ctx),
    checkRemoteState(ctx, states),
    checkPathEscape(ctx),
    checkForeignIdentifiers(ctx),
    snapshotFollowups(ctx),
    ledgerFollowups(ctx, options.ledger),
    parityReport(ctx),
  ]);
  const violations = dedupeAndSort(
    [...parseErrors, ...remoteState, ...pathEscape, ...checkBackends(ctx, states), ...foreign.violations],
    (v) => v.rule,
  );
  const allowlisted: AllowlistReport[] = config.allowlist.map((entry) => ({
    literal: entry.literal,
    env: entry.environment,
    reason: entry.reason,
    expires: entry.expires ?? null,
    expired: isExpired(entry, now),
    references: [...(foreign.references.get(entry) ?? [])].sort(
      (a, b) => cmp(a.file, b.file) || a.line - b.line || a.column - b.column,
    ),
  }));
  return {
    violations,
    // Checklist order: open first, then by environment, id and place.
    followups: dedupeAndSort([...snapshots, ...ledger], (f) => f.id).sort(
      (a, b) =>
        cmp(a.status, b.status) ||
        cmp(a.env ?? '', b.env ?? '') ||
        cmp(a.id, b.id) ||
        cmp(a.file, b.file) ||
        a.line - b.line,
    ),
    environments: environmentSummaries(ctx, states),
    allowlisted,
    parity,
    strict: Boolean(options.strict) || config.strict,
  };
}

/** 0: no error-severity violation (and, when strict, no open follow-up); 1 otherwise. */
export function guardExitCode(report: GuardReport): 0 | 1 {
  if (report.violations.some((v) => v.severity === 'error')) return 1;
  if (report.strict && report.followups.some((f) => f.status === 'open')) return 1;
  return 0;
}

export interface GuardRun {
  report: GuardReport;
  repo: Repository;
  configFile: string;
}

/** Loads the config (default `<root>/env-guard.yaml`), its ledger and the repository, then runs the guard. */
export async function guardRoot(
  root: string,
  options: Omit<GuardOptions, 'ledger' | 'configFile'> & {
    config?: string | undefined;
    /** How the user names the config option in messages. */ configSource?: string;
  } = {},
): Promise<GuardRun> {
  let isDirectory = false;
  try {
    isDirectory = (await stat(root)).isDirectory();
  } catch {
    isDirectory = false;
  }
  if (!isDirectory) throw new ConfigurationError(`root '${root}' is not a readable directory`);
  const { config, ledger, configFile } = await readGuardConfig(root, options.config, options.configSource);
  const repo = await loadRepository(root);
  const report = await runGuard(repo, config, { ...options, ledger, configFile });
  return { report, repo, configFile };
}
