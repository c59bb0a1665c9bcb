import { diffArrays } from 'diff';
import {
  attributeChanges,
  outputAttributeChange,
  type AttributeChange,
  type DisplayValue,
} from '../../plan/attributes.js';
import type { ChangeKind } from '../../plan/actions.js';
import type { DiffLine } from '../../plan/json-diff.js';
import {
  CAUTION_TIERS,
  RISK_LABELS,
  RISK_TIERS,
  riskTier,
  TIER_RANK,
  routineMatcher,
  worstTier,
  type RiskTier,
  type RoutineMatcher,
} from '../../plan/risk.js';
import type { ResourceChangeView, RootSummary } from '../../plan/summary.js';
import { code, escapeHtml, fenceFor, formatNumber, inert, plural, slug } from '../markdown-text.js';
import { noRedaction, type Redactor } from './redact.js';

/**
 * Plan summaries → one Markdown report (a PR comment or a job summary) within a size budget.
 *
 * Over the budget the report degrades in steps, each saying what it left out and where the
 * full report is: `full` (attribute diffs) → `collapsed` (names of changed attributes, no
 * values) → `addresses` (addresses only) → `counts` (verdicts, digests, destructive counts).
 * If even that does not fit, the text is cut (marker kept) — a body over the limit is never
 * returned. Masks are applied to every piece as it is written and again to the whole text,
 * before measuring.
 */
export type DetailLevel = 'full' | 'collapsed' | 'addresses' | 'counts';
export const DETAIL_LEVELS: readonly DetailLevel[] = ['full', 'collapsed', 'addresses', 'counts'];

/** GitHub's limit for an issue or pull-request comment body (characters). */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** `$GITHUB_STEP_SUMMARY` accepts 1 MiB per step. */
export const STEP_SUMMARY_LIMIT_BYTES = 1024 * 1024;
/** Smallest budget accepted: room for the marker, heading, one verdict line and the notes. */
export const MIN_MAX_CHARS = 500;
export const DEFAULT_HEADER = 'Terraform plan';

export interface MarkdownOptions {
  /** Budget in UTF-16 code units (what GitHub counts, conservatively). Default 65,536. */
  maxChars?: number;
  /** Optional second budget in UTF-8 bytes (the step summary's 1 MiB). */
  maxBytes?: number;
  /** Heading of the report; also names the sticky comment. Default "Terraform plan". */
  header?: string;
  /** Id in the hidden marker; default slug(header). */
  headerId?: string;
  redactor?: Redactor;
  /** Markdown naming where the full report is (e.g. "the [job summary](…)"). */
  fullReport?: string;
  /** A last line (e.g. which commit/run produced the report). */
  footer?: string;
  /**
   * Resource types whose replacement is routine (immutable by design), patterns as in
   * src/plan/risk.ts; default DEFAULT_ROUTINE_REPLACEMENTS. Counted apart from the CAUTION block.
   */
  routineReplacements?: readonly string[];
}

export interface RenderedMarkdown {
  markdown: string;
  level: DetailLevel | 'cut';
}

/** The hidden marker that identifies the sticky comment of a header. */
export function commentMarker(headerId: string): string {
  return `<!-- tf-plan-comment:${headerId} -->`;
}

export function renderMarkdown(roots: readonly RootSummary[], options: MarkdownOptions = {}): RenderedMarkdown {
  const ctx = contextOf(options);
  const { maxChars } = ctx;
  const marker = `${commentMarker(ctx.headerId)}\n`;
  const budget = Math.min(maxChars, options.maxBytes ?? Number.POSITIVE_INFINITY) - marker.length;
  const fits = (text: string) =>
    marker.length + text.length <= maxChars &&
    (options.maxBytes === undefined || Buffer.byteLength(marker + text, 'utf8') <= options.maxBytes);

  for (const level of DETAIL_LEVELS) {
    let text: string;
    try {
      text = reportText(roots, level, ctx, budget);
    } catch (error) {
      if (error instanceof BudgetExceeded) continue;
      throw error;
    }
    if (fits(text)) return { markdown: marker + text, level };
  }
  // Not even the counts fit (a tiny budget or very many roots): cut, keeping the marker.
  const note = `\n\n… (cut to fit ${formatNumber(maxChars)} characters; the full report: ${options.fullReport ?? DEFAULT_FULL_REPORT})\n`;
  let text = reportText(roots, 'counts', ctx);
  let keep = Math.max(0, budget - note.length);
  while (keep > 0 && !fits(text.slice(0, keep) + note)) keep = Math.floor(keep * 0.9);
  text = text.slice(0, keep) + note;
  return { markdown: fits(text) ? marker + text : marker.slice(0, maxChars), level: 'cut' };
}

/** The report at one detail level, ignoring the budget (tools that choose the level, tests). */
export function renderAtLevel(
  roots: readonly RootSummary[],
  level: DetailLevel,
  options: MarkdownOptions = {},
): string {
  const ctx = contextOf(options);
  return `${commentMarker(ctx.headerId)}\n${reportText(roots, level, ctx)}`;
}

const DEFAULT_FULL_REPORT =
  '`terraform show` of the plan file, or `npm run plan-comment -- render` with a larger `--max-chars`';

class BudgetExceeded extends Error {}

/** Append-only text with a budget: stops the render as soon as it is exceeded. */
class Out {
  private parts: string[] = [];
  private length = 0;
  constructor(
    private readonly limit: number,
    private readonly redactor: Redactor,
  ) {}
  write(text: string): void {
    const safe = this.redactor.active ? this.redactor.redact(text) : text;
    this.parts.push(safe);
    this.length += safe.length;
    if (this.length > this.limit) throw new BudgetExceeded();
  }
  line(text = ''): void {
    this.write(`${text}\n`);
  }
  toString(): string {
    return this.parts.join('');
  }
}

interface ReportContext extends MarkdownOptions {
  header: string;
  headerId: string;
  maxChars: number;
  redactor: Redactor;
  routine: RoutineMatcher;
  /** What every detail level reads of the roots (a context renders one list of roots), worked out once. */
  analysis?: Analysis;
}

interface Analysis {
  risks: Map<RootSummary, RootRisks>;
  caution: Ranked[];
  routine: Ranked[];
  sections: Map<RootSummary, Section[]>;
}

function analysisOf(roots: readonly RootSummary[], ctx: ReportContext): Analysis {
  if (!ctx.analysis) {
    const risks = new Map(roots.map((root) => [root, rootRisks(root, ctx.routine)]));
    ctx.analysis = {
      risks,
      caution: ranked(roots, risks, CAUTION_TIERS),
      routine: ranked(roots, risks, new Set(['routine'])),
      sections: new Map(),
    };
  }
  return ctx.analysis;
}

function contextOf(options: MarkdownOptions): ReportContext {
  const header = options.header?.trim() || DEFAULT_HEADER;
  return {
    ...options,
    header,
    headerId: options.headerId ?? slug(header),
    maxChars: options.maxChars ?? GITHUB_COMMENT_LIMIT,
    redactor: options.redactor ?? noRedaction,
    routine: routineMatcher(options.routineReplacements),
  };
}

/** The report without the marker, masks applied piece by piece and to the whole; over `limit` throws BudgetExceeded. */
function reportText(
  roots: readonly RootSummary[],
  level: DetailLevel,
  ctx: ReportContext,
  limit = Number.POSITIVE_INFINITY,
): string {
  const out = new Out(limit, ctx.redactor);
  writeReport(out, roots, level, ctx);
  return ctx.redactor.redact(out.toString());
}

function writeReport(out: Out, roots: readonly RootSummary[], level: DetailLevel, ctx: ReportContext): void {
  out.line(`## ${ctx.header}`);
  out.line();
  if (level !== 'full') {
    const what =
      level === 'collapsed'
        ? 'attribute values are left out (only the names of changed attributes are shown)'
        : level === 'addresses'
          ? 'attribute changes are left out (addresses only)'
          : 'lists are left out (counts, digests and destructive changes only)';
    out.line('> [!NOTE]');
    out.line(
      `> Shortened to fit ${formatNumber(ctx.maxChars)} characters: ${what}. The full report: ${ctx.fullReport ?? DEFAULT_FULL_REPORT}.`,
    );
    out.line();
  }
  if (roots.length === 0) {
    out.line('No plans were given.');
    return;
  }
  const analysis = analysisOf(roots, ctx);
  writeWarnings(out, roots, level, analysis);
  for (const root of roots) writeRoot(out, root, level, analysis.risks.get(root)!, analysis);
  if (ctx.footer) {
    out.line();
    out.line(`<sub>${ctx.footer}</sub>`);
  }
}

// ── risk ───────────────────────────────────────────────────────────────────────────────

interface RootRisks {
  /** The tier of every resource change, by view. */
  tiers: Map<ResourceChangeView, RiskTier>;
  worst: RiskTier;
}

function rootRisks(root: RootSummary, routine: RoutineMatcher): RootRisks {
  const tiers = new Map(root.changes.map((view) => [view, riskTier(view, routine)] as const));
  // Output changes touch no infrastructure: a new output counts as a create, any other as an update.
  const outputs = root.outputChanges
    .filter((view) => view.kind !== 'noop')
    .map((view): RiskTier => (view.kind === 'create' ? 'create' : 'update'));
  return { tiers, worst: worstTier([...tiers.values(), ...outputs]) };
}

// ── verdict ────────────────────────────────────────────────────────────────────────────

/** "1 to create, 2 to update, 1 to replace, 0 to delete" (+ import/move/read/forget when present). */
export function summaryLine(summary: RootSummary): string {
  const { counts } = summary;
  if (!summary.hasChanges && summary.other === 0) return 'no changes';
  const parts = [
    `${counts.create} to create`,
    `${counts.update} to update`,
    `${counts.replace} to replace`,
    `${counts.delete} to delete`,
  ];
  if (counts.import) parts.push(`${counts.import} to import`);
  if (counts.move) parts.push(`${counts.move} to move`);
  if (counts.read) parts.push(`${counts.read} to read`);
  if (counts.forget) parts.push(`${counts.forget} to forget`);
  if (summary.other) parts.push(`${summary.other} with other actions`);
  const outputs = summary.outputs.create + summary.outputs.update + summary.outputs.delete;
  if (outputs) parts.push(`${plural(outputs, 'output')} changed`);
  return parts.join(', ');
}

function verdictIcon(summary: RootSummary, risks: RootRisks): string {
  if (summary.errored) return '⛔';
  if (CAUTION_TIERS.has(risks.worst)) return '🔴';
  if (summary.hasChanges || summary.other > 0) return '🟡';
  return '🟢';
}

/** " — worst change: data loss" (nothing for a plan without changes). */
function worstText(summary: RootSummary, risks: RootRisks): string {
  if (risks.worst === 'none' && !summary.hasChanges) return '';
  const label = RISK_LABELS[risks.worst];
  return ` — worst change: ${CAUTION_TIERS.has(risks.worst) ? `**${label}**` : label}`;
}

// ── warning block ──────────────────────────────────────────────────────────────────────

interface Ranked {
  root: RootSummary;
  view: ResourceChangeView;
  tier: RiskTier;
}

/** Every change of the roots in `tiers`, worst tier first, then in root and plan order. */
function ranked(roots: readonly RootSummary[], risks: Map<RootSummary, RootRisks>, tiers: ReadonlySet<RiskTier>) {
  const items: Ranked[] = [];
  for (const root of roots)
    for (const [view, tier] of risks.get(root)!.tiers) if (tiers.has(tier)) items.push({ root, view, tier });
  return items.sort((a, b) => TIER_RANK.get(a.tier)! - TIER_RANK.get(b.tier)!);
}

/** How many destructive changes the counts level still names, worst first. */
const COUNTS_DESTRUCTIVE_LINES = 20;

function writeWarnings(out: Out, roots: readonly RootSummary[], level: DetailLevel, analysis: Analysis): void {
  const errored = roots.filter((root) => root.errored);
  if (errored.length > 0) {
    out.line('> [!WARNING]');
    out.line(
      `> **Errored plan${errored.length > 1 ? 's' : ''}**: ${errored.map((root) => code(root.name)).join(', ')}. Terraform stopped before it finished planning; what is shown is incomplete and cannot be applied. See the job log.`,
    );
    out.line();
  }
  const { caution, routine } = analysis;
  if (caution.length > 0) {
    const dataLoss = caution.filter((item) => item.tier === 'data-loss').length;
    out.line('> [!CAUTION]');
    out.line(
      `> **${plural(caution.length, 'destructive change')}**${dataLoss ? ` (${formatNumber(dataLoss)} with **risk of data loss**)` : ''}: ${caution.length === 1 ? 'a resource is' : 'resources are'} deleted or replaced, worst first. Review before merging.`,
    );
    const prefix = (root: RootSummary) => (roots.length > 1 ? `${code(root.name)}: ` : '');
    if (level === 'counts') {
      // Even a plan too large for its addresses names the resources it destroys, worst first, up to
      // a bound the comment can always hold: a padded plan cannot hide which one is deleted.
      let listed = 0;
      for (const tier of RISK_TIERS.filter((t) => CAUTION_TIERS.has(t))) {
        const items = caution.filter((item) => item.tier === tier);
        if (items.length === 0) continue;
        const perRoot = roots
          .map((root) => [root, items.filter((item) => item.root === root).length] as const)
          .filter(([, count]) => count > 0)
          .map(([root, count]) => `${code(root.name)} ${formatNumber(count)}`);
        out.line(`> - **${RISK_LABELS[tier]}**: ${formatNumber(items.length)} (${perRoot.join(', ')})`);
        const shown = items.slice(0, Math.max(0, COUNTS_DESTRUCTIVE_LINES - listed));
        for (const item of shown) out.line(`>   - ${prefix(item.root)}${destructiveLine(item.view)}`);
        if (items.length > shown.length) out.line(`>   - … and ${formatNumber(items.length - shown.length)} more`);
        listed += shown.length;
      }
    } else {
      for (const item of caution) out.line(`> - ${prefix(item.root)}${destructiveLine(item.view)}`);
    }
    out.line();
  }
  if (routine.length > 0) {
    const types = new Map<string, number>();
    for (const { view } of routine) types.set(view.type ?? '?', (types.get(view.type ?? '?') ?? 0) + 1);
    const perRoot = roots
      .map((root) => [root, routine.filter((item) => item.root === root).length] as const)
      .filter(([, count]) => count > 0);
    out.line('> [!NOTE]');
    out.line(
      `> **${plural(routine.length, 'routine replacement')}** of resources that are immutable by design (${[...types]
        .map(([type, count]) => `${code(type)}${count > 1 ? ` ×${count}` : ''}`)
        .join(
          ', ',
        )}): each change is a new revision, so they are not listed as destructive changes${roots.length > 1 ? `; per root: ${perRoot.map(([root, count]) => `${code(root.name)} ${formatNumber(count)}`).join(', ')}` : ''}.`,
    );
    out.line();
  }
}

/** A replaced stateful resource may keep its data (e.g. restored from a snapshot); a deleted one does not. */
function dataLoss(view: ResourceChangeView): string {
  return view.kind === 'replace' ? 'risk of data loss' : 'data loss';
}

function destructiveLine(view: ResourceChangeView): string {
  const verb = view.kind === 'replace' ? 'replace' : 'delete';
  let text = `**${verb}** ${code(view.address)}`;
  if (view.deposed) text += ` (deposed object ${code(view.deposed)})`;
  if (view.stateful) text += ` — ⚠️ **${dataLoss(view)}** (${view.stateful})`;
  if (view.replacePaths.length > 0) text += ` — replacement forced by ${view.replacePaths.map(code).join(', ')}`;
  else if (view.reason) text += ` — ${inert(view.reason)}`;
  return text;
}

// ── per root ───────────────────────────────────────────────────────────────────────────

interface Section {
  title: string;
  icon: string;
  views: ResourceChangeView[];
  style: 'diff' | 'delete' | 'import' | 'move' | 'read' | 'forget' | 'other';
}

const isKind = (kind: ChangeKind) => (view: ResourceChangeView) => view.kind === kind;

/** The sections of a root, in this order; a change may appear in several (a moved update). */
const SECTIONS: (Omit<Section, 'views'> & { includes: (view: ResourceChangeView) => boolean })[] = [
  { title: 'Replace', icon: '🔁', style: 'diff', includes: isKind('replace') },
  { title: 'Delete', icon: '🗑️', style: 'delete', includes: isKind('delete') },
  { title: 'Create', icon: '➕', style: 'diff', includes: isKind('create') },
  { title: 'Update in place', icon: '✏️', style: 'diff', includes: isKind('update') },
  { title: 'Import', icon: '📥', style: 'import', includes: (view) => view.importing },
  { title: 'Move', icon: '🚚', style: 'move', includes: (view) => view.previousAddress !== undefined },
  { title: 'Read (data sources)', icon: '📖', style: 'read', includes: isKind('read') },
  { title: 'Forget (removed from state, not destroyed)', icon: '🫥', style: 'forget', includes: isKind('forget') },
  { title: 'Other or unknown actions', icon: '❓', style: 'other', includes: isKind('other') },
];

function sectionsOf(root: RootSummary, risks: RootRisks): Section[] {
  const order = (view: ResourceChangeView) => TIER_RANK.get(risks.tiers.get(view) ?? 'none')!;
  return SECTIONS.map(({ includes, ...section }) => ({
    ...section,
    // Worst first inside a section too (a stable sort keeps the plan order otherwise).
    views: root.changes.filter(includes).sort((a, b) => order(a) - order(b)),
  })).filter((section) => section.views.length > 0);
}

function formatText(root: RootSummary): string {
  switch (root.source) {
    case 'hcp-redacted':
      return `plan format ${root.formatVersion} (HCP Terraform redacted JSON)`;
    case 'redacted':
      return `plan format ${root.formatVersion} (redacted by plan-comment)`;
    default:
      return `plan format ${root.formatVersion}`;
  }
}

function writeRoot(out: Out, root: RootSummary, level: DetailLevel, risks: RootRisks, analysis: Analysis): void {
  out.line(`### ${verdictIcon(root, risks)} ${code(root.name)}: ${summaryLine(root)}${worstText(root, risks)}`);
  out.line();
  const about = [
    `digest ${code(root.digest)}${root.source === 'redacted' ? ' (of the raw plan)' : ''}`,
    formatText(root),
  ];
  if (root.terraformVersion) about.push(`Terraform ${escapeHtml(root.terraformVersion)}`);
  out.line(`<sub>${about.join(' · ')}</sub>`);
  out.line();
  if (root.errored) {
    out.line(
      `> [!WARNING]\n> **This plan errored.** Terraform did not finish planning ${code(root.name)}: the changes below are incomplete and cannot be applied.`,
    );
    out.line();
  } else if (root.applyable === false && root.hasChanges) {
    out.line('> [!NOTE]\n> Terraform marked this plan as not applyable.');
    out.line();
  }
  if (root.complete === false && !root.errored) {
    const deferred = root.deferred.length ? ` (${plural(root.deferred.length, 'deferred change')})` : '';
    out.line(`> [!NOTE]\n> **Incomplete plan**: some changes are deferred until a later plan and apply${deferred}.`);
    out.line();
  }
  if (root.unmarkedChanges > 0 && level !== 'counts') {
    out.line(
      `> [!NOTE]\n> **No sensitivity data** in ${plural(root.unmarkedChanges, 'change')} of this plan (no \`before_sensitive\`/\`after_sensitive\`, as in plans of Terraform before 0.15): every string value of an attribute not known to be safe is masked and shown as \`(masked)\`.`,
    );
    out.line();
  }
  if (level === 'counts') {
    if (root.drift) out.line(`- ${plural(root.drift, 'change')} outside Terraform (drift)`);
    if (root.failedChecks.length) out.line(`- ${plural(root.failedChecks.length, 'failed check')}`);
    out.line();
    return;
  }
  let sections = analysis.sections.get(root);
  if (!sections) analysis.sections.set(root, (sections = sectionsOf(root, risks)));
  for (const section of sections) writeSection(out, section, level, risks);
  if (root.driftChanges.length > 0) {
    writeDetails(out, `🌀 Changes outside Terraform (${formatNumber(root.driftChanges.length)})`, () => {
      out.line('Terraform found these objects changed outside of it since the last apply (shown as before → now):');
      out.line();
      for (const view of root.driftChanges) writeResource(out, view, level, 'drift');
    });
  }
  const outputs = root.outputChanges.filter((view) => view.kind !== 'noop');
  if (outputs.length > 0) {
    const { create, update, delete: deleted } = root.outputs;
    writeDetails(
      out,
      `📤 Outputs (${[create && `${create} to create`, update && `${update} to update`, deleted && `${deleted} to delete`].filter(Boolean).join(', ') || formatNumber(outputs.length)})`,
      () => {
        if (level === 'full') {
          const lines: string[] = [];
          for (const view of outputs)
            lines.push(...attributeLines(outputAttributeChange(view), view.kind === 'create'));
          writeFenced(out, lines);
        } else {
          for (const view of outputs)
            out.line(`- ${code(view.name)} (${inert(view.actions.join(', '))})${view.sensitive ? ' (sensitive)' : ''}`);
          out.line();
        }
      },
    );
  }
  if (root.deferred.length > 0) {
    writeDetails(out, `⏸️ Deferred changes (${formatNumber(root.deferred.length)})`, () => {
      for (const deferred of root.deferred)
        out.line(
          `- ${code(deferred.address)}${deferred.actions.length ? ` (${inert(deferred.actions.join(', '))})` : ''}${deferred.reason ? ` — ${inert(deferred.reason.replaceAll('_', ' '))}` : ''}`,
        );
      out.line();
    });
  }
  if (root.failedChecks.length > 0) {
    writeDetails(out, `❌ Failed checks (${formatNumber(root.failedChecks.length)})`, () => {
      for (const check of root.failedChecks)
        out.line(`- ${code(check.address)}${check.messages.length ? `: ${check.messages.map(inert).join('; ')}` : ''}`);
      out.line();
    });
  }
}

function writeDetails(out: Out, summary: string, body: () => void): void {
  out.line(`<details><summary>${summary}</summary>`);
  out.line();
  body();
  out.line('</details>');
  out.line();
}

function writeSection(out: Out, section: Section, level: DetailLevel, risks: RootRisks): void {
  writeDetails(out, `${section.icon} ${escapeHtml(section.title)} (${formatNumber(section.views.length)})`, () => {
    if (level === 'addresses' || (section.style !== 'diff' && section.style !== 'delete')) {
      for (const view of section.views) out.line(`- ${listLine(view, section.style, level, risks)}`);
      out.line();
      return;
    }
    for (const view of section.views)
      writeResource(out, view, level, section.style === 'delete' ? 'delete' : 'change', risks.tiers.get(view));
  });
}

function routineNote(tier: RiskTier | undefined): string {
  return tier === 'routine' ? ' — routine (immutable by design: a new revision)' : '';
}

function listLine(view: ResourceChangeView, style: Section['style'], level: DetailLevel, risks: RootRisks): string {
  const address = code(view.address);
  switch (style) {
    case 'import':
      return `${address}${view.importId !== undefined ? ` ← id ${code(view.importId)}` : ''}${view.generatedConfig ? ' (configuration generated)' : ''}`;
    case 'move':
      return `${code(view.previousAddress ?? '')} → ${address}`;
    case 'read':
      return `${address}${view.reason ? ` — ${inert(view.reason)}` : ''}`;
    case 'forget':
      return `${address} — removed from state; the real object is kept`;
    case 'other':
      return `${address} — actions ${view.actions.length ? code(JSON.stringify(view.actions)) : '(none recorded)'}`;
    default: {
      let line = address;
      if (view.deposed) line += ` (deposed object ${code(view.deposed)})`;
      if (view.stateful && view.actions.includes('delete')) line += ` — ⚠️ ${dataLoss(view)} (${view.stateful})`;
      line += routineNote(risks.tiers.get(view));
      if (level !== 'full' && view.replacePaths.length)
        line += ` — forced by ${view.replacePaths.map(code).join(', ')}`;
      return line;
    }
  }
}

function writeResource(
  out: Out,
  view: ResourceChangeView,
  level: DetailLevel,
  style: 'change' | 'delete' | 'drift',
  tier?: RiskTier,
): void {
  let heading = `**${code(view.address)}**`;
  if (view.deposed) heading += ` (deposed object ${code(view.deposed)})`;
  if (style === 'drift') heading += ` (${inert(view.actions.join(', ')) || 'changed'})`;
  if (style !== 'drift' && view.stateful && view.actions.includes('delete')) {
    heading += ` — ⚠️ **${dataLoss(view)}** (${view.stateful})`;
  }
  heading += routineNote(tier);
  if (view.replacePaths.length > 0) heading += ` — replacement forced by ${view.replacePaths.map(code).join(', ')}`;
  if (view.reason && style !== 'drift') heading += ` — ${inert(view.reason)}`;
  if (view.previousAddress) heading += ` — moved from ${code(view.previousAddress)}`;
  if (view.importing) heading += ` — imported${view.importId !== undefined ? ` (id ${code(view.importId)})` : ''}`;
  out.line(heading);
  out.line();
  if (style === 'delete' || view.kind === 'read' || view.change.actions.length === 0) return;
  const attributes = attributeChanges(view.change, {
    limit: level === 'full' ? 200 : 60,
    createOnly: view.kind === 'create',
  });
  if (attributes.changes.length === 0) return;
  // Reading order: what forces the replacement, then the other changes, then the values known
  // only after apply (collapsed into one line).
  const forcing = attributes.changes.filter((change) => change.forcesReplacement);
  const unknown = attributes.changes.filter((change) => !change.forcesReplacement && change.after.kind === 'unknown');
  const others = attributes.changes.filter((change) => !change.forcesReplacement && change.after.kind !== 'unknown');
  if (level === 'collapsed') {
    const names = [
      ...forcing.map((change) => `${code(change.path)} (forces replacement)`),
      ...others.map((change) => code(change.path)),
    ];
    const omitted = attributes.omitted + Math.max(0, names.length - 30);
    const parts = [`changes: ${names.slice(0, 30).join(', ')}${omitted ? ` and ${omitted} more` : ''}`];
    if (names.length === 0) parts[0] = 'changes: none known before apply';
    if (unknown.length) parts.push(`${plural(unknown.length, 'attribute')} known after apply`);
    out.line(parts.join('; '));
    out.line();
    return;
  }
  const create = view.kind === 'create';
  const lines: string[] = [];
  for (const change of [...forcing, ...others]) lines.push(...attributeLines(change, create));
  if (unknown.length > 0) lines.push(knownAfterApplyLine(unknown, create));
  if (attributes.omitted) lines.push(`# … and ${formatNumber(attributes.omitted)} more attributes`);
  writeFenced(out, lines);
}

/** "+ 4 attributes known after apply: arn, id, revision, tags_all" */
function knownAfterApplyLine(changes: readonly AttributeChange[], create: boolean): string {
  const names = changes.map((change) => change.path);
  let list = '';
  for (const [i, name] of names.entries()) {
    const next = list ? `${list}, ${name}` : name;
    if (next.length > 120) {
      list += `, … (${formatNumber(names.length - i)} more)`;
      break;
    }
    list = next;
  }
  return `${create ? '+' : '~'} ${plural(changes.length, 'attribute')} known after apply: ${list}`;
}

function writeFenced(out: Out, lines: string[]): void {
  const body = lines.join('\n');
  const fence = fenceFor(body);
  out.line(`${fence}diff`);
  out.line(body);
  out.line(fence);
  out.line();
}

// ── attribute lines ────────────────────────────────────────────────────────────────────

function inline(value: DisplayValue): string {
  switch (value.kind) {
    case 'value':
      return value.text;
    case 'sensitive':
      return '(sensitive)';
    case 'masked':
      return '(masked)';
    case 'unknown':
      return '(known after apply)';
    case 'absent':
      return 'null';
    case 'lines':
      return value.lines.length === 1 ? (value.lines[0] ?? '') : `(${value.lines.length} lines)`;
  }
}

/** Diff lines for one attribute: `+`/`-` at column 0 so GitHub colours them. */
function attributeLines(change: AttributeChange, create: boolean): string[] {
  const mark = change.forcesReplacement ? '   # forces replacement' : '';
  const { before, after, path, json } = change;
  if (json) {
    const sign = create || before.kind === 'absent' ? '+' : after.kind === 'absent' ? '-' : '~';
    return [
      `${sign} ${path} = jsonencode(${mark}`,
      ...json.lines.map(jsonLine),
      ...(json.cut ? [`      # … ${formatNumber(json.cut)} more lines`] : []),
      sign === '~' ? '  )' : `${sign} )`,
    ];
  }
  if (before.kind === 'lines' || after.kind === 'lines') {
    const beforeLines = before.kind === 'lines' ? before.lines : before.kind === 'absent' ? [] : [inline(before)];
    const afterLines = after.kind === 'lines' ? after.lines : after.kind === 'absent' ? [] : [inline(after)];
    return [`~ ${path}:${mark}`, ...lineDiff(beforeLines, afterLines)];
  }
  if (create || before.kind === 'absent') return [`+ ${path} = ${inline(after)}${mark}`];
  if (after.kind === 'absent') return [`- ${path} = ${inline(before)}${mark}`];
  return [`- ${path} = ${inline(before)}`, `+ ${path} = ${inline(after)}${mark}`];
}

function jsonLine(line: DiffLine): string {
  return `${line.mark}     ${'    '.repeat(line.depth)}${line.text}`;
}

/** Line diff of a multi-line value; long unchanged runs are folded. */
function lineDiff(before: string[], after: string[]): string[] {
  const lines: string[] = [];
  const parts =
    before.length === 0 || after.length === 0
      ? [
          { value: before, removed: true, added: false },
          { value: after, added: true, removed: false },
        ]
      : diffArrays(before, after);
  for (const part of parts) {
    const prefix = part.added ? '+   ' : part.removed ? '-   ' : '    ';
    const values = part.value;
    if (!part.added && !part.removed && values.length > 6) {
      lines.push(...values.slice(0, 2).map((line) => prefix + line));
      lines.push(`    … ${values.length - 4} unchanged lines`);
      lines.push(...values.slice(-2).map((line) => prefix + line));
    } else {
      lines.push(...values.map((line) => prefix + line));
    }
  }
  return lines;
}
