/**
 * `npm test`: runs every stage of the suite in order, each as `npm run <stage>`, keeps going
 * after a failure so that one run shows every problem, prints a summary and exits non-zero
 * if any stage failed. Services (moto) are started and stopped by the stages that need them.
 *
 *   tsx scripts/test/run-stages.ts [stage …]   # default: all stages
 */
import { spawn } from 'node:child_process';
import { repoRoot } from '../lib/tools.js';

export const STAGES = ['typecheck', 'lint', 'test:unit', 'hcl', 'checkov', 'workflows', 'test:integration'] as const;

function runStage(stage: string): Promise<number> {
  return new Promise((resolveStage) => {
    const child = spawn('npm', ['run', '--silent', stage], { cwd: repoRoot, stdio: 'inherit' });
    child.on('error', () => resolveStage(127));
    child.on('exit', (code, signal) => resolveStage(code ?? (signal ? 128 : 1)));
  });
}

async function main(): Promise<number> {
  const requested = process.argv.slice(2);
  const unknown = requested.filter((stage) => !(STAGES as readonly string[]).includes(stage));
  if (unknown.length > 0) {
    process.stderr.write(`run-stages: unknown stage '${unknown[0]}'. Expected one of: ${STAGES.join(', ')}.\n`);
    return 2;
  }
  const stages = requested.length > 0 ? requested : [...STAGES];
  const results: { stage: string; code: number; seconds: number }[] = [];
  for (const stage of stages) {
    process.stdout.write(`\n━━ ${stage} ━━\n`);
    const started = Date.now();
    const code = await runStage(stage);
    results.push({ stage, code, seconds: (Date.now() - started) / 1000 });
  }
  process.stdout.write('\n━━ summary ━━\n');
  for (const { stage, code, seconds } of results) {
    process.stdout.write(`${code === 0 ? 'pass' : 'FAIL'}  ${stage.padEnd(18)} ${seconds.toFixed(1).padStart(6)} s${code === 0 ? '' : `  (exit ${code})`}\n`);
  }
  const failed = results.filter((r) => r.code !== 0);
  process.stdout.write(failed.length === 0 ? 'all stages passed\n' : `${failed.length} stage(s) failed\n`);
  return failed.length === 0 ? 0 : 1;
}

process.exitCode = await main();
