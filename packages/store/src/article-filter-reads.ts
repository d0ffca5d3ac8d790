import type { Database as SqliteDatabase } from 'better-sqlite3';
import type { ArticleColumns } from './article-columns.ts';
import type { ArticleMask } from './article-ordinals.ts';
import { filterClause, type ArticleFilters } from './filter-clause.ts';

/** Where the store keeps each article's effective tags by key, for tag filters. */
export const ARTICLE_TAGS = { table: 'article_tags', rowColumn: 'article_id', rowId: 'a.id' } as const;
/** Where the store keeps each article's authors by key, for author filters. */
export const ARTICLE_AUTHORS = { table: 'article_authors', rowColumn: 'article_id', rowId: 'a.id' } as const;

/**
 * Which articles pass a search's filters, read from the store's indexed columns: all of them (a
 * selective filter, before a vector search), or which of a few candidates (a broad filter,
 * after one: see `nearestPassing`).
 *
 * @example
 * store.filtered.ids({ authors: ['AFP'] }); // Set { 'a1', 'a7' }
 * store.filtered.ids({ langs: ['fr'] }, 20_000); // 'many'
 * store.filtered.passing(['a1', 'a2'], { langs: ['fr'] }); // Set { 'a1' }
 */
export class ArticleFilterReads {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly columns: ArticleColumns,
  ) {}

  /**
   * The articles that pass the filters, by their numbers (`store.ordinals`), from the filter
   * fields kept in memory (`ArticleColumns`): what a vector search is restricted with. Null when
   * nothing is filtered.
   */
  mask(filters: ArticleFilters): ArticleMask | null {
    return this.columns.mask(filters);
  }

  /** Loads the filter fields now (a server starting), instead of in its first filtered search. */
  warm(): void {
    this.columns.catchUp();
  }

  /** Ids of the articles that pass the filters, or null when there is no filter at all. */
  ids(filters: ArticleFilters): Set<string> | null;
  /** The same, or 'many' as soon as more than `limit` pass (reading no more than that). */
  ids(filters: ArticleFilters, limit: number): Set<string> | 'many' | null;
  ids(filters: ArticleFilters, limit?: number): Set<string> | 'many' | null {
    const { sql, params } = filterClause(filters, 'a', ARTICLE_TAGS, ARTICLE_AUTHORS);
    if (!sql) return null;
    const bounded = limit !== undefined;
    const rows = this.db
      .prepare(`SELECT id FROM articles a WHERE ${sql}${bounded ? ' LIMIT ?' : ''}`)
      .pluck()
      .all(...params, ...(bounded ? [limit + 1] : [])) as string[];
    return bounded && rows.length > limit ? 'many' : new Set(rows);
  }

  /** Which of `ids` pass the filters (one primary-key lookup each). */
  passing(ids: string[], filters: ArticleFilters): Set<string> {
    const { sql, params } = filterClause(filters, 'a', ARTICLE_TAGS, ARTICLE_AUTHORS);
    if (!sql) return new Set(ids);
    const rows = this.db
      .prepare(`SELECT a.id FROM json_each(?) j CROSS JOIN articles a ON a.id = j.value WHERE ${sql}`)
      .pluck()
      .all(JSON.stringify(ids), ...params) as string[];
    return new Set(rows);
  }
}
