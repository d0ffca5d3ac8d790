import type { Database } from 'better-sqlite3';

/**
 * Schema migrations, applied in order inside one transaction each; `user_version` records the
 * last one applied, so an interrupted migration leaves the previous version intact.
 */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    -- Store change number of the last write to this article; indexes replay changes after the
    -- last one they contain.
    seq INTEGER NOT NULL UNIQUE,
    url TEXT,
    title TEXT NOT NULL,
    summary TEXT,
    body TEXT NOT NULL,
    authors TEXT NOT NULL DEFAULT '[]',
    date TEXT,
    published TEXT,
    section TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    lang TEXT,
    source TEXT,
    -- Hash of every stored field: unchanged articles are skipped on re-ingest.
    content_hash TEXT NOT NULL,
    -- Hash of title and body only: exact duplicates published under other ids.
    text_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX articles_text_hash ON articles(text_hash);
  CREATE INDEX articles_date ON articles(date);

  CREATE TABLE passages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    text TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    UNIQUE (article_id, ordinal)
  );
  CREATE INDEX passages_text_hash ON passages(text_hash);

  -- Vectors are keyed by model and text, not by passage: the same text is never embedded twice,
  -- whichever article or re-ingest it comes from.
  CREATE TABLE embeddings (
    model TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, text_hash)
  ) WITHOUT ROWID;

  -- Deleted articles, so that indexes catching up by change number can drop them too.
  CREATE TABLE tombstones (
    article_id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL
  );

  CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
  );
  INSERT INTO counters (name, value) VALUES ('seq', 0);
  `,
  // Articles are also found by URL: a page ingested without an id joins the stored article.
  `CREATE INDEX articles_url ON articles(url);`,
  // Counts vector writes, so that a serving process notices another process's embeddings.
  `INSERT INTO counters (name, value) VALUES ('vectors', 0);`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function migrate(db: Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(`store schema version ${current} is newer than this program (${SCHEMA_VERSION})`);
  }
  for (let version = current; version < SCHEMA_VERSION; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
