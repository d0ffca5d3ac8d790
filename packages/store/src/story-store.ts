import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import { ArchiveError } from '@archive/core';
import { DEFAULT_SAME_STORY_RULE, bandKeys, compareStories, minhashSignature, shingleSet, type StorySide } from '@archive/text';
import { placeholders } from './sql-lists.ts';

/** Candidates read from one LSH bucket at most. */
const MAX_BUCKET_CANDIDATES = 50;

/** The text and date a story signature is made of. */
export interface StoryText {
  id: string;
  title: string;
  summary: string | null;
  body: string;
  date: string | null;
}

/** The tables of near-duplicate grouping (one migration, see schema.ts). */
export const STORY_TABLES = `
  -- MinHash signature of each article's analysed text (title, standfirst, body).
  CREATE TABLE article_signatures (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    minhash BLOB NOT NULL,
    shingles INTEGER NOT NULL,
    date TEXT
  ) WITHOUT ROWID;
  -- LSH: one row per article and band; articles sharing a (band, hash) are candidates.
  CREATE TABLE lsh_buckets (
    band INTEGER NOT NULL,
    hash INTEGER NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (band, hash, article_id)
  ) WITHOUT ROWID;
  -- Confirmed same-story pairs (a < b): groups are their connected components, so an edit or a
  -- deletion that removes a link splits a group again.
  CREATE TABLE story_links (
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    PRIMARY KEY (a, b)
  ) WITHOUT ROWID;
  CREATE INDEX story_links_b ON story_links(b);
  -- Grouped articles only; the group id is the id of its oldest member.
  CREATE TABLE story_groups (
    article_id TEXT PRIMARY KEY,
    group_id TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX story_groups_group ON story_groups(group_id);
`;

interface Signed {
  signature: Uint32Array;
  side: StorySide;
}

/**
 * Near-duplicate articles grouped as one story, kept current by the article store's writes:
 * each written article gets a MinHash signature and LSH buckets; candidates sharing a bucket are
 * confirmed by the exact overlap of their shingles and their dates (`compareStories`); confirmed
 * pairs are links, and a group is a connected set of links.
 *
 * @example
 * const group = store.stories.groupOf('orangesum-34967'); // 'orangesum-34967' or null
 * if (group) store.stories.members(group);               // ['orangesum-34967', 'orangesum-34970']
 */
export class StoryStore {
  private readonly statements: {
    signature: Statement<[string], { minhash: Buffer }>;
    putSignature: Statement;
    deleteSignature: Statement<[string]>;
    putBucket: Statement;
    deleteBucket: Statement;
    bucket: Statement<[number, number], { article_id: string }>;
    text: Statement<[string], StoryText>;
    links: Statement<[string, string], { other: string }>;
    putLink: Statement;
    deleteLinks: Statement<[string, string]>;
    groupOf: Statement<[string], { group_id: string }>;
    members: Statement<[string], { article_id: string }>;
    deleteGroupRow: Statement<[string]>;
    putGroupRow: Statement;
  };

  constructor(private readonly db: SqliteDatabase) {
    this.statements = {
      signature: db.prepare('SELECT minhash FROM article_signatures WHERE article_id = ?'),
      putSignature: db.prepare('INSERT OR REPLACE INTO article_signatures (article_id, minhash, shingles, date) VALUES (?, ?, ?, ?)'),
      deleteSignature: db.prepare('DELETE FROM article_signatures WHERE article_id = ?'),
      putBucket: db.prepare('INSERT OR IGNORE INTO lsh_buckets (band, hash, article_id) VALUES (?, ?, ?)'),
      deleteBucket: db.prepare('DELETE FROM lsh_buckets WHERE band = ? AND hash = ? AND article_id = ?'),
      // A bucket this full holds boilerplate, not one story: its first members are enough.
      bucket: db.prepare(`SELECT article_id FROM lsh_buckets WHERE band = ? AND hash = ? LIMIT ${MAX_BUCKET_CANDIDATES}`),
      text: db.prepare('SELECT id, title, summary, body, date FROM articles WHERE id = ?'),
      links: db.prepare('SELECT b AS other FROM story_links WHERE a = ? UNION SELECT a FROM story_links WHERE b = ?'),
      putLink: db.prepare('INSERT OR IGNORE INTO story_links (a, b) VALUES (?, ?)'),
      deleteLinks: db.prepare('DELETE FROM story_links WHERE a = ? OR b = ?'),
      groupOf: db.prepare('SELECT group_id FROM story_groups WHERE article_id = ?'),
      members: db.prepare(
        `SELECT g.article_id FROM story_groups g LEFT JOIN articles a ON a.id = g.article_id
         WHERE g.group_id = ? ORDER BY a.date, g.article_id`,
      ),
      deleteGroupRow: db.prepare('DELETE FROM story_groups WHERE article_id = ?'),
      putGroupRow: db.prepare('INSERT OR REPLACE INTO story_groups (article_id, group_id) VALUES (?, ?)'),
    };
  }

  /** The group of an article, or null when it stands alone (or is unknown). */
  groupOf(articleId: string): string | null {
    return this.statements.groupOf.get(articleId)?.group_id ?? null;
  }

  /** The articles of a group, oldest first (by date, then id); empty for an unknown group. */
  members(groupId: string): string[] {
    return this.statements.members.all(groupId).map((row) => row.article_id);
  }

  /** Article id → group id, for the grouped ones among `articleIds`. */
  groupsOf(articleIds: string[]): Map<string, string> {
    const groups = new Map<string, string>();
    for (const id of new Set(articleIds)) {
      const group = this.groupOf(id);
      if (group) groups.set(id, group);
    }
    return groups;
  }

  /** Number of groups, of grouped articles, and of groups by size (`{ "2": 31, "3": 4 }`). */
  stats(): { groups: number; grouped: number; sizes: Record<string, number> } {
    const rows = this.db.prepare('SELECT count(*) AS size FROM story_groups GROUP BY group_id').all() as { size: number }[];
    const sizes: Record<string, number> = {};
    for (const { size } of rows) sizes[size] = (sizes[size] ?? 0) + 1;
    return { groups: rows.length, grouped: rows.reduce((sum, row) => sum + row.size, 0), sizes };
  }

  /** Every confirmed same-story pair (a < b), for measurement and checks. */
  links(): [string, string][] {
    return this.db.prepare('SELECT a, b FROM story_links ORDER BY a, b').raw().all() as [string, string][];
  }

  /**
   * Signs a written article and regroups it: called by the article store, inside the write's
   * transaction, for every new or changed article.
   */
  articleWritten(article: StoryText): void {
    const before = this.neighbours(article.id);
    this.removeSignature(article.id);
    this.statements.deleteLinks.run(article.id, article.id);
    const signed = this.sign(article);
    this.statements.putSignature.run(article.id, Buffer.from(signed.signature.buffer), signed.side.shingles.length, article.date);
    // Too short to be confirmed as anyone's copy: no buckets, no candidates (and no quadratic
    // pile-up of near-empty texts in one bucket).
    if (signed.side.shingles.length < DEFAULT_SAME_STORY_RULE.minShingles) {
      this.regroup([article.id, ...before]);
      return;
    }
    const candidates = new Set<string>();
    bandKeys(signed.signature).forEach((hash, band) => {
      for (const row of this.statements.bucket.all(band, hash)) if (row.article_id !== article.id) candidates.add(row.article_id);
      this.statements.putBucket.run(band, hash, article.id);
    });
    for (const id of candidates) {
      const other = this.statements.text.get(id);
      if (!other) continue;
      if (compareStories(signed.side, this.sign(other).side).same) {
        this.statements.putLink.run(...(article.id < id ? [article.id, id] : [id, article.id]));
      }
    }
    this.regroup([article.id, ...before]);
  }

  /** Forgets a deleted article: called by the article store before the article row goes. */
  articleDeleted(articleId: string): void {
    const before = this.neighbours(articleId);
    this.removeSignature(articleId);
    this.statements.deleteLinks.run(articleId, articleId);
    this.statements.deleteGroupRow.run(articleId);
    this.regroup(before);
  }

  /**
   * Signs and groups every stored article again, from nothing (a new schema, or new rules).
   * Returns the number of articles signed.
   */
  rebuild(): number {
    return this.db.transaction(() => {
      this.db.exec('DELETE FROM article_signatures; DELETE FROM lsh_buckets; DELETE FROM story_links; DELETE FROM story_groups;');
      const ids = this.db.prepare('SELECT id FROM articles ORDER BY seq').pluck().all() as string[];
      for (const id of ids) this.articleWritten(this.statements.text.get(id)!);
      return ids.length;
    })();
  }

  private sign(article: StoryText): Signed {
    const shingles = shingleSet([article.title, article.summary, article.body]);
    return { signature: minhashSignature(shingles), side: { shingles, date: article.date } };
  }

  /** Removes an article's signature and buckets (found from its stored signature, so no scan). */
  private removeSignature(articleId: string): void {
    const stored = this.statements.signature.get(articleId);
    if (!stored) return;
    if (stored.minhash.byteLength % 4 !== 0) {
      throw new ArchiveError('STORE_CORRUPT', `the story signature of ${articleId} is ${stored.minhash.byteLength} bytes long`);
    }
    const signature = new Uint32Array(stored.minhash.buffer.slice(stored.minhash.byteOffset, stored.minhash.byteOffset + stored.minhash.byteLength));
    bandKeys(signature).forEach((hash, band) => this.statements.deleteBucket.run(band, hash, articleId));
    this.statements.deleteSignature.run(articleId);
  }

  /** The article's group-mates and direct links: whoever may need a new group after it changes. */
  private neighbours(articleId: string): string[] {
    const group = this.groupOf(articleId);
    const ids = group ? this.statements.members.all(group).map((row) => row.article_id) : [];
    ids.push(...this.statements.links.all(articleId, articleId).map((row) => row.other));
    return ids.filter((id) => id !== articleId);
  }

  /** Recomputes the groups (connected components of links) that contain any of `articleIds`. */
  private regroup(articleIds: string[]): void {
    const done = new Set<string>();
    for (const start of articleIds) {
      if (done.has(start)) continue;
      const component = new Set([start]);
      const queue = [start];
      while (queue.length > 0) {
        const id = queue.pop()!;
        for (const { other } of this.statements.links.all(id, id)) {
          if (!component.has(other)) {
            component.add(other);
            queue.push(other);
          }
        }
      }
      for (const id of component) done.add(id);
      if (component.size === 1) {
        this.statements.deleteGroupRow.run(start);
        continue;
      }
      const groupId = this.oldest([...component]);
      for (const id of component) this.statements.putGroupRow.run(id, groupId);
    }
  }

  /** The oldest of some articles (by date, then id): the stable name of their group. */
  private oldest(ids: string[]): string {
    const rows = this.db
      .prepare(`SELECT id FROM articles WHERE id IN (${placeholders(ids)}) ORDER BY date, id LIMIT 1`)
      .pluck()
      .get(...ids) as string | undefined;
    return rows ?? [...ids].sort()[0]!;
  }
}
