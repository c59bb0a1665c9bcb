/**
 * `npm test` (after bootstrap.sh): runs every stage of the suite in order, each as
 * `npm run <stage>`, keeps going after a failure so that one run shows every problem, prints
 * a summary and exits non-zero if any stage failed. Services (moto) are started and stopped
 * by the stages that need them (the integration project's global setup).
 *
 *   tsx scripts/test/run-stages.ts [stage …]   # default: all stages (see --help)
 */
import { spawn } from 'node:child_process';
import { EXIT_OK, parseCliArgs, runCli } from '../../io/cli.js';
import { UserError } from '../../src/lib/errors.js';
import { repoRoot } from '../lib/tools.js';
import { STAGES, runStages } from './stages.js';

function runStage(stage: string): Promise<number> {
  return new Promise((resolveStage) => {
    const child = spawn('npm', ['run', '--silent', stage], { cwd: repoRoot, stdio: 'inherit' });
    child.on('error', () => resolveStage(127));
    child.on('exit', (code, signal) => resolveStage(code ?? (signal ? 128 : 1)));
  });
}

const HELP = `Usage: npm test [-- stage …]

Installs what is missing (scripts/setup/bootstrap.sh), then runs the stages in order (default: all of
${STAGES.join(', ')}), each as 'npm run <stage>', going on after a failure, and prints a summary.
Exit 0 every stage passed, 1 a stage failed, 2 could not run (an unknown stage or flag), one line on
stderr; 70 internal error (a bug; the line names the file holding the stack trace).
`;

await runCli('run-stages', async (argv) => {
  const { values, positionals } = parseCliArgs({
    args: argv,
    options: { help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT_OK;
  }
  const unknownStage = positionals.find((stage) => !(STAGES as readonly string[]).includes(stage));
  if (unknownStage) throw new UserError(`Unknown stage '${unknownStage}'. Expected one of: ${STAGES.join(', ')}.`);
  const { code } = await runStages(positionals.length > 0 ? positionals : STAGES, runStage, (text) =>
    process.stdout.write(text),
  );
  return code;
});
