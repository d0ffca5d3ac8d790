import type { SearchMode } from '@archive/search';
import { mean, percentile } from './metrics.ts';
import type { EvalRun, ModeScores, QueryResult } from './run-eval.ts';
import { pairedRandomisationTest, type PairedTestResult } from './significance.ts';

/** The comparisons a report tests, each as (a, b): is a better than b? */
export const COMPARISONS: readonly [SearchMode, SearchMode][] = [['hybrid', 'keyword'], ['hybrid', 'semantic'], ['semantic', 'keyword']];

export interface Latency {
  p50: number;
  p95: number;
}

export interface ModeSummary {
  mode: SearchMode;
  ndcg10: number;
  mrr10: number;
  recall10: number;
  recall100: number;
  latencyMs: Latency;
}

/** Mean figures of a group of queries (`all`, or one `kind`). */
export interface GroupSummary {
  group: string;
  queries: number;
  modes: ModeSummary[];
}

export interface Comparison extends PairedTestResult {
  a: SearchMode;
  b: SearchMode;
  significant: boolean;
}

export interface SignificanceSettings {
  test: string;
  metric: 'ndcg10';
  rounds: number;
  seed: number;
  alpha: number;
}

export interface Summary {
  groups: GroupSummary[];
  significance: SignificanceSettings & { comparisons: Comparison[] };
  /** Latency of each query's first search, which embeds it (see `EvalRun.firstSearchMs`); null without semantic modes. */
  firstSearchMs: (Latency & { queries: number }) | null;
}

/** Label of the group of queries that have no `kind`. */
export const NO_KIND = '(no kind)';

function summariseMode(results: readonly QueryResult[], mode: SearchMode): ModeSummary {
  const scores = results.map((result) => result.scores[mode]).filter((score): score is ModeScores => score !== undefined);
  // A refused query has no latency to speak of.
  const latencies = scores.map((score) => score.latencyMs).filter(Number.isFinite);
  return {
    mode,
    ndcg10: mean(scores.map((score) => score.ndcg10)),
    mrr10: mean(scores.map((score) => score.mrr10)),
    recall10: mean(scores.map((score) => score.recall10)),
    recall100: mean(scores.map((score) => score.recall100)),
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95) },
  };
}

/**
 * Means by mode over all scored queries and by query `kind` (when the set has kinds), latency
 * percentiles, and the paired randomisation test of each comparison on per-query nDCG@10.
 *
 * @example
 * summarise(run, ['keyword', 'semantic', 'hybrid']).significance.comparisons[0] // { a: 'hybrid', b: 'keyword', pValue: 0.0132, … }
 */
export function summarise(run: EvalRun, modes: readonly SearchMode[], settings: Partial<Omit<SignificanceSettings, 'test' | 'metric'>> = {}): Summary {
  const { rounds = 10_000, seed = 42, alpha = 0.05 } = settings;
  const kinds = [...new Set(run.results.map((result) => result.kind ?? NO_KIND))];
  const groups: GroupSummary[] = [{ group: 'all', results: run.results }, ...(kinds.length > 1 || run.results.some((result) => result.kind) ? kinds.map((kind) => ({
    group: kind, results: run.results.filter((result) => (result.kind ?? NO_KIND) === kind),
  })) : [])].map(({ group, results }) => ({ group, queries: results.length, modes: modes.map((mode) => summariseMode(results, mode)) }));

  const comparisons = COMPARISONS.filter(([a, b]) => modes.includes(a) && modes.includes(b)).map(([a, b]): Comparison => {
    const test = pairedRandomisationTest(run.results.map((result) => result.scores[a]!.ndcg10), run.results.map((result) => result.scores[b]!.ndcg10), { rounds, seed });
    return { a, b, ...test, significant: test.pValue < alpha };
  });
  const first = run.firstSearchMs;
  return {
    groups,
    significance: { test: 'paired randomisation (sign-flip), two-sided', metric: 'ndcg10', rounds, seed, alpha, comparisons },
    firstSearchMs: first.length ? { queries: first.length, p50: percentile(first, 50), p95: percentile(first, 95) } : null,
  };
}
