/**
 * The plan-comment core as the infra CLI uses it: parse a root's `show -json`, its digest
 * (src/plan), a one-line summary, and the combined Markdown.
 */
import { classifyActions, type ChangeKind } from '../../src/plan/actions.js';
import { planDigest } from '../../src/plan/digest.js';
import { parsePlan } from '../../src/plan/parse.js';
import type { Plan } from '../../src/plan/schema.js';

export interface RootPlan {
  root: string;
  name: string;
  digest: string;
  /** "2 to add, 1 to change, 0 to destroy, 1 to replace" */
  summaryLine: string;
  /** Whether applying the plan would change anything (resources or outputs). */
  hasChanges: boolean;
  plan: Plan;
}

export interface RootFailure {
  root: string;
  name: string;
  step: string;
  error: string;
}

function counts(plan: Plan): Record<ChangeKind, number> {
  const out: Record<ChangeKind, number> = { create: 0, update: 0, delete: 0, replace: 0, read: 0, noop: 0, forget: 0, other: 0 };
  for (const change of plan.resource_changes ?? []) out[classifyActions(change.change.actions)] += 1;
  return out;
}

export function readRootPlan(name: string, root: string, text: string, source: string): RootPlan {
  const plan = parsePlan(text, source);
  const c = counts(plan);
  const outputChanged = Object.values(plan.output_changes ?? {}).some((change) => !['noop', 'read'].includes(classifyActions(change.actions)));
  const resourcesChanged = c.create + c.update + c.delete + c.replace + c.forget + c.other > 0;
  const summaryLine = `${c.create} to add, ${c.update} to change, ${c.delete} to destroy, ${c.replace} to replace${c.forget ? `, ${c.forget} to forget` : ''}`;
  return { root, name, digest: planDigest(plan), summaryLine, hasChanges: resourcesChanged || outputChanged, plan };
}

export function renderCombinedComment(plans: readonly RootPlan[], failures: readonly RootFailure[]): string {
  const lines = ['## Terraform plans', '', '| root | result | digest |', '|---|---|---|'];
  for (const plan of plans) lines.push(`| \`${plan.root}\` | ${plan.summaryLine} | \`${plan.digest.slice(0, 12)}\` |`);
  for (const failure of failures) lines.push(`| \`${failure.root}\` | **failed at ${failure.step}**: ${failure.error.replace(/\|/g, '\\|')} | — |`);
  return `${lines.join('\n')}\n`;
}

export function renderDriftReport(plan: RootPlan): string {
  const lines = [`Plan of \`${plan.root}\`: ${plan.summaryLine} (digest \`${plan.digest}\`).`, ''];
  for (const change of plan.plan.resource_changes ?? []) {
    const kind = classifyActions(change.change.actions);
    if (kind !== 'noop' && kind !== 'read') lines.push(`- \`${change.address ?? '?'}\`: ${kind}`);
  }
  return `${lines.join('\n')}\n`;
}
