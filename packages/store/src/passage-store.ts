import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import { hashText } from './hashing.ts';
import { chunked, placeholders } from './sql-lists.ts';
import { decodeVector } from './vectors.ts';

/** The text hashes of passage texts, as the store keys passages and vectors by them. */
export function textHashes(texts: string[]): string[] {
  return texts.map((text) => hashText(text));
}

/** The passage scheme of a store created before schemes existed, and of every new store. */
export const DEFAULT_PASSAGE_SCHEME = 'default';

export interface EmbeddedPassage {
  passageId: number;
  articleId: string;
  vector: Float32Array;
}


/**
 * The passages of one passage scheme (one way of cutting articles into passages: target length,
 * passages kept) and their vectors. An archive has one live scheme; a re-embedding job with
 * other passage settings fills a second one beside it and the switch makes it live, so vector
 * indexes, embedding and checks always read the passages of the scheme they were built for.
 * Vectors are keyed by model and text, so a passage whose text is the same in two schemes is
 * embedded once.
 *
 * @example
 * const passages = store.passages('t200-p0-m512');
 * passages.countPassagesWithoutEmbedding('Xenova/multilingual-e5-small@q8');
 */
export class PassageStore {
  private readonly hashesOf: Statement<[string, string], { text_hash: string }>;
  private readonly deleteOf: Statement<[string, string]>;
  private readonly insert: Statement<[string, string, number, string, string]>;
  private readonly textsAndVectorsOf: Statement<[string, string, string], [string, Buffer | null]>;
  private readonly vectorsOf: Statement<[string, string, string], [Buffer | null]>;

  constructor(
    private readonly db: SqliteDatabase,
    readonly scheme: string,
  ) {
    this.hashesOf = db.prepare('SELECT text_hash FROM passages WHERE article_id = ? AND scheme = ? ORDER BY ordinal');
    this.deleteOf = db.prepare('DELETE FROM passages WHERE article_id = ? AND scheme = ?');
    this.insert = db.prepare('INSERT INTO passages (article_id, scheme, ordinal, text, text_hash) VALUES (?, ?, ?, ?, ?)');
    // An article's passages with their vector for a model: read on the search path (feedback, related articles).
    const vectorOf = '(SELECT e.vector FROM embeddings e WHERE e.model = ? AND e.text_hash = p.text_hash)';
    const ofArticle = 'FROM passages p WHERE p.article_id = ? AND p.scheme = ? ORDER BY p.ordinal';
    this.textsAndVectorsOf = db.prepare<[string, string, string], [string, Buffer | null]>(`SELECT p.text, ${vectorOf} ${ofArticle}`).raw();
    this.vectorsOf = db.prepare<[string, string, string], [Buffer | null]>(`SELECT ${vectorOf} ${ofArticle}`).raw();
  }

  /**
   * Replaces one article's passages if their texts changed (unchanged passages keep their ids,
   * so vector indexes keep them); true when something was written. Call inside a transaction.
   */
  replace(articleId: string, texts: string[]): boolean {
    const hashes = textHashes(texts);
    if (this.matches(articleId, hashes)) return false;
    this.write(articleId, texts, hashes);
    return true;
  }

  /**
   * Writes one article's passages over what it had (the caller knows they differ); `hashes` are
   * their `textHashes`. Call inside a transaction.
   */
  write(articleId: string, texts: string[], hashes: string[]): void {
    this.deleteOf.run(articleId, this.scheme);
    texts.forEach((text, ordinal) => this.insert.run(articleId, this.scheme, ordinal, text, hashes[ordinal]!));
  }

  /** True when the article's stored passages in this scheme have exactly these `textHashes`. */
  matches(articleId: string, hashes: string[]): boolean {
    const stored = this.hashesOf.all(articleId, this.scheme).map((row) => row.text_hash);
    return stored.join() === hashes.join();
  }

  /** Ids of stored articles that have no passage in this scheme, at most `limit`, after id `afterId`. */
  articlesWithoutPassages(limit: number, afterId = ''): string[] {
    return this.db
      .prepare(
        `SELECT a.id FROM articles a WHERE a.id > ?
         AND NOT EXISTS (SELECT 1 FROM passages p WHERE p.article_id = a.id AND p.scheme = ?) ORDER BY a.id LIMIT ?`,
      )
      .pluck()
      .all(afterId, this.scheme, limit) as string[];
  }

  countArticlesWithoutPassages(): number {
    return this.db
      .prepare('SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM passages p WHERE p.article_id = a.id AND p.scheme = ?)')
      .pluck()
      .get(this.scheme) as number;
  }

  /** Deletes every passage of this scheme, a slice at a time (so readers are never held up for long). */
  drop(): number {
    let removed = 0;
    const slice = this.db.prepare('DELETE FROM passages WHERE id IN (SELECT id FROM passages WHERE scheme = ? LIMIT 5000)');
    for (;;) {
      const changes = slice.run(this.scheme).changes;
      removed += changes;
      if (changes === 0) return removed;
    }
  }

  countPassages(): number {
    return this.db.prepare('SELECT count(*) FROM passages WHERE scheme = ?').pluck().get(this.scheme) as number;
  }

  /**
   * Passage texts that have no vector yet for `model`, in passage order after passage
   * `afterId` (a cursor, so a whole run reads the table once), at most `limit`, each text once.
   */
  passagesWithoutEmbedding(model: string, limit: number, afterId = 0): { passageId: number; textHash: string; text: string }[] {
    const rows = this.db
      .prepare(
        `SELECT p.id AS passageId, p.text_hash AS textHash, p.text FROM passages p
         WHERE p.scheme = ? AND p.id > ? AND NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.model = ? AND e.text_hash = p.text_hash)
         ORDER BY p.id LIMIT ?`,
      )
      .all(this.scheme, afterId, model, limit) as { passageId: number; textHash: string; text: string }[];
    const seen = new Set<string>();
    return rows.filter((row) => !seen.has(row.textHash) && seen.add(row.textHash));
  }

  countPassagesWithoutEmbedding(model: string): number {
    return this.db
      .prepare(
        `SELECT count(DISTINCT p.text_hash) FROM passages p
         WHERE p.scheme = ? AND NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.model = ? AND e.text_hash = p.text_hash)`,
      )
      .pluck()
      .get(this.scheme, model) as number;
  }

  /** Passage id → article id of every passage that has a vector for `model`. */
  embeddedPassageIds(model: string): Map<number, string> {
    const rows = this.db
      .prepare(
        `SELECT p.id, p.article_id FROM passages p
         JOIN embeddings e ON e.model = ? AND e.text_hash = p.text_hash WHERE p.scheme = ?`,
      )
      .raw()
      .all(model, this.scheme) as [number, string][];
    return new Map(rows);
  }

  /**
   * Every passage with its vector for `model` (null when it has none yet), those with a vector
   * first, in no particular order: what a vector index loads, and which passages it must watch
   * for vectors to come. Two passes in one read transaction, each in its table's own order: the
   * passages, then the model's vectors, joined in memory by text. Looking each passage's vector
   * up by its text instead read the vectors in random order: at 100,000 articles (169,081
   * passages) 4.0 s with the file in the page cache and 7.2 s with part of it, against 0.9 s.
   */
  forEachPassageVector(model: string, visit: (passageId: number, articleId: string, vector: Buffer | null) => void): void {
    const passages = this.db.prepare('SELECT id, article_id, text_hash FROM passages WHERE scheme = ?').raw();
    const vectors = this.db.prepare('SELECT text_hash, vector FROM embeddings WHERE model = ?').raw();
    this.db.transaction(() => {
      // The passages of each text (replicated or re-ingested articles share texts).
      const byText = new Map<string, [number, string][]>();
      for (const [passageId, articleId, textHash] of passages.iterate(this.scheme) as IterableIterator<[number, string, string]>) {
        const same = byText.get(textHash);
        if (same) same.push([passageId, articleId]);
        else byText.set(textHash, [[passageId, articleId]]);
      }
      for (const [textHash, vector] of vectors.iterate(model) as IterableIterator<[string, Buffer]>) {
        const same = byText.get(textHash);
        if (!same) continue;
        byText.delete(textHash);
        for (const [passageId, articleId] of same) visit(passageId, articleId, vector);
      }
      for (const same of byText.values()) for (const [passageId, articleId] of same) visit(passageId, articleId, null);
    })();
  }

  /** The passages of the given articles: id, article, and whether it has a vector for `model`. */
  passagesOf(model: string, articleIds: string[]): { passageId: number; articleId: string; embedded: boolean }[] {
    return this.passageStates(model, 'p.article_id', articleIds);
  }

  /** The given passages that still exist: article, and whether it has a vector for `model` now. */
  passagesById(model: string, passageIds: number[]): { passageId: number; articleId: string; embedded: boolean }[] {
    return this.passageStates(model, 'p.id', passageIds);
  }

  private passageStates(model: string, column: 'p.id' | 'p.article_id', keys: (string | number)[]) {
    const passages: { passageId: number; articleId: string; embedded: boolean }[] = [];
    for (const part of chunked(keys)) {
      const rows = this.db
        .prepare(
          `SELECT p.id, p.article_id, EXISTS (SELECT 1 FROM embeddings e WHERE e.model = ? AND e.text_hash = p.text_hash)
           FROM passages p WHERE p.scheme = ? AND ${column} IN (${placeholders(part)})`,
        )
        .raw()
        .all(model, this.scheme, ...part) as [number, string, number][];
      for (const [passageId, articleId, embedded] of rows) passages.push({ passageId, articleId, embedded: embedded === 1 });
    }
    return passages;
  }

  /** Vectors of the given passages for `model` (passages without one are skipped). */
  embeddedPassages(model: string, passageIds: number[]): EmbeddedPassage[] {
    const passages: EmbeddedPassage[] = [];
    for (const part of chunked(passageIds)) {
      // A correlated lookup keeps passages as the outer loop: as a join, SQLite may scan every
      // vector of the model and probe the id list for each (quadratic on large archives).
      const rows = this.db
        .prepare(
          `SELECT p.id, p.article_id, (SELECT e.vector FROM embeddings e WHERE e.model = ? AND e.text_hash = p.text_hash)
           FROM passages p WHERE p.id IN (${placeholders(part)})`,
        )
        .raw()
        .all(model, ...part) as [number, string, Buffer | null][];
      for (const [passageId, articleId, vector] of rows) {
        if (vector) passages.push({ passageId, articleId, vector: decodeVector(vector) });
      }
    }
    return passages;
  }

  /** One article's passages that have a vector for `model`: their text and vector, in passage order. */
  passagesWithVectors(model: string, articleId: string): { text: string; vector: Float32Array }[] {
    const rows = this.textsAndVectorsOf.all(model, articleId, this.scheme);
    return rows.flatMap(([text, vector]) => (vector ? [{ text, vector: decodeVector(vector) }] : []));
  }

  /** The vectors of one article's passages, in passage order (without their texts). */
  articleVectors(model: string, articleId: string): Float32Array[] {
    return this.vectorsOf.all(model, articleId, this.scheme).flatMap(([vector]) => (vector ? [decodeVector(vector)] : []));
  }
}
