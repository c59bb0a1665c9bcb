/**
 * Plan core: Terraform/OpenTofu plan JSON → typed summary, canonical digest. Pure (no I/O).
 *
 * Stable API (the orchestration CLI's `plan` / `apply --expect-digest` and tf-plan-comment use it):
 * - `parsePlan(text, source): Plan` — parses `terraform show -json PLANFILE` output (UTF-8 BOM
 *   and format_version 0.1–1.x accepted; unknown keys kept). Throws ConfigurationError with a
 *   one-line message naming `source` when the text is not JSON, not a plan, or unsupported.
 * - `summarizePlan(name, plan): RootSummary` — counts (`create update delete replace read noop
 *   import move forget`), `destructive` addresses, `drift`, `outputs` counts, `digest`, and
 *   classified views of every change for the renderers (src/render/plan).
 * - `planDigest(plan): string` — SHA-256 hex of canonical JSON of `resource_changes` and
 *   `output_changes` (key order and whitespace independent).
 * - `attributeChanges(change)` — display-safe `before → after` per attribute (sensitive values
 *   never leave the core).
 * - `STATEFUL_RESOURCE_TYPES` / `statefulKind(type)` — the one list of data-holding types.
 * - `parsePlanSpecs(specs, origin)` / `loadPlans(specs, read)` — `NAME=FILE` pairs → summaries
 *   (the file reader is injected).
 */
export { parsePlan } from './parse.js';
export { summarizePlan } from './summary.js';
export type {
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
export { attributeChanges, type AttributeChange, type AttributeChanges, type DisplayValue } from './attributes.js';
export { STATEFUL_RESOURCE_TYPES, statefulKind, type StatefulKind } from './stateful.js';
export type { Plan, ResourceChange, Change } from './schema.js';
export { parsePlanSpec, parsePlanSpecs, loadPlans, type PlanSpec } from './load.js';
