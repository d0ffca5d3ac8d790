import { mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import hnswlib from 'hnswlib-node';
import type { Logger } from '@archive/core';
import { decodeVector, DEFAULT_PASSAGE_SCHEME, type ArticleMask, type ArticleStore, type EmbeddedPassage, type PassageStore } from '@archive/store';
import { fsyncPath } from './atomic-file.ts';
import { commitIndexFile, newIndexFileName, readIndexMeta } from './index-files.ts';
import { PassageLabels } from './passage-labels.ts';
import { StoreChanges, type ChangeCounters } from './store-changes.ts';
import { VectorMatrix } from './vector-matrix.ts';

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

/** HNSW graph degree and build breadth (bench/hnsw-million.ts measures them at 1,000,000 passages). */
export const HNSW_M = 16;
export const HNSW_EF_CONSTRUCTION = 200;
const INITIAL_CAPACITY = 1024;
/** At most this many times `k` passages are asked of an unfiltered search before a filtered walk (see `search`). */
const MAX_WIDENING = 8;
/** Vectors read from the store per query while catching up. */
const SYNC_BATCH = 5000;
/**
 * A filtered search over at most this many allowed passages is exact (a scan of their vectors)
 * instead of a filtered HNSW walk, which visits most of the graph when few passages pass. At
 * 100,000 articles (169,081 passages), p50 / p95 ms of 30 queries, int8 scan (first pass; the
 * same list again) against walk (`bench/exact-scan.ts`): 9,011 passages 3.8 / 5.5 (1.5 / 1.8)
 * against 193 / 224; a year's 25,037, 7.1 / 14.1 (2.5 / 4.7) against 28.6 / 33.0; 51,778, 14.7 /
 * 18.6 (3.9 / 8.9) against 17.7 / 36.2. A hybrid search scans twice (its feedback pass).
 */
export const EXACT_SEARCH_LIMIT = 80_000;
/** Up to this many passages the configured query breadth (ef) is used as it is; see `breadth`. */
export const EF_BASE_PASSAGES = 250_000;
/**
 * `checkpoint` saves once the passages added or removed since the last save reach this share of
 * the index (and at least `SAVE_MIN`): an ingest rewrites the file a few times, not every batch.
 * What a crash loses is replayed from the store's vectors on the next open.
 */
const SAVE_SHARE = 0.2;
const SAVE_MIN = 2000;
/** Additions a refresh makes at once; beyond, it adds them in the background in slices of a few milliseconds. */
const REFRESH_NOW = 16;
const REFRESH_SLICE_MS = 4;
/** Vectors read from the store at a time by a background refresh. */
const SYNC_BATCH_SMALL = 256;

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
  /** The passage scheme whose passages it holds (the generation's; default: the store's live scheme). */
  passageScheme?: string;
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
 * exactly the store's embedded passages (on open: how it catches up after a crash);
 * `syncChanges` and `refreshIfStale` follow later writes at the cost of the changes only;
 * `save` writes it atomically, `checkpoint` only once a fifth of it is new. A search restricted
 * to a few articles (at most `EXACT_SEARCH_LIMIT` passages) scans their vectors exactly instead
 * of walking the graph.
 *
 * @example
 * const index = await VectorIndex.open({ dir, store, modelKey, dimensions: 384, ef: 200, logger });
 * const hits = index.search(queryVector, 50);
 */
export class VectorIndex {
  private hnsw: Hnsw;
  /** The passages held and their articles. */
  private readonly held = new PassageLabels();
  /** The same vectors, for exact search (see `VectorMatrix`). */
  private readonly matrix: VectorMatrix;
  /** Passages added or removed since the last save. */
  private unsaved = 0;
  /**
   * Points of the graph marked deleted (hnswlib reuses one for each point added while any is
   * left), -1 when unknown: with the tracked labels, they account for every point.
   */
  private deletedPoints = 0;
  /** Configured query breadth, and the one hnswlib holds now. */
  private ef: number;
  private appliedEf = -1;
  /** Where the index stands against the store, and the passages waiting for a vector. */
  private readonly changes: StoreChanges;
  private lastRefreshCheck = 0;
  /** Set while a refresh adds passages in the background. */
  private refreshing = false;
  private exactLimit = EXACT_SEARCH_LIMIT;
  /**
   * The rows a filter's mask lets through, in memory order (null: more than the exact search
   * limit), by the mask itself, valid while no passage comes or goes and the limit is the same:
   * a hybrid search's feedback pass searches the same filter again, and the search service
   * keeps a filter's mask while the store does not change.
   */
  private readonly allowedSlots = new WeakMap<ArticleMask, { version: number; limit: number; slots: Int32Array | null }>();
  /** Set while hnswlib writes the index file. */
  private saving = false;

  /** The passages this index is made of, and their vectors. */
  readonly passages: PassageStore;

  private constructor(private readonly options: VectorIndexOptions, hnsw: Hnsw) {
    this.passages = options.store.passages(options.passageScheme);
    this.hnsw = hnsw;
    this.ef = options.ef;
    this.matrix = new VectorMatrix(options.dimensions);
    this.changes = new StoreChanges(options.store, this.passages, options.modelKey, this.held);
  }

  /** Allowed passages up to which a filtered search is exact (default `EXACT_SEARCH_LIMIT`; -1: never). */
  setExactSearchLimit(limit: number): void {
    this.exactLimit = limit;
  }

  /** The passages (labels) of these articles that the index holds. */
  passagesOf(articleIds: Iterable<string>): number[] {
    return this.held.passagesOf(articleIds);
  }

  /** Sets the query breadth (at least the number of neighbours asked for is always used). */
  setEf(ef: number): void {
    this.ef = ef;
  }

  /**
   * The query breadth for the index's size: the configured one up to `EF_BASE_PASSAGES`, then
   * growing with the square root of the size, since a larger graph needs a wider search for the
   * same recall (`bench/hnsw-million.ts`: recall@10 against exact search 0.982 at ef 800 on
   * 200,000 passages; on 1,000,000, 0.964 at 800, 0.980 at 1,200, 0.986 at 1,600, k = 300 in
   * 5.0 / 7.0 ms).
   */
  private breadth(): number {
    return Math.round(this.ef * Math.max(1, Math.sqrt(this.size / EF_BASE_PASSAGES)));
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
    hnsw.initIndex({ maxElements: capacity, m: HNSW_M, efConstruction: HNSW_EF_CONSTRUCTION, randomSeed: 42, allowReplaceDeleted: true });
    return hnsw;
  }

  private static async load(options: VectorIndexOptions): Promise<VectorIndex | null> {
    try {
      const { dir, modelKey, dimensions } = options;
      const meta = readIndexMeta(dir, { modelKey, passageScheme: options.store.passages(options.passageScheme).scheme, dimensions });
      if (meta === null) return null;
      if (meta === 'other') {
        options.logger.warn({ dir }, 'vector index was built for another model, passage scheme or format; rebuilding from the store');
        return null;
      }
      const hnsw = new HierarchicalNSW('cosine', dimensions);
      await hnsw.readIndex(path.join(dir, meta.indexFile), true);
      const index = new VectorIndex(options, hnsw);
      meta.labels.forEach((label, position) => index.held.add(label, meta.articleIds[position]!));
      index.deletedPoints = meta.deletedPoints ?? -1;
      return index;
    } catch (error) {
      options.logger.warn({ err: error, dir: options.dir }, 'vector index unreadable; rebuilding from the store');
      return null;
    }
  }

  /** Number of passages in the index. */
  get size(): number {
    return this.held.size;
  }

  /** The article number (`store.ordinals`) of an article: each row's group in the matrix, what a filter's mask is read with. */
  private ordinalOf(articleId: string): number {
    return this.options.store.ordinals.of(articleId);
  }

  private removeLabel(label: number): void {
    if (!this.held.has(label)) return;
    try {
      this.hnsw.markDelete(label);
      this.deletedPoints++;
    } catch (error) {
      // The graph lost it already (a file saved while it changed): nothing left to delete.
      this.options.logger.warn({ err: error, label }, 'vector index: a passage to remove was not in the graph');
    }
    this.held.remove(label);
    this.matrix.delete(label);
    this.unsaved++;
  }

  /**
   * Makes the index hold exactly the passages that have a vector in the store: removes the
   * labels of passages that are gone, adds the missing ones (their vectors come from the store;
   * nothing is embedded), in one pass over the store's passages. Returns how many were added and
   * removed. `syncChanges` does the same work for what changed since the last sync only.
   */
  sync(): { added: number; removed: number } {
    const { wanted, missing, counters } = this.scan();
    const removed = this.dropStale(wanted, missing.length) + this.adoptUntracked(wanted, missing);
    for (let start = 0; start < missing.length; start += SYNC_BATCH) this.addPassages(missing.slice(start, start + SYNC_BATCH));
    this.changes.synced(counters);
    return { added: missing.length, removed };
  }

  /**
   * One pass over the store's passages: the embedded ones (wanted), those the index lacks
   * (missing), and those still waiting for a vector (told to `changes`). Vectors of passages the
   * index already holds (read from its file) go into the matrix on the way.
   */
  private scan(): { wanted: Map<number, string>; missing: number[]; counters: ChangeCounters } {
    // Read before the scan: a write during it has a higher change number and is seen next time.
    const counters = this.changes.beginPass();
    const wanted = new Map<number, string>();
    const missing: number[] = [];
    this.passages.forEachPassageVector(this.options.modelKey, (passageId, articleId, vector) => {
      if (!vector) {
        this.changes.waiting(passageId, articleId);
        return;
      }
      wanted.set(passageId, articleId);
      const held = this.held.articleOf(passageId);
      if (held === undefined) missing.push(passageId);
      else if (held !== articleId) {
        // Not expected (passage ids are never reused): take it out and add it again.
        this.removeLabel(passageId);
        missing.push(passageId);
      } else if (!this.matrix.has(passageId)) this.matrix.set(passageId, decodeVector(vector), this.ordinalOf(articleId));
    });
    // Added lowest ids first, the order they were written in.
    missing.sort((a, b) => a - b);
    return { wanted, missing, counters };
  }

  /**
   * Points the graph holds but the index does not track (a file written while the graph changed
   * has points its label list lacks): kept and tracked when the store still has the passage (so
   * its label is never added twice), else deleted. Returns how many were deleted.
   */
  private adoptUntracked(wanted: Map<number, string>, missing: number[]): number {
    if (this.deletedPoints >= 0 && this.hnsw.getCurrentCount() === this.held.size + this.deletedPoints) return 0;
    let deleted = 0;
    let markedBefore = 0;
    const adopted = new Set<number>();
    for (const label of this.hnsw.getIdsList()) {
      if (this.held.has(label)) continue;
      let vector: number[];
      try {
        vector = this.hnsw.getPoint(label);
      } catch {
        markedBefore++; // marked deleted: the graph's own bookkeeping
        continue;
      }
      const articleId = wanted.get(label);
      if (articleId === undefined) {
        this.hnsw.markDelete(label);
        deleted++;
        continue;
      }
      this.held.add(label, articleId);
      this.matrix.set(label, Float32Array.from(vector), this.ordinalOf(articleId));
      adopted.add(label);
    }
    if (adopted.size) missing.splice(0, missing.length, ...missing.filter((label) => !adopted.has(label)));
    this.deletedPoints = markedBefore + deleted;
    return deleted;
  }

  /** Removes labels the store no longer has and makes room for `adding` more; returns how many were removed. */
  private dropStale(wanted: Map<number, string>, adding: number): number {
    let removed = 0;
    for (const label of this.held.toMap().keys()) {
      if (!wanted.has(label)) {
        this.removeLabel(label);
        removed++;
      }
    }
    this.reserve(this.held.size + adding);
    return removed;
  }

  /** Adds the stored vectors of these passages (those already held are left alone). */
  private addPassages(passageIds: number[]): number {
    const ids = passageIds.filter((label) => !this.held.has(label));
    if (ids.length === 0) return 0;
    this.reserve(this.held.size + ids.length);
    let added = 0;
    for (const passage of this.passages.embeddedPassages(this.options.modelKey, ids)) if (this.addPassage(passage)) added++;
    this.unsaved += added;
    return added;
  }

  /** Adds one passage (capacity reserved by the caller); false when it is already held. */
  private addPassage(passage: EmbeddedPassage): boolean {
    if (this.held.has(passage.passageId)) return false;
    this.hnsw.addPoint(Array.from(passage.vector), passage.passageId, true);
    if (this.deletedPoints > 0) this.deletedPoints--;
    this.held.add(passage.passageId, passage.articleId);
    this.matrix.set(passage.passageId, passage.vector, this.ordinalOf(passage.articleId));
    this.changes.added(passage.passageId);
    return true;
  }

  /**
   * `sync` for a long build (a rebuild job): the same work, in batches, awaiting `onBatch`
   * after each one (to save a checkpoint, report progress, or throw to stop). Already indexed
   * passages are kept, so a build resumed from a saved index only adds what is missing.
   */
  async catchUp(onBatch: (done: number, total: number) => Promise<void>): Promise<{ added: number; removed: number }> {
    const { wanted, missing, counters } = this.scan();
    const removed = this.dropStale(wanted, missing.length);
    const already = wanted.size - missing.length;
    for (let start = 0; start < missing.length; start += SYNC_BATCH) {
      this.addPassages(missing.slice(start, start + SYNC_BATCH));
      await onBatch(already + Math.min(missing.length, start + SYNC_BATCH), wanted.size);
    }
    this.changes.synced(counters);
    return { added: missing.length, removed };
  }

  /**
   * Catches up with what changed in the store since the last sync: articles written or deleted
   * since, and vectors stored for passages that were waiting for one. Its cost follows the
   * changes, not the archive (a tag edit costs one indexed read). The first call does a full `sync`.
   */
  syncChanges(): { added: number; removed: number } {
    if (!this.changes.everSynced) return this.sync();
    const plan = this.changes.plan();
    if (!plan) return { added: 0, removed: 0 };
    for (const label of plan.remove) this.removeLabel(label);
    let added = 0;
    for (let start = 0; start < plan.add.length; start += SYNC_BATCH) added += this.addPassages(plan.add.slice(start, start + SYNC_BATCH));
    return { added, removed: plan.remove.length };
  }

  /** A passage's vector as the index holds it (unit length; a view a later write may change), or null. */
  rowOf(label: number): Float32Array | null {
    return this.matrix.row(label);
  }

  /** The vectors of one article's passages (from the store, in passage order): an article as a query. */
  articleVectors(articleId: string): Float32Array[] {
    return this.passages.articleVectors(this.options.modelKey, articleId);
  }

  /** One article's embedded passages, text and vector, in passage order. */
  passagesWithVectors(articleId: string): { text: string; vector: Float32Array }[] {
    return this.passages.passagesWithVectors(this.options.modelKey, articleId);
  }

  /** Passage ids (labels) the index holds: what `archive check` compares with the store. */
  labels(): Map<number, string> {
    return this.held.toMap();
  }

  /**
   * Catches up with writes made by another process (a nightly ingest while the server runs),
   * checking the store at most every `intervalMs`. Cheap when nothing changed, and never a long
   * pause for the request that calls it: removals apply at once, and more than a few additions
   * are made in small slices between other work (searches meanwhile see the index as it was).
   */
  refreshIfStale(intervalMs = 5000): void {
    if (this.refreshing || this.saving) return;
    const now = performance.now();
    if (now - this.lastRefreshCheck < intervalMs) return;
    this.lastRefreshCheck = now;
    if (!this.changes.everSynced) {
      this.sync();
      return;
    }
    const plan = this.changes.plan();
    if (!plan) return;
    for (const label of plan.remove) this.removeLabel(label);
    const log = (added: number) => {
      if (added || plan.remove.length) this.options.logger.info({ added, removed: plan.remove.length, size: this.size }, 'vector index refreshed from the store');
    };
    if (plan.add.length <= REFRESH_NOW) {
      log(this.addPassages(plan.add));
      return;
    }
    this.refreshing = true;
    let next = 0;
    let added = 0;
    let batch: EmbeddedPassage[] = [];
    const step = () => {
      // hnswlib writes the file on another thread: the graph must not change meanwhile.
      if (this.saving) {
        setTimeout(step, 10);
        return;
      }
      try {
        const deadline = performance.now() + REFRESH_SLICE_MS;
        do {
          if (batch.length === 0) {
            const ids = plan.add.slice(next, next + SYNC_BATCH_SMALL).filter((label) => !this.held.has(label));
            next += SYNC_BATCH_SMALL;
            batch = this.passages.embeddedPassages(this.options.modelKey, ids).reverse();
            this.reserve(this.held.size + batch.length);
          }
          const passage = batch.pop();
          if (passage && this.addPassage(passage)) added++;
        } while ((batch.length > 0 || next < plan.add.length) && performance.now() < deadline);
      } catch (error) {
        this.options.logger.error({ err: error }, 'vector index refresh failed; the next one starts again');
        this.changes.reset();
        next = plan.add.length;
        batch = [];
      }
      if (batch.length > 0 || next < plan.add.length) setImmediate(step);
      else {
        this.refreshing = false;
        this.unsaved += added;
        log(added);
      }
    };
    setImmediate(step);
  }

  /** Grows capacity ahead of need (doubling), since hnswlib refuses points beyond it. */
  private reserve(needed: number): void {
    const capacity = this.hnsw.getMaxElements();
    // Deleted slots are reused (allowReplaceDeleted), so live count is what must fit.
    if (needed <= capacity) return;
    this.hnsw.resizeIndex(Math.max(needed, capacity * 2));
  }

  /**
   * The `k` nearest passages to `vector`, closest first; with `allowed` (article ids, or a
   * filter's mask from `store.filtered.mask`), only passages of those articles are considered.
   *
   * Up to the exact search limit of allowed passages, they are scanned exactly. Past it, an
   * unfiltered search for twice `k` keeps the allowed ones; when fewer than `k` pass, it is
   * widened by the share that passed, and past `MAX_WIDENING` × `k` the graph is walked with the
   * filter. Either way the answer is the filtered nearest passages (as exact as HNSW itself): an
   * unfiltered search's allowed passages are the nearest allowed ones up to its last.
   */
  search(vector: Float32Array, k: number, allowed?: Set<string> | ArticleMask): VectorHit[] {
    if (this.size === 0 || k <= 0) return [];
    if (!allowed) return this.walk(vector, k);
    const mask = allowed instanceof Set ? this.maskOf(allowed) : allowed;
    if (mask.count === 0) return [];
    const passes = (label: number) => mask.passes[this.matrix.groupOf(label)] === 1;
    const slots = this.exactLimit >= 0 ? this.slotsOf(mask) : null;
    if (slots) return this.hits(this.matrix.nearestInSlots(vector, slots, k));
    if (this.exactLimit < 0) return this.walk(vector, k, passes);
    for (let asked = 2 * k; asked <= MAX_WIDENING * k; ) {
      const hits = this.walk(vector, asked);
      const kept = hits.filter((hit) => passes(hit.passageId));
      // Enough, or the index holds no more passages than were asked for.
      if (kept.length >= k || hits.length < asked) return kept.slice(0, k);
      asked = Math.ceil((asked * k * 1.25) / Math.max(kept.length, 1));
    }
    return this.walk(vector, k, passes);
  }

  /** The graph's `k` nearest passages, only those `passes` accepts when given. */
  private walk(vector: Float32Array, k: number, passes?: (label: number) => boolean): VectorHit[] {
    const wanted = Math.min(k, this.size);
    // The query breadth must cover the number of neighbours asked for.
    this.applyEf(Math.max(this.breadth(), wanted));
    const result = this.hnsw.searchKnn(Array.from(vector), wanted, passes);
    return result.neighbors.map((label, position) => ({
      passageId: label,
      articleId: this.held.articleOf(label)!,
      similarity: 1 - result.distances[position]!,
    }));
  }

  /** A mask of the given articles (those never seen pass nothing). */
  private maskOf(articleIds: Set<string>): ArticleMask {
    const passes = new Uint8Array(this.options.store.ordinals.size);
    let count = 0;
    for (const id of articleIds) {
      const ordinal = this.options.store.ordinals.peek(id);
      if (ordinal !== undefined && passes[ordinal] === 0) {
        passes[ordinal] = 1;
        count++;
      }
    }
    return { passes, count };
  }

  /** The rows `mask` lets through, in memory order, or null past the exact search limit; kept per mask while no passage changes. */
  private slotsOf(mask: ArticleMask): Int32Array | null {
    const { version } = this.held;
    const kept = this.allowedSlots.get(mask);
    if (kept?.version === version && kept.limit === this.exactLimit) return kept.slots;
    // An indexed article has a passage at least: past the limit in articles, past it in passages
    // (unless many have no vector yet; the search after the walk answers for those too).
    const slots = mask.count > this.exactLimit ? null : this.matrix.slotsInGroups(mask.passes, this.exactLimit);
    this.allowedSlots.set(mask, { version, limit: this.exactLimit, slots });
    return slots;
  }

  /** Labels and similarities as hits, with their articles. */
  private hits(nearest: { label: number; similarity: number }[]): VectorHit[] {
    return nearest.map(({ label, similarity }) => ({ passageId: label, articleId: this.held.articleOf(label)!, similarity }));
  }

  /** Exact nearest passages among `labels`: one dot product each (see `VectorMatrix`). */
  exactSearch(vector: Float32Array, k: number, labels: Iterable<number>): VectorHit[] {
    return this.hits(this.matrix.nearest(vector, labels, k));
  }

  /**
   * Writes the index atomically: the HNSW file under a new name, then the metadata that points to
   * it (`commitIndexFile`: the commit point), then removes older HNSW files. A crash at any step
   * leaves the previous index readable.
   */
  async save(): Promise<void> {
    const { dir, modelKey, dimensions } = this.options;
    const indexFile = newIndexFileName();
    const temp = path.join(dir, `${indexFile}.tmp`);
    // hnswlib writes on a worker thread: a background refresh waits until the file is written
    // (adding points during the write would tear it); callers of `sync*` await `save` first.
    const labels = this.held.toMap();
    const { deletedPoints } = this;
    this.saving = true;
    try {
      await this.hnsw.writeIndex(temp);
    } finally {
      this.saving = false;
    }
    fsyncPath(temp);
    renameSync(temp, path.join(dir, indexFile));
    commitIndexFile(dir, {
      modelKey, passageScheme: this.passages.scheme, dimensions, indexFile, labels: [...labels.keys()], articleIds: [...labels.values()], deletedPoints,
    });
    this.unsaved = 0;
  }

  /** Saves only when something changed since the last save. */
  async saveIfChanged(): Promise<void> {
    if (this.unsaved > 0) await this.save();
  }

  /**
   * Saves when enough changed since the last save (a fifth of the index, at least 2,000
   * passages): what a long ingest calls after each batch. The file then lags the store by less
   * than that, which the next open replays from the store's vectors; nothing is lost.
   */
  async checkpoint(): Promise<boolean> {
    if (this.unsaved < Math.max(SAVE_MIN, this.size * SAVE_SHARE)) return false;
    await this.save();
    return true;
  }
}

/** The index folder for a model inside the data folder. */
export function vectorIndexDir(dataDir: string, modelKey: string, passageScheme: string = DEFAULT_PASSAGE_SCHEME): string {
  const name = passageScheme === DEFAULT_PASSAGE_SCHEME ? modelKey : `${modelKey}#${passageScheme}`;
  return path.join(dataDir, 'vectors', name.replace(/[^\w.@-]+/g, '_'));
}
