/**
 * Ranking metrics of one query, computed from the grades of the ranked results (0 for an
 * unjudged or non-relevant result) and the grades of every judged article of the archive.
 * A grade of 1 or more is relevant.
 */

/** Discounted cumulative gain with graded gains `2^g - 1` and a `log2(rank + 1)` discount. */
export function dcg(grades: readonly number[]): number {
  return grades.reduce((sum, grade, index) => sum + (2 ** Math.max(grade, 0) - 1) / Math.log2(index + 2), 0);
}

/**
 * nDCG@k: the DCG of the top k results over the DCG of the best possible top k (the judged
 * grades sorted). 0 when nothing relevant is judged.
 *
 * @example
 * ndcgAt([0, 2], [2, 1], 10) // (3 / log2 3) / (3 + 1 / log2 3) ≈ 0.521
 */
export function ndcgAt(ranked: readonly number[], judged: readonly number[], k: number): number {
  const ideal = dcg([...judged].filter((grade) => grade > 0).sort((a, b) => b - a).slice(0, k));
  return ideal > 0 ? dcg(ranked.slice(0, k)) / ideal : 0;
}

/** 1-based rank of the first relevant result within the top k, or null. */
export function firstRelevantRank(ranked: readonly number[], k: number): number | null {
  const index = ranked.slice(0, k).findIndex((grade) => grade > 0);
  return index < 0 ? null : index + 1;
}

/**
 * Reciprocal rank of the first relevant result within the top k (0 if none there).
 *
 * @example
 * reciprocalRankAt([0, 0, 1], 10) // 1/3
 */
export function reciprocalRankAt(ranked: readonly number[], k: number): number {
  const rank = firstRelevantRank(ranked, k);
  return rank === null ? 0 : 1 / rank;
}

/**
 * Share of the relevant judged articles found in the top k. 0 when nothing relevant is judged.
 *
 * @example
 * recallAt([1, 0, 2], 3, 2) // 1 of 3 relevant in the top 2: 1/3
 */
export function recallAt(ranked: readonly number[], relevantCount: number, k: number): number {
  if (relevantCount <= 0) return 0;
  return ranked.slice(0, k).filter((grade) => grade > 0).length / relevantCount;
}

/**
 * Nearest-rank percentile (p from 0 to 100) of unsorted values; NaN when there are none.
 * Nearest rank, not interpolation, so the figure is a latency that was actually observed.
 *
 * @example
 * percentile([40, 10, 30, 20], 50) // 20
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Arithmetic mean; NaN when there are no values. */
export function mean(values: readonly number[]): number {
  return values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : Number.NaN;
}
