/**
 * Stage `workflows`: actionlint over every workflow in .github/workflows (actionlint also
 * runs shellcheck, installed by bootstrap.sh, on `run:` scripts), then the workflows against
 * the environment model (environments.yaml: role variables, GitHub environments, apply
 * order; src/model/workflows.ts). Exit 1 on any finding.
 *
 *   npm run workflows [-- --root DIR]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCliArgs, runCli } from '../io/cli.js';
import { ConfigurationError, ToolError } from '../src/lib/errors.js';
import { repoRoot, toolPath } from './lib/tools.js';
import { checkRepositoryWorkflows } from '../io/workflows.js';

await runCli('workflows', async (argv) => {
  const { values } = parseCliArgs({
    args: argv,
    options: { root: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(
      'Usage: npm run workflows [-- --root DIR]\n\nactionlint (with shellcheck) over DIR/.github/workflows (default: this repository).\n' +
        'Then checks the workflows against DIR/environments.yaml (roles, GitHub environments, apply order).\n' +
        `Exit 0 clean, 1 findings, 2 actionlint could not run, 70 internal error (a bug; the line names the file holding the stack trace).\n`,
    );
    return 0;
  }
  const root = resolve(values.root ?? repoRoot);
  if (!existsSync(root)) throw new ConfigurationError(`--root ${values.root}: no such directory`);
  const dir = join(root, '.github/workflows');
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => join('.github/workflows', f))
    : [];
  if (files.length === 0) {
    process.stdout.write('workflows: no workflow files in .github/workflows\n');
    return 0;
  }
  // Local actions point at their bundles (dist/), which are build output and not committed
  // (docs/architecture.md, Build): their absence is not a workflow error.
  const ignore = ['-ignore', 'file "dist/index\\.js" does not exist in'];
  const result = spawnSync(toolPath('actionlint'), [...ignore, ...files], { cwd: root, stdio: 'inherit' });
  // actionlint exits 1 when it found problems; anything else means it could not check.
  if (result.error || (result.status !== 0 && result.status !== 1))
    throw new ToolError({
      tool: 'actionlint',
      exitCode: result.status,
      signal: result.signal,
      cwd: root,
      ...(result.error ? { detail: result.error.message } : {}),
    });
  if (result.status === 0) process.stdout.write(`workflows: actionlint passed on ${files.length} file(s)\n`);
  const problems = await checkRepositoryWorkflows(root);
  for (const p of problems ?? []) process.stdout.write(`${p.file}:${p.line}: ${p.message}\n`);
  if (problems && problems.length === 0)
    process.stdout.write('workflows: roles, GitHub environments and apply order agree with environments.yaml\n');
  return result.status === 0 && (problems ?? []).length === 0 ? 0 : 1;
});
