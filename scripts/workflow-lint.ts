/**
 * Stage `workflows`: the GitHub Actions files of the repository.
 *   1. actionlint over every workflow in .github/workflows (it also runs shellcheck, installed by
 *      bootstrap.sh, on `run:` scripts);
 *   2. zizmor (offline audits: template injection, unpinned or self-repository uses, excessive
 *      permissions, …) over the workflows and the actions; a finding is fixed, or justified on its
 *      line with `# zizmor: ignore[<audit>]` and the reason;
 *   3. every action.yml runs on a runtime GitHub supports (scripts/lib/action-runtimes.ts);
 *   4. the workflows agree with the environment model (environments.yaml: role variables, GitHub
 *      environments, apply order; src/model/workflows.ts).
 * Exit 1 on any finding.
 *
 *   npm run workflows [-- --root DIR]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { EXIT_FINDINGS, EXIT_OK, parseCliArgs, runCli } from '../io/cli.js';
import { ConfigurationError, ToolError } from '../src/lib/errors.js';
import { actionRuntimeProblems } from './lib/action-runtimes.js';
import { repoRoot, toolPath } from './lib/tools.js';
import { checkRepositoryWorkflows } from '../io/workflows.js';

const HELP = `Usage: npm run workflows [-- --root DIR]

Checks DIR (default: this repository): actionlint (with shellcheck) over .github/workflows,
zizmor's offline audits over the workflows and actions (fix a finding, or justify it on its line
with '# zizmor: ignore[<audit>] <reason>'), and the runtime every action.yml names (node24; the
deprecated node12/node16/node20 fail), and the workflows against DIR/environments.yaml (roles,
GitHub environments, apply order).
Exit 0 clean, 1 findings, 2 a tool could not run (or bad --root), 70 internal error (a bug; the
line names the file holding the stack trace).
`;

const SKIP = new Set(['node_modules', '.git', '.tools', '.infra', 'dist']);

/** Every action.yml / action.yaml below `root` (a few levels deep, as actions/<name>/ and .github/actions/<name>/ are). */
function actionFiles(root: string, dir = root, depth = 0): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && depth < 3 && !SKIP.has(entry.name))
      out.push(...actionFiles(root, join(dir, entry.name), depth + 1));
    else if (entry.isFile() && /^action\.ya?ml$/.test(entry.name)) out.push(relative(root, join(dir, entry.name)));
  }
  return out.sort();
}

function run(tool: string, args: string[], cwd: string, findingCodes: (code: number) => boolean): boolean {
  const result = spawnSync(toolPath(tool), args, { cwd, stdio: 'inherit' });
  if (result.status === 0) return true;
  if (result.status !== null && !result.error && findingCodes(result.status)) return false;
  throw new ToolError({
    tool,
    exitCode: result.status,
    signal: result.signal,
    cwd,
    ...(result.error ? { detail: result.error.message } : {}),
  });
}

await runCli('workflows', async (argv) => {
  const { values } = parseCliArgs({
    args: argv,
    options: { root: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT_OK;
  }
  const root = resolve(values.root ?? repoRoot);
  if (!existsSync(root)) throw new ConfigurationError(`--root '${values.root ?? ''}': no such directory`);
  const dir = join(root, '.github/workflows');
  const workflows = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => join('.github/workflows', f))
    : [];
  const actions = actionFiles(root);
  let clean = true;

  if (workflows.length > 0) {
    // Local actions point at their bundles (dist/), which are build output and not committed
    // (docs/architecture.md, Build): their absence is not a workflow error.
    const ignore = ['-ignore', 'file "dist/index\\.js" does not exist in'];
    // actionlint exits 1 when it found problems; anything else means it could not check.
    clean = run('actionlint', [...ignore, ...workflows], root, (code) => code === 1) && clean;
    // zizmor exits 10–14 for findings (by their highest severity), 1 when it could not audit.
    const zizmorClean = run(
      'zizmor',
      ['--offline', '--no-progress', '--color=never', ...workflows, ...actions],
      root,
      (code) => code >= 10 && code <= 14,
    );
    clean = zizmorClean && clean;
  }

  for (const file of actions) {
    for (const problem of actionRuntimeProblems(readFileSync(join(root, file), 'utf8'), file)) {
      process.stdout.write(`${problem}\n`);
      clean = false;
    }
  }

  const problems = await checkRepositoryWorkflows(root);
  for (const p of problems ?? []) {
    process.stdout.write(`${p.file}:${p.line}: ${p.message}\n`);
    clean = false;
  }

  if (clean)
    process.stdout.write(
      `workflows: actionlint and zizmor passed on ${workflows.length} workflow(s); ${actions.length} action(s) on a supported runtime${problems ? '; roles, GitHub environments and apply order agree with environments.yaml' : ''}\n`,
    );
  return clean ? EXIT_OK : EXIT_FINDINGS;
});
