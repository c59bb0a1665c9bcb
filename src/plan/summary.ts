import { classifyActions, describeActionReason, type ChangeKind } from './actions.js';
import { replacePathText } from './attributes.js';
import { planDigest } from './digest.js';
import { REDACTION_KEY, type Change, type Plan, type ResourceChange } from './schema.js';
import { hasSensitiveMark, hasSensitivityData } from './sensitivity.js';
import { statefulKind, type StatefulKind } from './stateful.js';

/** Counts of the JSON report; see classifyActions for the rules. */
export interface ChangeCounts {
  create: number;
  update: number;
  delete: number;
  replace: number;
  read: number;
  noop: number;
  import: number;
  move: number;
  forget: number;
}

export interface OutputCounts {
  create: number;
  update: number;
  delete: number;
}

/** One entry of `resource_changes` (or `resource_drift`, or a deferred change), classified. */
export interface ResourceChangeView {
  address: string;
  /** Set when the entry was moved (`previous_address` differs from `address`). */
  previousAddress?: string;
  type?: string;
  mode?: string;
  kind: ChangeKind;
  actions: string[];
  /** `change.importing` was present; `importId` is its `id` when given. */
  importing: boolean;
  importId?: string;
  /** Human-readable `action_reason`. */
  reason?: string;
  /** `replace_paths`, formatted as attribute paths (`snapshot_identifier`), cut where they enter a sensitive value. */
  replacePaths: string[];
  /** Destroying this resource type loses stored data (src/plan/stateful.ts). */
  stateful?: StatefulKind;
  deposed?: string;
  /** Config was generated for an import (`generated_config`); never shown: it may hold secrets. */
  generatedConfig: boolean;
  /** The raw change, for the attribute view (src/plan/attributes.ts). */
  change: Change;
}

export interface OutputChangeView {
  name: string;
  kind: ChangeKind;
  actions: string[];
  /** The output is sensitive (marks in the change, planned values, prior state or configuration). */
  sensitive: boolean;
  change: Change;
}

export interface DeferredChangeView {
  address: string;
  reason?: string;
  actions: string[];
}

export interface FailedCheck {
  address: string;
  messages: string[];
}

/** Where the plan document comes from. */
export type PlanSource =
  /** `terraform show -json` / `tofu show -json` */
  | 'show-json'
  /** HCP Terraform / Terraform Enterprise redacted JSON (`plan_format_version`) */
  | 'hcp-redacted'
  /** written by `plan-comment redact` (src/plan/redact.ts) */
  | 'redacted';

/** Everything the renderers need to know about one root's plan. */
export interface RootSummary {
  name: string;
  formatVersion: string;
  source: PlanSource;
  terraformVersion?: string;
  counts: ChangeCounts;
  /** Entries whose actions are empty or unknown (shown, counted nowhere else). */
  other: number;
  /** Address of every entry whose actions include `delete` (replacements included), in plan order. */
  destructive: string[];
  drift: number;
  outputs: OutputCounts;
  /**
   * SHA-256 of the plan's canonical resource_changes + output_changes (src/plan/digest.ts); for a
   * redacted plan, the digest of the raw plan it was made from (what `infra apply` compares).
   */
  digest: string;
  /**
   * Changes (resources, drift, outputs) without any sensitivity data (format 0.1/0.2 plans): their
   * string values are masked unless known to be safe (src/plan/sensitivity.ts).
   */
  unmarkedChanges: number;
  /** The plan says it errored: it is partial and cannot be applied. */
  errored: boolean;
  /** `applyable: false` in the plan (Terraform ≥ 1.? writes it). */
  applyable?: boolean;
  /** `complete: false`: some changes were deferred. */
  complete?: boolean;
  /** Any resource change other than no-op, or output change. */
  hasChanges: boolean;
  changes: ResourceChangeView[];
  driftChanges: ResourceChangeView[];
  outputChanges: OutputChangeView[];
  deferred: DeferredChangeView[];
  failedChecks: FailedCheck[];
}

/**
 * Summarizes one root's plan: counts per the rules, destructive addresses, drift,
 * output changes, the digest, and classified views of every change for the renderers.
 */
export function summarizePlan(name: string, plan: Plan): RootSummary {
  const counts: ChangeCounts = {
    create: 0,
    update: 0,
    delete: 0,
    replace: 0,
    read: 0,
    noop: 0,
    import: 0,
    move: 0,
    forget: 0,
  };
  let other = 0;
  let unmarkedChanges = 0;
  let resourceChanged = false;
  const destructive: string[] = [];
  const changes: ResourceChangeView[] = [];
  for (const entry of plan.resource_changes ?? []) {
    const view = viewOf(entry);
    changes.push(view);
    if (view.kind === 'other') other += 1;
    else counts[view.kind] += 1;
    if (view.importing) counts.import += 1;
    if (view.previousAddress !== undefined) counts.move += 1;
    if (view.actions.includes('delete')) destructive.push(view.address);
    if (view.kind !== 'noop' && !hasSensitivityData(view.change)) unmarkedChanges += 1;
    if (view.kind !== 'noop' || view.importing || view.previousAddress !== undefined) resourceChanged = true;
  }

  const outputs: OutputCounts = { create: 0, update: 0, delete: 0 };
  const outputChanges: OutputChangeView[] = [];
  for (const [outputName, change] of Object.entries(plan.output_changes ?? {})) {
    const kind = classifyActions(change.actions);
    if (kind === 'create' || kind === 'update' || kind === 'delete') outputs[kind] += 1;
    outputChanges.push({
      name: outputName,
      kind,
      actions: change.actions,
      sensitive: outputIsSensitive(plan, outputName, change),
      change,
    });
  }

  const driftChanges = (plan.resource_drift ?? []).map(viewOf);
  unmarkedChanges +=
    driftChanges.filter((view) => !hasSensitivityData(view.change)).length +
    outputChanges.filter((view) => view.kind !== 'noop' && !view.sensitive && !hasSensitivityData(view.change)).length;
  const redaction = plan[REDACTION_KEY];
  const deferred = (plan.deferred_changes ?? []).map((entry) => ({
    address: entry.resource_change ? addressOf(entry.resource_change) : '(unknown address)',
    reason: entry.reason ?? undefined,
    actions: entry.resource_change?.change.actions ?? [],
  }));

  const outputChanged = outputChanges.some((view) => view.kind !== 'noop');
  return {
    name,
    formatVersion: plan.format_version ?? plan.plan_format_version ?? '',
    source: redaction ? 'redacted' : plan.format_version === undefined ? 'hcp-redacted' : 'show-json',
    terraformVersion: plan.terraform_version ?? undefined,
    counts,
    other,
    destructive,
    drift: driftChanges.length,
    outputs,
    digest: redaction?.digest ?? planDigest(plan),
    unmarkedChanges,
    errored: plan.errored === true,
    applyable: plan.applyable,
    complete: plan.complete,
    hasChanges: resourceChanged || outputChanged,
    changes,
    driftChanges,
    outputChanges,
    deferred,
    failedChecks: failedChecks(plan),
  };
}

function viewOf(entry: ResourceChange): ResourceChangeView {
  const address = addressOf(entry);
  const { change } = entry;
  const actions = change.actions;
  const moved =
    typeof entry.previous_address === 'string' && entry.previous_address !== '' && entry.previous_address !== address;
  const importing = change.importing != null;
  // Built key by key (in the order of the interface), not with spreads: one view per entry of
  // a plan that may hold tens of thousands.
  const view = { address } as ResourceChangeView;
  if (moved) view.previousAddress = entry.previous_address!;
  view.type = entry.type ?? undefined;
  view.mode = entry.mode ?? undefined;
  view.kind = classifyActions(actions);
  view.actions = actions;
  view.importing = importing;
  if (importing && typeof change.importing?.id === 'string') view.importId = change.importing.id;
  view.reason = describeActionReason(entry.action_reason ?? undefined);
  const paths = change.replace_paths;
  view.replacePaths = paths?.length ? [...new Set(paths.map((path) => replacePathText(path, change)))] : [];
  view.stateful = entry.mode === 'data' ? undefined : statefulKind(entry.type ?? undefined);
  view.deposed = entry.deposed ?? undefined;
  view.generatedConfig = typeof change.generated_config === 'string' && change.generated_config !== '';
  view.change = change;
  return view;
}

/** `address`, or one built from module/type/name/index for entries without it (drift of old plans). */
function addressOf(entry: ResourceChange): string {
  if (entry.address) return entry.address;
  if (!entry.type || !entry.name) return '(unknown address)';
  const prefix = entry.module_address ? `${entry.module_address}.` : '';
  const data = entry.mode === 'data' ? 'data.' : '';
  const index = entry.index === undefined || entry.index === null ? '' : `[${JSON.stringify(entry.index)}]`;
  return `${prefix}${data}${entry.type}.${entry.name}${index}`;
}

/** An output is sensitive when any part of the plan says so: marks in its change, planned values, prior state or configuration. */
export function outputIsSensitive(plan: Plan, name: string, change?: Change): boolean {
  return (
    hasSensitiveMark(change?.before_sensitive) ||
    hasSensitiveMark(change?.after_sensitive) ||
    plan.planned_values?.outputs?.[name]?.sensitive === true ||
    plan.prior_state?.values?.outputs?.[name]?.sensitive === true ||
    plan.configuration?.root_module?.outputs?.[name]?.sensitive === true
  );
}

function failedChecks(plan: Plan): FailedCheck[] {
  const failed: FailedCheck[] = [];
  for (const check of plan.checks ?? []) {
    if (check.status !== 'fail' && check.status !== 'error') continue;
    const messages = (check.instances ?? []).flatMap((instance) =>
      (instance.problems ?? []).map((problem) => problem.message ?? '').filter(Boolean),
    );
    failed.push({ address: check.address?.to_display ?? '(check)', messages });
  }
  return failed;
}
