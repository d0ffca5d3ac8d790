import type { ArticleFilters, ArticleStore } from '@archive/store';
import { BROAD_FILTER_ARTICLES, passingOrMany } from './nearest-passing.ts';

/** Filters whose passing articles are kept: enough for the few a newsroom session moves between. */
const KEPT_FILTERS = 16;

/** The key of a search without filters (empty lists and nulls mean "any"). */
const NO_FILTER = filterKey({});

/** What `passingOrMany` answers: the passing ids, 'many', or null without a filter. */
export type Passing = ReturnType<typeof passingOrMany>;

/**
 * The articles each recent filter lets through (`passingOrMany`), kept until the store's change
 * number moves: every write that can move an article in or out of a filter (an ingest, a tag
 * edit, a deletion) takes a new one, in this process or another. A journalist runs many
 * searches with one filter (a year, a section, a tag); reading it again cost 4 ms for a year's
 * 15,000 articles and 11 ms for a section's 30,000 at 100,000 articles. The same set object also
 * lets the vector index keep that set's passages and their rows (it keeps them per set), so a
 * second search with the filter starts where the first left off. Callers must not change a set.
 *
 * @example
 * const passing = new PassingCache(store);
 * passing.read({ sections: ['sport'] }); // Set { 'a1', … }, the same object next time
 */
export class PassingCache {
  private seq = -1;
  private readonly kept = new Map<string, Passing>();

  constructor(private readonly store: ArticleStore, private readonly broadFrom = BROAD_FILTER_ARTICLES) {}

  read(filters: ArticleFilters): Passing {
    const key = filterKey(filters);
    // Most searches have no filter: nothing to read, not even the change number.
    if (key === NO_FILTER) return null;
    const seq = this.store.lastSeq();
    if (seq !== this.seq) {
      this.kept.clear();
      this.seq = seq;
    }
    let passing = this.kept.get(key);
    if (passing === undefined) {
      passing = passingOrMany(this.store, filters, this.broadFrom);
      if (this.kept.size >= KEPT_FILTERS) this.kept.delete(this.kept.keys().next().value!);
    } else {
      // Least recently used goes first: a hit moves to the end.
      this.kept.delete(key);
    }
    this.kept.set(key, passing);
    return passing;
  }
}

/** One key per filter meaning: lists are "any of", so their order does not count. */
function filterKey(filters: ArticleFilters): string {
  const list = (values: string[] | undefined) => [...(values ?? [])].sort();
  return JSON.stringify([
    filters.dateFrom ?? null, filters.dateTo ?? null, list(filters.sections), list(filters.langs), list(filters.authors), list(filters.tags),
  ]);
}
