/** The stage list of `npm test` and the loop that runs them (pure apart from the injected runner). */
export const STAGES = [
  'typecheck',
  'lint',
  'test:unit',
  'hcl',
  'terraform',
  'checkov',
  'workflows',
  'test:integration',
] as const;

export interface StageResult {
  stage: string;
  code: number;
  seconds: number;
}

/**
 * Runs every stage in order, also after a failure (one run shows every problem), then writes
 * a summary. Returns 0 when all passed, 1 otherwise.
 */
export async function runStages(
  stages: readonly string[],
  runStage: (stage: string) => Promise<number>,
  write: (text: string) => void,
  now: () => number = Date.now,
): Promise<{ code: number; results: StageResult[] }> {
  const results: StageResult[] = [];
  for (const stage of stages) {
    write(`\n━━ ${stage} ━━\n`);
    const started = now();
    const code = await runStage(stage);
    results.push({ stage, code, seconds: (now() - started) / 1000 });
  }
  write('\n━━ summary ━━\n');
  for (const { stage, code, seconds } of results) {
    write(
      `${code === 0 ? 'pass' : 'FAIL'}  ${stage.padEnd(18)} ${seconds.toFixed(1).padStart(6)} s${code === 0 ? '' : `  (exit ${code})`}\n`,
    );
  }
  const failed = results.filter((r) => r.code !== 0);
  write(
    failed.length === 0
      ? 'all stages passed\n'
      : `${failed.length} stage(s) failed: ${failed.map((f) => f.stage).join(', ')}\n`,
  );
  return { code: failed.length === 0 ? 0 : 1, results };
}
