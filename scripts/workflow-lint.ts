/**
 * Stage `workflows`: actionlint over every workflow in .github/workflows (actionlint also
 * runs shellcheck on `run:` scripts when shellcheck is on PATH). Exit 1 on any finding.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, toolPath } from './lib/tools.js';
import { runCli } from '../src/lib/cli.js';

await runCli('workflows', async () => {
  const dir = join(repoRoot, '.github/workflows');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => join('.github/workflows', f)) : [];
  if (files.length === 0) {
    process.stdout.write('workflows: no workflow files in .github/workflows\n');
    return 0;
  }
  // Local actions point at their bundles (dist/), which are build output and not committed
  // (docs/architecture.md, Build): their absence is not a workflow error.
  const ignore = ['-ignore', 'file "dist/index\\.js" does not exist in'];
  const result = spawnSync(toolPath('actionlint'), ['-color', ...ignore, ...files], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status === 0) process.stdout.write(`workflows: actionlint passed on ${files.length} file(s)\n`);
  return result.status === 0 ? 0 : 1;
});
