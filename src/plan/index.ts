/**
 * Plan core: Terraform/OpenTofu plan JSON → typed summary, canonical digest. Pure (no I/O).
 *
 * Stable API (the orchestration CLI's `plan` / `apply --expect-digest` and tf-plan-comment use it):
 * - `parsePlan(text, source): Plan` — parses `terraform show -json PLANFILE` output (UTF-8 BOM
 *   and format_version 0.1–1.x accepted; unknown keys kept), HCP Terraform's redacted JSON and
 *   plans written by `redactPlan`. Throws ConfigurationError with a one-line message naming
 *   `source` when the text is not JSON, not a plan, nested deeper than MAX_PLAN_NESTING, or
 *   unsupported.
 * - `summarizePlan(name, plan): RootSummary` — counts (`create update delete replace read noop
 *   import move forget`), `destructive` addresses, `drift`, `outputs` counts, `digest`, and
 *   classified views of every change for the renderers (src/render/plan).
 * - `planDigest(plan): string` — SHA-256 hex of canonical JSON of `resource_changes` and
 *   `output_changes` (key order and whitespace independent). A redacted plan's summary carries
 *   the digest of the raw plan it came from.
 * - `redactPlan(plan, source)` — the plan with every sensitive value replaced by a marker (what
 *   may leave the plan job).
 * - `attributeChanges(change)` — display-safe `before → after` per attribute (sensitive values
 *   never leave the core), with a structural diff for JSON documents in strings.
 * - `riskTier(view, routine)` / `DEFAULT_ROUTINE_REPLACEMENTS` — how risky one change is.
 * - `STATEFUL_RESOURCE_TYPES` / `statefulKind(type)` — the one list of data-holding types.
 * - `parsePlanSpecs(specs, origin)` / `loadPlans(specs, read)` — `NAME=FILE` pairs → summaries
 *   (the file reader is injected).
 */
export { parsePlan } from './parse.js';
export { summarizePlan } from './summary.js';
export type {
  PlanSource,
  RootSummary,
  ChangeCounts,
  OutputCounts,
  ResourceChangeView,
  OutputChangeView,
  DeferredChangeView,
  FailedCheck,
} from './summary.js';
export { planDigest } from './digest.js';
export type { ChangeKind } from './actions.js';
export {
  attributeChanges,
  outputAttributeChange,
  type AttributeChange,
  type AttributeChanges,
  type DisplayValue,
} from './attributes.js';
export type { DiffLine, JsonDiff } from './json-diff.js';
export { STATEFUL_RESOURCE_TYPES, statefulKind, type StatefulKind } from './stateful.js';
export type { Plan, ResourceChange, Change } from './schema.js';
export { redactPlan, type RedactedPlan } from './redact.js';
export { MAX_PLAN_NESTING } from './nesting.js';
export {
  DEFAULT_ROUTINE_REPLACEMENTS,
  parseRoutineReplacements,
  riskTier,
  routineMatcher,
  RISK_LABELS,
  RISK_TIERS,
  type RiskTier,
  type RoutineMatcher,
} from './risk.js';
export { parsePlanSpec, parsePlanSpecs, loadPlans, type PlanSpec } from './load.js';
