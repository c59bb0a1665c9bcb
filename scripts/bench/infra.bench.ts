/**
 * Benchmark of `infra roots` and `infra affected` on a generated repository with 200 roots
 * (30 modules, module-to-module calls, templatefile() reads) and a git history. Target: well
 * under a second each (in-process; the CLI adds Node/tsx start-up, printed separately).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadContext } from '../infra/context.js';
import { affectedCommand, rootsCommand } from '../infra/graph-commands.js';
import { repoRoot } from '../lib/tools.js';
import { writeTree } from '../../test/helpers/write-tree.js';
import { row, timeIt } from './lib.js';

const ROOTS = 200;
const MODULES = 30;

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

  const ctx = await loadContext(dir);
  let output = '';
  const sink = (text: string) => {
    output = text;
  };
  const roots = await timeIt(() => rootsCommand(ctx, 'json', sink));
  const rootCount = (JSON.parse(output) as { roots: unknown[] }).roots.length;
  const affected = await timeIt(() => affectedCommand(ctx, { base, head, format: 'json' }, sink));
  const affectedCount = (JSON.parse(output) as { roots: unknown[] }).roots.length;
  if (rootCount !== ROOTS) throw new Error(`expected ${ROOTS} roots, got ${rootCount}`);

  row(
    `roots: ${rootCount} roots, in-process`,
    `best ${roots.bestMs.toFixed(0)} ms, median ${roots.medianMs.toFixed(0)} ms`,
  );
  row(
    `affected: 2 files → ${affectedCount} roots, in-process`,
    `best ${affected.bestMs.toFixed(0)} ms, median ${affected.medianMs.toFixed(0)} ms`,
  );
  const started = performance.now();
  const cli = spawnSync(
    process.execPath,
    [
      '--import',
      pathToFileURL(join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href,
      join(repoRoot, 'scripts/infra.ts'),
      'affected',
      '--base',
      base,
      '--head',
      head,
      '--format',
      'json',
    ],
    { cwd: dir, encoding: 'utf8' },
  );
  if (cli.status !== 0) throw new Error(`infra affected failed: ${cli.stderr}`);
  row('affected via the CLI (with Node+tsx start-up)', `${(performance.now() - started).toFixed(0)} ms`);
  const worst = Math.max(roots.medianMs, affected.medianMs);
  row('target: median well under 1000 ms', worst < 1000 ? 'met' : 'MISSED');
  if (worst >= 1000) process.exitCode = 1;
} finally {
  await rm(dir, { recursive: true, force: true });
}
