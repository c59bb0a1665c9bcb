/** Small helpers shared by the benchmarks: timing with warm-up, and peak memory sampling. */
export async function timeIt(
  fn: () => unknown | Promise<unknown>,
  runs = 5,
): Promise<{ bestMs: number; medianMs: number }> {
  await fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { bestMs: samples[0] ?? 0, medianMs: samples[Math.floor(samples.length / 2)] ?? 0 };
}

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
