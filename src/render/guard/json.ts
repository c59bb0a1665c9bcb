/** `--format json`: the documented shape (internal fields such as fingerprint keys left out). */
import type { GuardReport } from '../../guard/types.js';
import { maskReport } from './mask.js';
import { counts } from './counts.js';

interface JsonViolation {
  rule: string;
  severity: 'error' | 'warning';
  env: string | null;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

export interface GuardJson {
  violations: JsonViolation[];
  /** Findings an allow-list entry allows (they do not fail the run). */
  allowed: (JsonViolation & { allowedBy: GuardReport['allowed'][number]['allowedBy'] })[];
  followups: {
    id: string;
    env: string | null;
    status: 'open' | 'resolved';
    file: string;
    line: number;
    message: string;
  }[];
  environments: GuardReport['environments'];
  allowlisted: GuardReport['allowlisted'];
  sharedReads: GuardReport['sharedReads'];
  parity: GuardReport['parity'];
  summary: {
    errors: number;
    warnings: number;
    openFollowups: number;
    resolvedFollowups: number;
    strict: boolean;
    exitCode: 0 | 1;
  };
}

export function toGuardJson(unmasked: GuardReport, exitCode: 0 | 1): GuardJson {
  const report = maskReport(unmasked);
  const c = counts(report);
  return {
    violations: report.violations.map(violationJson),
    allowed: report.allowed.map((v) => ({ ...violationJson(v), allowedBy: v.allowedBy })),
    followups: report.followups.map(({ id, env, status, file, line, message }) => ({
      id,
      env,
      status,
      file,
      line,
      message,
    })),
    environments: report.environments,
    allowlisted: report.allowlisted,
    sharedReads: report.sharedReads,
    parity: report.parity,
    summary: {
      errors: c.errors,
      warnings: c.warnings,
      openFollowups: c.open,
      resolvedFollowups: c.resolved,
      strict: report.strict,
      exitCode,
    },
  };
}

function violationJson(v: GuardReport['violations'][number]): JsonViolation {
  const { rule, severity, env, file, line, column, endLine, endColumn, message } = v;
  return { rule, severity, env, file, line, column, endLine, endColumn, message };
}

export function renderGuardJson(report: GuardReport, exitCode: 0 | 1): string {
  return `${JSON.stringify(toGuardJson(report, exitCode), null, 2)}\n`;
}
