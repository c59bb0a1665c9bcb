/**
 * `npm start`'s plan preview: real Terraform plans of the working tree, each against the state
 * that applying the merge base produces, both with the provider double (offline). The merge
 * base's states are cached in .infra/start/<merge base>-<double>/ (git-ignored), so a second run
 * only plans the working tree.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ConfigurationError, errorMessage } from '../../src/lib/errors.js';
import { mapPool } from '../../src/lib/pool.js';
import { firstError } from '../../src/orchestrate/index.js';
import { parsePlan, summarizePlan, type RootSummary } from '../../src/plan/index.js';
import { bundle, bundleTargets } from '../build.js';
import { DOUBLE_CLI_CONFIG, doubleEnv, runTerraform } from '../lib/terraform.js';
import { createSandbox, prepareRoot } from '../terraform/sandbox.js';

const exec = promisify(execFile);

export interface PreviewRoot {
  root: string;
  name: string;
}

export type PreviewResult =
  | { root: string; name: string; ok: true; summary: RootSummary; base: 'applied' | 'new root' | string }
  | { root: string; name: string; ok: false; error: string };

/** Builds and installs the provider double when its inputs changed (scripts/setup/provider-double.sh). */
export async function ensureProviderDouble(repoRoot: string): Promise<void> {
  const stderr = await new Promise<{ code: number | null; text: string }>((resolveRun) => {
    const child = spawn('bash', [join(repoRoot, 'scripts/setup/provider-double.sh')], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let text = '';
    child.stderr.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      process.stderr.write(chunk);
    });
    child.once('error', (error) => resolveRun({ code: null, text: error.message }));
    child.once('close', (code) => resolveRun({ code, text }));
  });
  if (stderr.code !== 0) {
    const last = stderr.text.trim().split('\n').at(-1) ?? 'scripts/setup/provider-double.sh failed';
    throw new ConfigurationError(last.replace(/^setup: /, ''));
  }
}

async function buildBundles(root: string): Promise<void> {
  for (const target of bundleTargets(root).filter((t) => t.kind !== 'action')) await bundle(target);
}

/** The committed tree of `commit`, with the project's node_modules linked in for the bundles. */
async function checkoutTree(repoRoot: string, commit: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'phenom-start-base-'));
  await new Promise<void>((resolveExtract, reject) => {
    const archive = spawn('git', ['archive', '--format=tar', commit], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tar = spawn('tar', ['-x', '-C', dir], { stdio: ['pipe', 'ignore', 'pipe'] });
    archive.stdout.pipe(tar.stdin);
    let errors = '';
    archive.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    tar.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    tar.once('close', (code) =>
      code === 0 ? resolveExtract() : reject(new Error(`git archive ${commit} | tar -x failed: ${errors.trim()}`)),
    );
  });
  if (existsSync(join(repoRoot, 'node_modules')))
    await symlink(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** Runs `steps` in `root` of `tree`, stopping at the first failure (its error with repository-relative file:line). */
async function terraformSteps(tree: string, root: string, steps: string[][]): Promise<{ stdout: string }> {
  const cwd = join(tree, root);
  const env = doubleEnv();
  let last = { stdout: '' };
  for (const args of steps) {
    const result = await runTerraform(args, { cwd, env });
    if (result.code !== 0)
      throw new Error(
        `terraform ${args[0]}: ${firstError(`${result.stderr}\n${result.stdout}`, root) ?? `exit ${result.code ?? 'signal'}`}`,
      );
    last = result;
  }
  return last;
}

export interface PreviewOptions {
  repoRoot: string;
  /** The ref the change is compared with (its merge base with HEAD is applied). */
  base: string;
  roots: readonly PreviewRoot[];
  varsDir: string;
  progress: (line: string) => void;
  /** Default: scripts/setup/provider-double.sh of `repoRoot`. */
  ensureDouble?: () => Promise<void>;
}

/**
 * The state after applying the merge base, per root: cached; a root the merge base cannot
 * apply (or does not have) is previewed from an empty state, and says why.
 */
async function baseStates(options: PreviewOptions, mergeBase: string): Promise<Map<string, string>> {
  const doubleKey = createHash('sha256')
    .update(await readFile(DOUBLE_CLI_CONFIG, 'utf8'))
    .digest('hex')
    .slice(0, 12);
  const cacheRoot = join(options.repoRoot, '.infra/start');
  const cache = join(cacheRoot, `${mergeBase}-${doubleKey}`);
  await mkdir(cache, { recursive: true });
  // Only the current merge base (and double) is ever used again.
  for (const entry of await readdir(cacheRoot))
    if (entry !== `${mergeBase}-${doubleKey}`) await rm(join(cacheRoot, entry), { recursive: true, force: true });
  const how = new Map<string, string>();
  const missing = options.roots.filter(
    (r) => !existsSync(join(cache, `${r.name}.tfstate`)) && !existsSync(join(cache, `${r.name}.base.txt`)),
  );
  if (missing.length > 0) {
    options.progress(
      `applying the merge base ${mergeBase.slice(0, 12)} with the provider double (${missing.map((r) => r.root).join(', ')}; cached for the next run)`,
    );
    const tree = await checkoutTree(options.repoRoot, mergeBase);
    try {
      await buildBundles(tree);
      await mapPool(missing, 2, async ({ root, name }) => {
        const note = join(cache, `${name}.base.txt`);
        if (!existsSync(join(tree, root))) return writeFile(note, 'new root (not in the merge base)');
        const state = join(cache, `${name}.tfstate`);
        const vars = join(options.varsDir, `${name}.tfvars.json`);
        await prepareRoot(tree, root, { statePath: state, ...(existsSync(vars) ? { varsFile: vars } : {}) });
        try {
          await terraformSteps(tree, root, [
            ['init', '-input=false', '-no-color'],
            ['apply', '-auto-approve', '-input=false', '-no-color'],
          ]);
        } catch (error) {
          await rm(state, { force: true });
          await writeFile(note, `the merge base does not apply (${errorMessage(error)})`);
        }
      });
    } finally {
      await rm(tree, { recursive: true, force: true });
    }
  }
  for (const { name } of options.roots) {
    const state = join(cache, `${name}.tfstate`);
    how.set(name, existsSync(state) ? state : `!${(await readFile(join(cache, `${name}.base.txt`), 'utf8')).trim()}`);
  }
  return how;
}

export async function previewPlans(options: PreviewOptions): Promise<{ mergeBase: string; results: PreviewResult[] }> {
  await (options.ensureDouble ?? (() => ensureProviderDouble(options.repoRoot)))();
  const mergeBase = (await exec('git', ['merge-base', options.base, 'HEAD'], { cwd: options.repoRoot })).stdout.trim();
  if (options.roots.length === 0) return { mergeBase, results: [] };
  const bases = await baseStates(options, mergeBase);
  options.progress('planning the working tree against it');
  await buildBundles(options.repoRoot);
  const sandbox = await createSandbox(options.repoRoot, 'phenom-start-head-');
  try {
    const results = await mapPool(options.roots, 2, async ({ root, name }): Promise<PreviewResult> => {
      const base = bases.get(name) ?? '!no state';
      const state = join(sandbox.dir, '.state', `${name}.tfstate`);
      await mkdir(join(sandbox.dir, '.state'), { recursive: true });
      if (!base.startsWith('!')) await copyFile(base, state);
      const vars = join(options.varsDir, `${name}.tfvars.json`);
      try {
        if (!existsSync(join(sandbox.dir, root))) throw new Error(`${root} no longer exists in the working tree`);
        await prepareRoot(sandbox.dir, root, { statePath: state, ...(existsSync(vars) ? { varsFile: vars } : {}) });
        const shown = await terraformSteps(sandbox.dir, root, [
          ['init', '-input=false', '-no-color'],
          ['plan', '-input=false', '-no-color', '-lock=false', '-out=preview.tfplan'],
          ['show', '-json', 'preview.tfplan'],
        ]);
        const summary = summarizePlan(name, parsePlan(shown.stdout, `${root} (preview plan)`));
        return { root, name, ok: true, summary, base: base.startsWith('!') ? base.slice(1) : 'applied' };
      } catch (error) {
        return { root, name, ok: false, error: errorMessage(error) };
      }
    });
    return { mergeBase, results };
  } finally {
    await sandbox.remove();
  }
}
