import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import { filterClause, type ArticleFilters } from '@archive/store';
import {
  EMPTY_FACETS,
  filtersForFacet,
  type FacetCounts,
  type FacetName,
  type KeywordSearchRequest,
  type KeywordSearchResult,
  type PeriodGranularity,
} from './keyword-index.ts';
import { parseQuery, toFtsExpression } from './query-parser.ts';

/** BM25 column weights: a word in the title counts most, then the standfirst. */
const COLUMN_WEIGHTS = { title: 6, summary: 2.5, body: 1, meta: 1 };

/** Most tag values counted per search: a facet list, not the vocabulary. */
const MAX_TAG_FACETS = 50;

const DOC_TAGS = { table: 'doc_tags', rowColumn: 'doc', rowId: 'd.rowid' } as const;
const DOC_AUTHORS = { table: 'doc_authors', rowColumn: 'doc', rowId: 'd.rowid' } as const;

/** Where the rows come from: full-text matches, or every document when browsing. */
interface Source {
  /** Whether rows are full-text matches (with a BM25 score). */
  ranked: boolean;
  from: string;
  where: string;
  params: unknown[];
}

/** The last search's full-text matches, aliased `d`: the filters read `d.date`, `d.section`, `d.lang` and `d.rowid` from it. */
const MATCHES: Source = { ranked: true, from: 'temp.matches d', where: 'WHERE 1', params: [] };

/**
 * The reading side of the embedded keyword engine: ranked search, browsing, facets, periods,
 * matching and term statistics over one connection to the index file. The index uses one on its
 * own connection, and each search thread (see `KeywordSearchThreads`) one on a connection of its
 * own, so that a long full-text pass never holds up the server's event loop.
 *
 * @example
 * const reader = new SqliteKeywordReader(db);
 * reader.search({ query: "l'économie", filters: {}, limit: 10, offset: 0, facets: false });
 */
export class SqliteKeywordReader {
  private readonly clearMatches: Statement<[]>;
  private readonly fillMatches: Statement<[string]>;

  constructor(private readonly db: SqliteDatabase) {
    // Per-connection scratch for one search's full-text matches (see `matchSource`).
    db.pragma('temp_store = MEMORY');
    db.exec(
      'CREATE TEMP TABLE IF NOT EXISTS matches (rowid INTEGER PRIMARY KEY, score REAL NOT NULL, date TEXT, year TEXT, section TEXT, lang TEXT)',
    );
    const { title, summary, body, meta } = COLUMN_WEIGHTS;
    this.clearMatches = db.prepare('DELETE FROM temp.matches');
    // The documents' filter and facet columns come along, so that nothing after this joins them
    // again (CROSS JOIN: the full-text matches drive, one document lookup each).
    this.fillMatches = db.prepare(
      `INSERT INTO temp.matches (rowid, score, date, year, section, lang)
       SELECT f.rowid, -bm25(fts, ${title}, ${summary}, ${body}, ${meta}), d.date, d.year, d.section, d.lang
       FROM fts f CROSS JOIN docs d ON d.rowid = f.rowid WHERE fts MATCH ?`,
    );
  }

  /** Called by the index after its own writes on this connection, which `data_version` does not count. */
  noteLocalWrite(): void {
    this.localWrites++;
    this.matchesOf = null;
  }

  /** Changes whenever the index does, whoever writes it. */
  private version(): string {
    return `${this.db.pragma('data_version', { simple: true })}:${this.localWrites}`;
  }

  /** What `temp.matches` holds when it holds the matches of `expression` on the index as it is now. */
  private matchesKey(expression: string): string {
    return `${expression}@${this.version()}`;
  }

  /**
   * Ranked keyword search. A blank query browses instead: every article that passes the
   * filters, newest first (how the archive opens before anyone types).
   *
   * The full-text index is read once (it used to be read five times: hits, count and each
   * facet): the matches, their BM25 scores and their documents' filter columns go into a
   * temporary table (this connection's own, in memory), and the page, the total and the facets
   * are read from it. Total and facets take one GROUP BY (the filters as flags, so each facet
   * can leave its own out) plus one for tags. A blank query's total and facets are kept until the
   * index changes (this process's writes or another's): the home page asks for the same ones on
   * every visit.
   */
  search(request: KeywordSearchRequest): KeywordSearchResult {
    const source = this.matchSource(request.query);
    if (!source) return { total: 0, hits: [], facets: request.facets ? EMPTY_FACETS() : null };
    const where = whereClause(request.filters);
    // Ranked: the page is picked from the matches (which carry date and filter columns), then
    // joined to the documents for their ids; browsing walks the date index.
    const hits = (
      source.ranked
        ? this.db.prepare(
            `SELECT d.article_id AS id, m.score AS score FROM (
               SELECT d.rowid AS doc, d.score, d.date FROM ${source.from} ${source.where} ${where.sql}
               ORDER BY d.score DESC, d.date DESC LIMIT ? OFFSET ?
             ) m CROSS JOIN docs d ON d.rowid = m.doc ORDER BY m.score DESC, m.date DESC`,
          )
        : this.db.prepare(
            `SELECT d.article_id AS id, 0 AS score FROM ${source.from} ${source.where} ${where.sql}
             ORDER BY d.date DESC, d.rowid DESC LIMIT ? OFFSET ?`,
          )
    ).all(...source.params, ...where.params, request.limit, request.offset) as { id: string; score: number }[];
    const counted = this.countAndFacets(source, request.query, request.filters, request.facets);
    return { total: counted.total, hits, facets: request.facets ? counted.facets : null };
  }

  /** The blank query's counts, by filters, valid while the index is unchanged. */
  private readonly browseCounts = new Map<string, { total: number; facets: FacetCounts | null }>();
  private browseVersion = '';
  /** Bumped by this connection's own writes (`data_version` only tells of other connections'). */
  private localWrites = 0;
  /** The full-text expression (and index version) whose matches `temp.matches` holds. */
  private matchesOf: string | null = null;

  private countAndFacets(source: Source, query: string, filters: ArticleFilters, withFacets: boolean): { total: number; facets: FacetCounts | null } {
    if (source.ranked) return withFacets ? this.facetCounts(source, filters) : { total: this.countMatches(source, filters), facets: null };
    const version = this.version();
    if (version !== this.browseVersion) {
      this.browseCounts.clear();
      this.browseVersion = version;
    }
    const key = JSON.stringify([query.trim(), withFacets, filters]);
    let counted = this.browseCounts.get(key);
    if (!counted) {
      counted = withFacets ? this.facetCounts(source, filters) : { total: this.countMatches(source, filters), facets: null };
      if (this.browseCounts.size >= 256) this.browseCounts.delete(this.browseCounts.keys().next().value!);
      this.browseCounts.set(key, counted);
    }
    return { total: counted.total, facets: counted.facets && structuredClone(counted.facets) };
  }

  private countMatches(source: Source, filters: ArticleFilters): number {
    const where = whereClause(filters);
    return this.db.prepare(`SELECT count(*) FROM ${source.from} ${source.where} ${where.sql}`).pluck().get(...source.params, ...where.params) as number;
  }

  /**
   * Total and facet counts in two passes over the matches. The first groups them by section,
   * language and year, with one flag per filter that a facet may leave out (date, tags; section
   * and language are read from the group itself); each count then sums the groups whose other
   * flags hold. The second counts tags.
   */
  private facetCounts(source: Source, filters: ArticleFilters): { total: number; facets: FacetCounts } {
    const counts = EMPTY_FACETS();
    const always = whereClause({ authors: filters.authors });
    const dated = filterClause({ dateFrom: filters.dateFrom, dateTo: filters.dateTo }, 'd', DOC_TAGS, DOC_AUTHORS);
    const tagged = filterClause({ tags: filters.tags }, 'd', DOC_TAGS, DOC_AUTHORS);
    const rows = this.db
      .prepare(
        `SELECT d.section, d.lang, d.year, ${dated.sql ? `coalesce(${dated.sql}, 0)` : '1'} AS pd, ${tagged.sql || '1'} AS pt, count(*) AS n
         FROM ${source.from} ${source.where} ${always.sql} GROUP BY 1, 2, 3${dated.sql ? ', 4' : ''}${tagged.sql ? ', 5' : ''}`,
      )
      .raw()
      .all(...dated.params, ...tagged.params, ...source.params, ...always.params) as [string | null, string | null, string | null, number, number, number][];
    const sections = filters.sections?.length ? new Set(filters.sections) : null;
    const langs = filters.langs?.length ? new Set(filters.langs) : null;
    let total = 0;
    for (const [section, lang, year, pd, pt, n] of rows) {
      const ps = !sections || (section !== null && sections.has(section));
      const pl = !langs || (lang !== null && langs.has(lang));
      const dateOk = pd === 1;
      const tagOk = pt === 1;
      if (ps && pl && dateOk && tagOk) total += n;
      if (section !== null && pl && dateOk && tagOk) counts.section[section] = (counts.section[section] ?? 0) + n;
      if (lang !== null && ps && dateOk && tagOk) counts.lang[lang] = (counts.lang[lang] ?? 0) + n;
      if (year !== null && ps && pl && tagOk) counts.year[year] = (counts.year[year] ?? 0) + n;
    }
    const where = whereClause(filtersForFacet(filters, 'tag'));
    // Every document, no filter: the tag table alone (its covering index) says it all.
    const from = !source.ranked && !where.sql ? 'doc_tags t' : `${source.from} ${source.ranked ? 'CROSS JOIN' : 'JOIN'} doc_tags t ON t.doc = d.rowid`;
    const tags = this.db
      .prepare(
        `SELECT min(t.label) AS value, count(*) AS n FROM ${from}
         ${from === 'doc_tags t' ? '' : `${source.where} ${where.sql}`} GROUP BY t.tag_key ORDER BY n DESC LIMIT ${MAX_TAG_FACETS}`,
      )
      .raw()
      .all(...source.params, ...where.params) as [string, number][];
    for (const [value, n] of tags) counts.tag[value] = n;
    return { total, facets: sortFacets(counts) };
  }

  /**
   * Where a search's rows come from: for words, this connection's temporary table of full-text
   * matches, filled here by the one pass over the full-text index (no await follows before it is
   * read, so no other search on this connection can refill it in between); every document for a
   * blank query; null when the query has no word.
   */
  private matchSource(query: string): Source | null {
    const expression = toFtsExpression(parseQuery(query));
    if (!expression) return query.trim() ? null : { ranked: false, from: 'docs d', where: 'WHERE 1', params: [] };
    // The same words on an unchanged index (the next page, a facet clicked, the hybrid search's
    // checks): the matches are already there, whatever the filters (they apply after).
    const key = this.matchesKey(expression);
    if (this.matchesOf === key) return MATCHES;
    this.matchesOf = null;
    this.clearMatches.run();
    this.fillMatches.run(expression);
    this.matchesOf = key;
    return MATCHES;
  }

  /** One GROUP BY over the indexed dates (`docs.date`) of the full-text matches. */
  periods(query: string, filters: ArticleFilters, granularity: PeriodGranularity): Record<string, number> {
    const source = this.matchSource(query);
    if (!source) return {};
    const where = whereClause(filters);
    const length = granularity === 'year' ? 4 : 7;
    const rows = this.db
      .prepare(
        `SELECT substr(d.date, 1, ${length}) AS period, count(*) AS n FROM ${source.from} ${source.where} ${where.sql}
         AND d.date IS NOT NULL GROUP BY period`,
      )
      .raw()
      .all(...source.params, ...where.params) as [string, number][];
    return Object.fromEntries(rows);
  }

  matching(query: string, ids: string[]): string[] {
    const expression = toFtsExpression(parseQuery(query));
    if (!expression || ids.length === 0) return [];
    if (this.matchesOf === this.matchesKey(expression)) {
      // The last search's matches are still in the temporary table (hybrid search asks right after it).
      const rows = this.db
        .prepare(
          `SELECT d.article_id FROM docs d JOIN temp.matches m ON m.rowid = d.rowid
           WHERE d.article_id IN (${ids.map(() => '?').join(',')})`,
        )
        .raw()
        .all(...ids) as [string][];
      return rows.map(([id]) => id);
    }
    const rows = this.db
      .prepare(
        `SELECT d.article_id FROM fts JOIN docs d ON d.rowid = fts.rowid
         WHERE fts MATCH ? AND d.article_id IN (${ids.map(() => '?').join(',')})`,
      )
      .raw()
      .all(expression, ...ids) as [string][];
    return rows.map(([id]) => id);
  }

  documentFrequencies(phrases: string[][]): number[] {
    // One term: the vocabulary table knows its document count; a phrase: count its matches.
    const termCount = this.db.prepare('SELECT doc FROM fts_terms WHERE term = ?').pluck();
    const phraseCount = this.db.prepare('SELECT count(*) FROM fts WHERE fts MATCH ?').pluck();
    return phrases.map((terms) => {
      const clean = terms.filter((term) => /^[\p{L}\p{N}]+$/u.test(term));
      if (clean.length === 0) return 0;
      if (clean.length === 1) return (termCount.get(clean[0]) as number | undefined) ?? 0;
      return phraseCount.get(`"${clean.join(' ')}"`) as number;
    });
  }

}

/** `AND …` conditions over `docs d` for the filters: the same columns as the store's articles. */
function whereClause(filters: ArticleFilters): { sql: string; params: unknown[] } {
  const { sql, params } = filterClause(filters, 'd', DOC_TAGS, DOC_AUTHORS);
  return { sql: sql ? `AND ${sql}` : '', params };
}

/** Facet values by count, most first (the order the GROUP BYs gave before: callers may list them as they come). */
function sortFacets(counts: FacetCounts): FacetCounts {
  for (const facet of Object.keys(counts) as FacetName[]) {
    counts[facet] = Object.fromEntries(Object.entries(counts[facet]).sort((a, b) => b[1] - a[1]));
  }
  return counts;
}
