/**
 * The inputs of the plan renderer's byte-identity test and of its capture script: each plan
 * fixture, the example plans, every fixture as a root of one report, and the benchmark's
 * generated large plans. `id` names the golden file under GOLDEN_DIR.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parsePlan, summarizePlan } from '../../src/plan/index.js';
import { LARGE_PLANS, largePlanText, planTemplates } from './generated-plans.js';
import { fixturePath, listFixtures } from './plan-fixtures.js';
import { golden, planOutputs, reportOutputs, type Golden } from './plan-render-outputs.js';

export const GOLDEN_DIR = resolve(import.meta.dirname, '../fixtures/plan-render');
const EXAMPLES = resolve(import.meta.dirname, '../../examples/plans');

export interface GoldenInput {
  id: string;
  outputs: () => Record<string, Golden>;
}

export function goldenInputs(): GoldenInput[] {
  const inputs: GoldenInput[] = [];
  for (const name of listFixtures()) {
    inputs.push({
      id: `plans/${name.replace(/\.json$/, '')}`,
      outputs: () => planOutputs(readFileSync(fixturePath(name), 'utf8'), name),
    });
  }
  for (const name of readdirSync(EXAMPLES)
    .filter((file) => file.endsWith('.json'))
    .sort()) {
    inputs.push({
      id: `examples/${name.replace(/\.json$/, '')}`,
      outputs: () => planOutputs(readFileSync(join(EXAMPLES, name), 'utf8'), name, name.replace(/\.json$/, '')),
    });
  }
  inputs.push({
    id: 'all-fixtures',
    outputs: () => {
      const roots = listFixtures().flatMap((name) => {
        try {
          return [summarizePlan(name.replace(/\.json$/, ''), parsePlan(readFileSync(fixturePath(name), 'utf8'), name))];
        } catch {
          return [];
        }
      });
      return Object.fromEntries(Object.entries(reportOutputs(roots)).map(([key, value]) => [key, golden(value)]));
    },
  });
  for (const plan of LARGE_PLANS) {
    inputs.push({
      id: `generated/${plan.file.replace(/\.json$/, '')}`,
      outputs: () => planOutputs(largePlanText(planTemplates(), plan), plan.file, 'bench'),
    });
  }
  return inputs;
}
