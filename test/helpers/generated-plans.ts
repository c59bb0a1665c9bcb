/**
 * Large plans for the render benchmark and the byte-identity test: built from the shapes of the
 * real fixtures (test/fixtures/plans), deterministic (same input fixtures → same bytes), so a
 * benchmark figure and a golden output always describe the same document.
 */
import { listFixtures, rawPlan } from './plan-fixtures.js';

type Json = Record<string, unknown>;

const ACTIONS: string[][] = [
  ['create'],
  ['update'],
  ['no-op'],
  ['delete', 'create'],
  ['delete'],
  ['no-op'],
  ['create'],
  ['update'],
  ['read'],
  ['create', 'delete'],
];

/** Every resource change of the fixtures with before/after objects (the templates). */
export function planTemplates(): Json[] {
  const found: Json[] = [];
  for (const name of listFixtures()) {
    for (const change of (rawPlan(name).resource_changes as Json[] | undefined) ?? []) {
      const body = change.change as Json | undefined;
      if (body && (body.after !== null || body.before !== null)) found.push(change);
    }
  }
  return found;
}

/** A plan of `count` changes; `padding` extra characters per change make a big file. */
export function generatePlan(shapes: readonly Json[], count: number, padding: number): Json {
  const changes: Json[] = [];
  const resources: Json[] = [];
  for (let i = 0; i < count; i += 1) {
    const template = structuredClone(shapes[i % shapes.length]!);
    const change = template.change as Json;
    const type = String(template.type ?? 'aws_instance');
    const address = `module.m${i % 97}.${type}.r${i}`;
    const actions = ACTIONS[i % ACTIONS.length]!;
    const before = (change.before ?? change.after) as Json | null;
    const after = (change.after ?? change.before) as Json | null;
    // Terraform writes attribute values with sorted keys (Go maps); keep that when adding tags.
    const mutated =
      after && typeof after === 'object'
        ? Object.fromEntries(
            Object.entries({ ...after, tags: { Name: `r-${i}`, Padding: 'x'.repeat(padding) } }).sort(([a], [b]) =>
              a < b ? -1 : a > b ? 1 : 0,
            ),
          )
        : after;
    Object.assign(template, { address, module_address: `module.m${i % 97}`, name: `r${i}` });
    delete template.previous_address;
    Object.assign(change, {
      actions,
      before: actions[0] === 'create' && actions.length === 1 ? null : before,
      after: actions[0] === 'delete' && actions.length === 1 ? null : mutated,
    });
    if (actions.length === 2) change.replace_paths = [['tags']];
    changes.push(template);
    resources.push({
      address,
      mode: template.mode ?? 'managed',
      type,
      name: `r${i}`,
      values: mutated,
      sensitive_values: {},
    });
  }
  return {
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: { root_module: { resources } },
    resource_changes: changes,
    output_changes: {
      count: {
        actions: ['update'],
        before: count - 1,
        after: count,
        after_unknown: false,
        before_sensitive: false,
        after_sensitive: false,
      },
    },
    prior_state: { format_version: '1.0', values: { root_module: { resources } } },
    configuration: { root_module: {} },
  };
}

/** The two large plans the benchmark measures, as the text of their files. */
export const LARGE_PLANS = [
  { label: '10,000 resource changes', file: 'plan-10k.json', count: 10_000, padding: 0 },
  { label: 'over 50 MB', file: 'plan-50mb.json', count: 20_000, padding: 250 },
] as const;

export function largePlanText(shapes: readonly Json[], plan: (typeof LARGE_PLANS)[number]): string {
  return JSON.stringify(generatePlan(shapes, plan.count, plan.padding));
}
