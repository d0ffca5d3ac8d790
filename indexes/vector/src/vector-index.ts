import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import hnswlib from 'hnswlib-node';
import type { Logger } from '@archive/core';
import type { ArticleStore } from '@archive/store';
import { fsyncPath, writeFileAtomic } from './atomic-file.ts';

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

const FORMAT_VERSION = 1;
const M = 16;
const EF_CONSTRUCTION = 200;
const INITIAL_CAPACITY = 1024;
/** Vectors read from the store per query while catching up. */
const SYNC_BATCH = 5000;

/** What is written beside the HNSW file: which labels it holds and whose they are. */
interface IndexMeta {
  formatVersion: number;
  modelKey: string;
  dimensions: number;
  /** The HNSW file these labels belong to; a new name on every save (see `save`). */
  indexFile: string;
  /** Passage ids (the HNSW labels) and, at the same position, their article ids. */
  labels: number[];
  articleIds: string[];
}

export interface VectorHit {
  passageId: number;
  articleId: string;
  /** Cosine similarity. */
  similarity: number;
}

export interface VectorIndexOptions {
  /** Folder of this index (one per model). */
  dir: string;
  store: ArticleStore;
  modelKey: string;
  dimensions: number;
  /** Query breadth; set again after every load because hnswlib forgets it on read. */
  ef: number;
  logger: Logger;
  /** Catch up with the store while opening (default); a rebuild job catches up in batches itself. */
  syncOnOpen?: boolean;
}

/**
 * HNSW index (hnswlib-node, cosine) of passage vectors, derived from the store: one vector per
 * passage, labelled by passage id, each label mapped to its article. `sync` makes it hold
 * exactly the store's embedded passages, which is how it catches up after a crash and how
 * ingestion updates it; `save` writes it atomically.
 *
 * @example
 * const index = await VectorIndex.open({ dir, store, modelKey, dimensions: 384, ef: 200, logger });
 * const hits = index.search(queryVector, 50);
 */
export class VectorIndex {
  private hnsw: Hnsw;
  private readonly articleByLabel = new Map<number, string>();
  private dirty = false;
  /** Configured query breadth, and the one hnswlib holds now. */
  private ef: number;
  private appliedEf = -1;
  /** The store's change mark when this index last matched it. */
  private syncedMark = '';
  private lastRefreshCheck = 0;

  private constructor(private readonly options: VectorIndexOptions, hnsw: Hnsw) {
    this.hnsw = hnsw;
    this.ef = options.ef;
  }

  /** Sets the query breadth (at least the number of neighbours asked for is always used). */
  setEf(ef: number): void {
    this.ef = ef;
  }

  private applyEf(ef: number): void {
    if (ef === this.appliedEf) return;
    this.hnsw.setEf(ef);
    this.appliedEf = ef;
  }

  /** Loads the saved index if it is usable (else starts empty), then catches up with the store. */
  static async open(options: VectorIndexOptions): Promise<VectorIndex> {
    mkdirSync(options.dir, { recursive: true });
    const index = (await VectorIndex.load(options)) ?? new VectorIndex(options, VectorIndex.emptyHnsw(options.dimensions));
    // hnswlib forgets ef when it reads an index: set it explicitly.
    index.applyEf(options.ef);
    if (options.syncOnOpen === false) return index;
    const { added, removed } = index.sync();
    if (added || removed) {
      options.logger.info({ added, removed, size: index.size }, 'vector index caught up with the store');
      await index.save();
    }
    return index;
  }

  private static emptyHnsw(dimensions: number, capacity = INITIAL_CAPACITY): Hnsw {
    const hnsw = new HierarchicalNSW('cosine', dimensions);
    hnsw.initIndex({ maxElements: capacity, m: M, efConstruction: EF_CONSTRUCTION, randomSeed: 42, allowReplaceDeleted: true });
    return hnsw;
  }

  private static metaFile(dir: string): string {
    return path.join(dir, 'meta.json');
  }

  private static async load(options: VectorIndexOptions): Promise<VectorIndex | null> {
    const metaFile = VectorIndex.metaFile(options.dir);
    if (!existsSync(metaFile)) return null;
    try {
      const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as IndexMeta;
      if (meta.formatVersion !== FORMAT_VERSION || meta.modelKey !== options.modelKey || meta.dimensions !== options.dimensions) {
        options.logger.warn({ dir: options.dir }, 'vector index was built for another model or format; rebuilding from the store');
        return null;
      }
      const hnsw = new HierarchicalNSW('cosine', options.dimensions);
      await hnsw.readIndex(path.join(options.dir, meta.indexFile), true);
      const index = new VectorIndex(options, hnsw);
      meta.labels.forEach((label, position) => index.articleByLabel.set(label, meta.articleIds[position]!));
      return index;
    } catch (error) {
      options.logger.warn({ err: error, dir: options.dir }, 'vector index unreadable; rebuilding from the store');
      return null;
    }
  }

  /** Number of passages in the index. */
  get size(): number {
    return this.articleByLabel.size;
  }

  /**
   * Makes the index hold exactly the passages that have a vector in the store: removes the
   * labels of passages that are gone, adds the missing ones (their vectors come from the store;
   * nothing is embedded). Returns how many were added and removed.
   */
  sync(): { added: number; removed: number } {
    const { store, modelKey } = this.options;
    this.syncedMark = store.changeMark();
    const { missing, removed } = this.dropStale(store.embeddedPassageIds(modelKey));
    for (let start = 0; start < missing.length; start += SYNC_BATCH) this.addPassages(missing.slice(start, start + SYNC_BATCH));
    return { added: missing.length, removed };
  }

  /** Removes labels the store no longer has; returns the wanted labels still missing. */
  private dropStale(wanted: Map<number, string>): { missing: number[]; removed: number } {
    let removed = 0;
    for (const label of this.articleByLabel.keys()) {
      if (!wanted.has(label)) {
        this.hnsw.markDelete(label);
        this.articleByLabel.delete(label);
        removed++;
      }
    }
    const missing = [...wanted.keys()].filter((label) => !this.articleByLabel.has(label));
    this.reserve(this.articleByLabel.size + missing.length);
    if (removed) this.dirty = true;
    return { missing, removed };
  }

  /** Adds the stored vectors of these passages. */
  private addPassages(passageIds: number[]): void {
    for (const passage of this.options.store.embeddedPassages(this.options.modelKey, passageIds)) {
      this.hnsw.addPoint(Array.from(passage.vector), passage.passageId, true);
      this.articleByLabel.set(passage.passageId, passage.articleId);
    }
    if (passageIds.length) this.dirty = true;
  }

  /**
   * `sync` for a long build (a rebuild job): the same work, in batches, awaiting `onBatch`
   * after each one (to save a checkpoint, report progress, or throw to stop). Already indexed
   * passages are kept, so a build resumed from a saved index only adds what is missing.
   */
  async catchUp(onBatch: (done: number, total: number) => Promise<void>): Promise<{ added: number; removed: number }> {
    const { store, modelKey } = this.options;
    const mark = store.changeMark();
    const wanted = store.embeddedPassageIds(modelKey);
    const { missing, removed } = this.dropStale(wanted);
    const already = wanted.size - missing.length;
    for (let start = 0; start < missing.length; start += SYNC_BATCH) {
      this.addPassages(missing.slice(start, start + SYNC_BATCH));
      await onBatch(already + Math.min(missing.length, start + SYNC_BATCH), wanted.size);
    }
    this.syncedMark = mark;
    return { added: missing.length, removed };
  }

  /** Passage ids (labels) the index holds: what `archive check` compares with the store. */
  labels(): Map<number, string> {
    return new Map(this.articleByLabel);
  }

  /**
   * Catches up with writes made by another process (a nightly ingest while the server runs),
   * checking the store at most every `intervalMs`. Cheap when nothing changed.
   */
  refreshIfStale(intervalMs = 5000): void {
    const now = performance.now();
    if (now - this.lastRefreshCheck < intervalMs) return;
    this.lastRefreshCheck = now;
    if (this.options.store.changeMark() === this.syncedMark) return;
    const { added, removed } = this.sync();
    if (added || removed) this.options.logger.info({ added, removed, size: this.size }, 'vector index refreshed from the store');
  }

  /** Grows capacity ahead of need (doubling), since hnswlib refuses points beyond it. */
  private reserve(needed: number): void {
    const capacity = this.hnsw.getMaxElements();
    // Deleted slots are reused (allowReplaceDeleted), so live count is what must fit.
    if (needed <= capacity) return;
    this.hnsw.resizeIndex(Math.max(needed, capacity * 2));
  }

  /**
   * The `k` nearest passages to `vector`, closest first; with `allowedArticles`, only passages of
   * those articles are considered.
   */
  search(vector: Float32Array, k: number, allowedArticles?: Set<string>): VectorHit[] {
    if (this.size === 0 || k <= 0) return [];
    const filter = allowedArticles
      ? (label: number) => allowedArticles.has(this.articleByLabel.get(label) ?? '')
      : undefined;
    const wanted = Math.min(k, this.size);
    // The query breadth must cover the number of neighbours asked for.
    this.applyEf(Math.max(this.ef, wanted));
    const result = this.hnsw.searchKnn(Array.from(vector), wanted, filter);
    return result.neighbors.map((label, position) => ({
      passageId: label,
      articleId: this.articleByLabel.get(label)!,
      similarity: 1 - result.distances[position]!,
    }));
  }

  /**
   * Writes the index atomically: the HNSW file under a new name, then the metadata that points to
   * it (temp file + rename: the commit point), then removes older HNSW files. A crash at any
   * step leaves the previous index readable.
   */
  async save(): Promise<void> {
    const { dir, modelKey, dimensions } = this.options;
    const indexFile = `index-${Date.now()}-${process.pid}.hnsw`;
    const temp = path.join(dir, `${indexFile}.tmp`);
    await this.hnsw.writeIndex(temp);
    fsyncPath(temp);
    renameSync(temp, path.join(dir, indexFile));
    const labels = [...this.articleByLabel.keys()];
    const meta: IndexMeta = {
      formatVersion: FORMAT_VERSION,
      modelKey,
      dimensions,
      indexFile,
      labels,
      articleIds: labels.map((label) => this.articleByLabel.get(label)!),
    };
    writeFileAtomic(VectorIndex.metaFile(dir), JSON.stringify(meta));
    for (const file of readdirSync(dir)) {
      if (file !== indexFile && (file.endsWith('.hnsw') || file.endsWith('.tmp'))) rmSync(path.join(dir, file), { force: true });
    }
    this.dirty = false;
  }

  /** Saves only when something changed since the last save. */
  async saveIfChanged(): Promise<void> {
    if (this.dirty) await this.save();
  }
}

/** The index folder for a model inside the data folder. */
export function vectorIndexDir(dataDir: string, modelKey: string): string {
  return path.join(dataDir, 'vectors', modelKey.replace(/[^\w.@-]+/g, '_'));
}
