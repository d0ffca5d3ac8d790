import type { Database as SqliteDatabase } from 'better-sqlite3';
import type { ArticleColumns } from './article-columns.ts';
import type { ArticleMask } from './article-ordinals.ts';
import { filterClause, type ArticleFilters } from './filter-clause.ts';

/** Where the store keeps each article's effective tags by key, for tag filters. */
export const ARTICLE_TAGS = { table: 'article_tags', rowColumn: 'article_id', rowId: 'a.id' } as const;
/** Where the store keeps each article's authors by key, for author filters. */
export const ARTICLE_AUTHORS = { table: 'article_authors', rowColumn: 'article_id', rowId: 'a.id' } as const;

/**
 * Which articles pass a search's filters: as a mask of article numbers, from the filter fields
 * kept in memory (what a vector search is restricted with), or as ids read from the store's
 * indexed columns (the same answer in SQL, for tools and tests).
 *
 * @example
 * store.filtered.mask({ langs: ['fr'] }); // { passes: Uint8Array [1, 0, 1, …], count: 2 }
 * store.filtered.ids({ authors: ['AFP'] }); // Set { 'a1', 'a7' }
 */
export class ArticleFilterReads {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly columns: ArticleColumns,
  ) {}

  /**
   * The articles that pass the filters, by their numbers (`store.ordinals`), from the filter
   * fields kept in memory (`ArticleColumns`). Null when nothing is filtered.
   */
  mask(filters: ArticleFilters): ArticleMask | null {
    return this.columns.mask(filters);
  }

  /** Loads the filter fields now (a server starting), instead of in its first filtered search. */
  warm(): void {
    this.columns.catchUp();
  }

  /** Ids of the articles that pass the filters, read in SQL; null when there is no filter at all. */
  ids(filters: ArticleFilters): Set<string> | null {
    const { sql, params } = filterClause(filters, 'a', ARTICLE_TAGS, ARTICLE_AUTHORS);
    if (!sql) return null;
    return new Set(this.db.prepare(`SELECT id FROM articles a WHERE ${sql}`).pluck().all(...params) as string[]);
  }
}
