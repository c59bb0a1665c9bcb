/**
 * Start-up: how long a user waits for an answer on a one-root repository, each run a new process,
 * against `node -e 0` (Node.js starting and doing nothing) timed in turn in the same run.
 * Targets: `npm run --silent guard` ≤ 350 ms; the bundled env-guard action (as GitHub runs it:
 * `node actions/env-guard/dist/index.js`, inputs in the environment) ≤ 300 ms. npm's own share
 * (`npm run` of `node -e 0`), the action's first run (GitHub's case: no code cache yet) and tflint
 * on the same repository (where setup installed it) are printed beside them, without a target.
 *
 * Before (ES module bundles with code splitting, compiled on every start), idle machine, medians:
 * npm run guard 533 ms (7.31× node -e 0), action 360 ms (4.92×), guard CLI without npm 326 ms
 * (4.70×), npm's own share 299 ms. After (one CommonJS bundle per CLI and action, run with V8's
 * code cache; undici and node:crypto off the guard's path; no ICU number formatter), the machine
 * shared with three other engineers (load 5–8 on 2 cores), so the absolute figures are high:
 * action 300 ms (3.41×, target met), guard CLI 294 ms (4.10×), npm's own share 278 ms; npm run
 * guard missed. Paired with the previous build in the same runs (farm-bench, 31 pairs): the guard
 * CLI takes 0.70× the wall and CPU time, the action 0.65–0.68×.
 * Then (main at 45dd39b, this run on a quiet moment: npm run guard median 510 ms = 6.30×, action
 * 262 ms = 3.06×, guard CLI 292 ms = 3.27×, npm's own share 314 ms, node -e 0 81 ms) V8 was told to
 * compile the parser's wasm with its optimising compiler only after about a hundred files
 * (scripts/lib/run-bundle.mjs; at its default those compiles cost ≈ 150 ms of CPU on a one-root
 * run), and the guard stopped asking git for the repository's URLs when every module source is a
 * local path. Paired against main in the same runs (21 pairs each, whole process, load 5–7 on 2
 * shared cores), medians: guard CLI 0.54× the CPU time and 0.59× the wall time; npm run --silent
 * guard 0.73× CPU, 0.72× wall; the bundled action 0.59× CPU, 0.64× wall; infra affected on 500
 * roots 0.94× CPU, 0.89× wall; the guard on 2,000 files unchanged (1.00× CPU, 0.98× wall). This
 * file's run under that load (load 9): npm run guard median 766 ms = 5.25× node -e 0 (npm's own
 * share 665 ms), action 270 ms = 2.50×, guard CLI 281 ms = 2.06×: npm run guard still misses
 * 350 ms, most of it npm's own start. A startup snapshot of each CLI (node --build-snapshot with
 * the evaluated bundle, warmed at build time: Node.js keeps the bytecode) saved ≈ 20 ms of the
 * guard CLI (0.93× CPU, 0.97× wall) and nothing of infra affected (1.02×, 1.03×), so it is not used.
 * Then (main at 69b0968 → this header) run-bundle.mjs writes the code cache again when a run ends
 * with a quarter more bytecode than the run that wrote it (a first `--help` no longer leaves the
 * real command compiling lazily: infra affected 1.09× wall with such a cache). Its check at exit is
 * one pass over the heap: the guard CLI on one root, main-thread instructions (valgrind callgrind,
 * 2 runs each) 743.8 / 739.2 M → 749.7 / 748.1 M (+1%, ≈ 1–2 ms); the bundled action shares
 * run-bundle.mjs, so it pays the same. The guard already exits once stdout is flushed, so infra's
 * new exit (io/cli.ts exitWhenIdle) changes nothing here. `node -e 0` on this machine is 43 ms
 * without the environment's NODE_EXTRA_CA_CERTS and 129 ms with it (Node.js parses that bundle at
 * every start): ≈ 85 ms of every figure here that GitHub's runners do not pay.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { bundle, bundleTargets } from '../build.js';
import { repoRoot, toolPath } from '../lib/tools.js';
import { writeTree } from '../../test/helpers/write-tree.js';
import { processRun, ratioRow, row, timeRunsPaired, withoutExtraCaCerts } from './lib.js';

const RUNS = 9;

const ONE_ROOT: Record<string, string> = {
  'environments.yaml':
    'version: 1\nenvironments:\n  - name: production\n    roots: [environments/production]\n    identifiers:\n      prefixes: [bench-prod]\n',
  'environments/production/main.tf':
    'terraform {\n  backend "s3" {\n    bucket = "bench-prod-state"\n    key    = "production/terraform.tfstate"\n    region = "us-east-1"\n  }\n}\n\nmodule "app" {\n  source = "../../modules/app"\n  name   = "bench-prod"\n}\n',
  'modules/app/main.tf':
    'variable "name" {\n  type        = string\n  description = "Name."\n}\n\nresource "terraform_data" "this" {\n  input = var.name\n}\n',
};

const dir = await mkdtemp(join(tmpdir(), 'startup-bench-'));
try {
  await writeTree(dir, ONE_ROOT);
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  await writeTree(join(dir, '.npm-floor'), {
    'package.json': '{"name":"floor","private":true,"scripts":{"noop":"node -e 0"}}\n',
  });
  // The action as `npm run build` writes it.
  const action = bundleTargets().find((t) => t.kind === 'action' && t.entry.includes('/actions/env-guard/'));
  if (!action) throw new Error('no env-guard action among the bundle targets');
  await bundle(action);
  const output = join(dir, '.github-output');
  const summary = join(dir, '.github-summary');
  await Promise.all([writeFile(output, ''), writeFile(summary, '')]);
  const nodeFloor = processRun(process.execPath, ['-e', '0']);
  const floor = (times: Awaited<ReturnType<typeof timeRunsPaired>>) => ({ label: '`node -e 0`', times: times.floor });

  const npmGuard = await timeRunsPaired(
    processRun('npm', ['run', '--silent', 'guard', '--', '--root', dir], { cwd: repoRoot }),
    nodeFloor,
    RUNS,
  );
  ratioRow('npm run --silent guard, one root', npmGuard.ours, floor(npmGuard), { ms: 350 });
  const runnerEnv = withoutExtraCaCerts();
  if (runnerEnv) {
    const runnerGuard = await timeRunsPaired(
      processRun('npm', ['run', '--silent', 'guard', '--', '--root', dir], { cwd: repoRoot, env: runnerEnv }),
      processRun(process.execPath, ['-e', '0'], { env: runnerEnv }),
      RUNS,
    );
    ratioRow('npm run --silent guard, one root, without NODE_EXTRA_CA_CERTS', runnerGuard.ours, {
      label: '`node -e 0` without it',
      times: runnerGuard.floor,
    });
  }

  const runAction = processRun(process.execPath, [action.outfile], {
    cwd: dir,
    env: {
      ...process.env,
      INPUT_ROOT: '.',
      INPUT_STRICT: 'false',
      GITHUB_WORKSPACE: dir,
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: summary,
      RUNNER_TEMP: dir,
      GITHUB_BASE_REF: '',
    },
  });
  const bundled = await timeRunsPaired(runAction, nodeFloor, RUNS);
  ratioRow('bundled env-guard action, one root', bundled.ours, floor(bundled), { ms: 300 });

  // GitHub starts the action once per job, on a bundle just built: without its code cache, which
  // that run writes when it exits (scripts/lib/run-bundle.mjs).
  const actionDir = dirname(action.outfile);
  const firstRun = await timeRunsPaired(
    () => {
      for (const name of readdirSync(actionDir)) if (name.endsWith('.v8-cache')) rmSync(join(actionDir, name));
      runAction();
    },
    nodeFloor,
    RUNS,
  );
  ratioRow('bundled env-guard action, first run (writes its code cache)', firstRun.ours, floor(firstRun));

  const npm = await timeRunsPaired(
    processRun('npm', ['run', '--silent', 'noop'], { cwd: join(dir, '.npm-floor') }),
    nodeFloor,
    RUNS,
  );
  ratioRow("npm's own share: npm run of `node -e 0`", npm.ours, floor(npm));

  const guardCli = await timeRunsPaired(
    processRun(process.execPath, [join(repoRoot, 'scripts/cli.mjs'), 'scripts/guard.ts', '--root', dir]),
    nodeFloor,
    RUNS,
  );
  ratioRow('guard CLI without npm (node scripts/cli.mjs)', guardCli.ours, floor(guardCli));

  let tflint: string | undefined;
  try {
    tflint = toolPath('tflint');
  } catch {
    row('tflint, one root', 'not installed (npm run setup installs it under .tools/)');
  }
  if (tflint) {
    const peer = await timeRunsPaired(
      processRun(tflint, ['--chdir', join(dir, 'environments/production')], { expect: [0, 2, 3] }),
      nodeFloor,
      RUNS,
    );
    ratioRow('tflint, one root (peer)', peer.ours, floor(peer));
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
