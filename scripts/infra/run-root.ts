/** Runs a sequence of Terraform steps in one root, stopping at the first failure. */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, join } from 'node:path';
import { classifyStep, type RootFiles, type TerraformStep } from '../../src/orchestrate/index.js';
import type { InfraContext } from './context.js';
import { runStep } from './process.js';
import type { Reporter } from './reporter.js';

export type StepsResult = { ok: true; changes?: boolean } | { ok: false; step: TerraformStep['id']; message: string };

export interface RootRun {
  root: string;
  name: string;
  log: WriteStream;
}

/** Creates the root's output directory and opens its log (`files.log`). */
export async function openRootRun(ref: { root: string; name: string }, files: RootFiles): Promise<RootRun> {
  await mkdir(files.dir, { recursive: true });
  return { root: ref.root, name: ref.name, log: createWriteStream(files.log, { flags: 'w' }) };
}

export async function closeRootRun(run: RootRun): Promise<void> {
  run.log.end();
  await once(run.log, 'close');
}

export async function runSteps(
  ctx: InfraContext,
  run: RootRun,
  steps: readonly TerraformStep[],
  reporter: Reporter,
): Promise<StepsResult> {
  let last: StepsResult = { ok: true };
  for (const step of steps) {
    reporter.step(run.name, step.id);
    const result = await runStep(step, { bin: ctx.tfBin, cwd: join(ctx.cwd, run.root), log: run.log });
    if (result.spawnError) return { ok: false, step: step.id, message: result.spawnError };
    const outcome = classifyStep(result, ctx.config.lockTimeout, basename(String(run.log.path)), run.root);
    if (!outcome.ok) {
      run.log.write(`infra: ${outcome.message}\n`);
      return { ok: false, step: step.id, message: outcome.message };
    }
    last = outcome;
  }
  return last;
}
