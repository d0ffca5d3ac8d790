import { ArchiveError, ConfigError, type Config, type Logger } from '@archive/core';
import { EmbeddingCache, loadEmbedder, withEmbeddingCache, type Embedder } from '@archive/embeddings';
import { MeilisearchKeywordIndex, SqliteKeywordIndex, syncKeywordIndex, type KeywordIndex } from '@archive/keyword-index';
import { ArticleStore } from '@archive/store';
import { VectorIndex, vectorIndexDir } from '@archive/vector-index';

/** Everything a process needs to ingest into or search the archive. */
export interface Archive {
  config: Config;
  store: ArticleStore;
  keywordIndex: KeywordIndex;
  /** Null when the model cannot be loaded: the archive then runs keyword-only. */
  embedder: Embedder | null;
  vectorIndex: VectorIndex | null;
  /** Key of the configured model's vectors (`id@dtype`), known even when the model is not loaded. */
  modelKey: string;
  /** Why semantic search is off, when it is. */
  semanticUnavailable: string | null;
  close(): Promise<void>;
}

export function modelKeyOf(config: Config): string {
  return `${config.model.id}@${config.model.dtype}`;
}

async function openKeywordIndex(config: Config): Promise<KeywordIndex> {
  if (config.keyword.engine === 'embedded') return SqliteKeywordIndex.open(config.dataDir);
  if (!config.keyword.meilisearchUrl) {
    throw new ConfigError('keyword.meilisearchUrl (MEILISEARCH_URL): required when ARCHIVE_KEYWORD_ENGINE=meilisearch');
  }
  return MeilisearchKeywordIndex.open({ url: config.keyword.meilisearchUrl, apiKey: config.keyword.meilisearchKey });
}

/**
 * Opens the store, the keyword index and (when the model loads) the embedding model and the
 * vector index, and brings both indexes up to date with the store: this is where a process
 * recovers from a crash of the previous one. When the model cannot be loaded it says so in one
 * line and carries on keyword-only.
 *
 * @example
 * const archive = await openArchive(loadConfig({ env: process.env }), logger);
 */
export async function openArchive(config: Config, logger: Logger): Promise<Archive> {
  const store = ArticleStore.open(config.dataDir, logger);
  const keywordIndex = await openKeywordIndex(config);
  const caughtUp = await syncKeywordIndex(keywordIndex, store, logger);
  if (caughtUp) logger.info({ articles: caughtUp }, 'keyword index caught up with the store');

  let embedder: Embedder | null = null;
  let vectorIndex: VectorIndex | null = null;
  let semanticUnavailable: string | null = null;
  const closers: (() => void)[] = [];
  try {
    embedder = await loadEmbedder(config.model, logger);
    if (config.model.cacheDir) {
      const cache = EmbeddingCache.open(config.model.cacheDir);
      embedder = withEmbeddingCache(embedder, cache);
      closers.push(() => cache.close());
    }
    vectorIndex = await VectorIndex.open({
      dir: vectorIndexDir(config.dataDir, embedder.modelKey),
      store,
      modelKey: embedder.modelKey,
      dimensions: embedder.dimensions,
      ef: config.search.ef,
      logger,
    });
  } catch (error) {
    if (!(error instanceof ArchiveError) || error.code !== 'MODEL_UNAVAILABLE') throw error;
    semanticUnavailable = error.message;
    // A model turned off on purpose is not news; one that fails to load is.
    if (config.model.enabled) logger.warn(`Semantic search is off, running keyword-only: ${error.message}`);
    else logger.info('semantic search is off by configuration');
  }

  return {
    config,
    store,
    keywordIndex,
    embedder,
    vectorIndex,
    modelKey: modelKeyOf(config),
    semanticUnavailable,
    async close() {
      await vectorIndex?.saveIfChanged();
      await keywordIndex.close();
      store.close();
      for (const close of closers) close();
    },
  };
}
