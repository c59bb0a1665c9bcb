/** `--format text` (the default): what a person reads in a terminal or a CI log. */
import type { GuardReport } from '../../guard/types.js';
import { maskReport } from './mask.js';
import { counts, headline, truncate } from './counts.js';

export function renderGuardText(unmasked: GuardReport, exitCode: 0 | 1): string {
  const report = maskReport(unmasked);
  const out: string[] = [];
  const c = counts(report);
  out.push(`env-guard: ${headline(report)}`);

  out.push('', 'Boundary violations');
  if (report.violations.length === 0) out.push('  none');
  for (const v of report.violations)
    out.push(`  ${v.file}:${v.line}:${v.column}: ${v.severity} [${v.rule}]${v.env ? ` (${v.env})` : ''} ${v.message}`);

  out.push('', 'Follow-ups');
  if (report.followups.length === 0) out.push('  none');
  for (const f of report.followups)
    out.push(
      `  [${f.status === 'open' ? ' ' : 'x'}] ${f.id}${f.env ? ` (${f.env})` : ''} ${f.file}:${f.line}: ${f.message}`,
    );

  out.push('', 'Allow-listed cross-environment literals');
  if (report.allowlisted.length === 0) out.push('  none');
  for (const a of report.allowlisted) {
    const state = a.expired ? `EXPIRED ${a.expires ?? ''}` : a.expires ? `until ${a.expires}` : 'no expiry';
    out.push(`  '${a.literal}' in ${a.env} (${state}): ${a.reason}`);
    if (a.references.length === 0) out.push('    not referenced (remove the entry?)');
    for (const r of a.references) out.push(`    ${r.file}:${r.line}:${r.column}`);
  }

  out.push('', 'Environments');
  for (const e of report.environments) {
    const backend = e.backend
      ? `${e.backend.state ?? `${e.backend.type} (not statically known: ${e.backend.unresolved ?? '?'})`} — ${e.backend.file}:${e.backend.line}`
      : 'no backend';
    out.push(`  ${e.name.padEnd(12)} ${e.dir.padEnd(28)} ${backend}`);
  }

  out.push('', 'Parity (module inputs that differ between environments)');
  const differing = report.parity.filter((m) => m.differences.length > 0);
  for (const m of report.parity) {
    out.push(`  ${m.module} — ${m.roots.map((r) => `${r.env}: ${r.addresses.join(', ')}`).join('; ')}`);
    const naming = m.differences.filter((d) => d.naming && !d.deliberate);
    for (const d of m.differences) {
      if (naming.includes(d)) continue;
      const values = Object.entries(d.values)
        .map(([env, value]) => `${env}=${value === null ? '(not passed)' : truncate(value, 60)}`)
        .join('  ');
      out.push(
        `    ${d.address}.${d.input}  ${values}${d.deliberate ? `  [deliberate: ${d.deliberate}]` : '  [drift?]'}`,
      );
    }
    if (naming.length > 0)
      out.push(`    differ only by environment names: ${naming.map((d) => `${d.address}.${d.input}`).join(', ')}`);
  }
  if (report.parity.length === 0) out.push('  no module is used by an environment');
  else if (differing.length === 0) out.push('  every input is the same in every environment');

  out.push('');
  if (exitCode === 0)
    out.push(
      `OK: no boundary violation${c.open > 0 ? `; ${c.open} open follow-up(s) (use --strict to fail on them)` : ''}`,
    );
  else if (c.errors > 0) out.push(`FAILED: ${c.errors} boundary violation(s)`);
  else out.push(`FAILED (strict): ${c.open} open follow-up(s)`);
  return `${out.join('\n')}\n`;
}
