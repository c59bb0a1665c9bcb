/**
 * GitHub annotations for env-guard findings. GitHub shows at most 10 annotations per level
 * per step, so findings in the files the pull request changed come first; the full list is
 * in the job summary and the SARIF file.
 */
import { relative } from 'node:path';
import type { GuardReport } from '../../guard/types.js';
import { maskReport } from './mask.js';
import { toPosix } from '../../repo/files.js';
import { workflowCommand } from '../workflow-command.js';

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface Annotation {
  level: AnnotationLevel;
  file: string;
  line: number;
  column: number;
  title: string;
  message: string;
}

export interface AnnotationSelection {
  annotations: Annotation[];
  /** Findings not annotated because of the per-level limit. */
  omitted: number;
  total: number;
}

/**
 * The guarded root relative to the workspace (POSIX), or '' when it is the workspace itself
 * or lies outside it: the `pathPrefix` that makes annotation and SARIF paths workspace-relative.
 */
export function workspacePrefix(workspace: string, root: string): string {
  const fromWorkspace = toPosix(relative(workspace, root));
  return fromWorkspace.startsWith('..') ? '' : fromWorkspace;
}

export const ANNOTATIONS_PER_LEVEL = 10;
const RANK: Record<AnnotationLevel, number> = { error: 0, warning: 1, notice: 2 };

/**
 * Every boundary violation and open follow-up as an annotation (open follow-ups are
 * warnings, errors under --strict), changed files first, at most `perLevel` per level.
 * `changedFiles` are root-relative; `pathPrefix` turns root-relative paths into
 * repository-relative ones in the annotations.
 */
export function selectAnnotations(
  unmasked: GuardReport,
  options: { changedFiles?: ReadonlySet<string> | undefined; perLevel?: number; pathPrefix?: string } = {},
): AnnotationSelection {
  const report = maskReport(unmasked);
  const perLevel = options.perLevel ?? ANNOTATIONS_PER_LEVEL;
  const prefix = options.pathPrefix ? `${options.pathPrefix.replace(/\/$/, '')}/` : '';
  const changed = options.changedFiles;
  const all: (Annotation & { changed: boolean })[] = [
    ...report.violations.map((v) => ({
      level: v.severity,
      changed: changed?.has(v.file) ?? false,
      file: prefix + v.file,
      line: v.line,
      column: v.column,
      title: `env-guard ${v.rule}${v.env ? ` (${v.env})` : ''}`,
      message: v.message,
    })),
    ...report.followups
      .filter((f) => f.status === 'open')
      .map((f) => ({
        level: report.strict ? ('error' as const) : ('warning' as const),
        changed: changed?.has(f.file) ?? false,
        file: prefix + f.file,
        line: f.line,
        column: f.column,
        title: `env-guard follow-up ${f.id}${f.env ? ` (${f.env})` : ''}`,
        message: f.message,
      })),
  ];
  all.sort(
    (a, b) =>
      Number(b.changed) - Number(a.changed) ||
      RANK[a.level] - RANK[b.level] ||
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column,
  );
  const used: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
  const annotations: Annotation[] = [];
  for (const a of all) {
    if (used[a.level] >= perLevel) continue;
    used[a.level] += 1;
    const { changed: _changed, ...annotation } = a;
    annotations.push(annotation);
  }
  return { annotations, omitted: all.length - annotations.length, total: all.length };
}

/** `::error file=…,line=…,col=…,title=…::message`. */
export function annotationCommand(a: Annotation): string {
  return workflowCommand(a.level, { file: a.file, line: a.line, col: a.column, title: a.title }, a.message);
}
