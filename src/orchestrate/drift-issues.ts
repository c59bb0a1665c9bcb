/**
 * One GitHub issue per drifting root: open it when drift appears, update it while drift
 * persists, close it when the root plans clean again. Pure: decides the actions from the
 * drift reports and the open issues; scripts/infra/github.ts carries them out.
 */
import { z } from 'zod';
import { markedRootOf, rootMarker } from './markers.js';

export const DRIFT_LABEL = 'drift';
/** GitHub rejects issue bodies over 65,536 characters. */
export const MAX_ISSUE_BODY = 60_000;

export const driftReportSchema = z
  .object({
    root: z.string().min(1),
    name: z.string().min(1),
    status: z.enum(['clean', 'drift', 'error']),
    /** Markdown of the drift (status drift). */
    report: z.string().optional(),
    /** What went wrong (status error). */
    message: z.string().optional(),
  })
  .strict();

export type DriftReport = z.infer<typeof driftReportSchema>;

export interface OpenIssue {
  number: number;
  title: string;
  body: string;
}

export type IssueAction =
  | { kind: 'create'; root: string; title: string; body: string; labels: string[] }
  | { kind: 'update'; root: string; number: number; title: string; body: string }
  | { kind: 'close'; root: string; number: number; comment: string };

export function driftMarker(root: string): string {
  return rootMarker('infra-drift', root);
}

/** The root an issue body belongs to, from its marker. */
export function markedRoot(body: string): string | undefined {
  return markedRootOf('infra-drift', body);
}

function driftTitle(root: string): string {
  return `Drift detected in ${root}`;
}

export function driftBody(report: DriftReport, runUrl?: string): string {
  const head = [
    driftMarker(report.root),
    `Terraform found changes made outside Terraform (or not yet applied) in \`${report.root}\`.`,
    ...(runUrl ? [`Last checked by ${runUrl}.`] : []),
    'This issue is updated by every drift run and closed when the root plans clean again.',
  ].join('\n');
  let details = report.report ?? '';
  const budget = MAX_ISSUE_BODY - head.length - 200;
  if (details.length > budget)
    details = `${details.slice(0, budget)}\n\n… (report truncated; the full plan is in the run's artifacts)`;
  return `${head}\n\n${details}\n`;
}

export function planIssueSync(
  reports: readonly DriftReport[],
  openIssues: readonly OpenIssue[],
  runUrl?: string,
): IssueAction[] {
  const byRoot = new Map<string, OpenIssue[]>();
  for (const issue of [...openIssues].sort((a, b) => a.number - b.number)) {
    const root = markedRoot(issue.body);
    if (root === undefined) continue;
    byRoot.set(root, [...(byRoot.get(root) ?? []), issue]);
  }
  const actions: IssueAction[] = [];
  for (const report of [...reports].sort((a, b) => (a.root < b.root ? -1 : 1))) {
    const [issue, ...duplicates] = byRoot.get(report.root) ?? [];
    for (const duplicate of duplicates) {
      actions.push({
        kind: 'close',
        root: report.root,
        number: duplicate.number,
        comment: `Duplicate of #${issue?.number ?? ''}.`,
      });
    }
    if (report.status === 'drift') {
      const title = driftTitle(report.root);
      const body = driftBody(report, runUrl);
      if (!issue) actions.push({ kind: 'create', root: report.root, title, body, labels: [DRIFT_LABEL] });
      else if (issue.body !== body || issue.title !== title)
        actions.push({ kind: 'update', root: report.root, number: issue.number, title, body });
    } else if (report.status === 'clean' && issue) {
      actions.push({
        kind: 'close',
        root: report.root,
        number: issue.number,
        comment: `No drift in \`${report.root}\` any more${runUrl ? ` (${runUrl})` : ''}. Closing.`,
      });
    }
    // status error: the state is unknown, leave any issue as it is.
  }
  return actions;
}
