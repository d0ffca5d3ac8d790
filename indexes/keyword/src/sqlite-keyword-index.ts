import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database, { type Database as SqliteDatabase } from 'better-sqlite3';
import { ArchiveError, cleanTags } from '@archive/core';
import { analyzedText as analyzed } from '@archive/text';
import { AUTHOR_KEY_SQL, filterClause, type ArticleFilters } from '@archive/store';
import {
  EMPTY_FACETS,
  filtersForFacet,
  type FacetCounts,
  type FacetName,
  type KeywordChanges,
  type KeywordDocument,
  type KeywordIndex,
  type KeywordSearchRequest,
  type KeywordSearchResult,
  type PeriodGranularity,
} from './keyword-index.ts';
import { parseQuery, toFtsExpression } from './query-parser.ts';

/** Bump when the analysis changes: the index is then rebuilt from the store. */
const ANALYZER_VERSION = 3;

/** BM25 column weights: a word in the title counts most, then the standfirst. */
const COLUMN_WEIGHTS = { title: 6, summary: 2.5, body: 1, meta: 1 };

/** Most tag values counted per search: a facet list, not the vocabulary. */
const MAX_TAG_FACETS = 50;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS docs (
    rowid INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL UNIQUE,
    seq INTEGER NOT NULL,
    date TEXT,
    year TEXT,
    section TEXT,
    lang TEXT,
    authors TEXT NOT NULL,
    tags TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS docs_date ON docs(date);
  -- Tags by key (case and Unicode form folded), for tag filters and the tag facet.
  CREATE TABLE IF NOT EXISTS doc_tags (
    doc INTEGER NOT NULL,
    tag_key TEXT NOT NULL,
    label TEXT NOT NULL,
    PRIMARY KEY (doc, tag_key)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS doc_tags_key ON doc_tags(tag_key);
  -- Facet counts of the whole archive (the home page) read these alone, in order.
  CREATE INDEX IF NOT EXISTS doc_tags_key_label ON doc_tags(tag_key, label);
  CREATE INDEX IF NOT EXISTS docs_facets ON docs(section, lang, year);
  -- Authors by key (lower case, as the filter compares them), for author filters.
  CREATE TABLE IF NOT EXISTS doc_authors (
    doc INTEGER NOT NULL,
    author_key TEXT NOT NULL,
    PRIMARY KEY (doc, author_key)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS doc_authors_key ON doc_authors(author_key);
  -- Contentless: the text lives in the store; this table holds only the analysed terms.
  CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    title, summary, body, meta,
    tokenize = 'unicode61 remove_diacritics 2',
    content = '', contentless_delete = 1
  );
  -- Document frequency of each indexed term, for corpus statistics.
  CREATE VIRTUAL TABLE IF NOT EXISTS fts_terms USING fts5vocab(fts, row);
  CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

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

/**
 * The embedded keyword engine: SQLite FTS5 with BM25 ranking and a title boost, in its own file
 * beside the store. Text is analysed before indexing (see `analyzeTerms`): French elisions and
 * diacritics do not stand between a query and an article.
 *
 * @example
 * const index = SqliteKeywordIndex.open(dataDir);
 * const { total, hits } = await index.search({ query: "l'économie", filters: {}, limit: 10, offset: 0, facets: false });
 */
export class SqliteKeywordIndex implements KeywordIndex {
  readonly engine = 'embedded';

  private constructor(private readonly db: SqliteDatabase) {}

  static open(dataDir: string): SqliteKeywordIndex {
    mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, 'keyword.sqlite');
    try {
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
      db.exec('CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value INTEGER NOT NULL);');
      const analyzer = db.prepare("SELECT value FROM state WHERE key = 'analyzer'").pluck().get();
      if (analyzer !== ANALYZER_VERSION) {
        // Another analysis or layout: start from empty tables; the store replays every article.
        db.exec("DROP TABLE IF EXISTS fts_terms; DROP TABLE IF EXISTS fts; DROP TABLE IF EXISTS doc_tags; DROP TABLE IF EXISTS doc_authors; DROP TABLE IF EXISTS docs; DELETE FROM state;");
      }
      db.exec(SCHEMA);
      if (db.prepare("SELECT value FROM state WHERE key = 'doc_authors'").pluck().get() !== 1) {
        // An index made before `doc_authors` existed: fill it from the documents, once.
        db.transaction(() => {
          db.exec(`DELETE FROM doc_authors; INSERT OR IGNORE INTO doc_authors (doc, author_key) SELECT d.rowid, ${AUTHOR_KEY_SQL} FROM docs d, json_each(d.authors);`);
          db.prepare("INSERT OR REPLACE INTO state (key, value) VALUES ('doc_authors', 1)").run();
        })();
      }
      // Per-connection scratch for one search's full-text matches (see `matchSource`).
      db.pragma('temp_store = MEMORY');
      db.exec(
        'CREATE TEMP TABLE IF NOT EXISTS matches (rowid INTEGER PRIMARY KEY, score REAL NOT NULL, date TEXT, year TEXT, section TEXT, lang TEXT)',
      );
      const index = new SqliteKeywordIndex(db);
      index.setState('analyzer', ANALYZER_VERSION);
      return index;
    } catch (error) {
      throw new ArchiveError('INDEX_CORRUPT', `cannot open the keyword index ${file}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  private state(key: string): number | null {
    const row = this.db.prepare('SELECT value FROM state WHERE key = ?').get(key) as { value: number } | undefined;
    return row?.value ?? null;
  }

  private setState(key: string, value: number): void {
    this.db.prepare('INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)').run(key, value);
  }

  async appliedSeq(): Promise<number> {
    return this.state('applied_seq') ?? 0;
  }

  async apply(changes: KeywordChanges): Promise<void> {
    const findRow = this.db.prepare('SELECT rowid FROM docs WHERE article_id = ?');
    const deleteDoc = this.db.prepare('DELETE FROM docs WHERE rowid = ?');
    const deleteTags = this.db.prepare('DELETE FROM doc_tags WHERE doc = ?');
    const deleteAuthors = this.db.prepare('DELETE FROM doc_authors WHERE doc = ?');
    const insertAuthors = this.db.prepare(`INSERT OR IGNORE INTO doc_authors (doc, author_key) SELECT ?, ${AUTHOR_KEY_SQL} FROM json_each(?)`);
    const insertTag = this.db.prepare('INSERT OR IGNORE INTO doc_tags (doc, tag_key, label) VALUES (?, ?, ?)');
    const deleteFts = this.db.prepare('DELETE FROM fts WHERE rowid = ?');
    const insertDoc = this.db.prepare(
      'INSERT INTO docs (article_id, seq, date, year, section, lang, authors, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insertFts = this.db.prepare('INSERT INTO fts (rowid, title, summary, body, meta) VALUES (?, ?, ?, ?, ?)');
    const remove = (id: string) => {
      const row = findRow.get(id) as { rowid: number } | undefined;
      if (!row) return;
      deleteFts.run(row.rowid);
      deleteTags.run(row.rowid);
      deleteAuthors.run(row.rowid);
      deleteDoc.run(row.rowid);
    };
    const add = (doc: KeywordDocument) => {
      const { lastInsertRowid } = insertDoc.run(
        doc.id, doc.seq, doc.date, doc.date?.slice(0, 4) ?? null, doc.section, doc.lang, JSON.stringify(doc.authors), JSON.stringify(doc.tags),
      );
      const meta = [...doc.authors, ...doc.tags, doc.section ?? ''].join(' ');
      insertFts.run(lastInsertRowid, analyzed(doc.title), analyzed(doc.summary), analyzed(doc.body), analyzed(meta));
      for (const tag of cleanTags(doc.tags)) insertTag.run(lastInsertRowid, tag.key, tag.label);
      insertAuthors.run(lastInsertRowid, JSON.stringify(doc.authors));
    };
    this.db.transaction(() => {
      for (const id of changes.deletedIds) remove(id);
      for (const doc of changes.upserts) {
        remove(doc.id);
        add(doc);
      }
      this.setState('applied_seq', changes.seq);
    })();
    this.localWrites++;
    this.matchesOf = null;
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
  async search(request: KeywordSearchRequest): Promise<KeywordSearchResult> {
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
  /** The full-text expression whose matches `temp.matches` holds (null after a write). */
  private matchesOf: string | null = null;

  private countAndFacets(source: Source, query: string, filters: ArticleFilters, withFacets: boolean): { total: number; facets: FacetCounts | null } {
    if (source.ranked) return withFacets ? this.facetCounts(source, filters) : { total: this.countMatches(source, filters), facets: null };
    const version = `${this.db.pragma('data_version', { simple: true })}:${this.localWrites}`;
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
    const { title, summary, body, meta } = COLUMN_WEIGHTS;
    this.matchesOf = null;
    this.db.prepare('DELETE FROM temp.matches').run();
    // The documents' filter and facet columns come along, so that nothing after this joins them
    // again (CROSS JOIN: the full-text matches drive, one document lookup each).
    this.db
      .prepare(
        `INSERT INTO temp.matches (rowid, score, date, year, section, lang)
         SELECT f.rowid, -bm25(fts, ${title}, ${summary}, ${body}, ${meta}), d.date, d.year, d.section, d.lang
         FROM fts f CROSS JOIN docs d ON d.rowid = f.rowid WHERE fts MATCH ?`,
      )
      .run(expression);
    this.matchesOf = expression;
    // Aliased `d`: the filters read `d.date`, `d.section`, `d.lang` and `d.rowid` from it.
    return { ranked: true, from: 'temp.matches d', where: 'WHERE 1', params: [] };
  }

  /** One GROUP BY over the indexed dates (`docs.date`) of the full-text matches. */
  async periods(query: string, filters: ArticleFilters, granularity: PeriodGranularity): Promise<Record<string, number>> {
    const source = sourceOf(query);
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

  async matching(query: string, ids: string[]): Promise<Set<string>> {
    const expression = toFtsExpression(parseQuery(query));
    if (!expression || ids.length === 0) return new Set();
    if (this.matchesOf === expression) {
      // The last search's matches are still in the temporary table (hybrid search asks right after it).
      const rows = this.db
        .prepare(
          `SELECT d.article_id FROM docs d JOIN temp.matches m ON m.rowid = d.rowid
           WHERE d.article_id IN (${ids.map(() => '?').join(',')})`,
        )
        .raw()
        .all(...ids) as [string][];
      return new Set(rows.map(([id]) => id));
    }
    const rows = this.db
      .prepare(
        `SELECT d.article_id FROM fts JOIN docs d ON d.rowid = fts.rowid
         WHERE fts MATCH ? AND d.article_id IN (${ids.map(() => '?').join(',')})`,
      )
      .raw()
      .all(expression, ...ids) as [string][];
    return new Set(rows.map(([id]) => id));
  }

  async count(): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM docs').get() as { n: number }).n;
  }

  async versions(): Promise<Map<string, number>> {
    return new Map(this.db.prepare('SELECT article_id, seq FROM docs').raw().all() as [string, number][]);
  }

  async documentFrequencies(phrases: string[][]): Promise<number[]> {
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

  async clear(): Promise<void> {
    this.clearSync();
  }

  private clearSync(): void {
    this.localWrites++;
    this.matchesOf = null;
    this.db.transaction(() => {
      this.db.exec(
        "DELETE FROM docs; DELETE FROM doc_tags; DELETE FROM doc_authors; INSERT INTO fts(fts) VALUES('delete-all'); DELETE FROM state WHERE key = 'applied_seq';",
      );
    })();
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/** Full-text matches of the query, every document for a blank one, null when it has no word. */
function sourceOf(query: string): Source | null {
  const expression = toFtsExpression(parseQuery(query));
  if (expression) return { ranked: true, from: 'fts JOIN docs d ON d.rowid = fts.rowid', where: 'WHERE fts MATCH ?', params: [expression] };
  return query.trim() ? null : { ranked: false, from: 'docs d', where: 'WHERE 1', params: [] };
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
