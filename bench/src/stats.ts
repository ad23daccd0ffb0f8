/** Percentiles and a one-line summary of latency samples in milliseconds. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function summary(samples: number[]): { n: number; p50: number; p95: number; p99: number; max: number } {
  const r = (x: number) => Math.round(x * 100) / 100;
  return { n: samples.length, p50: r(percentile(samples, 50)), p95: r(percentile(samples, 95)), p99: r(percentile(samples, 99)), max: r(samples.reduce((a, b) => Math.max(a, b), 0)) };
  // (no spread: Math.max(...xs) overflows the stack past ~100k samples)
}

export async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const start = process.hrtime.bigint();
  const result = await work();
  return [Number(process.hrtime.bigint() - start) / 1e6, result];
}
