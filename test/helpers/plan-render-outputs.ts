/**
 * Every output tf-plan-comment produces from one plan, by variant: the sticky comment and the
 * job summary as the action renders them, tight budgets (the degradation steps and the cut), each
 * detail level, masks with a custom header and routine list, the JSON report, and the redacted
 * plan and its render. Shared by the golden capture script and the byte-identity test so both
 * compute exactly the same variants through the public API only.
 */
import { createHash } from 'node:crypto';
import { parsePlan, redactPlan, summarizePlan, type RootSummary } from '../../src/plan/index.js';
import {
  createRedactor,
  DETAIL_LEVELS,
  renderAtLevel,
  renderJson,
  renderMarkdown,
  STEP_SUMMARY_LIMIT_BYTES,
  type MarkdownOptions,
} from '../../src/render/plan/index.js';

/** A golden output: the text itself, or its digest and length when the text is large. */
export type Golden = string | { sha256: string; length: number };

/** Outputs longer than this are kept as a digest (the large generated plans, multi-root reports). */
const INLINE_LIMIT = 120_000;

export function golden(text: string): Golden {
  if (text.length <= INLINE_LIMIT) return text;
  return { sha256: createHash('sha256').update(text, 'utf8').digest('hex'), length: text.length };
}

const MASKED: MarkdownOptions = {
  redactor: createRedactor(['[0-9]{12}', 'prod[a-z]*', 'aws_[a-z]+_'], '--mask'),
  header: 'Plan: Production!',
  routineReplacements: ['aws_instance', 'aws_s3_*'],
  footer: 'tf-plan-comment for 1234567 · [workflow run](https://example.invalid/run/1)',
};

const SUMMARY: MarkdownOptions = {
  maxChars: STEP_SUMMARY_LIMIT_BYTES,
  maxBytes: STEP_SUMMARY_LIMIT_BYTES - 4096,
  fullReport: '`terraform show` of the plan files',
};

/** The report variants of a list of roots. */
export function reportOutputs(roots: readonly RootSummary[]): Record<string, string> {
  const comment = renderMarkdown(roots);
  const outputs: Record<string, string> = {
    comment: `${comment.level}\n${comment.markdown}`,
    summary: renderMarkdown(roots, SUMMARY).markdown,
    'tight-600': renderMarkdown(roots, { maxChars: 600 }).markdown,
    'tight-3000': renderMarkdown(roots, { maxChars: 3000 }).markdown,
    'tight-12000': renderMarkdown(roots, { maxChars: 12_000 }).markdown,
  };
  for (const level of DETAIL_LEVELS) outputs[`level-${level}`] = renderAtLevel(roots, level);
  outputs.masked = renderMarkdown(roots, MASKED).markdown;
  outputs['masked-full'] = renderAtLevel(roots, 'full', MASKED);
  outputs.json = renderJson(roots);
  outputs['json-masked'] = renderJson(roots, MASKED.redactor);
  return outputs;
}

/** Every variant of one plan file's text; a plan that does not parse records its message. */
export function planOutputs(text: string, source: string, name = 'root'): Record<string, Golden> {
  let plan;
  try {
    plan = parsePlan(text, source);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  const outputs: Record<string, string> = reportOutputs([summarizePlan(name, plan)]);
  const { document, dropped } = redactPlan(plan, source);
  const redactedText = `${JSON.stringify(document)}\n`;
  outputs.redacted = redactedText;
  outputs['redacted-dropped'] = JSON.stringify(dropped);
  const redacted = summarizePlan(name, parsePlan(redactedText, `${source} (redacted)`));
  outputs['redacted-comment'] = renderMarkdown([redacted]).markdown;
  outputs['redacted-full'] = renderAtLevel([redacted], 'full');
  return Object.fromEntries(Object.entries(outputs).map(([key, value]) => [key, golden(value)]));
}
