/**
 * The job summary (`$GITHUB_STEP_SUMMARY`): status, every violation, the follow-up
 * checklist, allow-listed references, environments with their backends and the parity
 * table. GitHub accepts at most 1 MiB per step summary, so long tables are cut to fit
 * `maxBytes` with a note pointing at the SARIF/JSON report.
 */
import type { GuardReport } from '../../guard/types.js';
import { maskReport } from './mask.js';
import { counts, headline, plural, truncate } from './counts.js';

export const SUMMARY_MAX_BYTES = 1_000_000;

export interface MarkdownOptions {
  maxBytes?: number;
  /** Paths of files the pull request changed (root-relative): their rows are marked. */
  changedFiles?: ReadonlySet<string> | undefined;
  /** How many findings were annotated and how many left out (from selectAnnotations). */
  annotated?: { shown: number; omitted: number };
}

/** Text for a table cell: no line breaks, no pipes, no raw HTML. */
export function cell(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|');
}

/** Inline code that survives backticks and pipes in the value. */
export function code(text: string): string {
  const body = text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  const fence = body.includes('`') ? '``' : '`';
  return `${fence}${fence.length > 1 ? ' ' : ''}${body}${fence.length > 1 ? ' ' : ''}${fence}`;
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Adds rows while they fit the budget; the rest are summarised in one line. */
function rowsWithin(rows: string[], budget: number, what: string): string[] {
  const out: string[] = [];
  let used = 0;
  for (const [i, row] of rows.entries()) {
    if (used + bytes(row) + 1 > budget) {
      out.push(
        '',
        `… ${plural(rows.length - i, what)} more not shown here (size limit); see the SARIF or JSON report.`,
      );
      return out;
    }
    used += bytes(row) + 1;
    out.push(row);
  }
  return out;
}

export function renderGuardMarkdown(unmasked: GuardReport, exitCode: 0 | 1, options: MarkdownOptions = {}): string {
  const report = maskReport(unmasked);
  const max = options.maxBytes ?? SUMMARY_MAX_BYTES;
  const c = counts(report);
  const changed = options.changedFiles;
  const status =
    exitCode === 0
      ? '✅ no boundary violation'
      : c.errors > 0
        ? `❌ ${plural(c.errors, 'boundary violation')}`
        : `❌ ${plural(c.open, 'open follow-up')} (strict)`;
  const head = [`## env-guard: ${status}`, '', headline(report)];
  if (options.annotated && options.annotated.omitted > 0) {
    head.push(
      '',
      `GitHub shows at most 10 annotations per level: ${options.annotated.shown} annotated (files changed in this pull request first), ${options.annotated.omitted} more listed only here.`,
    );
  }

  const sections: { title: string; intro?: string[]; rows: string[]; what: string; share: number }[] = [];
  sections.push({
    title: '### Boundary violations',
    intro:
      report.violations.length === 0
        ? ['None.']
        : ['| | Rule | Environment | Location | Message |', '|---|---|---|---|---|'],
    rows: report.violations.map(
      (v) =>
        `| ${v.severity === 'error' ? '❌ error' : '⚠️ warning'} | ${code(v.rule)} | ${cell(v.env ?? '—')} | ${code(`${v.file}:${v.line}:${v.column}`)}${changed?.has(v.file) ? ' ✏️' : ''} | ${cell(v.message)} |`,
    ),
    what: 'violation',
    share: 0.5,
  });
  sections.push({
    title: '### Follow-ups',
    intro:
      report.followups.length === 0
        ? ['None.']
        : [
            report.strict
              ? 'Strict mode: open follow-ups fail the check.'
              : 'Open follow-ups do not fail the check (run with `--strict` to make them).',
            '',
          ],
    rows: report.followups.map(
      (f) =>
        `- [${f.status === 'open' ? ' ' : 'x'}] **${cell(f.id)}**${f.env ? ` (${cell(f.env)})` : ''} — ${cell(f.message)} — ${code(`${f.file}:${f.line}`)}`,
    ),
    what: 'follow-up',
    share: 0.15,
  });
  sections.push({
    title: '### Allow-listed cross-environment literals',
    intro:
      report.allowlisted.length === 0
        ? ['None.']
        : [
            'Every exception to the boundary is listed here, so it stays visible.',
            '',
            '| Literal | Allowed in | Reason | Expires | Seen at |',
            '|---|---|---|---|---|',
          ],
    rows: report.allowlisted.map(
      (a) =>
        `| ${code(a.literal)} | ${cell(a.env)} | ${cell(a.reason)} | ${a.expires ? `${a.expires}${a.expired ? ' ⚠️ expired' : ''}` : '—'} | ${a.references.length === 0 ? 'not referenced' : a.references.map((r) => code(`${r.file}:${r.line}`)).join('<br>')} |`,
    ),
    what: 'entry',
    share: 0.05,
  });
  sections.push({
    title: '### Environments',
    intro: ['| Environment | Directory | Backend | State |', '|---|---|---|---|'],
    rows: report.environments.map(
      (e) =>
        `| ${cell(e.name)} | ${code(e.dir)} | ${e.backend ? `${cell(e.backend.type)} (${code(`${e.backend.file}:${e.backend.line}`)})` : '❌ none'} | ${e.backend?.state ? code(e.backend.state) : cell(e.backend?.unresolved ?? '—')} |`,
    ),
    what: 'environment',
    share: 0.05,
  });
  const envNames = report.environments.map((e) => e.name);
  const parityRows: string[] = [];
  const namingOnly: string[] = [];
  for (const m of report.parity) {
    for (const d of m.differences) {
      if (d.naming && !d.deliberate) {
        namingOnly.push(code(`${d.address}.${d.input}`));
        continue;
      }
      const note = d.deliberate ? `deliberate: ${cell(d.deliberate)}` : '**drift?**';
      parityRows.push(
        `| ${code(m.module)} | ${code(`${d.address}.${d.input}`)} | ${envNames.map((env) => (d.values[env] === undefined ? '—' : d.values[env] === null ? '_not passed_' : code(truncate(d.values[env] ?? '', 80)))).join(' | ')} | ${note} |`,
      );
    }
  }
  const callers = report.parity.map(
    (m) =>
      `${code(m.module)}: ${m.roots.map((r) => `${cell(r.env)} (${r.addresses.map(code).join(', ')})`).join(', ')}`,
  );
  sections.push({
    title: '### Parity of module inputs',
    intro: [
      callers.length === 0
        ? 'No module is used by an environment.'
        : `Modules and the roots that call them: ${callers.join('; ')}.`,
      '',
      ...(parityRows.length === 0
        ? ['Every module input is the same in every environment.']
        : [
            `| Module | Input | ${envNames.map(cell).join(' | ')} | Note |`,
            `|---|---|${envNames.map(() => '---|').join('')}---|`,
          ]),
    ],
    rows: [
      ...parityRows,
      ...(namingOnly.length > 0
        ? ['', `Inputs that differ only by each environment's own name and identifiers: ${namingOnly.join(', ')}.`]
        : []),
    ],
    what: 'difference',
    share: 0.25,
  });

  const out = [...head];
  const fixed =
    bytes(head.join('\n')) +
    sections.reduce((n, s) => n + bytes(s.title) + bytes((s.intro ?? []).join('\n')) + 8, 0) +
    200;
  const spare = Math.max(0, max - fixed);
  for (const section of sections) {
    out.push(
      '',
      section.title,
      '',
      ...(section.intro ?? []),
      ...rowsWithin(section.rows, Math.floor(spare * section.share), section.what),
    );
  }
  return `${out.join('\n')}\n`;
}
