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
 * Before (main at fcbc0e7, machine idle): render marginal min 407 / median 472 / max 648 ms =
 * 1.83× the JSON.parse marginal (median 258 ms); whole renders 1.95–2.29× JSON.parse; peak memory
 * 82 / 170 MiB. The costs: the digest (a walk to find the canonical subtrees, then JSON.stringify
 * of each of them and of every key and field, in tens of thousands of small pieces, joined again)
 * and zod parsing every resource entry field by field.
 * After: the digest walks each value once and gets its canonical form (the value itself when it
 * is already canonical, else a copy with sorted keys that shares the canonical parts), then calls
 * JSON.stringify once per 64 entries. Resource entries are checked and copied by a copier made from
 * their zod schema, and views are built without spreads. Output is byte-identical (golden test).
 * Paired runs against main, this file, load 5–9 on 2 shared cores: whole render 2.06–2.27× →
 * 1.57–1.75× JSON.parse (10,000 changes) and 1.60–1.74× → 1.39–1.89× (over 50 MB); the render
 * marginal swung with the load on both sides (main 1.47–1.88×, this branch 1.18–1.83×), so it
 * needs an idle run to settle. Steadier, the parts on the over-50-MB plan (CPU ms, minimum of
 * 20 runs, same process): digest 221–263 → 146–158, validation (zod) 75–80 → 26–29, summary
 * 31 → 16–22; JSON.stringify of the same changes alone is 100–115.
 * Peak memory 80–82 / 164–170 MiB both sides. Most of what is left over the floor is the
 * JSON.stringify of the canonical text (about 0.3× the JSON.parse marginal), the walk, the entry
 * copies, and moving the parsed plan out of the young generation once it is kept.
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
