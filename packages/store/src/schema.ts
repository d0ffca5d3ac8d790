import type { Database } from 'better-sqlite3';
import { cleanTags } from '@archive/core';
import { STORY_TABLES, StoryStore } from './story-store.ts';

/**
 * Schema migrations, applied in order inside one transaction each; `user_version` records the
 * last one applied, so an interrupted migration leaves the previous version intact.
 */
const MIGRATIONS: (string | ((db: Database) => void))[] = [
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
  // Editors' tags. `articles.tags` becomes the effective list (what search and the API show):
  // the source export's tags (`source_tags`), renamed by merges (`tag_aliases`), then the
  // editors' additions and removals (`tag_edits`), which win. A re-ingest rewrites only
  // `source_tags`, so editorial work survives it.
  (db) => {
    db.exec(`
      ALTER TABLE articles ADD COLUMN source_tags TEXT NOT NULL DEFAULT '[]';
      UPDATE articles SET source_tags = tags;
      -- The effective tags by key, indexed: tag filters, facets and the vocabulary read this.
      CREATE TABLE article_tags (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        tag_key TEXT NOT NULL,
        label TEXT NOT NULL,
        PRIMARY KEY (article_id, tag_key)
      ) WITHOUT ROWID;
      CREATE INDEX article_tags_key ON article_tags(tag_key);
      -- Kept when an article is deleted: a re-ingest under the same id finds them again.
      CREATE TABLE tag_edits (
        article_id TEXT NOT NULL,
        tag_key TEXT NOT NULL,
        label TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('add', 'remove')),
        -- A rowid table on purpose: rowid order is the order edits were made.
        PRIMARY KEY (article_id, tag_key)
      );
      CREATE TABLE tag_aliases (
        from_key TEXT PRIMARY KEY,
        to_label TEXT NOT NULL
      );
      CREATE TABLE tag_rejections (
        article_id TEXT NOT NULL,
        tag_key TEXT NOT NULL,
        label TEXT NOT NULL,
        actor TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (article_id, tag_key)
      ) WITHOUT ROWID;
      -- The audit trail: one row per article and change, written in the change's transaction.
      CREATE TABLE tag_changes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        article_id TEXT NOT NULL,
        via TEXT NOT NULL,
        before TEXT NOT NULL,
        after TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX tag_changes_article ON tag_changes(article_id, id);
      CREATE INDEX tag_changes_at ON tag_changes(at);
      CREATE INDEX tag_changes_actor ON tag_changes(actor, id);
      -- API tokens: only a hash of each is kept; revoked ones stay, so audit names stay unique.
      CREATE TABLE api_tokens (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('reader', 'editor', 'admin')),
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT,
        last_used_at TEXT
      );
      -- Web UI sessions opened with a token; only a hash of the session id is kept.
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        token_name TEXT NOT NULL REFERENCES api_tokens(name),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
    `);
    const insert = db.prepare('INSERT OR IGNORE INTO article_tags (article_id, tag_key, label) VALUES (?, ?, ?)');
    for (const row of db.prepare('SELECT id, tags FROM articles').all() as { id: string; tags: string }[]) {
      for (const tag of cleanTags(JSON.parse(row.tags) as string[])) insert.run(row.id, tag.key, tag.label);
    }
  },
  // Batch jobs (rebuild, incremental, re-embed, inbox ingest): their state survives restarts.
  `
  CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    params TEXT NOT NULL DEFAULT '{}',
    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    phase TEXT,
    progress_done INTEGER NOT NULL DEFAULT 0,
    progress_total INTEGER NOT NULL DEFAULT 0,
    -- Where a resumed run starts again (each kind says what it keeps).
    checkpoint TEXT NOT NULL DEFAULT '{}',
    result TEXT,
    error TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    -- The process running it (pid) and its last sign of life: a stale one was interrupted.
    owner_pid INTEGER,
    heartbeat_at TEXT,
    cancel_requested INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX jobs_created ON jobs(created_at);
  -- One writing job at a time, enforced by the database itself.
  CREATE UNIQUE INDEX jobs_one_active ON jobs((1)) WHERE state IN ('queued', 'running');
  `,
  // Near-duplicates grouped as one story (story-store.ts); articles stored before are signed now.
  (db) => {
    db.exec(STORY_TABLES);
    new StoryStore(db).rebuild();
  },
  // Search filters without reading article rows (which hold the text): a covering index of the
  // filtered columns, and the authors by key (lower case, as the filter compares them).
  `
  CREATE INDEX articles_filter ON articles(date, section, lang, id);
  CREATE TABLE article_authors (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    author_key TEXT NOT NULL,
    PRIMARY KEY (article_id, author_key)
  ) WITHOUT ROWID;
  CREATE INDEX article_authors_key ON article_authors(author_key);
  INSERT OR IGNORE INTO article_authors (article_id, author_key)
    SELECT a.id, lower(j.value) FROM articles a, json_each(a.authors) j;
  `,
  // Deletions after a change number, read by every index catching up: a range, not a scan.
  `CREATE INDEX tombstones_seq ON tombstones(seq);`,
  // Passage schemes (passage-store.ts): passages belong to one way of cutting articles, so a
  // re-embedding job can fill another beside the live one. Passage ids are kept (vector indexes
  // are labelled with them).
  `
  CREATE TABLE passage_schemes (
    key TEXT PRIMARY KEY,
    -- How it cuts articles (JSON: targetTokens, maxPassages, maxTokens); null: as configured.
    settings TEXT,
    live INTEGER NOT NULL DEFAULT 0
  );
  CREATE UNIQUE INDEX passage_schemes_one_live ON passage_schemes(live) WHERE live = 1;
  INSERT INTO passage_schemes (key, settings, live) VALUES ('default', NULL, 1);
  CREATE TABLE passages_by_scheme (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    scheme TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    text TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    UNIQUE (article_id, scheme, ordinal)
  );
  INSERT INTO passages_by_scheme (id, article_id, scheme, ordinal, text, text_hash)
    SELECT id, article_id, 'default', ordinal, text, text_hash FROM passages;
  DROP TABLE passages;
  ALTER TABLE passages_by_scheme RENAME TO passages;
  CREATE INDEX passages_text_hash ON passages(text_hash);
  CREATE INDEX passages_scheme ON passages(scheme, id);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function migrate(db: Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(`store schema version ${current} is newer than this program (${SCHEMA_VERSION})`);
  }
  for (let version = current; version < SCHEMA_VERSION; version++) {
    db.transaction(() => {
      const migration = MIGRATIONS[version]!;
      if (typeof migration === 'string') db.exec(migration);
      else migration(db);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
