import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database, { type Database as SqliteDatabase, type Statement } from 'better-sqlite3';
import { ArchiveError, type Article, type Logger } from '@archive/core';
import { toStoredArticle, type ArticleRow, type StoredArticle } from './article-row.ts';
import { AUTHOR_KEY_SQL } from './filter-clause.ts';
import { hashText } from './hashing.ts';
import { migrate } from './schema.ts';
import { JobStore } from './job-store.ts';
import { StoryStore } from './story-store.ts';
import { ArticleFilterReads } from './article-filter-reads.ts';
import { ArticleColumns } from './article-columns.ts';
import { ArticleOrdinals } from './article-ordinals.ts';
import { TagStore } from './tag-store.ts';
import { TokenStore } from './token-store.ts';
import { encodeVector } from './vectors.ts';
import { PassageStore, textHashes } from './passage-store.ts';
import { chunked, placeholders } from './sql-lists.ts';


/** A `passage_schemes` row as a scheme (settings stored as JSON, null for the default scheme). */
function toPassageScheme(row: { key: string; settings: string | null }): PassageScheme {
  return { key: row.key, settings: row.settings ? (JSON.parse(row.settings) as PassageSettings) : null };
}

/** What to write for one article: the article and its passages (chunk texts, in order, cut by the live scheme). */
export interface ArticleWrite {
  article: Article;
  passages: string[];
  /** Id of a stored article this one supersedes: deleted in the same transaction. */
  replaces?: string;
}

export type WriteOutcome = 'new' | 'updated' | 'unchanged';

/**
 * The hash that decides whether a re-ingested article changed: every stored field. Passages are
 * compared apart, in the scheme they were cut for (another scheme must not make articles "changed").
 */
export function articleContentHash(article: Article): string {
  const { source: _source, ...fields } = article;
  return hashText(JSON.stringify(fields));
}

/** The content hash as stores written before passage schemes have it (passages included): read, never written. */
function legacyContentHash(article: Article, passages: string[]): string {
  const { source: _source, ...fields } = article;
  return hashText(JSON.stringify(fields), ...passages);
}

/** How a passage scheme cuts articles; null settings (the default scheme): the configured ones. */
export interface PassageSettings {
  targetTokens: number;
  maxPassages: number;
  maxTokens: number;
}

export interface PassageScheme {
  key: string;
  settings: PassageSettings | null;
}

/**
 * The source of truth: articles, their passages and the passages' vectors, in one SQLite file
 * in WAL mode. Every write is one transaction, so a process killed at any moment leaves every
 * committed article intact; the indexes are derived from this store and can be rebuilt from it
 * without embedding anything again.
 *
 * @example
 * const store = ArticleStore.open('/var/lib/archive', logger);
 * store.writeArticles([{ article, passages: ['…'] }]);
 */
export class ArticleStore {
  readonly file: string;
  /** Editors' tags, merges, rejected suggestions and the audit trail. */
  readonly tags: TagStore;
  /** API tokens and web sessions. */
  readonly tokens: TokenStore;
  /** Batch jobs and their progress. */
  readonly jobs: JobStore;
  /** Near-duplicate articles grouped as one story, kept current by every write and deletion. */
  readonly stories: StoryStore;
  /** Which articles pass a search's filters. */
  readonly filtered: ArticleFilterReads;
  /** A dense number per article id, shared with the indexes built over this store (see `ArticleOrdinals`). */
  readonly ordinals = new ArticleOrdinals();
  private readonly db: SqliteDatabase;
  private readonly passageStores = new Map<string, PassageStore>();
  private readonly statements: {
    getArticle: Statement<[string], ArticleRow>;
    contentHash: Statement<[string], { content_hash: string }>;
    nextSeq: Statement<[], { value: number }>;
    upsertArticle: Statement;
    livePassageScheme: Statement<[], { key: string; settings: string | null }>;
    renumberArticle: Statement<[number, string, string]>;
    setContentHash: Statement<[string, string]>;
    deleteAuthors: Statement<[string]>;
    insertAuthors: Statement<[string, string]>;
    insertEmbedding: Statement;
  };

  private constructor(file: string, db: SqliteDatabase) {
    this.file = file;
    this.db = db;
    this.tags = new TagStore(db, () => this.statements.nextSeq.get()!.value);
    this.tokens = new TokenStore(db);
    this.jobs = new JobStore(db);
    this.stories = new StoryStore(db);
    this.filtered = new ArticleFilterReads(db, new ArticleColumns(db, this.ordinals, this));
    this.statements = {
      getArticle: db.prepare('SELECT * FROM articles WHERE id = ?'),
      contentHash: db.prepare('SELECT content_hash FROM articles WHERE id = ?'),
      nextSeq: db.prepare("UPDATE counters SET value = value + 1 WHERE name = 'seq' RETURNING value"),
      upsertArticle: db.prepare(`
        INSERT INTO articles (id, seq, url, title, summary, body, authors, date, published, section, tags, source_tags,
                              lang, source, content_hash, text_hash, created_at, updated_at)
        VALUES (@id, @seq, @url, @title, @summary, @body, @authors, @date, @published, @section, @tags, @sourceTags,
                @lang, @source, @contentHash, @textHash, @now, @now)
        ON CONFLICT (id) DO UPDATE SET
          seq = excluded.seq, url = excluded.url, title = excluded.title, summary = excluded.summary,
          body = excluded.body, authors = excluded.authors, date = excluded.date, published = excluded.published,
          section = excluded.section, tags = excluded.tags, source_tags = excluded.source_tags, lang = excluded.lang,
          source = excluded.source,
          content_hash = excluded.content_hash, text_hash = excluded.text_hash, updated_at = excluded.updated_at`),
      livePassageScheme: db.prepare('SELECT key, settings FROM passage_schemes WHERE live = 1'),
      renumberArticle: db.prepare('UPDATE articles SET seq = ?, updated_at = ? WHERE id = ?'),
      setContentHash: db.prepare('UPDATE articles SET content_hash = ? WHERE id = ?'),
      deleteAuthors: db.prepare('DELETE FROM article_authors WHERE article_id = ?'),
      insertAuthors: db.prepare(
        `INSERT OR IGNORE INTO article_authors (article_id, author_key) SELECT ?, ${AUTHOR_KEY_SQL} FROM json_each(?)`,
      ),
      insertEmbedding: db.prepare(
        'INSERT OR REPLACE INTO embeddings (model, text_hash, vector) VALUES (?, ?, ?)',
      ),
    };
  }

  /** Opens (creating if needed) the store in `dataDir`. */
  static open(dataDir: string, logger: Logger): ArticleStore {
    mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, 'archive.sqlite');
    let db: SqliteDatabase;
    try {
      db = new Database(file);
      db.pragma('journal_mode = WAL');
      // FULL: a commit survives power loss too, not only a killed process; writes are batched.
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      migrate(db);
    } catch (error) {
      throw new ArchiveError('STORE_CORRUPT', `cannot open the article store ${file}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    logger.debug({ file }, 'article store opened');
    return new ArticleStore(file, db);
  }

  close(): void {
    this.db.close();
  }

  /** Content hashes of the given ids that are stored (absent ids are not in the map). */
  contentHashes(ids: string[]): Map<string, string> {
    const hashes = new Map<string, string>();
    for (const id of ids) {
      const row = this.statements.contentHash.get(id);
      if (row) hashes.set(id, row.content_hash);
    }
    return hashes;
  }

  /**
   * Writes articles and their passages in one transaction. Unchanged articles (same content
   * hash, same passages) are left alone; a changed article gets a new change number, and its
   * passages are replaced only if their texts changed (so unchanged passages keep their ids and
   * vectors). `scheme` names the passage scheme the passages were cut for: when a job has made
   * another scheme live since the caller read it, nothing is written and a
   * `PASSAGE_SCHEME_CHANGED` error tells it to cut the batch again (see `livePassageScheme`).
   * The article's tags are its source tags; editors' changes to them are kept and applied on
   * top (see `TagStore`), so a re-ingest never undoes editorial work.
   */
  writeArticles(writes: ArticleWrite[], scheme?: string): WriteOutcome[] {
    const now = new Date().toISOString();
    return this.db.transaction(() => {
      const live = this.livePassageScheme().key;
      if (scheme !== undefined && scheme !== live) {
        throw new ArchiveError('PASSAGE_SCHEME_CHANGED', `passages were cut for scheme "${scheme}", but "${live}" is live now`);
      }
      const passageStore = this.passages(live);
      return writes.map(({ article, passages, replaces }): WriteOutcome => {
        if (replaces && replaces !== article.id) {
          this.tags.moveEdits(replaces, article.id);
          this.deleteArticle(replaces);
        }
        const contentHash = articleContentHash(article);
        const previous = this.statements.contentHash.get(article.id);
        const hashes = textHashes(passages);
        const passagesSame = previous !== undefined && passageStore.matches(article.id, hashes);
        if (previous && passagesSame) {
          if (previous.content_hash === contentHash) return 'unchanged';
          // Stored before passage schemes: the same article is not a change, its hash is brought up to date.
          if (previous.content_hash === legacyContentHash(article, passages)) {
            this.statements.setContentHash.run(contentHash, article.id);
            return 'unchanged';
          }
        }
        this.writeArticleRow(article, contentHash, now);
        if (!passagesSame) passageStore.write(article.id, passages, hashes);
        return previous ? 'updated' : 'new';
      });
    })();
  }

  /** The article's row with a new change number (indexes catching up will see it), its tags, authors and story. */
  private writeArticleRow(article: Article, contentHash: string, now: string): void {
    const tags = this.tags.effectiveTags(article.id, article.tags);
    this.statements.upsertArticle.run({
      ...article,
      authors: JSON.stringify(article.authors),
      tags: JSON.stringify(tags.map((tag) => tag.label)),
      sourceTags: JSON.stringify(article.tags),
      seq: this.statements.nextSeq.get()!.value,
      contentHash,
      textHash: hashText(article.title.toLowerCase(), article.body.toLowerCase()),
      now,
    });
    this.tags.writeEffective(article.id, tags);
    this.statements.deleteAuthors.run(article.id);
    this.statements.insertAuthors.run(article.id, JSON.stringify(article.authors));
    this.stories.articleWritten(article);
  }

  /** The passages (and their vectors) of a scheme; by default the live one. */
  passages(scheme: string = this.livePassageScheme().key): PassageStore {
    let passages = this.passageStores.get(scheme);
    if (!passages) {
      passages = new PassageStore(this.db, scheme);
      this.passageStores.set(scheme, passages);
    }
    return passages;
  }

  /** The scheme new passages are cut by: what every writer reads before cutting a batch. */
  livePassageScheme(): PassageScheme {
    return toPassageScheme(this.statements.livePassageScheme.get()!);
  }

  /** Every registered scheme (the live one and any a job is filling). */
  passageSchemes(): (PassageScheme & { live: boolean })[] {
    const rows = this.db.prepare('SELECT key, settings, live FROM passage_schemes ORDER BY key').all() as { key: string; settings: string | null; live: number }[];
    return rows.map((row) => ({ ...toPassageScheme(row), live: row.live === 1 }));
  }

  /** Registers a scheme a job will fill beside the live one (nothing happens if it is registered). */
  addPassageScheme(scheme: PassageScheme): void {
    this.db.prepare('INSERT OR IGNORE INTO passage_schemes (key, settings, live) VALUES (?, ?, 0)').run(scheme.key, scheme.settings ? JSON.stringify(scheme.settings) : null);
  }

  /**
   * Cuts articles again into passages of `scheme`, in one transaction. Where their passages
   * changed and `scheme` is live, the article gets a new change number, so that serving indexes
   * refresh it (a scheme a job is filling is read by nobody yet). Returns how many changed.
   */
  recutArticles(scheme: string, articles: StoredArticle[], cut: (article: StoredArticle) => string[]): number {
    return this.db.transaction(() => {
      const passages = this.passages(scheme);
      const live = this.livePassageScheme().key === scheme;
      const now = new Date().toISOString();
      let changed = 0;
      for (const article of articles) {
        if (!passages.replace(article.id, cut(article))) continue;
        if (live) this.statements.renumberArticle.run(this.statements.nextSeq.get()!.value, now, article.id);
        changed++;
      }
      return changed;
    })();
  }

  /**
   * Makes `key` the live scheme, in one transaction with the last catch-up: the articles written
   * after change `sinceSeq` (by writers that still cut the old way) are cut again by `cut`.
   * From this commit on, a writer holding the old scheme gets `PASSAGE_SCHEME_CHANGED`.
   */
  makePassageSchemeLive(key: string, sinceSeq: number, cut: (article: StoredArticle) => string[]): number {
    return this.db.transaction(() => {
      this.db.prepare('UPDATE passage_schemes SET live = 0 WHERE live = 1').run();
      if (this.db.prepare('UPDATE passage_schemes SET live = 1 WHERE key = ?').run(key).changes === 0) {
        throw new ArchiveError('NOT_FOUND', `no passage scheme "${key}"`);
      }
      return this.recutArticles(key, this.changesSince(sinceSeq, Number.MAX_SAFE_INTEGER).articles, cut);
    })();
  }

  /** Removes a scheme that is not live, and its passages (their vectors stay: they are keyed by text). */
  dropPassageScheme(key: string): number {
    if (this.livePassageScheme().key === key) throw new ArchiveError('CONFLICT', `passage scheme "${key}" is live`);
    const removed = this.passages(key).drop();
    this.db.prepare('DELETE FROM passage_schemes WHERE key = ? AND live = 0').run(key);
    this.passageStores.delete(key);
    return removed;
  }

  /** Deletes an article and its passages; indexes learn of it through a tombstone. */
  deleteArticle(id: string): boolean {
    return this.db.transaction(() => {
      this.stories.articleDeleted(id);
      const deleted = this.db.prepare('DELETE FROM articles WHERE id = ?').run(id).changes > 0;
      if (deleted) {
        const seq = this.statements.nextSeq.get()!.value;
        this.db.prepare('INSERT OR REPLACE INTO tombstones (article_id, seq) VALUES (?, ?)').run(id, seq);
      }
      return deleted;
    })();
  }

  getArticle(id: string): StoredArticle | null {
    const row = this.statements.getArticle.get(id);
    return row ? toStoredArticle(row) : null;
  }

  /** The stored articles among `ids`, in the order of `ids`. */
  getArticles(ids: string[]): StoredArticle[] {
    const byId = new Map<string, StoredArticle>();
    for (const part of chunked(ids)) {
      const rows = this.db
        .prepare(`SELECT * FROM articles WHERE id IN (${placeholders(part)})`)
        .all(...part) as ArticleRow[];
      for (const row of rows) byId.set(row.id, toStoredArticle(row));
    }
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** The id of the stored article published at `url`, if any (the oldest, should there be several). */
  idForUrl(url: string): string | null {
    const row = this.db.prepare('SELECT id FROM articles WHERE url = ? ORDER BY created_at LIMIT 1').get(url) as { id: string } | undefined;
    return row?.id ?? null;
  }

  /** Section, language, year and tags of the given articles (for facet counts), without their text. */
  facetFields(ids: string[]): { section: string | null; lang: string | null; year: string | null; tags: string[] }[] {
    const rows: { section: string | null; lang: string | null; year: string | null; tags: string[] }[] = [];
    for (const part of chunked(ids)) {
      const found = this.db
        .prepare(`SELECT section, lang, substr(date, 1, 4) AS year, tags FROM articles WHERE id IN (${placeholders(part)})`)
        .all(...part) as { section: string | null; lang: string | null; year: string | null; tags: string }[];
      rows.push(...found.map((row) => ({ ...row, tags: JSON.parse(row.tags) as string[] })));
    }
    return rows;
  }

  /** Ids of articles with exactly the same title and body as `article` (other than itself). */
  duplicateIds(article: StoredArticle): string[] {
    return (
      this.db.prepare('SELECT id FROM articles WHERE text_hash = ? AND id != ?').all(article.textHash, article.id) as {
        id: string;
      }[]
    ).map((row) => row.id);
  }

  /** The last change number given out. */
  lastSeq(): number {
    return (this.db.prepare("SELECT value FROM counters WHERE name = 'seq'").get() as { value: number }).value;
  }

  /** Articles written and deleted after change `seq`, oldest first, at most `limit` articles. */
  changesSince(seq: number, limit: number): { articles: StoredArticle[]; deletedIds: string[]; lastSeq: number } {
    const rows = this.db
      .prepare('SELECT * FROM articles WHERE seq > ? ORDER BY seq LIMIT ?')
      .all(seq, limit) as ArticleRow[];
    const articles = rows.map(toStoredArticle);
    const upTo = rows.length === limit ? rows[rows.length - 1]!.seq : this.lastSeq();
    const deletedIds = (
      this.db.prepare('SELECT article_id FROM tombstones WHERE seq > ? AND seq <= ?').all(seq, upTo) as {
        article_id: string;
      }[]
    ).map((row) => row.article_id);
    return { articles, deletedIds, lastSeq: upTo };
  }

  /** The last change number given out before `time` (ISO 8601): where "changed since" starts. */
  seqBefore(time: string): number {
    const first = this.db.prepare('SELECT min(seq) FROM articles WHERE updated_at >= ?').pluck().get(time) as number | null;
    return first === null ? this.lastSeq() : first - 1;
  }

  /** Article id → change number of every stored article (for `archive check`). */
  articleVersions(): Map<string, number> {
    return new Map(this.db.prepare('SELECT id, seq FROM articles').raw().all() as [string, number][]);
  }

  countArticles(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
  }

  /** Stores vectors for passage texts, in one transaction. */
  putEmbeddings(model: string, items: { textHash: string; vector: Float32Array }[]): void {
    this.db.transaction(() => {
      for (const item of items) this.statements.insertEmbedding.run(model, item.textHash, encodeVector(item.vector));
      this.db.prepare("UPDATE counters SET value = value + 1 WHERE name = 'vectors'").run();
    })();
  }

  /**
   * Changes whenever articles or vectors are written, by this process or another: a serving
   * process compares it to know when its in-memory vector index is behind.
   */
  changeMark(): string {
    const { seq, vectors } = this.changeCounters();
    return `${seq}:${vectors}`;
  }

  /** The two counters `changeMark` is made of: the last change number and the count of vector writes. */
  changeCounters(): { seq: number; vectors: number } {
    const rows = this.db.prepare("SELECT name, value FROM counters WHERE name IN ('seq', 'vectors')").raw().all() as [string, number][];
    const counters = Object.fromEntries(rows);
    return { seq: counters['seq'] ?? 0, vectors: counters['vectors'] ?? 0 };
  }

  /** Length of the stored vectors of `model`, or null when it has none. */
  vectorDimensions(model: string): number | null {
    const bytes = this.db.prepare('SELECT length(vector) FROM embeddings WHERE model = ? LIMIT 1').pluck().get(model) as number | undefined;
    return bytes ? bytes / 4 : null;
  }

  /**
   * Ids of the articles written (`seq` above `seq`) or deleted (tombstone above `seq`) after
   * change `seq`: an index catching up looks at these only. Indexed range reads.
   */
  articlesChangedSince(seq: number): string[] {
    // Two statements: as one UNION, SQLite 3.53 walks the whole table instead of the seq index.
    const written = this.db.prepare('SELECT id FROM articles WHERE seq > ?').pluck().all(seq) as string[];
    const deleted = this.db.prepare('SELECT article_id FROM tombstones WHERE seq > ?').pluck().all(seq) as string[];
    return [...new Set([...written, ...deleted])];
  }
}
