/** `infra plan`, `infra apply` and `infra drift`: Terraform per root, through the stand-in-testable runner. */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import {
  applyStep,
  digestsMatch,
  driftSteps,
  outputStep,
  planSteps,
  replanSteps,
  refusalCounts,
  rootFiles,
  type DriftReport,
  type Refusal,
  type StepOptions,
} from '../../src/orchestrate/index.js';
import { EXIT_DRIFT, EXIT_FINDINGS, EXIT_OK } from '../../io/cli.js';
import { ConfigurationError, errorMessage } from '../../src/lib/errors.js';
import { backendConfigFiles, type InfraContext } from './context.js';
import { mapPool } from '../../src/lib/pool.js';
import {
  readRootPlan,
  redactedPlanJson,
  renderCombinedComment,
  renderDriftReport,
  renderNothingAffected,
  type RootPlan,
} from './plan-core.js';
import { createReporter, detectMode } from './reporter.js';
import { closeRootRun, openRootRun, runSteps } from './run-root.js';
import type { Write } from './graph-commands.js';

/** Terraform's options for one root: the lock timeout, and the backend-config files environments.yaml declares for it. */
/** `lock`: false for plans that must not take the state lock (`--no-lock`); default true. */
function stepOptions(ctx: InfraContext, root: string, lock = true): StepOptions {
  return { lockTimeout: ctx.config.lockTimeout, backendConfig: backendConfigFiles(ctx, root), lock };
}

export interface RootRef {
  root: string;
  name: string;
}

/** What `plan` records per root in `<out>/<name>/result.json` (and, for all roots, in `<out>/plans.json`). */
export type PlanResult =
  | { root: string; name: string; status: 'planned'; digest: string; summary: string }
  | { root: string; name: string; status: 'failed'; step: string; error: string; log: string };

async function readPlanned(ref: RootRef, jsonFile: string): Promise<RootPlan> {
  return readRootPlan(ref.name, ref.root, await readFile(jsonFile, 'utf8'), jsonFile);
}

/** `plan` and `drift`: the output directory, how many roots run at once, whether to take the state lock. */
export interface RootsOptions {
  out: string;
  parallel: number;
  /** false: `-lock=false` (read-only plans). Default true. */
  lock?: boolean;
}

export async function planCommand(
  ctx: InfraContext,
  refs: readonly RootRef[],
  options: RootsOptions,
  write: Write,
): Promise<number> {
  const out = resolve(ctx.cwd, options.out);
  // A previous run's summary and comment never outlive this run (a crash leaves neither).
  await mkdir(out, { recursive: true });
  await rm(join(out, 'plans.json'), { force: true });
  await rm(join(out, 'comment.md'), { force: true });
  if (refs.length === 0) {
    await writeFile(join(out, 'plans.json'), `${JSON.stringify({ roots: [] }, null, 2)}\n`);
    await writeFile(join(out, 'comment.md'), renderNothingAffected());
    write('No roots to plan.\n');
    return EXIT_OK;
  }
  const reporter = createReporter('plan', detectMode());
  const planned: RootPlan[] = [];
  const results = await mapPool(refs, options.parallel, async (ref): Promise<PlanResult> => {
    reporter.start(ref.name);
    const files = rootFiles(out, ref.name);
    const run = await openRootRun(ref, files);
    let result: PlanResult;
    const steps = await runSteps(ctx, run, planSteps(files, stepOptions(ctx, ref.root, options.lock)), reporter);
    const log = relative(ctx.cwd, files.log);
    if (!steps.ok) {
      result = { ...ref, status: 'failed', step: steps.step, error: steps.message, log };
    } else {
      try {
        const plan = await readPlanned(ref, files.json);
        planned.push(plan);
        result = { ...ref, status: 'planned', digest: plan.summary.digest, summary: plan.summaryLine };
      } catch (error) {
        result = { ...ref, status: 'failed', step: 'show', error: errorMessage(error), log };
        run.log.write(`infra: ${result.error}\n`);
      }
    }
    await closeRootRun(run);
    await writeFile(join(files.dir, 'result.json'), `${JSON.stringify(result, null, 2)}\n`);
    await reporter.finish(
      ref.name,
      ref.root,
      result.status === 'planned'
        ? { ok: true, summary: result.summary }
        : { ok: false, summary: `${result.step}: ${result.error}` },
      files.log,
    );
    return result;
  });
  planned.sort((a, b) => (a.root < b.root ? -1 : 1));
  const failures = results.filter((r) => r.status === 'failed');
  await writeFile(join(out, 'plans.json'), `${JSON.stringify({ roots: results }, null, 2)}\n`);
  await writeFile(join(out, 'comment.md'), renderCombinedComment(planned, failures));
  for (const result of results) {
    write(
      result.status === 'planned'
        ? `${result.root}: planned — ${result.summary} (digest ${result.digest})\n`
        : `${result.root}: FAILED at ${result.step} — ${result.error} (log: ${result.log})\n`,
    );
  }
  write(
    `Plans in ${relative(ctx.cwd, out) || '.'}/; combined comment in ${join(relative(ctx.cwd, out) || '.', 'comment.md')}.\n`,
  );
  return failures.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}

export interface ApplyOptions {
  out: string;
  expectDigest: string;
  /** The reviewed plan (its redacted JSON, as the pull request uploaded it): a refusal compares its counts. */
  reviewedPlan?: string;
}

/** The reviewed plan's summary; refuses a file that is not the plan of the digest being expected. */
async function readReviewedPlan(ref: RootRef, file: string, expectDigest: string): Promise<RootPlan> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`--reviewed-plan ${file}: cannot be read (${errorMessage(error)}).`);
  }
  const plan = readRootPlan(ref.name, ref.root, text, file);
  if (!digestsMatch(expectDigest, plan.summary.digest))
    throw new ConfigurationError(
      `--reviewed-plan ${file} is the plan of digest ${plan.summary.digest}, not of the expected ${expectDigest}.`,
    );
  return plan;
}

/**
 * Re-plans the root, compares the new plan's digest with the reviewed one and applies that
 * exact plan file only when they match; then writes `terraform output -json` to outputs.json.
 */
export async function applyCommand(
  ctx: InfraContext,
  ref: RootRef,
  options: ApplyOptions,
  write: Write,
): Promise<number> {
  const out = resolve(ctx.cwd, options.out);
  const reviewed = options.reviewedPlan
    ? await readReviewedPlan(ref, resolve(ctx.cwd, options.reviewedPlan), options.expectDigest)
    : undefined;
  const reporter = createReporter('apply', detectMode());
  const files = rootFiles(out, ref.name, 'apply.log');
  await rm(join(files.dir, 'refusal.json'), { force: true });
  const run = await openRootRun(ref, files);
  reporter.start(ref.name);
  const finish = async (ok: boolean, summary: string) => {
    if (!ok) run.log.write(`infra: ${summary}\n`);
    await closeRootRun(run);
    await reporter.finish(ref.name, ref.root, { ok, summary }, files.log);
    write(`${ref.root}: ${ok ? '' : 'FAILED — '}${summary}${ok ? '' : ` (log: ${relative(ctx.cwd, files.log)})`}\n`);
    return ok ? EXIT_OK : EXIT_FINDINGS;
  };
  const replan = await runSteps(ctx, run, replanSteps(files, stepOptions(ctx, ref.root)), reporter);
  if (!replan.ok) return finish(false, `re-plan failed at ${replan.step}: ${replan.message}`);
  let plan: RootPlan;
  try {
    plan = await readPlanned(ref, files.json);
  } catch (error) {
    return finish(false, `re-plan produced an unreadable plan: ${errorMessage(error)}`);
  }
  const { digest } = plan.summary;
  if (!digestsMatch(options.expectDigest, digest)) {
    // What reviewers need to decide on the new plan: its digest, its counts and its redacted JSON
    // (the raw plan.json holds sensitive values and never leaves the job).
    const refusal: Refusal = {
      root: ref.root,
      name: ref.name,
      expectedDigest: options.expectDigest
        .trim()
        .toLowerCase()
        .replace(/^sha256:/, ''),
      digest,
      counts: refusalCounts(plan.summary.counts),
      ...(reviewed ? { reviewedCounts: refusalCounts(reviewed.summary.counts) } : {}),
    };
    await writeFile(
      join(files.dir, 'plan.redacted.json'),
      redactedPlanJson(await readFile(files.json, 'utf8'), files.json),
    );
    await writeFile(join(files.dir, 'refusal.json'), `${JSON.stringify(refusal, null, 2)}\n`);
    return finish(
      false,
      `apply refused: the plan changed since it was reviewed (reviewed digest ${options.expectDigest}, new plan ${digest}, ${plan.summaryLine}). Nothing was applied. The new plan and its digest are in ${relative(ctx.cwd, join(files.dir, 'refusal.json'))}: review it, then apply exactly it with --expect-digest ${digest} (the apply workflow's workflow_dispatch with approve-digest; docs/workflows.md).`,
    );
  }
  const applied = await runSteps(ctx, run, [applyStep(files, ctx.config)], reporter);
  if (!applied.ok) return finish(false, `apply failed: ${applied.message}`);
  const outputs = await runSteps(ctx, run, [outputStep(files)], reporter);
  if (!outputs.ok) return finish(false, `applied, but reading outputs failed: ${outputs.message}`);
  return finish(
    true,
    `applied the reviewed plan (digest ${digest}, ${plan.summaryLine}); outputs in ${relative(ctx.cwd, files.outputs)}`,
  );
}

/** Exit 0 no drift, 3 drift (report on stdout and in `<out>/<name>/drift.json`), 1 a root failed (wins over drift). */
export async function driftCommand(
  ctx: InfraContext,
  refs: readonly RootRef[],
  options: RootsOptions,
  write: Write,
): Promise<number> {
  const out = resolve(ctx.cwd, options.out);
  const reporter = createReporter('drift', detectMode());
  const reports = await mapPool(refs, options.parallel, async (ref): Promise<DriftReport> => {
    reporter.start(ref.name);
    const files = rootFiles(out, ref.name);
    const run = await openRootRun(ref, files);
    const steps = driftSteps(files, stepOptions(ctx, ref.root, options.lock));
    let report: DriftReport;
    const planned = await runSteps(ctx, run, steps.before, reporter);
    if (!planned.ok) {
      report = {
        ...ref,
        status: 'error',
        message: `${planned.step}: ${planned.message} (log: ${relative(ctx.cwd, files.log)})`,
      };
    } else if (!planned.changes) {
      report = { ...ref, status: 'clean' };
    } else {
      const shown = await runSteps(ctx, run, [steps.show], reporter);
      try {
        if (!shown.ok) throw new Error(shown.message);
        const plan = await readPlanned(ref, files.json);
        if (!plan.summary.hasChanges)
          throw new Error('terraform plan -detailed-exitcode reported changes (exit 2) but the saved plan has none');
        report = { ...ref, status: 'drift', report: renderDriftReport(plan) };
      } catch (error) {
        report = { ...ref, status: 'error', message: `show: ${errorMessage(error)}` };
        run.log.write(`infra: ${report.message}\n`);
      }
    }
    await closeRootRun(run);
    await writeFile(join(files.dir, 'drift.json'), `${JSON.stringify(report, null, 2)}\n`);
    const summary =
      report.status === 'clean' ? 'no drift' : report.status === 'drift' ? 'DRIFT' : (report.message ?? 'error');
    await reporter.finish(ref.name, ref.root, { ok: report.status !== 'error', summary }, files.log);
    return report;
  });
  for (const report of reports) {
    if (report.status === 'drift') write(`## Drift in ${report.root}\n\n${report.report ?? ''}\n\n`);
  }
  for (const report of reports) {
    write(
      `${report.root}: ${report.status === 'clean' ? 'no drift' : report.status === 'drift' ? 'drift' : `ERROR — ${report.message ?? ''}`}\n`,
    );
  }
  if (reports.some((r) => r.status === 'error')) return EXIT_FINDINGS;
  return reports.some((r) => r.status === 'drift') ? EXIT_DRIFT : EXIT_OK;
}
