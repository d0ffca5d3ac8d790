import { ArchiveError, ConfigError, type Config, type Logger } from '@archive/core';
import { EmbeddingCache, loadEmbedder, withEmbeddingCache, type Embedder } from '@archive/embeddings';
import { MeilisearchKeywordIndex, SqliteKeywordIndex, syncKeywordIndex, type KeywordIndex } from '@archive/keyword-index';
import { ArticleStore } from '@archive/store';
import { VectorIndex, vectorIndexDir } from '@archive/vector-index';
import { generationDir, liveGenerationMark, livePassageScheme, readLiveGeneration, type LiveGeneration } from './live-generation.ts';

/**
 * Everything a process needs to ingest into or search the archive. The index fields are those of
 * the live generation and change when a job switches generations (see `followLiveGeneration`):
 * read them at use, never keep them.
 */
export interface Archive {
  config: Config;
  store: ArticleStore;
  keywordIndex: KeywordIndex;
  /** Null when the model cannot be loaded: the archive then runs keyword-only. */
  embedder: Embedder | null;
  vectorIndex: VectorIndex | null;
  /** Key of the live model's vectors (`id@dtype`), known even when the model is not loaded. */
  modelKey: string;
  /** Why semantic search is off, when it is. */
  semanticUnavailable: string | null;
  live: LiveGeneration;
  /**
   * Keeps this process on the live generation (switching indexes and model together when a job
   * switches it) and its keyword index in step with the store whoever writes it; checks every
   * `intervalMs`. For long-running processes (the server). Returns a function that stops it.
   */
  followLiveGeneration(intervalMs?: number): () => void;
  close(): Promise<void>;
}

export function modelKeyOf(config: Config): string {
  return `${config.model.id}@${config.model.dtype}`;
}

/** The configuration of the model whose vectors are live (a re-embedding job may have switched it). */
export function liveModelConfig(config: Config, live: LiveGeneration): Config['model'] {
  if (!live.modelKey || live.modelKey === modelKeyOf(config)) return config.model;
  const at = live.modelKey.lastIndexOf('@');
  return { ...config.model, id: live.modelKey.slice(0, at), dtype: live.modelKey.slice(at + 1) as Config['model']['dtype'] };
}

/** Opens the keyword index of a generation: a folder's SQLite file, or a Meilisearch index. */
export async function openKeywordIndex(config: Config, options: { dir: string; meilisearchIndex: string }): Promise<KeywordIndex> {
  if (config.keyword.engine === 'embedded') return SqliteKeywordIndex.open(options.dir, { searchThreads: config.keyword.searchThreads });
  if (!config.keyword.meilisearchUrl) {
    throw new ConfigError('keyword.meilisearchUrl (MEILISEARCH_URL): required when ARCHIVE_KEYWORD_ENGINE=meilisearch');
  }
  return MeilisearchKeywordIndex.open({ url: config.keyword.meilisearchUrl, apiKey: config.keyword.meilisearchKey, indexUid: options.meilisearchIndex });
}

/**
 * Loads an embedding model, behind the machine's embedding cache when one is configured (a text
 * embedded once, by any archive on this machine, is not embedded again). `close` closes the cache.
 */
export async function loadCachedEmbedder(model: Config['model'], logger: Logger): Promise<{ embedder: Embedder; close: () => void }> {
  const embedder = await loadEmbedder(model, logger);
  if (!model.cacheDir) return { embedder, close: () => {} };
  const cache = EmbeddingCache.open(model.cacheDir);
  return { embedder: withEmbeddingCache(embedder, cache), close: () => cache.close() };
}

interface SemanticParts {
  embedder: Embedder | null;
  vectorIndex: VectorIndex | null;
  semanticUnavailable: string | null;
  close: () => void;
}

/**
 * Loads a model (or keeps `loaded` when it is the same one) and the vector index of its vectors
 * in a generation folder; null parts when the model is off or missing.
 */
async function openSemantic(
  config: Config, model: Config['model'], passageScheme: string, dir: string, store: ArticleStore, logger: Logger, loaded: SemanticParts | null,
): Promise<SemanticParts> {
  const closers: (() => void)[] = [];
  try {
    let embedder: Embedder;
    const reused = loaded?.embedder && loaded.embedder.modelKey === `${model.id}@${model.dtype}` ? loaded : null;
    if (reused) {
      embedder = reused.embedder!;
      closers.push(reused.close);
    } else {
      const loadedModel = await loadCachedEmbedder(model, logger);
      embedder = loadedModel.embedder;
      closers.push(loadedModel.close);
    }
    const vectorIndex = await VectorIndex.open({
      dir: vectorIndexDir(dir, embedder.modelKey, passageScheme), store, modelKey: embedder.modelKey, passageScheme,
      dimensions: embedder.dimensions, ef: config.search.ef, logger,
    });
    return { embedder, vectorIndex, semanticUnavailable: null, close: () => closers.forEach((close) => close()) };
  } catch (error) {
    closers.forEach((close) => close());
    if (!(error instanceof ArchiveError) || error.code !== 'MODEL_UNAVAILABLE') throw error;
    // A model turned off on purpose is not news; one that fails to load is.
    if (model.enabled) logger.warn(`Semantic search is off, running keyword-only: ${error.message}`);
    else logger.info('semantic search is off by configuration');
    return { embedder: null, vectorIndex: null, semanticUnavailable: error.message, close: () => {} };
  }
}

/** How long a replaced generation's indexes stay open for the requests still using them. */
const RETIRE_AFTER_MS = 10_000;

/**
 * The configuration as a server runs it: unless set, the model embeds on one thread. A server
 * embeds one short query at a time, which a second thread hardly speeds up, while the keyword
 * search of the same request needs the other core: measured at 100,000 articles, hybrid search
 * p50 / p95 29.3 / 46.3 ms with two model threads, 24.3 / 33.4 with one.
 *
 * @example
 * const archive = await openArchive(forServing(config), logger);
 */
export function forServing(config: Config): Config {
  return { ...config, model: { ...config.model, threads: config.model.threads ?? 1 } };
}

/**
 * Opens the store and the live generation's indexes (keyword, and when the model loads, the
 * embedding model and the vector index), and brings both indexes up to date with the store:
 * this is where a process recovers from a crash of the previous one. When the model cannot be
 * loaded it says so in one line and carries on keyword-only.
 *
 * @example
 * const archive = await openArchive(loadConfig({ env: process.env }), logger);
 */
export async function openArchive(config: Config, logger: Logger): Promise<Archive> {
  const store = ArticleStore.open(config.dataDir, logger);
  let live = readLiveGeneration(config.dataDir);
  const openGeneration = async (generation: LiveGeneration, loaded: SemanticParts | null) => {
    const dir = generationDir(config.dataDir, generation.generation);
    const keywordIndex = await openKeywordIndex(config, { dir, meilisearchIndex: config.keyword.meilisearchIndex });
    const caughtUp = await syncKeywordIndex(keywordIndex, store, logger);
    if (caughtUp) logger.info({ articles: caughtUp }, 'keyword index caught up with the store');
    const model = liveModelConfig(config, generation);
    return { keywordIndex, semantic: await openSemantic(config, model, livePassageScheme(generation), dir, store, logger, loaded), modelKey: `${model.id}@${model.dtype}` };
  };
  let current = await openGeneration(live, null);
  let mark = liveGenerationMark(config.dataDir);

  const archive: Archive = {
    config,
    store,
    keywordIndex: current.keywordIndex,
    embedder: current.semantic.embedder,
    vectorIndex: current.semantic.vectorIndex,
    modelKey: current.modelKey,
    semanticUnavailable: current.semantic.semanticUnavailable,
    live,
    followLiveGeneration(intervalMs = 1000) {
      // A server: its indexes read now what the first searches would.
      const warm = (index: KeywordIndex) =>
        index.warm?.().catch((error: unknown) => logger.warn({ err: error }, 'could not warm the keyword index: its searches read the full-text index alone'));
      void warm(current.keywordIndex);
      // The filter fields too (0.6 s at 100,000 articles), instead of in the first filtered search.
      store.filtered.warm();
      let busy = false;
      const timer = setInterval(() => {
        if (busy) return;
        busy = true;
        void (async () => {
          const nextMark = liveGenerationMark(config.dataDir);
          if (nextMark !== mark) {
            const previous = current;
            live = readLiveGeneration(config.dataDir);
            current = await openGeneration(live, previous.semantic);
            void warm(current.keywordIndex);
            mark = nextMark;
            Object.assign(archive, {
              keywordIndex: current.keywordIndex, embedder: current.semantic.embedder, vectorIndex: current.semantic.vectorIndex,
              modelKey: current.modelKey, semanticUnavailable: current.semantic.semanticUnavailable, live,
            });
            logger.info({ generation: live.generation, modelKey: current.modelKey, jobId: live.jobId }, 'switched to the new live generation');
            // The old indexes serve the requests still running; the model stays when it is the same.
            const keepsModel = current.semantic.embedder === previous.semantic.embedder;
            setTimeout(() => void previous.keywordIndex.close().finally(keepsModel ? undefined : previous.semantic.close), RETIRE_AFTER_MS).unref();
          } else {
            // Another process (an ingest) may have written the store: keyword results follow at once.
            await syncKeywordIndex(current.keywordIndex, store, logger);
          }
        })()
          .catch((error: unknown) => logger.error({ err: error }, 'could not follow the live generation'))
          .finally(() => (busy = false));
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
    async close() {
      await current.semantic.vectorIndex?.saveIfChanged();
      await current.keywordIndex.close();
      store.close();
      current.semantic.close();
    },
  };
  return archive;
}
