import { ArchiveError, InputError, type Article, type Logger } from '@archive/core';
import type { Embedder } from '@archive/embeddings';
import { syncKeywordIndex, type KeywordIndex } from '@archive/keyword-index';
import type { ArticleStore, ArticleWrite, PassageScheme, PassageStore, WriteOutcome } from '@archive/store';
import type { VectorIndex } from '@archive/vector-index';
import { chunkArticle, type ChunkOptions } from '../chunk/chunk-article.ts';
import { expandInputs, type InputFile } from '../read/input-files.ts';
import { readInputs } from '../read/read-inputs.ts';
import { toArticle, urlDerivedId } from '../read/to-article.ts';
import { toRejection, type IngestReport } from './ingest-report.ts';
import { silentProgress, type Progress } from './progress.ts';

export interface IngestTargets {
  store: ArticleStore;
  keywordIndex: KeywordIndex;
  /** Null when the model could not be loaded: articles are stored and keyword-indexed only. */
  embedder: Embedder | null;
  vectorIndex: VectorIndex | null;
  /** Key of the configured model's vectors, to count what is left to embed even without it. */
  modelKey: string;
  /** The configured passage settings: how the default passage scheme cuts articles (another live scheme has its own). */
  chunk: ChunkOptions;
  logger: Logger;
  progress?: Progress;
}

export interface IngestOptions {
  /** Stop after this many records (e.g. the first 2,000 of a large export). */
  limit?: number;
}

/** Articles written to the store per transaction. */
const STORE_BATCH = 200;
/** Passage texts embedded between two writes of their vectors (sorted by length inside, so model batches pad little). */
const EMBED_BATCH = 256;
/**
 * Passages embedded between two catch-ups of the vector index with the store (each followed by a
 * checkpoint, which rewrites the index file only once a fifth of it is new: see `VectorIndex.checkpoint`).
 */
const VECTOR_SYNC_EVERY = 2000;

/**
 * Ingests files, directories and glob patterns: reads and validates every record, stores new
 * and changed articles with their passages (unchanged ones cost nothing), brings the keyword
 * index up to date, then embeds every passage text that has no vector yet and adds it to the
 * vector index. A bad record is reported and skipped; it never stops the run. Every step is
 * resumable: stopping at any point and running again finishes the work without redoing it.
 *
 * @example
 * const report = await ingest(['../shared/data/orangesum-fr/articles.jsonl.gz'], targets);
 */
export async function ingest(inputs: string[], targets: IngestTargets, options: IngestOptions = {}): Promise<IngestReport> {
  const progress = targets.progress ?? silentProgress;
  const { store } = targets;
  const started = performance.now();
  const report: IngestReport = {
    files: 0, read: 0, new: 0, updated: 0, unchanged: 0, duplicates: 0, rejected: [], embedded: 0, unembedded: 0,
    seconds: { reading: 0, embedding: 0, total: 0 },
  };

  const { files, errors } = await expandInputs(inputs);
  report.files = files.length;
  report.rejected.push(...errors.map(toRejection));
  await readAndStore(files, targets, report, options.limit, progress);
  report.seconds.reading = (performance.now() - started) / 1000;

  // Stage 2: embed what has no vector yet (this run's passages and any left by an earlier one).
  const embeddingStarted = performance.now();
  if (targets.embedder && targets.vectorIndex) {
    // The passages writers cut now: a job may have switched the passage scheme during this run.
    report.embedded = await embedMissing(store, targets.embedder, targets.vectorIndex, progress, store.passages());
  }
  report.unembedded = store.passages().countPassagesWithoutEmbedding(targets.modelKey);
  report.seconds.embedding = (performance.now() - embeddingStarted) / 1000;
  report.seconds.total = (performance.now() - started) / 1000;
  return report;
}

/**
 * Stage 1: reads, validates, chunks and stores every record, in transactions of a few hundred
 * articles; the keyword index follows the store batch by batch. Counts go into `report`.
 */
async function readAndStore(files: InputFile[], targets: IngestTargets, report: IngestReport, limit: number | undefined, progress: Progress): Promise<void> {
  const { store, keywordIndex, logger } = targets;
  const totalKb = Math.max(1, Math.ceil(files.reduce((sum, file) => sum + file.bytes, 0) / 1024));
  let readBytes = 0;
  progress.start('reading', totalKb, 'kB');
  let batch: ArticleWrite[] = [];
  // Articles are cut by the live passage scheme; a job that makes another one live meanwhile
  // makes the write fail, and the batch is cut again the new way.
  let scheme = store.livePassageScheme();
  const flush = async () => {
    if (batch.length === 0) return;
    let outcomes: WriteOutcome[];
    try {
      outcomes = store.writeArticles(batch, scheme.key);
    } catch (error) {
      if (!(error instanceof ArchiveError) || error.code !== 'PASSAGE_SCHEME_CHANGED') throw error;
      scheme = store.livePassageScheme();
      outcomes = store.writeArticles(batch.map((write) => ({ ...write, passages: cutArticle(write.article, scheme, targets.chunk) })), scheme.key);
    }
    for (const outcome of outcomes) report[outcome]++;
    batch = [];
    await syncKeywordIndex(keywordIndex, store, logger);
    progress.update(Math.min(totalKb, Math.round(readBytes / 1024)), { articles: report.read });
  };
  for await (const record of readInputs(files, (bytes) => (readBytes += bytes))) {
    if (limit !== undefined && report.read >= limit) break;
    report.read++;
    if (record.error) {
      report.rejected.push(toRejection(record.error));
      continue;
    }
    try {
      const article = toArticle(record.value, record.location);
      // Identity by URL looks in the store: write out pending articles that share the URL first.
      if (article.url && batch.some((write) => write.article.url === article.url)) await flush();
      const identity = identify(article, store);
      if (identity === 'duplicate') report.duplicates++;
      else batch.push({ article, passages: cutArticle(article, scheme, targets.chunk), replaces: identity.replaces });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      report.rejected.push(toRejection(error));
    }
    if (batch.length >= STORE_BATCH) await flush();
  }
  await flush();
  // Catches up anything a previous, interrupted run stored but did not index.
  await syncKeywordIndex(keywordIndex, store, logger);
  progress.update(totalKb, { articles: report.read });
  progress.stop();
}

/**
 * One article may arrive twice: from an export, with its own id, and as a page, identified only
 * by its URL. The export is authoritative: a page whose URL belongs to a stored article with an
 * id of its own is a duplicate (skipped); an article with its own id replaces a page stored
 * earlier under that URL. Either order gives the same archive, and running again changes nothing.
 */
function identify(article: Article, store: ArticleStore): 'duplicate' | { replaces?: string } {
  if (!article.url) return {};
  const storedId = store.idForUrl(article.url);
  if (!storedId || storedId === article.id) return {};
  const derived = urlDerivedId(article.url);
  if (article.id === derived) return 'duplicate';
  return storedId === derived ? { replaces: storedId } : {};
}

/** The settings `scheme` cuts by: its own, or for the default scheme, as configured. */
export function schemeSettings(scheme: PassageScheme, configured: ChunkOptions): ChunkOptions {
  return scheme.settings ?? configured;
}

/** Cuts an article into passages the way `scheme` does (the default scheme: as configured). */
export function cutArticle(article: Article, scheme: PassageScheme, configured: ChunkOptions): string[] {
  return chunkArticle(article, schemeSettings(scheme, configured));
}

/**
 * Embeds every passage text of `passages` (by default the vector index's passage scheme) that
 * has no vector for the model, and adds them to the index when it holds that scheme (otherwise a
 * job switched schemes meanwhile: the vectors are stored, and the indexes serving the new scheme
 * pick them up); returns how many texts were embedded.
 */
export async function embedMissing(
  store: ArticleStore, embedder: Embedder, vectorIndex: VectorIndex, progress: Progress, passages: PassageStore = vectorIndex.passages,
): Promise<number> {
  const indexed = passages.scheme === vectorIndex.passages.scheme;
  const total = passages.countPassagesWithoutEmbedding(embedder.modelKey);
  let embedded = 0;
  let sinceSync = 0;
  progress.start('embedding', total, 'passages');
  let afterId = 0;
  for (;;) {
    const pending = passages.passagesWithoutEmbedding(embedder.modelKey, EMBED_BATCH, afterId);
    if (pending.length === 0) break;
    afterId = pending[pending.length - 1]!.passageId;
    const vectors = await embedder.embedPassages(pending.map((passage) => passage.text));
    store.putEmbeddings(embedder.modelKey, pending.map((passage, i) => ({ textHash: passage.textHash, vector: vectors[i]! })));
    embedded += pending.length;
    sinceSync += pending.length;
    progress.update(embedded);
    if (indexed && sinceSync >= VECTOR_SYNC_EVERY) {
      // Only what changed since the last catch-up is read; a kill before the next save loses
      // nothing: the next open replays the store's vectors into the index.
      vectorIndex.syncChanges();
      await vectorIndex.checkpoint();
      sinceSync = 0;
    }
  }
  progress.stop();
  if (indexed) {
    vectorIndex.syncChanges();
    await vectorIndex.saveIfChanged();
  }
  return embedded;
}
