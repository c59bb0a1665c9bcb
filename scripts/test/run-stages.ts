/**
 * `npm test` (after bootstrap.sh): runs every stage of the suite in order, each as
 * `npm run <stage>`, keeps going after a failure so that one run shows every problem, prints
 * a summary and exits non-zero if any stage failed. Services (moto) are started and stopped
 * by the stages that need them (the integration project's global setup).
 *
 *   tsx scripts/test/run-stages.ts [stage …]   # default: all stages
 */
import { spawn } from 'node:child_process';
import { repoRoot } from '../lib/tools.js';
import { STAGES, runStages } from './stages.js';

function runStage(stage: string): Promise<number> {
  return new Promise((resolveStage) => {
    const child = spawn('npm', ['run', '--silent', stage], { cwd: repoRoot, stdio: 'inherit' });
    child.on('error', () => resolveStage(127));
    child.on('exit', (code, signal) => resolveStage(code ?? (signal ? 128 : 1)));
  });
}

const requested = process.argv.slice(2);
const unknownStage = requested.find((stage) => !(STAGES as readonly string[]).includes(stage));
if (unknownStage) {
  process.stderr.write(`run-stages: unknown stage '${unknownStage}'. Expected one of: ${STAGES.join(', ')}.\n`);
  process.exitCode = 2;
} else {
  const { code } = await runStages(requested.length > 0 ? requested : STAGES, runStage, (text) =>
    process.stdout.write(text),
  );
  process.exitCode = code;
}
