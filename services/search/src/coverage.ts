import type { KeywordIndex } from '@archive/keyword-index';
import type { ArticleFilters, ArticleStore } from '@archive/store';
import type { CoverageGranularity, CoveragePeriod, SearchMode } from './search-types.ts';

/**
 * The cosine similarity (query to an article's best passage, multilingual-e5-small q8) at and
 * above which a semantic hit counts in coverage. Below it the nearest articles of any query are
 * mostly unrelated, and counting "the 100 nearest" would draw the shape of the whole archive.
 *
 * Calibrated with bench/coverage-threshold.ts on the 24 judged orangesum-fr topics (grade ≥ 1 =
 * relevant), the 300 nearest articles per topic, on all 15,000 OrangeSum articles (one passage
 * each): 0.88 is the lowest threshold whose estimated precision reaches ~0.8. Judged precision
 * ignores unjudged hits (too kind: the pools judged the best ones), strict precision counts
 * them as misses (too harsh); the estimate counts them relevant at 0.43, the rate measured by
 * hand on a systematic sample of 30 unjudged hits between 0.87 and 0.90.
 *
 *   threshold  hits/topic  P(judged)  P(strict)  P(est.)  recall
 *        0.85       102.8      0.771      0.201    0.519   0.852
 *        0.86        56.1      0.816      0.314    0.578   0.725
 *        0.87        27.8      0.890      0.485    0.681   0.555
 *        0.88        14.4      0.927      0.658    0.783   0.390   ← chosen
 *        0.89         6.8      0.962      0.780    0.862   0.220
 *        0.90         1.9      0.976      0.891    0.929   0.070
 *
 * (On the first 2,000 articles only, 45 judged relevant: 0.88 gives P(judged) 0.941, P(strict)
 * 0.593, recall 0.356.) Keyword-worded topics reach higher similarities than paraphrased and
 * English ones: this one threshold favours precision over cross-lingual recall. Re-measure
 * when the model changes.
 */
export const SEMANTIC_COVERAGE_THRESHOLD = 0.88;

/** Semantic candidates looked at first; the search deepens (×4) while all are above the threshold. */
const FIRST_SEMANTIC_DEPTH = 200;
/** At most this many semantic articles count: a bound on the work of one request. */
export const MAX_SEMANTIC_COVERAGE = 3200;

export interface SemanticCandidate {
  id: string;
  similarity: number;
}

export interface CoverageSources {
  keywordIndex: Pick<KeywordIndex, 'periods' | 'matching'>;
  store: Pick<ArticleStore, 'getArticles'>;
  /**
   * The search's semantic candidates that pass its filters, best first, at most `limit`; null
   * when the semantic side does not run (no model).
   */
  semantic: ((limit: number) => Promise<SemanticCandidate[]>) | null;
}

/**
 * What a search matches per period, for "coverage over time". Keyword matches are counted by
 * the keyword engine (`KeywordIndex.periods`: one grouped count, no text read); in hybrid and
 * semantic mode the semantic candidates above `SEMANTIC_COVERAGE_THRESHOLD` are added, each
 * article once (a candidate that also matches the keywords is already counted). Undated
 * articles are not counted. `mode` is the mode that ran (a blank query lists by keyword).
 *
 * @example
 * await searchCoverage(sources, { q: 'incendie', mode: 'keyword', filters: {} }, 'year')
 * // [{ period: '2019', count: 12 }, { period: '2020', count: 0 }, { period: '2021', count: 3 }]
 */
export async function searchCoverage(
  sources: CoverageSources,
  search: { q: string; mode: SearchMode; filters: ArticleFilters },
  granularity: CoverageGranularity,
): Promise<CoveragePeriod[]> {
  const q = search.q.trim();
  const withKeywords = search.mode !== 'semantic';
  const semantic = search.mode !== 'keyword' && q ? sources.semantic : null;
  const [keyword, similar] = await Promise.all([
    withKeywords ? sources.keywordIndex.periods(q, search.filters, granularity) : Promise.resolve({}),
    semantic ? semanticAbove(semantic, SEMANTIC_COVERAGE_THRESHOLD) : Promise.resolve([]),
  ]);
  const counts: Record<string, number> = { ...keyword };
  if (similar.length > 0) {
    const counted = withKeywords ? await sources.keywordIndex.matching(q, similar) : new Set<string>();
    const added = similar.filter((id) => !counted.has(id));
    for (const article of sources.store.getArticles(added)) {
      const period = periodOf(article.date, granularity);
      if (period) counts[period] = (counts[period] ?? 0) + 1;
    }
  }
  return contiguousPeriods(counts, granularity);
}

/**
 * Ids of the semantic candidates at or above `threshold`. Candidates come best first, so the
 * search deepens only while every one of them is above it (up to `MAX_SEMANTIC_COVERAGE`).
 */
async function semanticAbove(semantic: (limit: number) => Promise<SemanticCandidate[]>, threshold: number): Promise<string[]> {
  let previous = -1;
  for (let depth = FIRST_SEMANTIC_DEPTH; ; depth *= 4) {
    const limit = Math.min(depth, MAX_SEMANTIC_COVERAGE);
    const candidates = await semantic(limit);
    const above = candidates.filter((candidate) => candidate.similarity >= threshold);
    // Stop below the threshold, at the cap, or when the index has nothing more to give.
    if (above.length < candidates.length || limit === MAX_SEMANTIC_COVERAGE || candidates.length === previous) {
      return above.map((candidate) => candidate.id);
    }
    previous = candidates.length;
  }
}

/**
 * The period of a `YYYY-MM-DD` date, or null when it has none.
 *
 * @example
 * periodOf('2020-03-15', 'month') // '2020-03'
 */
export function periodOf(date: string | null, granularity: CoverageGranularity): string | null {
  if (!date || !/^\d{4}-\d{2}/.test(date)) return null;
  return date.slice(0, granularity === 'year' ? 4 : 7);
}

/** The period after `period` (`2020` → `2021`, `2020-12` → `2021-01`). */
export function nextPeriod(period: string): string {
  const year = Number(period.slice(0, 4));
  if (period.length === 4) return String(year + 1).padStart(4, '0');
  const month = Number(period.slice(5, 7));
  return month === 12 ? `${String(year + 1).padStart(4, '0')}-01` : `${period.slice(0, 4)}-${String(month + 1).padStart(2, '0')}`;
}

/**
 * Counts per period as a list in date order, from the first period with a count to the last,
 * the periods between included with 0 so that gaps show.
 *
 * @example
 * contiguousPeriods({ '2021': 3, '2019': 12 }, 'year')
 * // [{ period: '2019', count: 12 }, { period: '2020', count: 0 }, { period: '2021', count: 3 }]
 */
export function contiguousPeriods(counts: Record<string, number>, granularity: CoverageGranularity): CoveragePeriod[] {
  const shape = granularity === 'year' ? /^\d{4}$/ : /^\d{4}-(0[1-9]|1[0-2])$/;
  const periods = Object.keys(counts).filter((period) => shape.test(period) && counts[period]! > 0).sort();
  if (periods.length === 0) return [];
  const last = periods.at(-1)!;
  const list: CoveragePeriod[] = [];
  for (let period = periods[0]!; period <= last; period = nextPeriod(period)) list.push({ period, count: counts[period] ?? 0 });
  return list;
}
