/** Small numeric and formatting helpers for the benchmarks. */
import { mean, percentile } from '../../services/eval/src/metrics.ts';

export interface LatencyStats {
  n: number;
  p50: number;
  p95: number;
  mean: number;
  min: number;
  max: number;
}

/** Summary of latencies in milliseconds. */
export function latencyStats(values: number[]): LatencyStats {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 50), 3),
    p95: round(percentile(sorted, 95), 3),
    mean: round(mean(sorted), 3),
    min: round(sorted[0] ?? Number.NaN, 3),
    max: round(sorted[sorted.length - 1] ?? Number.NaN, 3),
  };
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export interface MemorySnapshot {
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  arrayBuffersMb: number;
  /** Highest RSS of the process so far. */
  peakRssMb: number;
}

const MB = 1024 * 1024;

/**
 * Memory of this process; runs a full GC first when available (the bench starts its workers
 * with --expose-gc) so heap figures are what is retained, not garbage waiting to be collected.
 */
export function memorySnapshot(): MemorySnapshot {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  return {
    rssMb: round(usage.rss / MB, 1),
    heapUsedMb: round(usage.heapUsed / MB, 1),
    heapTotalMb: round(usage.heapTotal / MB, 1),
    externalMb: round(usage.external / MB, 1),
    arrayBuffersMb: round(usage.arrayBuffers / MB, 1),
    // maxRSS is in kilobytes.
    peakRssMb: round((process.resourceUsage().maxRSS * 1024) / MB, 1),
  };
}

/** 12,345 */
export function int(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Fixed decimals, right-aligned to `width`; "–" for missing values. */
export function num(value: number | null | undefined, digits: number, width = 0): string {
  const text = value === null || value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits);
  return text.padStart(width);
}

/** Mulberry32, seeded: the query selection is the same on every run. */
export { seededRandom } from '../../services/eval/src/significance.ts';
// The same nearest-rank percentile and mean as the evaluation reports use.
export { mean, percentile } from '../../services/eval/src/metrics.ts';
