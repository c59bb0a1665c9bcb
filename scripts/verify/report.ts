/** The text report: one line per check, then a summary. */
import type { CheckResult } from './types.js';

export interface Counts {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
}

export function countResults(results: readonly CheckResult[]): Counts {
  const by = (status: CheckResult['status']) => results.filter((r) => r.status === status).length;
  return { total: results.length, passed: by('pass'), failed: by('fail'), skipped: by('skip') };
}

/** `PASS  rds.engine  phenom-prod-postgres  postgres 17.4` (the id column padded to `idWidth`). */
export function formatLine(result: CheckResult, idWidth = 0): string {
  return `${result.status.toUpperCase()}  ${result.id.padEnd(idWidth)}  ${result.resource}  ${result.reason}`;
}

export function formatReport(results: readonly CheckResult[], rootName: string): string {
  const width = Math.max(0, ...results.map((r) => r.id.length));
  const lines = results.map((r) => formatLine(r, width));
  const c = countResults(results);
  lines.push('', `verify ${rootName}: ${c.total} checks, ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
  return `${lines.join('\n')}\n`;
}
