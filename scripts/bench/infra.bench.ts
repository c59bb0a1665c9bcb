/**
 * `infra affected` on a generated repository with 500 roots (30 modules, module-to-module calls,
 * templatefile() and file() reads) and a git history, two files changed. The CLI as a user and the
 * workflows run it (`node scripts/cli.mjs scripts/infra.ts affected …`, a new process each run)
 * against `git diff` of the same commits (what any tool pays to know the change), timed in turn
 * in the same run. Target: ≤ 300 ms. Also printed, without a target: `affected` in process
 * against its own floor (reading every `.tf` file, which the pre-scan must, and tree-sitter's parse
 * of the files of the directories it loads), and `roots` in process (`npm run` starts scripts in
 * the package's directory, so it cannot run on another repository; its own share is in
 * startup.bench.ts).
 * Before (main at fcbc0e7, machine idle): CLI min 390 / median 418 ms, of which `affected` in
 * process min 101 / median 138 ms. The pre-scan deciding each root once instead of per root and
 * directory, one git process instead of three (refs looked up only when the diff fails) running
 * while the files are read, one open per file read, backend-config files indexed by directory and
 * the parser's wasm compiled during the reads: `affected` in process, paired runs of the same
 * driver against main (load 4–7 on the 2 shared cores, CPU time per run) median 123–135 → 101–106
 * ms, min 76–86 → 63–69 ms; by phase (CPU min) git 6.4 → 2.2, pre-scan 8.8 → 5.2, load and parse
 * 37.8 → 33.5 ms. What remains is the floor's: reading the 1,060 files and parsing the 148 of
 * the 74 directories loaded (building the syntax model and the validity walk from tree-sitter's
 * tree cost about as much as the parse itself), then the listing.
 * Then (main at 45dd39b → this header): one file cache for the pre-scan and every load (the parse
 * step, the scoped load and the names' load read and parse each file once), the files parsed
 * without the layout walk that only validity() needs (nothing in `affected` asks it), and the
 * pre-scan's patterns run with exec instead of a matchAll copy per file. The 2 shared cores ran at
 * load 5–9 throughout, so wall time could not decide; main-thread instructions of one CLI run
 * (valgrind callgrind, which the load does not move; ±2% between runs) 1,328–1,352 M (3 runs) →
 * 1,264–1,291 M (5 runs). Of those, `node -e 0` is 510 M and the CLI's own start (`infra --help`:
 * launcher, bundle, code cache) 100 M more; of the rest, the parse of the 148 loaded files is
 * ≈ 275 M (≈ 305 M with the layout walk), and 72% of it is tree-sitter's own wasm parse run cold
 * (lazily compiled Liftoff code: 198 M for what costs ≈ 20 ms once warm), then the pre-scan,
 * listing and reads (≈ 250 M together) and the root graphs (≈ 60 M). The same run's ratios at
 * load 6–9: `affected` in process 5.44× → 4.79× its floor.
 * Then (main at 69b0968 → this header; `npm run bench -- infra` on main at load 2–3: CLI median 717
 * ms, in process 182 ms): (1) the process no longer waits for V8 after the answer. Node.js drains
 * V8's background jobs before it exits, and near the end of a 500-root run V8 starts optimising
 * compiles of tree-sitter's wasm that nothing uses: from the last output to the exit event took
 * 22–50 ms (8 runs) and takes 0.5–1 ms (5 runs) now that `infra` exits as soon as only the standard
 * streams are left (io/cli.ts exitWhenIdle; a timer, child, socket or pending request gets the normal
 * exit); with no wasm tier-up at all (budget 2·10⁹) the gap was gone as well, which is how it was
 * traced. (2) The code cache is written again when a run ends with a quarter more bytecode than the
 * run that wrote it: with a cache written by `infra --help`, one `affected` run took 1,343 M
 * main-thread instructions (valgrind callgrind) against 1,291–1,301 M with a cache written by
 * `affected` (wall 1.09×, 11 pairs at load ≈ 1); now the first such run rewrites it (≈ 10 ms, once)
 * and later runs are at 1,297 M. The check is one pass over the heap at exit (≈ 2 ms here). Paired
 * whole-process runs against main's bundle run directly (no freshness check: a slight edge for
 * main), farm-bench at load 3–5 on the 2 shared cores: 21 pairs 0.97× wall, 0.98× CPU; 31 pairs
 * 1.01× wall, 1.02× CPU, so under that load the wall-time gain does not show. Measured and left out:
 * eager wasm compilation (--no-wasm-lazy-compilation: 1.07× CPU, 1.05× wall, 15 pairs), tier-up
 * budgets of 5 and 15 million (main thread 1,285 / 1,289 M, no change), a CommonJS launcher instead
 * of the ES module one (1,286 vs 1,289 M), reads with one fstat less and a join() without its
 * normalising pass (within ±0.5%), zod's jitless mode (no gain). On this machine `node -e 0` itself
 * is 43 ms without the environment's NODE_EXTRA_CA_CERTS and 129 ms with it (15 pairs, 0.35×):
 * Node.js parses that certificate bundle at every start, so every CLI run here pays ≈ 85 ms that a
 * GitHub runner (which sets no such variable) does not.
 * Two rows without a target say how much of the 300 ms is left for the work on this machine: a
 * plain Node.js process that starts, runs the same `git diff`, lists the repository and reads every
 * `.tf` file, deciding nothing (scripts/bench/floors/list-and-read.mjs), and `infra --help`, the
 * CLI's own start. At main 809dea0 (farm-bench medians of 7–15 runs, load ≈ 1, with the CA
 * variable): `node -e 0` 128–146 ms, list-and-read 213 ms, `infra --help` 216 ms, `affected` CLI
 * 607–641 ms (in process 119–166 ms). In `npm run bench` at 8cf626a: list-and-read min 192 /
 * median 230 ms, `infra --help` 165 / 203 ms, `affected` CLI 556 / 654 ms (533 without the CA
 * variable). The floor alone is two thirds of the target; with the CLI's own start on top, what
 * is left for the pre-scan, the parse of 148 files and the answer, all run cold, is about nothing.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { changedFiles } from '../../io/git.js';
import { nodeFileSystem } from '../../io/node-fs.js';
import { treeSitterParser } from '../../src/hcl/tree-sitter.js';
import { affectedInScope } from '../../src/orchestrate/scope.js';
import { listFiles } from '../../src/repo/index.js';
import { loadContext } from '../infra/context.js';
import { affectedCommand, rootsCommand } from '../infra/graph-commands.js';
import { repoRoot } from '../lib/tools.js';
import { writeTree } from '../../test/helpers/write-tree.js';
import { formatTimes, processRun, ratioRow, row, timeRuns, timeRunsPaired, withoutExtraCaCerts } from './lib.js';

const ROOTS = 500;
const MODULES = 30;
const RUNS = 9;

async function generate(dir: string): Promise<void> {
  const files: Record<string, string> = {};
  for (let m = 0; m < MODULES; m += 1) {
    const inner =
      m + 1 < MODULES && m % 3 === 0 ? `module "inner" {\n  source = "../m${m + 1}"\n  name   = var.name\n}\n` : '';
    files[`modules/m${m}/variables.tf`] = 'variable "name" {\n  type        = string\n  description = "Name."\n}\n';
    files[`modules/m${m}/main.tf`] =
      `${inner}locals {\n  policy = templatefile("\${path.module}/policy.json.tpl", { name = var.name })\n}\n`;
    files[`modules/m${m}/policy.json.tpl`] = '{"name":"${name}"}\n';
  }
  for (let r = 0; r < ROOTS; r += 1) {
    const root = `live/team-${Math.floor(r / 10)}/env-${r % 10}`;
    files[`${root}/backend.tf`] =
      `terraform {\n  backend "s3" {\n    bucket = "state"\n    key    = "${root}/terraform.tfstate"\n  }\n}\n`;
    const calls = [r % MODULES, (r * 7) % MODULES, (r * 13) % MODULES].map(
      (m, i) => `module "m${i}" {\n  source = "../../../modules/m${m}"\n  name   = "r${r}-${i}"\n}\n`,
    );
    files[`${root}/main.tf`] =
      `${calls.join('')}locals {\n  shared = file("\${path.module}/../../../shared/common.json")\n}\n`;
  }
  files['shared/common.json'] = '{}\n';
  files['docs/readme.md'] = '# docs\n';
  await writeTree(dir, files);
}

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

const dir = await mkdtemp(join(tmpdir(), 'infra-bench-'));
try {
  await generate(dir);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, '-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '-m', 'base');
  const base = git(dir, 'rev-parse', 'HEAD');
  await writeFile(join(dir, 'modules/m9/main.tf'), 'locals {\n  changed = true\n}\n');
  await writeFile(join(dir, 'modules/m20/policy.json.tpl'), '{}\n');
  git(dir, 'add', '-A');
  git(dir, '-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '-m', 'change');
  const head = git(dir, 'rev-parse', 'HEAD');

  const gitDiff = processRun('git', ['diff', '--name-status', '-z', '-M', `${base}...${head}`], { cwd: dir });
  const floor = (times: { floor: Awaited<ReturnType<typeof timeRuns>> }) => ({
    label: '`git diff`',
    times: times.floor,
  });
  const affectedArgs = ['affected', '--base', base, '--head', head, '--format', 'json'];
  const cli = await timeRunsPaired(
    processRun(process.execPath, [join(repoRoot, 'scripts/cli.mjs'), 'scripts/infra.ts', ...affectedArgs], {
      cwd: dir,
    }),
    gitDiff,
    RUNS,
  );
  ratioRow(`infra affected, ${ROOTS} roots, 2 files changed (CLI)`, cli.ours, floor(cli), { ms: 300 });
  const runnerEnv = withoutExtraCaCerts();
  if (runnerEnv) {
    const runner = await timeRunsPaired(
      processRun(process.execPath, [join(repoRoot, 'scripts/cli.mjs'), 'scripts/infra.ts', ...affectedArgs], {
        cwd: dir,
        env: runnerEnv,
      }),
      gitDiff,
      RUNS,
    );
    ratioRow(`infra affected, ${ROOTS} roots (CLI), without NODE_EXTRA_CA_CERTS`, runner.ours, floor(runner));
  }
  // What the target leaves for the work itself: a process that only starts, asks git and reads.
  const listAndRead = await timeRunsPaired(
    processRun(process.execPath, [join(repoRoot, 'scripts/bench/floors/list-and-read.mjs'), base, head], { cwd: dir }),
    gitDiff,
    RUNS,
  );
  ratioRow('floor of any Node.js CLI: start, git diff, list, read every .tf', listAndRead.ours, floor(listAndRead));
  const help = await timeRunsPaired(
    processRun(process.execPath, [join(repoRoot, 'scripts/cli.mjs'), 'scripts/infra.ts', '--help'], { cwd: dir }),
    gitDiff,
    RUNS,
  );
  ratioRow("infra --help: the CLI's own start (launcher, bundle, code cache)", help.ours, floor(help));
  const ctx = await loadContext(dir);
  let output = '';
  const sink = (text: string) => {
    output = text;
  };
  const affected = await timeRuns(() => affectedCommand(ctx, { base, head, format: 'json' }, sink), RUNS);
  const affectedCount = (JSON.parse(output) as { roots: unknown[] }).roots.length;
  // The floor: every configuration file read, the files of the directories loaded parsed.
  const { scope } = await affectedInScope(nodeFileSystem(dir), {}, await changedFiles(dir, base, head), ctx.config);
  if (scope.kind !== 'some') throw new Error(`expected a scoped load, got all: ${scope.reason}`);
  const tf = (await listFiles(nodeFileSystem(dir))).map((f) => f.path).filter((path) => path.endsWith('.tf'));
  const loaded = tf.filter((path) => scope.load.has(path.slice(0, path.lastIndexOf('/'))));
  const parser = await treeSitterParser();
  const floorTimes = await timeRuns(() => {
    const texts = new Map(tf.map((path) => [path, readFileSync(join(dir, path), 'utf8')]));
    for (const path of loaded) parser.parse(texts.get(path) ?? '')?.delete();
  }, RUNS);
  ratioRow(`affected in-process: 2 files → ${affectedCount} roots`, affected, {
    label: `reading ${tf.length} .tf + parsing the ${loaded.length} loaded`,
    times: floorTimes,
  });
  const roots = await timeRuns(() => rootsCommand(ctx, 'json', sink), 3);
  const rootCount = (JSON.parse(output) as { roots: unknown[] }).roots.length;
  if (rootCount !== ROOTS) throw new Error(`expected ${ROOTS} roots, got ${rootCount}`);
  row(`roots in-process: all ${rootCount} roots`, formatTimes(roots));
} finally {
  await rm(dir, { recursive: true, force: true });
}
