/** `--format json`: the documented shape (internal fields such as fingerprint keys left out). */
import type { GuardReport } from '../../guard/types.js';
import { maskReport } from './mask.js';
import { counts } from './counts.js';

export interface GuardJson {
  violations: {
    rule: string;
    severity: 'error' | 'warning';
    env: string | null;
    file: string;
    line: number;
    column: number;
    message: string;
  }[];
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
    violations: report.violations.map(({ rule, severity, env, file, line, column, message }) => ({
      rule,
      severity,
      env,
      file,
      line,
      column,
      message,
    })),
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

export function renderGuardJson(report: GuardReport, exitCode: 0 | 1): string {
  return `${JSON.stringify(toGuardJson(report, exitCode), null, 2)}\n`;
}
