/**
 * The Terraform command sequences the CLI runs per root, and how their exit codes and output
 * are read. Pure: the shell in scripts/infra runs the steps.
 *
 * Contract relied on (Terraform and OpenTofu alike):
 *   fmt -check -recursive            0 formatted, non-zero (3) otherwise; lists the files
 *   init -input=false                0 ok
 *   validate                         0 ok
 *   plan -input=false -lock-timeout=D -out=FILE [-detailed-exitcode]
 *                                    0 ok / no changes, 2 changes (only with -detailed-exitcode), 1 error
 *   show -json FILE                  plan JSON on stdout
 *   apply -input=false -lock-timeout=D FILE   applies exactly the saved plan
 *   output -json                     outputs as {name: {value, type, sensitive}}
 * A crash (Go panic) prints "panic:" / "TERRAFORM CRASH" and exits non-zero (2 for a raw Go
 * panic), so crash output is checked before an exit code of 2 is read as "changes".
 */
import { join } from 'node:path';

export type StepId = 'fmt' | 'init' | 'validate' | 'plan' | 'show' | 'apply' | 'output';

export interface TerraformStep {
  id: StepId;
  args: string[];
  /** Write stdout to this file instead of the log (show -json). */
  stdoutFile?: string;
}

export interface RootFiles {
  /** `<out>/<name>` */
  dir: string;
  plan: string;
  json: string;
  log: string;
  /** `terraform output -json` after an apply. */
  outputs: string;
}

/** `<out>/<name>/{plan.tfplan,plan.json,<log>,outputs.json}`; the log is plan.log unless named. */
export function rootFiles(outDir: string, name: string, logName = 'plan.log'): RootFiles {
  const dir = join(outDir, name);
  return {
    dir,
    plan: join(dir, 'plan.tfplan'),
    json: join(dir, 'plan.json'),
    log: join(dir, logName),
    outputs: join(dir, 'outputs.json'),
  };
}

export interface StepOptions {
  lockTimeout: string;
}

const init = (): TerraformStep => ({ id: 'init', args: ['init', '-input=false', '-no-color'] });
const plan = (files: RootFiles, options: StepOptions, detailed: boolean): TerraformStep => ({
  id: 'plan',
  args: [
    'plan',
    '-input=false',
    '-no-color',
    `-lock-timeout=${options.lockTimeout}`,
    ...(detailed ? ['-detailed-exitcode'] : []),
    `-out=${files.plan}`,
  ],
});
const show = (files: RootFiles): TerraformStep => ({
  id: 'show',
  args: ['show', '-json', files.plan],
  stdoutFile: files.json,
});

/** `plan`: fmt, init, validate, plan, show. */
export function planSteps(files: RootFiles, options: StepOptions): TerraformStep[] {
  return [
    { id: 'fmt', args: ['fmt', '-check', '-recursive'] },
    init(),
    { id: 'validate', args: ['validate', '-no-color'] },
    plan(files, options, false),
    show(files),
  ];
}

/** `apply`, before the digest check: init, plan, show. */
export function replanSteps(files: RootFiles, options: StepOptions): TerraformStep[] {
  return [init(), plan(files, options, false), show(files)];
}

/** `apply`, after the digest check: apply that exact plan file. */
export function applyStep(files: RootFiles, options: StepOptions): TerraformStep {
  return {
    id: 'apply',
    args: ['apply', '-input=false', '-no-color', `-lock-timeout=${options.lockTimeout}`, files.plan],
  };
}

/** After a successful apply: the root's outputs for the verification suite. */
export function outputStep(files: RootFiles): TerraformStep {
  return { id: 'output', args: ['output', '-json'], stdoutFile: files.outputs };
}

/** `drift`: init, plan -detailed-exitcode; show only when the plan reports changes. */
export function driftSteps(files: RootFiles, options: StepOptions): { before: TerraformStep[]; show: TerraformStep } {
  return { before: [init(), plan(files, options, true)], show: show(files) };
}

export interface StepRun {
  step: TerraformStep;
  /** Null when the process was killed by a signal. */
  exitCode: number | null;
  signal?: string | null;
  /** Combined output of the step (stdout unless redirected, and stderr). */
  output: string;
}

export type StepOutcome = { ok: true; changes?: boolean } | { ok: false; message: string };

/** The first Terraform diagnostic ("Error: …") in the output, or its last non-empty line. */
export function firstError(output: string): string | undefined {
  const lines = output.split(/\r?\n/).map((line) => line.replace(/^[│╷╵\s]+/, '').trim());
  const error = lines.find((line) => line.startsWith('Error: '));
  return error ?? lines.filter((line) => line !== '').at(-1);
}

/** `logName`: the file the step's output went to (plan.log, apply.log, drift.log, …), named in crash messages. */
export function classifyStep(run: StepRun, lockTimeout: string, logName = 'plan.log'): StepOutcome {
  const { step, exitCode, output } = run;
  const name = `terraform ${step.id}`;
  const detailed = step.args.includes('-detailed-exitcode');
  if (exitCode === null) return { ok: false, message: `${name} was killed (${run.signal ?? 'signal'})` };
  if (/TERRAFORM CRASH|^panic: /m.test(output))
    return { ok: false, message: `${name} crashed (exit ${exitCode}); the crash log is in ${logName}` };
  if (/Error acquiring the state lock/.test(output)) {
    return {
      ok: false,
      message: `${name}: state lock not acquired within -lock-timeout=${lockTimeout} (another run holds it)`,
    };
  }
  if (step.id === 'fmt' && exitCode !== 0) {
    const files = output
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('Error'));
    return {
      ok: false,
      message: `terraform fmt -check: not formatted${files.length ? `: ${files.slice(0, 10).join(', ')}` : ''} (fix: terraform fmt -recursive)`,
    };
  }
  if (exitCode === 0) return detailed ? { ok: true, changes: false } : { ok: true };
  if (detailed && exitCode === 2) return { ok: true, changes: true };
  const detail = firstError(output);
  return { ok: false, message: `${name} exited with ${exitCode}${detail ? `: ${detail}` : ''}` };
}

/** Digests compare without case and without an optional `sha256:` prefix. */
function normalizeDigest(digest: string): string {
  return digest
    .trim()
    .toLowerCase()
    .replace(/^sha256:/, '');
}

export function digestsMatch(expected: string, actual: string): boolean {
  return normalizeDigest(expected) === normalizeDigest(actual);
}
