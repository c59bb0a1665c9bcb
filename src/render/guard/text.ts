/**
 * `--format text` (the default): what a person reads in a terminal or a CI log. Each entry is one
 * line whatever the repository's names and strings hold (src/lib/control-characters.ts).
 */
import type { GuardReport } from '../../guard/types.js';
import { counts, describeEntry, headline, truncate } from './counts.js';
import { maskReport } from './mask.js';
import { logLine } from '../../lib/control-characters.js';

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

  out.push('', 'Allow-list (exceptions and what each allowed)');
  if (report.allowlisted.length === 0) out.push('  none');
  for (const a of report.allowlisted) {
    const state = a.expired ? `EXPIRED ${a.expires ?? ''}` : a.expires ? `until ${a.expires}` : 'no expiry';
    out.push(`  ${describeEntry(a)} (${state}, ${a.file}:${a.line}): ${a.reason}`);
    if (a.references.length === 0) out.push('    allowed nothing (remove the entry?)');
    for (const r of a.references)
      out.push(`    ${r.file}:${r.line}:${r.column}${a.expired ? ' (no longer allowed)' : ''}`);
  }

  if (report.sharedReads.length > 0) {
    out.push('', 'Reads of shared environments (allowed)');
    for (const r of report.sharedReads)
      out.push(`  ${r.file}:${r.line}:${r.column}: ${r.reader} reads ${r.shared}: ${r.via} → ${r.target}`);
  }

  out.push('', 'Environments');
  for (const e of report.environments) {
    const tags = [
      e.production ? 'production' : '',
      e.sharedWith.length > 0 ? `shared with ${e.sharedWith.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    out.push(
      `  ${e.name}${tags ? ` (${tags})` : ''}: ${e.dirs.length === 0 ? 'no directory (identifiers only)' : e.dirs.join(', ')}`,
    );
    for (const root of e.roots) {
      const b = root.backend;
      const backend = b
        ? `${b.state ?? `${b.type} (not statically known: ${b.unresolved ?? '?'})`} — ${b.file}:${b.line}`
        : 'no backend';
      out.push(`    ${root.dir.padEnd(36)} ${backend}`);
    }
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
  return `${out.map(logLine).join('\n')}\n`;
}
