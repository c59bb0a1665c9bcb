/**
 * Byte identity of everything tf-plan-comment writes: each output of each plan fixture, the
 * example plans, all fixtures in one report and the benchmark's generated large plans, against
 * the golden outputs captured from the reference revision named in
 * test/fixtures/plan-render/REVISION (by test/helpers/capture-plan-render.ts; this test only
 * reads them). A speed-up of the renderer must leave every one of them unchanged.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOLDEN_DIR, goldenInputs } from '../../../../test/helpers/plan-render-inputs.js';
import type { Golden } from '../../../../test/helpers/plan-render-outputs.js';

const inputs = goldenInputs();

describe('plan render output is byte-identical to the captured goldens', () => {
  it('names the revision the goldens come from and covers every input', () => {
    expect(readFileSync(join(GOLDEN_DIR, 'REVISION'), 'utf8')).toMatch(/^[0-9a-f]{40}\n/);
    for (const { id } of inputs) expect(existsSync(join(GOLDEN_DIR, `${id}.json`)), id).toBe(true);
    expect(inputs.filter(({ id }) => id.startsWith('plans/')).length).toBeGreaterThanOrEqual(40);
  });

  it.each(inputs.map((input) => [input.id, input] as const))(
    '%s',
    (id, input) => {
      const expected = JSON.parse(readFileSync(join(GOLDEN_DIR, `${id}.json`), 'utf8')) as Record<string, Golden>;
      const actual = input.outputs();
      expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
      for (const [variant, value] of Object.entries(expected))
        expect(actual[variant], `${id}: ${variant}`).toEqual(value);
    },
    120_000,
  );
});
