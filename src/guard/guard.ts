/**
 * env-guard over the repository model: boundary violations, follow-ups, environments with
 * their backends, allow-listed findings, reads of shared environments and the parity report.
 * Pure apart from what the repository model reads; no process or GitHub I/O.
 */
import { LineIndex } from '../hcl/index.js';
import { silentLogger, type Logger } from '../lib/logger.js';
import type { Repository } from '../repo/index.js';
import { isWithin } from '../repo/index.js';
import type { GuardConfig, Ledger } from './config.js';
import { cmp, createContext, dedupeAndSort, type GuardContext } from './context.js';
import { applyAllowlist, isExpired, type SourceLines } from './matcher.js';
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
import type { AllowlistReport, Followup, GuardReport, Severity, Span, Violation } from './types.js';

/** Per environment name, the severity a rule's findings take there (instead of its default). */
export type SeverityOverrides = Readonly<Record<string, Readonly<Partial<Record<RuleId, Severity>>>>>;

export interface GuardOptions {
  ledger?: Ledger | undefined;
  logger?: Logger;
  /** Today (allow-list expiry); defaults to the current time. */
  now?: Date;
  /** Open follow-ups fail the run, and rules with a `strictSeverity` take it (also when the config says `strict: true`). */
  strict?: boolean;
  /** Over the environment model's `rules` of each environment. */
  severityOverrides?: SeverityOverrides;
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
  const policy: SeverityPolicy = {
    strict,
    overrides: mergeOverrides(modelOverrides(config), options.severityOverrides ?? {}),
    production: new Set(config.environments.filter((env) => env.production).map((env) => env.name)),
    outside: config.model.outside.rules as Partial<Record<RuleId, Severity>>,
    isOutside: await outsideTest(ctx),
  };
  const source = sourceLines(ctx);
  const [checked, followups, parity] = await Promise.all([
    Promise.all(RULE_IDS.filter((id) => !violationRule(id).afterAllowlist).map((id) => runRule(ctx, id, policy))),
    Promise.all(FOLLOWUP_RULE_IDS.map((id) => runFollowupRule(ctx, id))),
    parityReport(ctx),
  ]);
  const lines = await source.load([...checked.flat(), ...followups.flat()].map((f) => f.file));
  const outcome = applyAllowlist(
    checked.flat().map((v) => withEnd(v, lines)),
    config.allowlist,
    now,
    lines,
  );
  ctx.allowlist = outcome;
  const afterAllowlist = await Promise.all(
    RULE_IDS.filter((id) => violationRule(id).afterAllowlist).map((id) => runRule(ctx, id, policy)),
  );
  const allowlisted: AllowlistReport[] = config.allowlist.map((entry) => {
    const refs = outcome.references.get(entry);
    const expired = isExpired(entry, now);
    return {
      literal: entry.literal ?? null,
      rule: entry.rule ?? null,
      path: entry.path ?? null,
      env: entry.environment ?? null,
      reason: entry.reason,
      expires: entry.expires ?? null,
      expired,
      file: entry.file,
      line: entry.line,
      references: uniquePlaces(expired ? (refs?.afterExpiry ?? []) : (refs?.allowed ?? [])),
    };
  });
  return {
    violations: dedupeAndSort(
      [...outcome.violations, ...afterAllowlist.flat().map((v) => withEnd(v, lines))],
      (v) => v.rule,
    ),
    allowed: dedupeAndSort(
      outcome.allowed.map(({ violation, entry }) => ({
        ...violation,
        allowedBy: { reason: entry.reason, file: entry.file, line: entry.line, expires: entry.expires ?? null },
      })),
      (v) => v.rule,
    ),
    // Checklist order: open first, then by environment, id and place.
    followups: dedupeAndSort(
      followups.flat().map((f) => withEnd(f, lines)),
      (f) => f.id,
    ).sort(
      (a, b) =>
        cmp(a.status, b.status) ||
        cmp(a.env ?? '', b.env ?? '') ||
        cmp(a.id, b.id) ||
        cmp(a.file, b.file) ||
        a.line - b.line,
    ),
    environments: await environmentSummaries(ctx),
    allowlisted,
    sharedReads: [...ctx.sharedReads].sort(
      (a, b) => cmp(a.file, b.file) || a.line - b.line || a.column - b.column || cmp(a.target, b.target),
    ),
    parity,
    strict,
  };
}

interface SeverityPolicy {
  strict: boolean;
  overrides: SeverityOverrides;
  /** Environments whose PR plans run with production credentials (rules' productionSeverity). */
  production: ReadonlySet<string>;
  /** Severities for findings in files no environment owns and no root uses. */
  outside: Partial<Record<RuleId, Severity>>;
  isOutside(file: string): boolean;
}

/** The severities the environment model declares per environment. */
function modelOverrides(config: GuardConfig): SeverityOverrides {
  return Object.fromEntries(
    config.environments.map((env) => [env.name, env.rules as Partial<Record<RuleId, Severity>>]),
  );
}

function mergeOverrides(base: SeverityOverrides, over: SeverityOverrides): SeverityOverrides {
  const out: Record<string, Partial<Record<RuleId, Severity>>> = {};
  for (const [env, rules] of [...Object.entries(base), ...Object.entries(over)]) out[env] = { ...out[env], ...rules };
  return out;
}

/**
 * The severity a rule's findings take in an environment: its override there, else its severity
 * in a production environment, else its strict or default severity.
 */
export function ruleSeverity(
  id: RuleId,
  env: string | null,
  policy: Pick<SeverityPolicy, 'strict' | 'overrides'> & Partial<Pick<SeverityPolicy, 'production'>>,
): Severity {
  const rule = violationRule(id);
  const override = env === null ? undefined : policy.overrides[env]?.[id];
  const production = env !== null && policy.production?.has(env) ? rule.productionSeverity : undefined;
  return override ?? production ?? (policy.strict ? rule.strictSeverity : undefined) ?? rule.defaultSeverity;
}

async function runRule(ctx: GuardContext, id: RuleId, policy: SeverityPolicy): Promise<Violation[]> {
  const findings = await violationRule(id).check(ctx);
  return findings.map(({ severity, ...finding }) => {
    const outside = finding.env === null && policy.isOutside(finding.file) ? policy.outside[id] : undefined;
    return {
      rule: id,
      ...finding,
      endLine: finding.endLine ?? finding.line,
      endColumn: finding.endColumn ?? finding.column,
      severity: severity ?? outside ?? ruleSeverity(id, finding.env, policy),
    };
  });
}

async function runFollowupRule(ctx: GuardContext, id: FollowupRuleId): Promise<Followup[]> {
  const findings = await followupRule(id).check(ctx);
  return findings.map((finding) => ({
    ...finding,
    endLine: finding.line,
    endColumn: finding.column,
    rule: id,
    id: finding.id ?? id,
  }));
}

/**
 * Files outside every environment and every root's reach: not owned by an environment, not in
 * a root or a module directory any root uses (old examples, tooling).
 */
async function outsideTest(ctx: GuardContext): Promise<(file: string) => boolean> {
  const used = new Set<string>();
  for (const root of ctx.repo.roots) {
    used.add(root.dir);
    for (const module of await ctx.repo.modulesOf(root.dir)) used.add(module.dir);
  }
  return (file) => !ctx.envOfPath(file) && ![...used].some((dir) => isWithin(file, dir));
}

/** A file over the size limit is still read for the end of its finding's line up to this many times the limit. */
const SOURCE_LINES_LIMIT_FACTOR = 8;

/**
 * The lines of the files findings point at, read once through the repository model. A file far
 * over the size limit is not read for them either (a 500 MB file was read whole for the end
 * column of its finding): that finding then ends where it starts.
 */
function sourceLines(ctx: GuardContext): { load(files: string[]): Promise<SourceLines> } {
  const read = async (file: string): Promise<string | undefined> => {
    const content = await ctx.repo.content(file);
    if (content.kind === 'text') return content.text;
    return content.size <= content.limit * SOURCE_LINES_LIMIT_FACTOR ? ctx.repo.readText(file) : undefined;
  };
  return {
    async load(files) {
      const texts = new Map<string, string[]>();
      const known = new Set(ctx.repo.files.filter((f) => !f.symlink).map((f) => f.path));
      for (const file of new Set(files)) {
        if (!known.has(file)) continue;
        const text = await read(file).catch(() => undefined);
        if (text !== undefined && !text.slice(0, 8000).includes('\u0000')) texts.set(file, text.split(/\r?\n/));
      }
      return (file) => texts.get(file);
    },
  };
}

/** A point finding (end at its start) covers the rest of its line, so every result has a real range. */
function withEnd<T extends Span>(item: T, lines: SourceLines): T {
  if (item.endLine > item.line || (item.endLine === item.line && item.endColumn > item.column)) return item;
  const text = lines(item.file)?.[item.line - 1];
  const lineEnd = text === undefined ? item.column : new LineIndex(text).position(text.length).column;
  return { ...item, endLine: item.line, endColumn: Math.max(lineEnd, item.column + (text === undefined ? 0 : 1)) };
}

function uniquePlaces<T extends { file: string; line: number; column: number }>(places: readonly T[]): T[] {
  const seen = new Set<string>();
  return places
    .filter((p) => {
      const id = `${p.file}\0${p.line}\0${p.column}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    })
    .sort((a, b) => cmp(a.file, b.file) || a.line - b.line || a.column - b.column);
}

/** 0: no error-severity violation (and, when strict, no open follow-up); 1 otherwise. */
export function guardExitCode(report: GuardReport): 0 | 1 {
  if (report.violations.some((v) => v.severity === 'error')) return 1;
  if (report.strict && report.followups.some((f) => f.status === 'open')) return 1;
  return 0;
}
