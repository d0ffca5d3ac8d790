/**
 * Paired significance of the difference between two systems scored on the same queries: the
 * two-sided randomisation (sign-flip) test usual in retrieval evaluation. Under the null
 * hypothesis the two systems are exchangeable on each query, so every per-query difference is
 * as likely to have either sign; the p-value is the share of sign assignments whose mean
 * difference is at least as far from zero as the observed one.
 */

export interface PairedTestOptions {
  /** Random sign assignments drawn when there are too many to enumerate (default 10,000). */
  rounds?: number;
  /** Seed of the random draws, so that a report is reproduced exactly (default 42). */
  seed?: number;
}

export interface PairedTestResult {
  /** Queries compared. */
  n: number;
  meanA: number;
  meanB: number;
  /** Mean of `a - b`. */
  meanDifference: number;
  /** Two-sided p-value. */
  pValue: number;
  /** `exact` when every sign assignment was enumerated, else `sampled`. */
  method: 'exact' | 'sampled';
  /** Assignments enumerated (2^n) or drawn. */
  rounds: number;
}

/** Mulberry32: a tiny seeded generator, uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Sums of the same numbers in another order can differ in the last bits: such a tie counts as
// "at least as extreme", or identical systems would not get p = 1.
const TOLERANCE = 1e-9;

/**
 * Two-sided paired randomisation test on per-query scores `a[i]` and `b[i]`. When 2^n is at
 * most `rounds`, every sign assignment is enumerated and the p-value is exact; otherwise
 * `rounds` assignments are drawn with a fixed seed and p = (extreme + 1) / (rounds + 1), which
 * never reports 0 for a sampled test.
 *
 * @example
 * pairedRandomisationTest([0.5, 0.6, 0.7, 0.8, 0.9], [0.4, 0.5, 0.6, 0.7, 0.8]).pValue // 2/32 = 0.0625 (exact)
 */
export function pairedRandomisationTest(a: readonly number[], b: readonly number[], options: PairedTestOptions = {}): PairedTestResult {
  if (a.length !== b.length) throw new RangeError(`paired scores differ in length (${a.length} and ${b.length})`);
  const rounds = options.rounds ?? 10_000;
  const n = a.length;
  const differences = a.map((value, i) => value - b[i]!);
  const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
  const observed = Math.abs(sum(differences));
  const threshold = observed - TOLERANCE * Math.max(1, observed);
  const result = { n, meanA: n ? sum(a) / n : Number.NaN, meanB: n ? sum(b) / n : Number.NaN, meanDifference: n ? sum(differences) / n : Number.NaN };
  if (n === 0) return { ...result, pValue: 1, method: 'exact', rounds: 0 };

  if (2 ** n <= rounds) {
    let extreme = 0;
    const assignments = 2 ** n;
    for (let signs = 0; signs < assignments; signs++) {
      let total = 0;
      for (let i = 0; i < n; i++) total += signs & (1 << i) ? -differences[i]! : differences[i]!;
      if (Math.abs(total) >= threshold) extreme++;
    }
    return { ...result, pValue: extreme / assignments, method: 'exact', rounds: assignments };
  }

  const random = seededRandom(options.seed ?? 42);
  let extreme = 0;
  for (let round = 0; round < rounds; round++) {
    let total = 0;
    for (const difference of differences) total += random() < 0.5 ? -difference : difference;
    if (Math.abs(total) >= threshold) extreme++;
  }
  return { ...result, pValue: (extreme + 1) / (rounds + 1), method: 'sampled', rounds };
}
