/**
 * Stage `terraform`: Terraform's own evaluator on every root, offline, with the provider double
 * (test/provider-double) in place of the real providers. Per root, in a sandbox copy of the
 * repository with a local backend and the root's dummy CI variables (scripts/terraform/ci-vars):
 *   1. fmt      — `terraform fmt -check -recursive` in the root and every local module it uses;
 *   2. init, validate;
 *   3. plan     — `plan -out` from an empty state, `show -json`; the plan JSON goes through the
 *                 plan-comment core, whose counts must equal Terraform's `Plan:` line, and its digest;
 *   4. apply    — that plan, with the double;
 *   5. replan   — `plan -detailed-exitcode` must find nothing to do (no perpetual diff).
 * A failure is one line: root, command, Terraform's first error with file:line and its cause, and
 * the log. Logs, plan JSON and the rendered comment stay in <out>/<root name>/.
 * Exit 0 every root passed, 1 a root failed, 2 the stage could not run.
 *
 *   npm run terraform [-- --root DIR …] [--repo DIR] [--vars DIR] [--out DIR] [--parallel N]
 */
import { existsSync } from 'node:fs';
import { appendFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { EXIT_FINDINGS, EXIT_OK, parseCliArgs, runCli } from '../io/cli.js';
import { ConfigurationError, errorMessage } from '../src/lib/errors.js';
import { mapPool } from '../src/lib/pool.js';
import { firstError, rootNames, unformattedFiles } from '../src/orchestrate/index.js';
import { parsePlan, summarizePlan, type RootSummary } from '../src/plan/index.js';
import { renderMarkdown, summaryLine } from '../src/render/plan/index.js';
import { openRepository } from '../io/environments.js';
import { bundle, bundleTargets } from './build.js';
import { doubleEnv, runTerraform, type TerraformRun } from './lib/terraform.js';
import { repoRoot } from './lib/tools.js';
import { createSandbox, prepareRoot } from './terraform/sandbox.js';

const HELP = `Usage: npm run terraform [-- --root DIR …] [--repo DIR] [--vars DIR] [--out DIR] [--parallel N]

Runs real Terraform with the provider double on every root of the repository (or each --root):
fmt -check, init, validate, plan from an empty state, show -json (through the plan-comment
renderer, counts checked against Terraform's Plan: line), apply, and a second plan that must
be empty. --repo DIR checks another repository (e.g. a fixture), --vars DIR holds each root's
dummy CI variables as <root name>.tfvars.json (default scripts/terraform/ci-vars), --out DIR
keeps logs and plans (default .infra/terraform).
Exit 0 all roots passed, 1 a root failed, 2 the stage could not run, 70 internal error (a bug;
the line names the file holding the stack trace).
`;

export interface PlanLineCounts {
  import: number;
  add: number;
  change: number;
  destroy: number;
  forget: number;
}

/** Terraform's `Plan: 1 to import, 2 to add, 0 to change, 0 to destroy.` (all zero when absent). */
export function parsePlanLine(stdout: string): PlanLineCounts {
  const counts: PlanLineCounts = { import: 0, add: 0, change: 0, destroy: 0, forget: 0 };
  const line = /^Plan: (.*)\.$/m.exec(stdout)?.[1];
  if (!line) return counts;
  for (const part of line.split(',')) {
    const m = /(\d+) to (import|add|change|destroy|forget)/.exec(part);
    if (m) counts[m[2] as keyof PlanLineCounts] = Number(m[1]);
  }
  return counts;
}

/** The plan-comment summary's counts in Terraform's terms (a replacement adds one and destroys one). */
export function summaryAsPlanLine(summary: RootSummary): PlanLineCounts {
  const { counts } = summary;
  return {
    import: counts.import,
    add: counts.create + counts.replace,
    change: counts.update,
    destroy: counts.delete + counts.replace,
    forget: counts.forget ?? 0,
  };
}

const describeCounts = (c: PlanLineCounts) =>
  `${c.import} to import, ${c.add} to add, ${c.change} to change, ${c.destroy} to destroy, ${c.forget} to forget`;

class StepFailure extends Error {
  constructor(
    readonly command: string,
    message: string,
  ) {
    super(message);
  }
}

interface RootResult {
  root: string;
  name: string;
  ok: boolean;
  seconds: number;
  line: string;
}

interface CheckOptions {
  repo: string;
  varsDir: string;
  out: string;
}

async function checkRoot(
  root: string,
  name: string,
  modules: readonly string[],
  options: CheckOptions,
): Promise<RootResult> {
  const started = Date.now();
  const outDir = join(options.out, name);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const logFile = join(outDir, 'terraform.log');
  const logName = relative(repoRoot, logFile).startsWith('..') ? logFile : relative(repoRoot, logFile);
  const sandbox = await createSandbox(options.repo);
  const env = doubleEnv();
  const cwd = join(sandbox.dir, root);
  const run = async (command: string, args: string[], dir = cwd, okCodes = [0]): Promise<TerraformRun> => {
    const t0 = Date.now();
    const result = await runTerraform(args, { cwd: dir, env });
    await appendFile(
      logFile,
      `$ (${relative(sandbox.dir, dir) || '.'}) terraform ${args.join(' ')}\n${result.stdout}${result.stderr}[exit ${result.code ?? 'signal'}, ${((Date.now() - t0) / 1000).toFixed(1)} s]\n\n`,
    );
    if (result.code === null || !okCodes.includes(result.code)) {
      const where = relative(sandbox.dir, dir) || '.';
      const cause = firstError(`${result.stderr}\n${result.stdout}`, where) ?? `exit ${result.code ?? 'signal'}`;
      throw new StepFailure(command, cause);
    }
    return result;
  };
  try {
    for (const dir of [root, ...modules]) {
      const fmt = await runTerraform(['fmt', '-check', '-recursive', '-no-color'], {
        cwd: join(sandbox.dir, dir),
        env,
      });
      await appendFile(
        logFile,
        `$ (${dir}) terraform fmt -check -recursive\n${fmt.stdout}${fmt.stderr}[exit ${fmt.code}]\n\n`,
      );
      if (fmt.code !== 0) {
        const files = unformattedFiles(fmt.stdout);
        throw new StepFailure(
          'fmt',
          files.length > 0
            ? `not formatted: ${files.map((f) => join(dir, f)).join(', ')} (fix: terraform fmt -recursive)`
            : (firstError(fmt.stderr, dir) ?? `exit ${fmt.code}`),
        );
      }
    }
    const varsFile = join(options.varsDir, `${name}.tfvars.json`);
    await prepareRoot(sandbox.dir, root, {
      statePath: join(sandbox.dir, '.state', `${name}.tfstate`),
      ...(existsSync(varsFile) ? { varsFile } : {}),
    });
    await run('init', ['init', '-input=false', '-no-color']);
    await run('validate', ['validate', '-no-color']);
    const plan = await run('plan', ['plan', '-input=false', '-no-color', '-out=plan.tfplan']);
    const shown = await run('show', ['show', '-json', 'plan.tfplan']);
    await writeFile(join(outDir, 'plan.json'), shown.stdout);
    let summary: RootSummary;
    try {
      summary = summarizePlan(name, parsePlan(shown.stdout, `${root} plan.json`));
    } catch (error) {
      throw new StepFailure('show', `the plan-comment core rejects the plan JSON: ${errorMessage(error)}`);
    }
    await writeFile(join(outDir, 'comment.md'), renderMarkdown([summary]).markdown);
    const terraformCounts = parsePlanLine(plan.stdout);
    const rendered = summaryAsPlanLine(summary);
    if (describeCounts(terraformCounts) !== describeCounts(rendered))
      throw new StepFailure(
        'show',
        `the plan comment counts ${describeCounts(rendered)}, Terraform's Plan: line ${describeCounts(terraformCounts)}`,
      );
    await run('apply', ['apply', '-input=false', '-no-color', 'plan.tfplan']);
    const replan = await run(
      'replan',
      ['plan', '-input=false', '-no-color', '-detailed-exitcode', '-out=replan.tfplan'],
      cwd,
      [0, 2],
    );
    if (replan.code === 2) {
      const changing = [...replan.stdout.matchAll(/^ {2}# (\S+) (will be|must be) ([^\n]+)$/gm)].map(
        (m) => `${m[1]} ${m[3]}`,
      );
      throw new StepFailure(
        'replan',
        `the plan after apply is not empty (a perpetual diff): ${changing.slice(0, 5).join('; ') || 'outputs or other changes'}${changing.length > 5 ? `; and ${changing.length - 5} more` : ''}`,
      );
    }
    const seconds = (Date.now() - started) / 1000;
    return {
      root,
      name,
      ok: true,
      seconds,
      line: `pass  ${root}: ${summaryLine(summary)}; digest ${summary.digest}; applied, second plan empty (${seconds.toFixed(1)} s)`,
    };
  } catch (error) {
    const seconds = (Date.now() - started) / 1000;
    const command = error instanceof StepFailure ? error.command : 'stage';
    return {
      root,
      name,
      ok: false,
      seconds,
      line: `FAIL  ${root}: terraform ${command}: ${errorMessage(error)} (log: ${logName})`,
    };
  } finally {
    await sandbox.remove();
  }
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseCliArgs({
    args: argv,
    options: {
      root: { type: 'string', multiple: true },
      repo: { type: 'string' },
      vars: { type: 'string' },
      out: { type: 'string' },
      parallel: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT_OK;
  }
  const repo = resolve(values.repo ?? repoRoot);
  if (!existsSync(repo)) throw new ConfigurationError(`--repo ${values.repo}: no such directory.`);
  const parallel = Number(values.parallel ?? 2);
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > 8)
    throw new ConfigurationError(`Invalid --parallel '${values.parallel}'. Expected a whole number from 1 to 8.`);
  const model = await openRepository(repo);
  const all = model.roots.map((r) => r.dir);
  const names = rootNames(all);
  const roots = values.root?.length ? values.root.map((r) => r.replace(/\/+$/, '')) : all;
  for (const root of roots)
    if (!all.includes(root))
      throw new ConfigurationError(
        `--root '${root}' is not a root of ${relative(repoRoot, repo) || '.'} (roots: ${all.join(', ') || 'none'}).`,
      );
  if (roots.length === 0) throw new ConfigurationError(`${repo}: no roots (directories with a backend block).`);
  doubleEnv(); // fails in one line when the provider double is not installed

  // The Lambda bundles and the upload page script are build output the roots read.
  const targets = bundleTargets(repo).filter((t) => t.kind !== 'action');
  for (const target of targets) await bundle(target);
  if (targets.length > 0) process.stdout.write(`terraform: built ${targets.length} bundles the roots read\n`);

  const options: CheckOptions = {
    repo,
    varsDir: resolve(values.vars ?? join(repoRoot, 'scripts/terraform/ci-vars')),
    out: resolve(values.out ?? join(repoRoot, '.infra/terraform')),
  };
  const results = await mapPool(roots, parallel, async (root) => {
    const modules = (await model.modulesOf(root)).filter((m) => m.exists).map((m) => m.dir);
    const result = await checkRoot(root, names.get(root) ?? root, modules, options);
    process.stdout.write(`${result.line}\n`);
    return result;
  });
  const failed = results.filter((r) => !r.ok);
  process.stdout.write(
    failed.length === 0
      ? `terraform: ${results.length} root(s) passed\n`
      : `terraform: ${failed.length} of ${results.length} root(s) failed\n`,
  );
  return failed.length === 0 ? EXIT_OK : EXIT_FINDINGS;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) await runCli('terraform', main);
