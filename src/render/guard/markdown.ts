/**
 * The job summary (`$GITHUB_STEP_SUMMARY`): status, every violation, the follow-up
 * checklist, allow-listed references, environments with their backends and the parity
 * table. GitHub accepts at most 1 MiB per step summary, so long tables are cut to fit
 * `maxBytes` with a note pointing at the SARIF/JSON report.
 */
import type { GuardReport } from '../../guard/types.js';
import { counts, describeEntry, headline, plural, truncate } from './counts.js';
import { maskReport } from './mask.js';
import { cell, cellCode, code } from '../markdown-text.js';

export const SUMMARY_MAX_BYTES = 1_000_000;

export interface MarkdownOptions {
  maxBytes?: number;
  /** Paths of files the pull request changed (root-relative): their rows are marked. */
  changedFiles?: ReadonlySet<string> | undefined;
  /** How many findings were annotated and how many left out (from selectAnnotations). */
  annotated?: { shown: number; omitted: number };
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
        `| ${v.severity === 'error' ? '❌ error' : '⚠️ warning'} | ${cellCode(v.rule)} | ${cell(v.env ?? '—')} | ${cellCode(`${v.file}:${v.line}:${v.column}`)}${changed?.has(v.file) ? ' ✏️' : ''} | ${cell(v.message)} |`,
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
    title: '### Allow-list',
    intro:
      report.allowlisted.length === 0
        ? ['None.']
        : [
            'Every exception to the boundary is listed here with what it allowed, so it stays visible.',
            '',
            '| Allows | Reason | Expires | Entry | Allowed |',
            '|---|---|---|---|---|',
          ],
    rows: report.allowlisted.map(
      (a) =>
        `| ${cell(describeEntry(a))} | ${cell(a.reason)} | ${a.expires ? `${a.expires}${a.expired ? ' ❌ expired' : ''}` : '—'} | ${cellCode(`${a.file}:${a.line}`)} | ${a.references.length === 0 ? 'nothing' : a.references.map((r) => cellCode(`${r.file}:${r.line}`)).join('<br>')} |`,
    ),
    what: 'entry',
    share: 0.05,
  });
  if (report.sharedReads.length > 0)
    sections.push({
      title: '### Reads of shared environments',
      intro: [
        'Allowed: each shared environment names who may read it.',
        '',
        '| Reader | Reads | Via | Target | Location |',
        '|---|---|---|---|---|',
      ],
      rows: report.sharedReads.map(
        (r) =>
          `| ${cell(r.reader)} | ${cell(r.shared)} | ${cell(r.via)} | ${cellCode(r.target)} | ${cellCode(`${r.file}:${r.line}:${r.column}`)} |`,
      ),
      what: 'read',
      share: 0.05,
    });
  sections.push({
    title: '### Environments',
    intro: ['| Environment | Root | Backend | State |', '|---|---|---|---|'],
    rows: report.environments.flatMap((e) =>
      e.roots.length === 0
        ? [
            `| ${cell(e.name)} | ${e.dirs.length === 0 ? '_identifiers only_' : `❌ no root in ${e.dirs.map(cellCode).join(', ')}`} | — | — |`,
          ]
        : e.roots.map(
            ({ dir, backend }) =>
              `| ${cell(e.name)} | ${cellCode(dir)} | ${backend ? `${cell(backend.type)} (${cellCode(`${backend.file}:${backend.line}`)})` : '❌ none'} | ${backend?.state ? cellCode(backend.state) : cell(backend?.unresolved ?? '—')} |`,
          ),
    ),
    what: 'root',
    share: 0.05,
  });
  const envNames = report.environments.filter((e) => e.roots.length > 0).map((e) => e.name);
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
        `| ${cellCode(m.module)} | ${cellCode(`${d.address}.${d.input}`)} | ${envNames.map((env) => (d.values[env] === undefined ? '—' : d.values[env] === null ? '_not passed_' : cellCode(truncate(d.values[env] ?? '', 80)))).join(' | ')} | ${note} |`,
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
