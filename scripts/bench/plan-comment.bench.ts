/**
 * tf-plan-comment speed: renders generated plans — 10,000 resource changes, and one over
 * 50 MB — built from the shapes of the real fixtures in test/fixtures/plans
 * (test/helpers/generated-plans.ts), against JSON.parse of the same files measured in the same
 * process, in turn. Figures are min/median/max of several runs, plus peak memory of one render.
 *
 * Target: render marginal ≤ 1.5× JSON.parse — what rendering the larger plan costs more than
 * the smaller one, against what parsing it costs more (fixed costs left out on both sides).
 *
 * "render" = what `plan-comment render` does per file: read, parse + validate, summarize
 * (counts, digest), Markdown within 65,536 characters; "JSON.parse" = read + JSON.parse.
 *
 * Earlier rounds (main at fcbc0e7 → 45dd39b): render marginal 1.83× → 1.35–1.62× on idle runs
 * (1.60× in the last baseline: 387 vs 242 ms; markdown of the over-50-MB plan 724 ms against
 * JSON.parse 436 ms). The digest walks each value once and hands whole entries to one
 * JSON.stringify per 64; entries are checked and copied by a copier made from their zod schema.
 * What was left: the digest, about 80% of the render's marginal over JSON.parse — and the
 * JSON.stringify of the canonical text alone about 0.3× the JSON.parse marginal, a floor for
 * any digest that serializes the parsed values again (measured: no walk at all, sorted entry
 * copies, batched JSON.stringify and hash still cost 67–76 ms of marginal).
 * This round: parsePlan's digest reads resource_changes from the plan's text (digest-text.ts).
 * Terraform writes values compactly with sorted keys, so a value's text is checked (keys in
 * order, escapes and numbers as JSON.stringify writes them) and hashed as it is; only entries and
 * their `change` are put together again in key order, and any other value is serialized from the
 * parsed plan, so the digest is unchanged (fixtures, odd values and reordered keys tested against
 * an independent writer). Texts with whitespace between entries (pretty-printed) or characters
 * beyond U+00FF (two-byte strings in V8, where reading costs more) keep the serializing digest.
 * Unsorted objects reuse their kind's sorted key list. Measured while other engineers' runs kept
 * the load at 4–12 on the 2 cores, so wall-clock figures swing by ±50% run to run; CPU time of the
 * digest (minimum of 12 runs, same process): 10,000 changes 81 → 58 ms, over 50 MB 188 → 118 ms,
 * marginal 107 → 60 ms (≈ 0.45× → 0.25× the JSON.parse marginal). Whole renders, main and this
 * branch in turn in separate processes (minimum of 10 runs): 10,000 changes 1.92–2.43× →
 * 1.78–2.07× JSON.parse, over 50 MB 1.40–1.55× → 0.91–1.31×, render marginal 1.12–1.32× →
 * 0.61–0.99× (these minimums ride on the load too). This file, in turn with main's: marginal
 * 2.28× / 1.62× (main) against 1.20× / 1.66× (this branch); it needs an idle machine to settle.
 * Peak memory 163 → 170 MiB (over 50 MB; within run-to-run spread), 81–83 MiB (10,000).
 * Left over the floor: the text check and hash of the changes (≈ 0.25×), validation's entry
 * copies (≈ 0.05×), summary and Markdown (≈ 0.05×).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePlan, summarizePlan, type RootSummary } from '../../src/plan/index.js';
import { LARGE_PLANS, largePlanText, planTemplates } from '../../test/helpers/generated-plans.js';
import { renderJson, renderMarkdown } from '../../src/render/plan/index.js';
import { formatTimes, peakMemory, ratioRow, row, summarize } from './lib.js';

const TARGET_MARGINAL = 1.5;
const RUNS = 7;

function summaryOf(file: string): RootSummary {
  return summarizePlan('bench', parsePlan(readFileSync(file, 'utf8'), file));
}

function renderFile(file: string): number {
  return renderMarkdown([summaryOf(file)]).markdown.length;
}

function renderFileJson(file: string): number {
  return renderJson([summaryOf(file)]).length;
}

interface Case {
  label: string;
  path: string;
}

/**
 * Child process: the timings of every case, in one process and in turn (parse, render, JSON
 * report of each case, then again), so that a change of the machine's load during the run hits
 * every figure alike (the machine is shared); the marginal figures are taken round by round.
 */
function measureTimes(cases: readonly Case[]): void {
  const kinds = {
    parse: (path: string) => JSON.parse(readFileSync(path, 'utf8')) as unknown,
    render: renderFile,
    json: renderFileJson,
  };
  type Kind = keyof typeof kinds;
  const samples = cases.map(() => ({ parse: [] as number[], render: [] as number[], json: [] as number[] }));
  // One warm-up round, then the measured rounds.
  for (const { path } of cases) for (const fn of Object.values(kinds)) fn(path);
  for (let round = 0; round < RUNS; round += 1) {
    for (const [i, { path }] of cases.entries()) {
      for (const kind of Object.keys(kinds) as Kind[]) {
        const started = performance.now();
        kinds[kind](path);
        samples[i]![kind].push(performance.now() - started);
      }
    }
  }
  for (const [i, { label, path }] of cases.entries()) {
    const floor = { label: 'JSON.parse', times: summarize(samples[i]!.parse) };
    const megabytes = statSync(path).size / 1024 / 1024;
    row(`${label} (${megabytes.toFixed(1)} MB): JSON.parse`, formatTimes(floor.times));
    ratioRow(`${label}: render markdown (${renderFile(path)} chars)`, summarize(samples[i]!.render), floor);
    ratioRow(`${label}: render json`, summarize(samples[i]!.json), floor);
  }
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  const marginal = (kind: Kind) => summarize(last[kind].map((ms, round) => ms - first[kind][round]!));
  ratioRow(
    `render marginal (${cases[cases.length - 1]!.label} − ${cases[0]!.label})`,
    marginal('render'),
    { label: 'JSON.parse marginal', times: marginal('parse') },
    { ratio: TARGET_MARGINAL },
  );
}

/** Child process: peak memory of one render of one file (a fresh process, so the peak is this file's alone). */
async function measureMemory({ label, path }: Case): Promise<void> {
  const memory = await peakMemory(() => renderFile(path));
  row(`${label}: peak memory of one render (RSS)`, `${memory.toFixed(0)} MiB`);
}

/** Runs this file again in a child process with `args`; resolves to its exit code. */
function child(args: string[]): Promise<number> {
  return new Promise<number>((done) => {
    const process_ = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', import.meta.filename, ...args], {
      stdio: 'inherit',
    });
    process_.on('exit', (exitCode) => done(exitCode ?? 1));
  });
}

async function main(): Promise<void> {
  const keep = process.argv.indexOf('--keep');
  const dir =
    keep !== -1 && process.argv[keep + 1]
      ? process.argv[keep + 1]!
      : mkdtempSync(join(tmpdir(), 'plan-comment-bench-'));
  let missed = false;
  try {
    const shapes = planTemplates();
    const cases = LARGE_PLANS.map((plan) => ({ label: plan.label, path: join(dir, plan.file) }));
    for (const [i, plan] of LARGE_PLANS.entries()) writeFileSync(cases[i]!.path, largePlanText(shapes, plan));
    const runs = [['--times', JSON.stringify(cases)], ...cases.map((item) => ['--memory', JSON.stringify(item)])];
    for (const args of runs) {
      const code = await child(args);
      // 1 is a missed target (its figures are printed); anything else is a failure to measure.
      if (code === 1) missed = true;
      else if (code !== 0) throw new Error(`plan-comment benchmark ${args[0]} failed (exit ${code})`);
    }
  } finally {
    if (keep === -1) rmSync(dir, { recursive: true, force: true });
  }
  if (missed) process.exitCode = 1;
}

const flag = (name: string) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
};
const times = flag('--times');
const memory = flag('--memory');
if (times !== undefined) measureTimes(JSON.parse(times) as Case[]);
else if (memory !== undefined) await measureMemory(JSON.parse(memory) as Case);
else await main();
