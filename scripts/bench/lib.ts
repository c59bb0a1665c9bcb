/** Small helpers shared by the benchmarks: timing with warm-up, and peak memory sampling. */
export async function timeIt(fn: () => unknown | Promise<unknown>, runs = 5): Promise<{ bestMs: number; medianMs: number }> {
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

/** Runs fn while sampling RSS every 5 ms; returns the peak RSS delta in MiB. */
export async function peakMemory(fn: () => unknown | Promise<unknown>): Promise<number> {
  (globalThis as { gc?: () => void }).gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  return (peak - baseline) / 1024 / 1024;
}

export function row(label: string, value: string): void {
  process.stdout.write(`${label.padEnd(48)} ${value}\n`);
}
