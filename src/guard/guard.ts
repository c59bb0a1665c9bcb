/**
 * env-guard over the repository model: boundary violations, follow-ups, environments with
 * their backends, allow-listed references and the parity report. Pure apart from what the
 * repository model reads; no process or GitHub I/O.
 */
import { ConfigurationError } from '../lib/errors.js';
import { silentLogger, type Logger } from '../lib/logger.js';
import type { Repository } from '../repo/index.js';
import type { GuardConfig, Ledger } from './config.js';
import { cmp, createContext, dedupeAndSort, type GuardContext } from './context.js';
import { isExpired } from './matcher.js';
import { parityReport } from './parity.js';
import { environmentSummaries } from './rules/backends.js';
import {
  FOLLOWUP_RULE_IDS,
  followupRule,
  RULE_IDS,
  violationRule,
  type FollowupRuleId,
  type RuleId,
} from './rules/registry.js';
import type { AllowlistReport, Followup, GuardReport, Severity, Violation } from './types.js';

/** Per environment name, the severity a rule's findings take there (instead of its default). */
export type SeverityOverrides = Readonly<Record<string, Readonly<Partial<Record<RuleId, Severity>>>>>;

export interface GuardOptions {
  ledger?: Ledger | undefined;
  logger?: Logger;
  /** Today (allow-list expiry); defaults to the current time. */
  now?: Date;
  /** Open follow-ups fail the run, and rules with a `strictSeverity` take it (also when the config says `strict: true`). */
  strict?: boolean;
  severityOverrides?: SeverityOverrides;
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
  const strict = Boolean(options.strict) || config.strict;
  const ctx = createContext(repo, config, logger, now, options.ledger);
  ctx.envs.forEach((env, i) => {
    if (!env.main && env.roots.length === 0) {
      throw new ConfigurationError(
        `${options.configFile ?? 'env-guard.yaml'}: environments[${i}].dir: '${env.dir}' has no Terraform files under ${repo.rootDir}`,
      );
    }
  });
  const policy = { strict, overrides: options.severityOverrides ?? {} };
  const [violations, followups, parity] = await Promise.all([
    Promise.all(RULE_IDS.map((id) => runRule(ctx, id, policy))),
    Promise.all(FOLLOWUP_RULE_IDS.map((id) => runFollowupRule(ctx, id))),
    parityReport(ctx),
  ]);
  const allowlisted: AllowlistReport[] = config.allowlist.map((entry) => ({
    literal: entry.literal,
    env: entry.environment,
    reason: entry.reason,
    expires: entry.expires ?? null,
    expired: isExpired(entry, now),
    references: [...(ctx.references.get(entry) ?? [])].sort(
      (a, b) => cmp(a.file, b.file) || a.line - b.line || a.column - b.column,
    ),
  }));
  return {
    violations: dedupeAndSort(violations.flat(), (v) => v.rule),
    // Checklist order: open first, then by environment, id and place.
    followups: dedupeAndSort(followups.flat(), (f) => f.id).sort(
      (a, b) =>
        cmp(a.status, b.status) ||
        cmp(a.env ?? '', b.env ?? '') ||
        cmp(a.id, b.id) ||
        cmp(a.file, b.file) ||
        a.line - b.line,
    ),
    environments: await environmentSummaries(ctx),
    allowlisted,
    parity,
    strict,
  };
}

interface SeverityPolicy {
  strict: boolean;
  overrides: SeverityOverrides;
}

/** The severity a rule's findings take in an environment: its override there, else its strict or default severity. */
export function ruleSeverity(id: RuleId, env: string | null, policy: SeverityPolicy): Severity {
  const rule = violationRule(id);
  const override = env === null ? undefined : policy.overrides[env]?.[id];
  return override ?? (policy.strict ? rule.strictSeverity : undefined) ?? rule.defaultSeverity;
}

async function runRule(ctx: GuardContext, id: RuleId, policy: SeverityPolicy): Promise<Violation[]> {
  const findings = await violationRule(id).check(ctx);
  return findings.map(({ severity, ...finding }) => ({
    rule: id,
    ...finding,
    severity: severity ?? ruleSeverity(id, finding.env, policy),
  }));
}

async function runFollowupRule(ctx: GuardContext, id: FollowupRuleId): Promise<Followup[]> {
  const findings = await followupRule(id).check(ctx);
  return findings.map((finding) => ({ ...finding, rule: id, id: finding.id ?? id }));
}

/** 0: no error-severity violation (and, when strict, no open follow-up); 1 otherwise. */
export function guardExitCode(report: GuardReport): 0 | 1 {
  if (report.violations.some((v) => v.severity === 'error')) return 1;
  if (report.strict && report.followups.some((f) => f.status === 'open')) return 1;
  return 0;
}
