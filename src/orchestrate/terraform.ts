/**
 * The Terraform command sequences the CLI runs per root, and how their exit codes and output
 * are read. Pure: the shell in scripts/infra runs the steps.
 *
 * Contract relied on (Terraform and OpenTofu alike):
 *   fmt -check -recursive            0 formatted, non-zero (3) otherwise; lists the files
 *   init -input=false                0 ok
 *   validate                         0 ok
 *   plan -input=false -lock-timeout=D|-lock=false -out=FILE [-detailed-exitcode]
 *                                    0 ok / no changes, 2 changes (only with -detailed-exitcode), 1 error
 *   show -json FILE                  plan JSON on stdout
 *   apply -input=false -lock-timeout=D FILE   applies exactly the saved plan
 *   output -json                     outputs as {name: {value, type, sensitive}}
 * A crash (Go panic) prints "panic:" / "TERRAFORM CRASH" and exits non-zero (2 for a raw Go
 * panic), so crash output is checked before an exit code of 2 is read as "changes".
 */
import { join, posix } from 'node:path';
import { showControls } from '../lib/control-characters.js';

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
  /** The root's partial backend configuration files (`-backend-config=FILE`, relative to the root). */
  backendConfig?: readonly string[];
  /**
   * false: plan without taking the state lock (`-lock=false`), for plans that must not write to
   * the backend — pull-request and drift plans with a read-only role. Default true.
   */
  lock?: boolean;
}

const init = (options: StepOptions): TerraformStep => ({
  id: 'init',
  args: [
    'init',
    '-input=false',
    '-no-color',
    ...(options.backendConfig ?? []).map((file) => `-backend-config=${file}`),
  ],
});
const plan = (files: RootFiles, options: StepOptions, detailed: boolean): TerraformStep => ({
  id: 'plan',
  args: [
    'plan',
    '-input=false',
    '-no-color',
    options.lock === false ? '-lock=false' : `-lock-timeout=${options.lockTimeout}`,
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
    init(options),
    { id: 'validate', args: ['validate', '-no-color'] },
    plan(files, options, false),
    show(files),
  ];
}

/** `apply`, before the digest check: init, plan, show. */
export function replanSteps(files: RootFiles, options: StepOptions): TerraformStep[] {
  return [init(options), plan(files, options, false), show(files)];
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
  return { before: [init(options), plan(files, options, true)], show: show(files) };
}

export interface StepRun {
  step: TerraformStep;
  /** Null when the process was killed by a signal. */
  exitCode: number | null;
  signal?: string | null;
  /** Combined output of the step (stdout unless redirected, and stderr). */
  output: string;
  /** Standard output alone (unless redirected), when the runner kept it apart. */
  stdout?: string;
}

export type StepOutcome = { ok: true; changes?: boolean } | { ok: false; message: string };

/** One error diagnostic as Terraform prints it: summary, source location, first paragraph of detail. */
export interface TerraformDiagnostic {
  summary: string;
  file?: string;
  line?: number;
  detail?: string;
}

// eslint-disable-next-line no-control-regex -- colour codes of Terraform's output (fmt has no -no-color)
const ANSI = /\x1b\[[0-9;]*m/g;
const DETAIL_LIMIT = 300;

/**
 * The error diagnostics in Terraform's human-readable output (with or without colour and the
 * box drawing around each diagnostic); warnings (e.g. about a missing CLI config file) are skipped.
 */
export function parseDiagnostics(output: string): TerraformDiagnostic[] {
  const lines = output
    .replace(ANSI, '')
    .split(/\r?\n/)
    .map((line) => line.replace(/^[│╷╵] ?/, '').trimEnd());
  const out: TerraformDiagnostic[] = [];
  for (let i = 0; i < lines.length; i++) {
    const head = /^Error: (.*)$/.exec(lines[i]!.trim());
    if (!head) continue;
    const diagnostic: TerraformDiagnostic = { summary: head[1]!.trim() };
    let j = i + 1;
    while (j < lines.length && lines[j]!.trim() === '') j++;
    const at = /^\s*on (.+?) line (\d+)/.exec(lines[j] ?? '');
    if (at) {
      diagnostic.file = at[1]!;
      diagnostic.line = Number(at[2]);
      // The source snippet runs to the next blank line.
      while (j < lines.length && lines[j]!.trim() !== '') j++;
      while (j < lines.length && lines[j]!.trim() === '') j++;
    }
    const paragraph: string[] = [];
    while (j < lines.length && lines[j]!.trim() !== '' && !/^(Error|Warning): /.test(lines[j]!.trim())) {
      paragraph.push(lines[j]!.trim());
      j++;
    }
    if (paragraph.length > 0) {
      const detail = paragraph.join(' ');
      diagnostic.detail = detail.length > DETAIL_LIMIT ? `${detail.slice(0, DETAIL_LIMIT - 1)}…` : detail;
    }
    out.push(diagnostic);
    i = j - 1;
  }
  return out;
}

/**
 * One line for a diagnostic: `Error: <summary> (<file>:<line>): <detail>`. With `root` (the
 * repository-relative directory Terraform ran in) the file is made repository-relative.
 */
export function describeDiagnostic(diagnostic: TerraformDiagnostic, root?: string): string {
  let where = '';
  if (diagnostic.file !== undefined) {
    const file = root !== undefined ? posix.normalize(posix.join(root, diagnostic.file)) : diagnostic.file;
    where = ` (${file}:${diagnostic.line ?? '?'})`;
  }
  // Summaries and details quote HCL strings (a validation's error_message) the pull request chose.
  return showControls(`Error: ${diagnostic.summary}${where}${diagnostic.detail ? `: ${diagnostic.detail}` : ''}`);
}

/** The first Terraform error with its location and cause, or the output's last non-empty line. */
export function firstError(output: string, root?: string): string | undefined {
  const [first] = parseDiagnostics(output);
  if (first) return describeDiagnostic(first, root);
  const lines = output
    .replace(ANSI, '')
    .split(/\r?\n/)
    .map((line) => line.replace(/^[│╷╵\s]+/, '').trim());
  const last = lines.filter((line) => line !== '').at(-1);
  return last === undefined ? undefined : showControls(last);
}

/** Files `fmt -check` lists on stdout (one per line); anything else there is not a file name. */
export function unformattedFiles(stdout: string): string[] {
  return stdout
    .replace(ANSI, '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => /\.(tf|tfvars|tftest\.hcl|tfmock\.hcl)$/.test(line) && !/\s/.test(line));
}

/**
 * `logName`: the file the step's output went to (plan.log, apply.log, drift.log, …), named in crash
 * messages; `root`: the repository-relative directory the step ran in, for file:line locations.
 */
export function classifyStep(run: StepRun, lockTimeout: string, logName = 'plan.log', root?: string): StepOutcome {
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
    const files = unformattedFiles(run.stdout ?? output);
    const shown = files.slice(0, 10).map((f) => (root !== undefined ? posix.join(root, f) : f));
    if (files.length > 0)
      return {
        ok: false,
        message: `terraform fmt -check: not formatted: ${shown.join(', ')}${files.length > 10 ? ` and ${files.length - 10} more` : ''} (fix: terraform fmt -recursive)`,
      };
  }
  if (exitCode === 0) return detailed ? { ok: true, changes: false } : { ok: true };
  if (detailed && exitCode === 2) return { ok: true, changes: true };
  const detail = firstError(output, root);
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
