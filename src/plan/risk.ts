import { ConfigurationError } from '../lib/errors.js';
import type { ResourceChangeView } from './summary.js';
import { TYPE_PATTERN, typeLookup } from './type-patterns.js';

/**
 * How risky one change is, worst first. The warning block lists the destructive tiers in this
 * order (data loss, then other deletes, then other replaces); the routine tier is counted apart,
 * and each root's verdict names the tier of its worst change.
 *
 * - `data-loss`: a delete or replace of a resource that holds data (src/plan/stateful.ts);
 * - `delete`, `replace`: any other delete (deposed objects included) or replace;
 * - `unknown`: actions this code does not know (a future Terraform), or none recorded;
 * - `routine`: a replace of a type that is immutable by design — every change is a new revision
 *   (an ECS task definition, a Lambda layer version, …; configurable);
 * - `update`, `create`, `minor` (read, import, move, forget), `none` (no-op).
 */
export type RiskTier =
  'data-loss' | 'delete' | 'replace' | 'unknown' | 'routine' | 'update' | 'create' | 'minor' | 'none';

export const RISK_TIERS: readonly RiskTier[] = [
  'data-loss',
  'delete',
  'replace',
  'unknown',
  'routine',
  'update',
  'create',
  'minor',
  'none',
];

/** The tiers that go into the CAUTION block. */
export const CAUTION_TIERS: ReadonlySet<RiskTier> = new Set(['data-loss', 'delete', 'replace']);

export const RISK_LABELS: Readonly<Record<RiskTier, string>> = {
  'data-loss': 'data loss',
  delete: 'delete',
  replace: 'replace',
  unknown: 'unknown action',
  routine: 'routine replacement',
  update: 'update in place',
  create: 'create',
  minor: 'read, import, move or forget',
  none: 'no changes',
};

/**
 * Resource types replaced as a matter of course: each change creates a new immutable revision
 * (the old one is kept or deregistered), so a replacement is the normal way they change.
 */
export const DEFAULT_ROUTINE_REPLACEMENTS: readonly string[] = [
  'aws_ecs_task_definition',
  'aws_batch_job_definition',
  'aws_launch_configuration',
  'aws_launch_template',
  'aws_lambda_layer_version',
  'aws_lambda_permission',
  'aws_api_gateway_deployment',
  'aws_apigatewayv2_deployment',
  'aws_sagemaker_endpoint_configuration',
  'aws_elastic_beanstalk_application_version',
  'aws_imagebuilder_component',
  'aws_imagebuilder_container_recipe',
  'aws_imagebuilder_image_recipe',
];

/** Is a resource type's replacement routine? */
export type RoutineMatcher = (type: string | undefined) => boolean;

export function routineMatcher(patterns: readonly string[] = DEFAULT_ROUTINE_REPLACEMENTS): RoutineMatcher {
  const lookup = typeLookup(patterns.map((pattern) => [pattern, true] as const));
  return (type) => lookup(type) === true;
}

/**
 * The routine-replacement list from a flag or an input: entries separated by commas or newlines;
 * `default` stands for DEFAULT_ROUTINE_REPLACEMENTS, `none` for no routine tier at all. Empty
 * means the default. `origin` names the flag or input in the error message.
 */
export function parseRoutineReplacements(values: readonly string[], origin: string): string[] {
  const entries = values.flatMap((value) => value.split(/[\s,]+/)).filter(Boolean);
  if (entries.length === 0) return [...DEFAULT_ROUTINE_REPLACEMENTS];
  if (entries.includes('none')) {
    if (entries.length > 1)
      throw new ConfigurationError(`Invalid ${origin}: 'none' cannot be combined with other entries.`);
    return [];
  }
  const patterns: string[] = [];
  for (const entry of entries) {
    if (entry === 'default') patterns.push(...DEFAULT_ROUTINE_REPLACEMENTS);
    else if (TYPE_PATTERN.test(entry)) patterns.push(entry);
    else
      throw new ConfigurationError(
        `Invalid ${origin} entry '${entry}'. Expected a resource type (aws_ecs_task_definition), a prefix with * (aws_imagebuilder_*), 'default' or 'none'.`,
      );
  }
  return [...new Set(patterns)];
}

export function riskTier(view: ResourceChangeView, routine: RoutineMatcher): RiskTier {
  const destructive = view.actions.includes('delete');
  if (destructive && view.stateful) return 'data-loss';
  switch (view.kind) {
    case 'delete':
      return 'delete';
    case 'replace':
      return routine(view.type) ? 'routine' : 'replace';
    case 'other':
      return destructive ? 'delete' : 'unknown';
    case 'update':
      return 'update';
    case 'create':
      return 'create';
    case 'read':
    case 'forget':
      return 'minor';
    case 'noop':
      return view.importing || view.previousAddress !== undefined ? 'minor' : 'none';
  }
}

/** The worst tier among `tiers` ('none' for none). */
export function worstTier(tiers: Iterable<RiskTier>): RiskTier {
  let worst = RISK_TIERS.length - 1;
  for (const tier of tiers) worst = Math.min(worst, TIER_RANK.get(tier)!);
  return RISK_TIERS[worst]!;
}

/** Position of each tier in RISK_TIERS (worst first), for sorting and comparing. */
export const TIER_RANK: ReadonlyMap<RiskTier, number> = new Map(RISK_TIERS.map((tier, i) => [tier, i]));
