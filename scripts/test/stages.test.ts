import { describe, expect, it } from 'vitest';
import { STAGES, runStages } from './stages.js';

describe('runStages', () => {
  it('runs every stage even after a failure and exits 1 naming the failed ones', async () => {
    const ran: string[] = [];
    let output = '';
    const { code, results } = await runStages(
      ['a', 'b', 'c'],
      async (stage) => {
        ran.push(stage);
        return stage === 'b' ? 3 : 0;
      },
      (text) => (output += text),
    );
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(code).toBe(1);
    expect(results.map((r) => r.code)).toEqual([0, 3, 0]);
    expect(output).toMatch(/FAIL {2}b .*\(exit 3\)/);
    expect(output).toContain('1 stage(s) failed: b');
  });

  it('exits 0 when every stage passes', async () => {
    const { code } = await runStages(
      ['a'],
      async () => 0,
      () => {},
    );
    expect(code).toBe(0);
  });

  it('covers every stage, Terraform right after the static HCL checks, integration last', () => {
    expect(STAGES).toEqual([
      'typecheck',
      'lint',
      'test:unit',
      'hcl',
      'terraform',
      'checkov',
      'workflows',
      'test:integration',
    ]);
  });
});
