import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database, { type Database as SqliteDatabase } from 'better-sqlite3';
import { ArchiveError } from '@archive/core';
import { analyzedText as analyzed } from '@archive/text';
import { filterClause, type ArticleFilters } from '@archive/store';
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
} from './keyword-index.ts';
import { parseQuery, toFtsExpression } from './query-parser.ts';

/** Bump when the analysis changes: the index is then rebuilt from the store. */
const ANALYZER_VERSION = 1;

/** BM25 column weights: a word in the title counts most, then the standfirst. */
const COLUMN_WEIGHTS = { title: 6, summary: 2.5, body: 1, meta: 1 };

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS docs (
    rowid INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL UNIQUE,
    date TEXT,
    year TEXT,
    section TEXT,
    lang TEXT,
    authors TEXT NOT NULL,
    tags TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS docs_date ON docs(date);
  -- Contentless: the text lives in the store; this table holds only the analysed terms.
  CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    title, summary, body, meta,
    tokenize = 'unicode61 remove_diacritics 2',
    content = '', contentless_delete = 1
  );
  CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

/** Where the rows come from: full-text matches, or every document when browsing. */
interface Source {
  from: string;
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
      db.exec(SCHEMA);
      const index = new SqliteKeywordIndex(db);
      if (index.state('analyzer') !== ANALYZER_VERSION) {
        index.clearSync();
        index.setState('analyzer', ANALYZER_VERSION);
      }
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
    const deleteFts = this.db.prepare('DELETE FROM fts WHERE rowid = ?');
    const insertDoc = this.db.prepare(
      'INSERT INTO docs (article_id, date, year, section, lang, authors, tags) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const insertFts = this.db.prepare('INSERT INTO fts (rowid, title, summary, body, meta) VALUES (?, ?, ?, ?, ?)');
    const remove = (id: string) => {
      const row = findRow.get(id) as { rowid: number } | undefined;
      if (!row) return;
      deleteFts.run(row.rowid);
      deleteDoc.run(row.rowid);
    };
    const add = (doc: KeywordDocument) => {
      const { lastInsertRowid } = insertDoc.run(
        doc.id, doc.date, doc.date?.slice(0, 4) ?? null, doc.section, doc.lang, JSON.stringify(doc.authors), JSON.stringify(doc.tags),
      );
      const meta = [...doc.authors, ...doc.tags, doc.section ?? ''].join(' ');
      insertFts.run(lastInsertRowid, analyzed(doc.title), analyzed(doc.summary), analyzed(doc.body), analyzed(meta));
    };
    this.db.transaction(() => {
      for (const id of changes.deletedIds) remove(id);
      for (const doc of changes.upserts) {
        remove(doc.id);
        add(doc);
      }
      this.setState('applied_seq', changes.seq);
    })();
  }

  /**
   * Ranked keyword search. A blank query browses instead: every article that passes the
   * filters, newest first (how the archive opens before anyone types).
   */
  async search(request: KeywordSearchRequest): Promise<KeywordSearchResult> {
    const expression = toFtsExpression(parseQuery(request.query));
    if (!expression && request.query.trim()) {
      return { total: 0, hits: [], facets: request.facets ? EMPTY_FACETS() : null };
    }
    const { title, summary, body, meta } = COLUMN_WEIGHTS;
    const source: Source = expression
      ? { from: 'fts JOIN docs d ON d.rowid = fts.rowid WHERE fts MATCH ?', params: [expression] }
      : { from: 'docs d WHERE 1', params: [] };
    const score = expression ? `-bm25(fts, ${title}, ${summary}, ${body}, ${meta})` : '0';
    const where = whereClause(request.filters);
    const hits = this.db
      .prepare(
        `SELECT d.article_id AS id, ${score} AS score FROM ${source.from} ${where.sql}
         ORDER BY score DESC, d.date DESC LIMIT ? OFFSET ?`,
      )
      .all(...source.params, ...where.params, request.limit, request.offset) as { id: string; score: number }[];
    const total = (
      this.db.prepare(`SELECT count(*) AS n FROM ${source.from} ${where.sql}`).get(...source.params, ...where.params) as {
        n: number;
      }
    ).n;
    return { total, hits, facets: request.facets ? this.facets(source, request.filters) : null };
  }

  private facets(source: Source, filters: ArticleFilters): FacetCounts {
    const counts = EMPTY_FACETS();
    for (const facet of Object.keys(counts) as FacetName[]) {
      const where = whereClause(filtersForFacet(filters, facet));
      const rows = this.db
        .prepare(
          `SELECT d.${facet} AS value, count(*) AS n FROM ${source.from} ${where.sql}
           AND d.${facet} IS NOT NULL GROUP BY d.${facet} ORDER BY n DESC`,
        )
        .all(...source.params, ...where.params) as { value: string; n: number }[];
      for (const row of rows) counts[facet][row.value] = row.n;
    }
    return counts;
  }

  async matching(query: string, ids: string[]): Promise<Set<string>> {
    const expression = toFtsExpression(parseQuery(query));
    if (!expression || ids.length === 0) return new Set();
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

  async clear(): Promise<void> {
    this.clearSync();
  }

  private clearSync(): void {
    this.db.transaction(() => {
      this.db.exec("DELETE FROM docs; INSERT INTO fts(fts) VALUES('delete-all'); DELETE FROM state WHERE key = 'applied_seq';");
    })();
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/** `AND …` conditions over `docs d` for the filters: the same columns as the store's articles. */
function whereClause(filters: ArticleFilters): { sql: string; params: unknown[] } {
  const { sql, params } = filterClause(filters, 'd');
  return { sql: sql ? `AND ${sql}` : '', params };
}
