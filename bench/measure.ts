/** What the bench's measured processes share: collecting garbage, memory after collections, latency percentiles. */

/** A full collection, when the process runs with --expose-gc (the bench's children do). */
export const gcNow = (): void => (globalThis as { gc?: () => void }).gc?.();

/** What stays in memory: collected twice, a turn of the event loop apart, so freed typed arrays are released too. */
export async function settledMemory(): Promise<{ heapMB: number; externalMB: number; rssMB: number }> {
  gcNow();
  await new Promise((resolve) => setImmediate(resolve));
  gcNow();
  const m = process.memoryUsage();
  // external includes arrayBuffers (typed arrays and Buffers).
  return { heapMB: m.heapUsed / 1e6, externalMB: m.external / 1e6, rssMB: m.rss / 1e6 };
}

/** Mean, p50, p95 and p99 of some times (nearest rank), and how many there were. */
export function percentiles(times: readonly number[]): { mean: number; p50: number; p95: number; p99: number; n: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? NaN;
  const mean = sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : NaN;
  return { mean, p50: at(0.5), p95: at(0.95), p99: at(0.99), n: sorted.length };
}
