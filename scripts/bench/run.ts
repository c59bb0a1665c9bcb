/**
 * `npm run bench`: runs every `scripts/bench/*.bench.ts` in its own process (so that peak
 * memory figures are not polluted by the other benchmarks) and prints their figures.
 * A benchmark prints its own figures to stdout, each against its floor measured in the same run
 * (lib.ts: min/median/max, the target met or MISSED); a failing benchmark or a missed target
 * fails the run.
 *
 *   npm run bench [-- NAME …]      (see --help)
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { EXIT_FINDINGS, EXIT_OK, parseCliArgs, runCli } from '../../io/cli.js';
import { UserError } from '../../src/lib/errors.js';
import { repoRoot } from '../lib/tools.js';

const dir = join(repoRoot, 'scripts/bench');
const benchmarks = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.ts'))
  .map((name) => basename(name, '.bench.ts'))
  .sort();

const HELP = `Usage: npm run bench [-- NAME …]

Runs the benchmarks (each in its own process) and prints their figures: all of them, or those whose
name contains one of the NAMEs. Benchmarks: ${benchmarks.join(', ')}.
Exit 0 every benchmark ran and met its target; 1 one failed or missed its target; 2 could not run
(an unknown flag, a NAME that matches no benchmark), one line on stderr; 70 internal error (a bug;
the line names the file holding the stack trace).
`;

function runBenchmark(name: string): Promise<number> {
  return new Promise<number>((resolveRun) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', join(dir, `${name}.bench.ts`)], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    child.once('error', () => resolveRun(1));
    child.once('exit', (exitCode) => resolveRun(exitCode ?? 1));
  });
}

await runCli('bench', async (argv) => {
  const { values, positionals } = parseCliArgs({
    args: argv,
    options: { help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT_OK;
  }
  for (const filter of positionals) {
    if (filter.trim() === '')
      throw new UserError('An empty benchmark NAME matches every benchmark; leave it out (see --help).');
    if (!benchmarks.some((name) => name.includes(filter)))
      throw new UserError(`No benchmark matches '${filter}'. Expected part of one of: ${benchmarks.join(', ')}.`);
  }
  const selected = benchmarks.filter((name) => positionals.length === 0 || positionals.some((f) => name.includes(f)));
  // The CLI bundles are brought up to date first, so that no benchmark times a rebuild.
  if (spawnSync(process.execPath, [join(repoRoot, 'scripts/cli.mjs'), '--build'], { stdio: 'inherit' }).status !== 0)
    return EXIT_FINDINGS;
  let failed = 0;
  for (const name of selected) {
    process.stdout.write(`\n── ${name}.bench.ts ──\n`);
    if ((await runBenchmark(name)) !== 0) failed += 1;
  }
  return failed === 0 ? EXIT_OK : EXIT_FINDINGS;
});
