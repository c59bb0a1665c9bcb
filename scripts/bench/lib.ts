/** Small helpers shared by the benchmarks: timing with warm-up, figures against their floors, and peak memory sampling. */
import { spawnSync } from 'node:child_process';

/**
 * Peak resident memory while `fn` runs, above the RSS before it, in MiB. A timer cannot sample
 * during a synchronous render, so the peak is the kernel's high-water mark (`maxRSS`); it covers
 * the whole process, which is why run.ts gives every benchmark file its own process — measure
 * the largest case first in a file, or a later, smaller case reports the earlier peak.
 */
export async function peakMemory(fn: () => unknown | Promise<unknown>): Promise<number> {
  (globalThis as { gc?: () => void }).gc?.();
  const baseline = process.memoryUsage().rss;
  await fn();
  const peak = Math.max(process.resourceUsage().maxRSS * 1024, process.memoryUsage().rss);
  return Math.max(0, peak - baseline) / 1024 / 1024;
}

export function row(label: string, value: string): void {
  process.stdout.write(`${label.padEnd(48)} ${value}\n`);
}

export interface RunTimes {
  minMs: number;
  medianMs: number;
  maxMs: number;
}

/** min/median/max of `runs` runs after one warm-up. */
export async function timeRuns(fn: () => unknown | Promise<unknown>, runs = 5): Promise<RunTimes> {
  await fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return summarize(samples);
}

export const formatTimes = (t: RunTimes): string =>
  `min ${t.minMs.toFixed(0)} / median ${t.medianMs.toFixed(0)} / max ${t.maxMs.toFixed(0)} ms`;

/** Benchmarks whose target was missed; run.ts exits 1 when a benchmark process reports one. */
let missed = 0;

/**
 * One figure against its floor, measured in the same run: the medians' ratio, and whether it
 * meets `target` (a ratio, or an absolute `targetMs` on the median). A miss sets the exit code.
 */
export function ratioRow(
  label: string,
  ours: RunTimes,
  floor: { label: string; times: RunTimes },
  target: { ratio?: number; ms?: number } = {},
): boolean {
  const ratio = floor.times.medianMs > 0 ? ours.medianMs / floor.times.medianMs : Infinity;
  const checks: string[] = [];
  let ok = true;
  if (target.ratio !== undefined) {
    const met = ratio <= target.ratio;
    ok &&= met;
    checks.push(`target ≤ ${target.ratio}×: ${met ? 'met' : 'MISSED'}`);
  }
  if (target.ms !== undefined) {
    const met = ours.medianMs <= target.ms;
    ok &&= met;
    checks.push(`target ≤ ${target.ms} ms: ${met ? 'met' : 'MISSED'}`);
  }
  row(label, `${formatTimes(ours)} = ${ratio.toFixed(2)}× ${floor.label} (${formatTimes(floor.times)})`);
  if (checks.length > 0) row('', checks.join('; '));
  if (!ok) {
    missed += 1;
    process.exitCode = 1;
  }
  return ok;
}

/** How many targets this benchmark process missed so far. */
export const missedTargets = (): number => missed;

/**
 * `ours` and its floor timed in turn (ours, floor, ours, floor, …) after one warm-up each, so
 * that a machine getting slower or faster during the run moves both alike.
 */
export async function timeRunsPaired(
  ours: () => unknown | Promise<unknown>,
  floor: () => unknown | Promise<unknown>,
  runs = 7,
): Promise<{ ours: RunTimes; floor: RunTimes }> {
  await ours();
  await floor();
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    for (const [fn, samples] of [
      [ours, a],
      [floor, b],
    ] as const) {
      const started = performance.now();
      await fn();
      samples.push(performance.now() - started);
    }
  }
  return { ours: summarize(a), floor: summarize(b) };
}

/** min/median/max of samples (milliseconds). */
export function summarize(samples: readonly number[]): RunTimes {
  const sorted = [...samples].sort((x, y) => x - y);
  return {
    minMs: sorted[0] ?? 0,
    medianMs: sorted[Math.floor(sorted.length / 2)] ?? 0,
    maxMs: sorted[sorted.length - 1] ?? 0,
  };
}

/**
 * A whole process as a function to time: spawns `command` and waits for it; an exit code other
 * than `expect` (default 0) throws with its stderr, so a broken command is never timed as fast.
 */
export function processRun(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; expect?: readonly number[] } = {},
): () => void {
  return () => {
    const result = spawnSync(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    if (!(options.expect ?? [0]).includes(result.status ?? -1))
      throw new Error(`${command} ${args.join(' ')}: exit ${result.status ?? result.signal}: ${result.stderr}`);
  };
}

/**
 * The environment without NODE_EXTRA_CA_CERTS, or undefined when it is not set. Node.js parses
 * that certificate bundle at every start, before any of our code runs (≈ 85 ms on a machine that
 * names the system's 144 certificates); GitHub's runners set no such variable, so start-up is also
 * printed as they see it.
 */
export function withoutExtraCaCerts(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv | undefined {
  if (env.NODE_EXTRA_CA_CERTS === undefined) return undefined;
  const { NODE_EXTRA_CA_CERTS: _omitted, ...rest } = env;
  return rest;
}
