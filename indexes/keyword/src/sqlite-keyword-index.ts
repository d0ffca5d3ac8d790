import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database, { type Database as SqliteDatabase } from 'better-sqlite3';
import { ArchiveError, cleanTags } from '@archive/core';
import { analyzeTerms } from '@archive/text';
import { AUTHOR_KEY_SQL, type ArticleFilters } from '@archive/store';
import {
  type KeywordChanges,
  type KeywordDocument,
  type KeywordIndex,
  type KeywordSearchRequest,
  type KeywordSearchResult,
  type PeriodGranularity,
} from './keyword-index.ts';
import { DocTermsWriter } from './doc-terms.ts';
import { KeywordSearchThreads, type ReaderMethod } from './keyword-search-threads.ts';
import { SqliteKeywordReader } from './sqlite-keyword-reader.ts';

/**
 * Bump when the analysis or the tables change: the index is then rebuilt from the store
 * (4: `docs` rowids never reused; 5: each document's terms in `doc_terms`; 6: µ, ς and Greek
 * symbol forms folded as FTS5 folds them).
 */
const ANALYZER_VERSION = 6;

/**
 * Marks the documents as replaced wholesale (tables made anew or emptied): readers holding them
 * in memory (`DocColumns`) read them all again rather than only what changed.
 */
function newDocsEpoch(db: SqliteDatabase): void {
  db.prepare("INSERT OR REPLACE INTO state (key, value) VALUES ('docs_epoch', ?)").run(Date.now());
}

/** Deletions remembered for readers; one further behind rereads every rowid instead. */
const DELETION_LOG = 100_000;

const SCHEMA = `
  -- AUTOINCREMENT: a rowid is never given twice, so readers holding the rows in memory
  -- (\`DocColumns\`) see new rows above the highest they read.
  CREATE TABLE IF NOT EXISTS docs (
    rowid INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL UNIQUE,
    seq INTEGER NOT NULL,
    date TEXT,
    year TEXT,
    section TEXT,
    lang TEXT,
    authors TEXT NOT NULL,
    tags TEXT NOT NULL
  );
  -- The home page's newest articles.
  CREATE INDEX IF NOT EXISTS docs_date ON docs(date);
  -- Tags by key (case and Unicode form folded), read by document into the readers' columns,
  -- which filter and count them (no index by key is needed).
  CREATE TABLE IF NOT EXISTS doc_tags (
    doc INTEGER NOT NULL,
    tag_key TEXT NOT NULL,
    label TEXT NOT NULL,
    PRIMARY KEY (doc, tag_key)
  ) WITHOUT ROWID;
  -- Authors by key (lower case, as the filter compares them), for author filters.
  CREATE TABLE IF NOT EXISTS doc_authors (
    doc INTEGER NOT NULL,
    author_key TEXT NOT NULL,
    PRIMARY KEY (doc, author_key)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS doc_authors_key ON doc_authors(author_key);
  -- Rowids of deleted documents, in order, so that readers holding the rows in memory let them go
  -- without rereading every rowid (the last DELETION_LOG entries are kept).
  CREATE TABLE IF NOT EXISTS doc_deletions (seq INTEGER PRIMARY KEY AUTOINCREMENT, doc INTEGER NOT NULL);
  -- Contentless: the text lives in the store; this table holds only the analysed terms.
  CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    title, summary, body, meta,
    tokenize = 'unicode61 remove_diacritics 2',
    content = '', contentless_delete = 1
  );
  -- Each document's terms and how often each occurs per column (see \`DocTermsWriter\`), from
  -- which search threads hold postings in memory; terms by id, append-only.
  CREATE TABLE IF NOT EXISTS terms (id INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE);
  CREATE TABLE IF NOT EXISTS doc_terms (doc INTEGER PRIMARY KEY, terms BLOB NOT NULL);
  -- Document frequency of each indexed term, for corpus statistics.
  CREATE VIRTUAL TABLE IF NOT EXISTS fts_terms USING fts5vocab(fts, row);
  CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

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

  /** Reads on this connection, when there are no search threads. */
  private readonly reader: SqliteKeywordReader;
  private readonly docTerms: DocTermsWriter;

  private constructor(
    private readonly db: SqliteDatabase,
    /** The index file, as the search threads open it. */
    readonly file: string,
    private readonly threads: KeywordSearchThreads | null,
  ) {
    this.reader = new SqliteKeywordReader(db);
    this.docTerms = new DocTermsWriter(db);
  }

  /**
   * Opens (creating if needed) the index in `dataDir`. With `searchThreads` (a count), reads run
   * on the process's keyword search threads (a server: see `KeywordSearchThreads`); with 0, here.
   */
  static open(dataDir: string, options: { searchThreads?: number } = {}): SqliteKeywordIndex {
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
        db.exec("DROP TABLE IF EXISTS fts_terms; DROP TABLE IF EXISTS fts; DROP TABLE IF EXISTS doc_tags; DROP TABLE IF EXISTS doc_authors; DROP TABLE IF EXISTS docs; DROP TABLE IF EXISTS doc_deletions; DROP TABLE IF EXISTS doc_terms; DROP TABLE IF EXISTS terms; DELETE FROM state;");
        newDocsEpoch(db);
      }
      db.exec(SCHEMA);
      if (db.prepare("SELECT value FROM state WHERE key = 'doc_authors'").pluck().get() !== 1) {
        // An index made before `doc_authors` existed: fill it from the documents, once.
        db.transaction(() => {
          db.exec(`DELETE FROM doc_authors; INSERT OR IGNORE INTO doc_authors (doc, author_key) SELECT d.rowid, ${AUTHOR_KEY_SQL} FROM docs d, json_each(d.authors);`);
          db.prepare("INSERT OR REPLACE INTO state (key, value) VALUES ('doc_authors', 1)").run();
        })();
      }
      const threads = options.searchThreads ? KeywordSearchThreads.shared(options.searchThreads) : null;
      const index = new SqliteKeywordIndex(db, file, threads);
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
    const logDeletion = this.db.prepare('INSERT INTO doc_deletions (doc) VALUES (?)');
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
      this.docTerms.delete(row.rowid);
      deleteTags.run(row.rowid);
      deleteAuthors.run(row.rowid);
      deleteDoc.run(row.rowid);
      logDeletion.run(row.rowid);
    };
    const add = (doc: KeywordDocument) => {
      const { lastInsertRowid } = insertDoc.run(
        doc.id, doc.seq, doc.date, doc.date?.slice(0, 4) ?? null, doc.section, doc.lang, JSON.stringify(doc.authors), JSON.stringify(doc.tags),
      );
      const meta = [...doc.authors, ...doc.tags, doc.section ?? ''].join(' ');
      const columns = [doc.title, doc.summary, doc.body, meta].map((text) => (text ? analyzeTerms(text) : []));
      insertFts.run(lastInsertRowid, ...columns.map((terms) => terms.join(' ')));
      this.docTerms.write(Number(lastInsertRowid), columns);
      for (const tag of cleanTags(doc.tags)) insertTag.run(lastInsertRowid, tag.key, tag.label);
      insertAuthors.run(lastInsertRowid, JSON.stringify(doc.authors));
    };
    try {
      this.db.transaction(() => {
        for (const id of changes.deletedIds) remove(id);
        for (const doc of changes.upserts) {
          remove(doc.id);
          add(doc);
        }
        this.setState('applied_seq', changes.seq);
        this.db.prepare('DELETE FROM doc_deletions WHERE seq <= (SELECT max(seq) FROM doc_deletions) - ?').run(DELETION_LOG);
      })();
    } catch (error) {
      this.docTerms.forget();
      throw error;
    }
    this.reader.noteLocalWrite();
  }

  /**
   * Reads the documents' columns and loads the postings now, not on a user's first search: on
   * each search thread, or on this connection when there are none (`ARCHIVE_SEARCH_THREADS=0`).
   */
  async warm(): Promise<void> {
    if (this.threads) await this.threads.warm(this.file);
    else this.reader.warm();
  }

  async search(request: KeywordSearchRequest): Promise<KeywordSearchResult> {
    return this.read('search', [request]);
  }

  async periods(query: string, filters: ArticleFilters, granularity: PeriodGranularity): Promise<Record<string, number>> {
    return this.read('periods', [query, filters, granularity]);
  }

  async matching(query: string, ids: string[]): Promise<Set<string>> {
    return new Set(await this.read('matching', [query, ids]));
  }

  async count(): Promise<number> {
    return this.read('count', []);
  }

  async versions(): Promise<Map<string, number>> {
    return new Map(this.db.prepare('SELECT article_id, seq FROM docs').raw().all() as [string, number][]);
  }

  async documentFrequencies(phrases: string[][]): Promise<number[]> {
    return this.read('documentFrequencies', [phrases]);
  }

  /** A reader method, on the search threads when there are some, else on this connection. */
  private async read<M extends ReaderMethod>(method: M, args: Parameters<SqliteKeywordReader[M]>): Promise<ReturnType<SqliteKeywordReader[M]>> {
    if (this.threads) return this.threads.call(this.file, method, args);
    return (this.reader[method] as (...values: unknown[]) => ReturnType<SqliteKeywordReader[M]>).apply(this.reader, args);
  }

  async clear(): Promise<void> {
    this.clearSync();
  }

  private clearSync(): void {
    this.reader.noteLocalWrite();
    this.db.transaction(() => {
      this.db.exec(
        "DELETE FROM docs; DELETE FROM doc_tags; DELETE FROM doc_authors; DELETE FROM doc_deletions; DELETE FROM doc_terms; INSERT INTO fts(fts) VALUES('delete-all'); DELETE FROM state WHERE key = 'applied_seq';",
      );
      newDocsEpoch(this.db);
    })();
  }

  async close(): Promise<void> {
    await this.threads?.release(this.file);
    this.db.close();
  }
}
