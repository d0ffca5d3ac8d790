import type { ArticleFilters, ArticleStore } from '@archive/store';
import type { VectorHit, VectorIndex } from '@archive/vector-index';

/**
 * Past this many passing articles, a filter is applied after the vector search instead of before
 * it: reading every passing id (100,000 for `lang=fr` on 100,000 articles, 39 ms) cost more than
 * the search itself. Below it, the ids are read (11 ms for a section's 29,300 articles) and kept
 * while nothing is written (`PassingCache`), and their passages are scanned: hybrid with that
 * section, p95 97.0 ms with the limit at 20,000 (the search after), 29.6 at 40,000.
 */
export const BROAD_FILTER_ARTICLES = 40_000;
/** The articles that pass `filters`, 'many' past `broadFrom`, null without a filter. */
export function passingOrMany(store: ArticleStore, filters: ArticleFilters, broadFrom = BROAD_FILTER_ARTICLES): Set<string> | 'many' | null {
  return store.filtered.ids(filters, broadFrom);
}

/** At most this many times `k` passages are asked of an unfiltered search before giving up on it. */
const MAX_WIDENING = 8;

/**
 * The `k` passages nearest to `vector` among the articles that pass `filters`, closest first.
 *
 * A selective filter (up to `BROAD_FILTER_ARTICLES` articles) is read first and the index searches
 * among its articles (exactly, when few). A broad one is checked afterwards: an unfiltered search
 * for twice `k` passages, then one indexed lookup of their articles; when fewer than `k` pass, the
 * search is widened by the share that passed, and past `MAX_WIDENING` × `k` the filter is read
 * in full after all. Either way the answer is the filtered nearest passages (as exact as HNSW
 * itself): an unfiltered search's passing passages are the nearest passing ones up to its last.
 *
 * @example
 * nearestPassing(store, vectorIndex, vector, 300, { langs: ['fr'] });
 */
export function nearestPassing(
  store: ArticleStore,
  vectorIndex: VectorIndex,
  vector: Float32Array,
  k: number,
  filters: ArticleFilters,
  /** The filter read with `passingOrMany` (a caller may read it while the query is embedded). */
  allowed = passingOrMany(store, filters),
): VectorHit[] {
  if (allowed === null) return vectorIndex.search(vector, k);
  if (allowed !== 'many') return allowed.size > 0 ? vectorIndex.search(vector, k, allowed) : [];
  let asked = 2 * k;
  while (asked <= MAX_WIDENING * k) {
    const hits = vectorIndex.search(vector, asked);
    const passing = store.filtered.passing([...new Set(hits.map((hit) => hit.articleId))], filters);
    const kept = hits.filter((hit) => passing.has(hit.articleId));
    // Enough, or the index holds no more passages than were asked for.
    if (kept.length >= k || hits.length < asked) return kept.slice(0, k);
    asked = Math.ceil((asked * k * 1.25) / Math.max(kept.length, 1));
  }
  return vectorIndex.search(vector, k, store.filtered.ids(filters)!);
}
