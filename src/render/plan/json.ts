import type { ChangeCounts, OutputCounts, RootSummary } from '../../plan/summary.js';
import { noRedaction, redactJson, type Redactor } from './redact.js';

/**
 * The machine-readable report (`plan-comment render --format json`). A fixed shape (consumers parse it):
 * `{ "roots": [ { "name", "counts", "destructive", "drift", "outputs", "digest" } ] }`.
 */
export interface JsonRoot {
  name: string;
  counts: ChangeCounts;
  destructive: string[];
  drift: number;
  outputs: OutputCounts;
  digest: string;
}

export interface JsonReport {
  roots: JsonRoot[];
}

export function jsonReport(roots: readonly RootSummary[], redactor: Redactor = noRedaction): JsonReport {
  const report: JsonReport = {
    roots: roots.map((root) => ({
      name: root.name,
      counts: { ...root.counts },
      destructive: [...root.destructive],
      drift: root.drift,
      outputs: { ...root.outputs },
      digest: root.digest,
    })),
  };
  return redactJson(report, redactor);
}

export function renderJson(roots: readonly RootSummary[], redactor: Redactor = noRedaction): string {
  return `${JSON.stringify(jsonReport(roots, redactor), null, 2)}\n`;
}
