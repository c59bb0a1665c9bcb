import type { AllowlistReport, GuardReport } from '../../guard/types.js';

export function counts(report: GuardReport) {
  return {
    errors: report.violations.filter((v) => v.severity === 'error').length,
    warnings: report.violations.filter((v) => v.severity === 'warning').length,
    open: report.followups.filter((f) => f.status === 'open').length,
    resolved: report.followups.filter((f) => f.status === 'resolved').length,
    allowlisted: report.allowed.length,
  };
}

export const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

/** At most `max` characters, an ellipsis marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** One line: "2 errors, 1 warning · 3 open follow-ups (2 resolved) · 1 allow-listed finding". */
export function headline(report: GuardReport): string {
  const c = counts(report);
  return `${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')} · ${plural(c.open, 'open follow-up')} (${c.resolved} resolved) · ${plural(c.allowlisted, 'allow-listed finding')}`;
}

/** What an allow-list entry names: "'phenom-prod-x' · rule foreign-identifier · path environments/** · in development". */
export function describeEntry(a: Pick<AllowlistReport, 'literal' | 'rule' | 'path' | 'env'>): string {
  return [
    a.literal !== null ? `'${a.literal}'` : '',
    a.rule !== null ? `rule ${a.rule}` : '',
    a.path !== null ? `path ${a.path}` : '',
    a.env !== null ? `in ${a.env}` : 'in any environment',
  ]
    .filter(Boolean)
    .join(' · ');
}
