import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import Database, { type Database as SqliteDatabase } from 'better-sqlite3';
import type { Embedder } from './embedder.ts';

/**
 * A vector cache shared by every archive on the machine (demo, tests, benchmarks), keyed by
 * model and text: the same passage is never embedded twice, whichever data folder it goes to.
 * Vectors in it are the model's own output; only the work is saved.
 */
export class EmbeddingCache {
  private constructor(private readonly db: SqliteDatabase) {}

  static open(dir: string): EmbeddingCache {
    mkdirSync(dir, { recursive: true });
    const db = new Database(path.join(dir, 'embeddings.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 10000');
    db.exec(`CREATE TABLE IF NOT EXISTS vectors (
      model TEXT NOT NULL, text_hash TEXT NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (model, text_hash)
    ) WITHOUT ROWID`);
    return new EmbeddingCache(db);
  }

  get(model: string, hashes: string[]): Map<string, Float32Array> {
    const select = this.db.prepare('SELECT vector FROM vectors WHERE model = ? AND text_hash = ?').pluck();
    const found = new Map<string, Float32Array>();
    for (const hash of hashes) {
      const bytes = select.get(model, hash) as Buffer | undefined;
      if (bytes) found.set(hash, new Float32Array(new Uint8Array(bytes).buffer));
    }
    return found;
  }

  put(model: string, entries: [string, Float32Array][]): void {
    const insert = this.db.prepare('INSERT OR IGNORE INTO vectors (model, text_hash, vector) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      for (const [hash, vector] of entries) insert.run(model, hash, Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength));
    })();
  }

  close(): void {
    this.db.close();
  }
}

const cacheKey = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Wraps an embedder so that passages found in the cache are not embedded again. Queries are
 * not cached on disk (the embedder keeps recent ones in memory).
 */
export function withEmbeddingCache(embedder: Embedder, cache: EmbeddingCache): Embedder {
  return {
    modelKey: embedder.modelKey,
    dimensions: embedder.dimensions,
    embedQuery: (text) => embedder.embedQuery(text),
    async embedPassages(texts) {
      const hashes = texts.map(cacheKey);
      const cached = cache.get(embedder.modelKey, hashes);
      const missing = texts.map((_, i) => i).filter((i) => !cached.has(hashes[i]!));
      if (missing.length) {
        const vectors = await embedder.embedPassages(missing.map((i) => texts[i]!));
        const entries = missing.map((i, position): [string, Float32Array] => [hashes[i]!, vectors[position]!]);
        cache.put(embedder.modelKey, entries);
        for (const [hash, vector] of entries) cached.set(hash, vector);
      }
      return hashes.map((hash) => cached.get(hash)!);
    },
  };
}
