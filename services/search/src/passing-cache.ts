import type { ArticleFilters, ArticleMask, ArticleStore } from '@archive/store';

/** Filters whose masks are kept: enough for the few a newsroom session moves between. */
const KEPT_FILTERS = 16;

/** The key of a search without filters (empty lists and nulls mean "any"). */
const NO_FILTER = filterKey({});

/**
 * The mask of each recent filter (`store.filtered.mask`), kept until the store's change number
 * moves: every write that can move an article in or out of a filter (an ingest, a tag edit, a
 * deletion) takes a new one, in this process or another. Making a mask again is cheap (the
 * filter fields are in memory), but the vector index keeps the rows a mask lets through per mask
 * object: with the same object, a journalist's next search with the filter starts at the scan.
 * Callers must not change a mask.
 *
 * @example
 * const passing = new PassingCache(store);
 * passing.read({ sections: ['sport'] }); // { passes, count }, the same object next time
 */
export class PassingCache {
  private seq = -1;
  private readonly kept = new Map<string, ArticleMask | null>();

  constructor(private readonly store: ArticleStore) {}

  read(filters: ArticleFilters): ArticleMask | null {
    const key = filterKey(filters);
    // Most searches have no filter: nothing to read, not even the change number.
    if (key === NO_FILTER) return null;
    const seq = this.store.lastSeq();
    if (seq !== this.seq) {
      this.kept.clear();
      this.seq = seq;
    }
    let mask = this.kept.get(key);
    if (mask === undefined) {
      mask = this.store.filtered.mask(filters);
      if (this.kept.size >= KEPT_FILTERS) this.kept.delete(this.kept.keys().next().value!);
    } else {
      // Least recently used goes first: a hit moves to the end.
      this.kept.delete(key);
    }
    this.kept.set(key, mask);
    return mask;
  }
}

/** One key per filter meaning: lists are "any of", so their order does not count. */
function filterKey(filters: ArticleFilters): string {
  const list = (values: string[] | undefined) => [...(values ?? [])].sort();
  return JSON.stringify([
    filters.dateFrom ?? null, filters.dateTo ?? null, list(filters.sections), list(filters.langs), list(filters.authors), list(filters.tags),
  ]);
}
