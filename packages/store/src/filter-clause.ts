import { tagKey } from '@archive/core';
import { placeholders } from './sql-lists.ts';

/** Metadata filters shared by every search mode. Empty lists and nulls mean "any". */
export interface ArticleFilters {
  dateFrom?: string | null;
  dateTo?: string | null;
  sections?: string[];
  langs?: string[];
  authors?: string[];
  /** Tags as typed: compared by their key (case and Unicode form do not matter); any of them. */
  tags?: string[];
}

/** Where the tags of a row are: a table of (row, tag key) pairs joined on the row's id. */
export interface TagTable {
  table: string;
  /** Column of `table` that names the row. */
  rowColumn: string;
  /** Expression of the filtered table that `rowColumn` holds (e.g. `a.id`). */
  rowId: string;
}

/**
 * Where the authors of a row are: a table of (row, `author_key`) pairs, the key being SQLite's
 * `lower(author)` (see `AUTHOR_KEY_SQL`), indexed by key.
 */
export type AuthorTable = TagTable;

/** How an author key is made, in SQL: the same folding the JSON comparison used (`lower`). */
export const AUTHOR_KEY_SQL = 'lower(value)';

/**
 * SQL condition and parameters for a set of filters, over a table aliased `alias` that has the
 * articles' `date`, `section`, `lang` columns and `authors` as a JSON list; tags are looked up
 * by key in `tags` (an indexed table: a selective tag drives the query from its index entries),
 * authors by key in `authors` when given (else in the JSON list of each row). Authors compare
 * without regard to case. Empty string when nothing is filtered.
 *
 * @example
 * filterClause({ tags: ['Santé'] }, 'a', { table: 'article_tags', rowColumn: 'article_id', rowId: 'a.id' })
 */
export function filterClause(filters: ArticleFilters, alias: string, tags: TagTable, authors?: AuthorTable): { sql: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (filters.dateFrom) {
    conditions.push(`${alias}.date >= ?`);
    params.push(filters.dateFrom);
  }
  if (filters.dateTo) {
    conditions.push(`${alias}.date <= ?`);
    params.push(filters.dateTo);
  }
  const inList = (column: string, values: string[] | undefined) => {
    if (!values?.length) return;
    conditions.push(`${column} IN (${placeholders(values)})`);
    params.push(...values);
  };
  inList(`${alias}.section`, filters.sections);
  inList(`${alias}.lang`, filters.langs);
  if (filters.authors?.length) {
    const keys = filters.authors.map(() => 'lower(?)').join(',');
    conditions.push(
      authors
        ? `${authors.rowId} IN (SELECT ${authors.rowColumn} FROM ${authors.table} WHERE author_key IN (${keys}))`
        : `EXISTS (SELECT 1 FROM json_each(${alias}.authors) WHERE lower(value) IN (${keys}))`,
    );
    params.push(...filters.authors);
  }
  if (filters.tags?.length) {
    const keys = [...new Set(filters.tags.map(tagKey))];
    conditions.push(`${tags.rowId} IN (SELECT ${tags.rowColumn} FROM ${tags.table} WHERE tag_key IN (${placeholders(keys)}))`);
    params.push(...keys);
  }
  return { sql: conditions.join(' AND '), params };
}
