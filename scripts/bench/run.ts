/**
 * `npm run bench`: runs every `scripts/bench/*.bench.ts` in its own process (so that peak
 * memory figures are not polluted by the other benchmarks) and prints their figures.
 * A benchmark prints its own figures to stdout; a failing benchmark fails the run.
 *
 *   npm run bench [-- name-filter]
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../lib/tools.js';

const dir = join(repoRoot, 'scripts/bench');
const filter = process.argv[2] ?? '';
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.ts') && name.includes(filter))
  .sort();

if (files.length === 0) {
  process.stdout.write(`bench: no benchmark matches '${filter}'\n`);
}
let failed = 0;
for (const file of files) {
  process.stdout.write(`\n── ${file} ──\n`);
  const code = await new Promise<number>((resolveRun) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', join(dir, file)], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    child.on('exit', (exitCode) => resolveRun(exitCode ?? 1));
  });
  if (code !== 0) failed += 1;
}
process.exitCode = failed === 0 ? 0 : 1;
