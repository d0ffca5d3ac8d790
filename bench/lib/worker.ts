/**
 * One measured step of bench/ingest-and-search.ts, run in its own Node process so that every
 * memory figure starts clean (the embedding model is never loaded twice in one process, and one
 * size's garbage does not count against the next).
 *
 *   node [tsx flags] --expose-gc bench/lib/worker.ts <task.json>
 *
 * The task file says what to do and where to write the result (JSON).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createLogger, loadConfig, type Config, type Logger } from '../../packages/core/src/index.ts';
import { openArchive, type Archive } from '../../packages/runtime/src/index.ts';
import { ingest } from '../../ingest/src/index.ts';
import { searchServiceFor } from '../../packages/runtime/src/index.ts';
import { PASSAGES_PER_ARTICLE, bestPerArticle } from '../../services/search/src/index.ts';
import type { SearchMode } from '../../services/search/src/index.ts';
import { BruteForceIndex } from '../brute-force.ts';
import { lineProgress } from './progress.ts';
import type { BenchQuery, QuerySet } from './queries.ts';
import { latencyStats, mean, memorySnapshot, round, type LatencyStats, type MemorySnapshot } from './stats.ts';
import { clearQueryCache, timedEmbedder } from './timed-embedder.ts';

/** Results per page, as the web UI asks. */
const PAGE_SIZE = 10;
const RECALL_AT = 10;

export interface IngestTask {
  kind: 'ingest';
  label: string;
  input: string;
  size: number;
  embed: boolean;
  dataDir: string;
  resultFile: string;
}

export interface SearchTask {
  kind: 'search';
  label: string;
  /** The archive was built without the model: time keyword search only. */
  keywordOnly: boolean;
  dataDir: string;
  queries: QuerySet;
  resultFile: string;
}

export type WorkerTask = IngestTask | SearchTask;

export interface IngestResult {
  embed: boolean;
  /** openArchive (store, keyword index and, with embedding, loading the model); not in the ingest time. */
  openSeconds: number;
  read: number;
  rejected: number;
  articles: number;
  passages: number;
  vectors: number;
  /** Passage texts embedded (distinct texts: duplicates are embedded once). */
  embedded: number;
  unembedded: number;
  seconds: { reading: number; embedding: number; total: number };
  articlesPerSecond: number;
  passagesPerSecond: number;
  model: null | {
    calls: number;
    passages: number;
    chars: number;
    seconds: number;
    shareOfIngest: number;
    shareOfEmbeddingStage: number;
    passagesPerSecond: number;
    charsPerSecond: number;
    /** Estimated: characters ÷ 4 (French news averages about 4 characters a token with this model). */
    approxTokensPerSecond: number;
  };
  config: { modelKey: string; batchSize: number; targetTokens: number; maxTokens: number };
  /** After ingesting, archive still open (model loaded when embedding). */
  memory: MemorySnapshot;
}

export interface ModeResult {
  latency: LatencyStats;
  /** Time inside embedQuery per search (semantic and hybrid only). */
  queryEmbedding: LatencyStats | null;
  meanHits: number;
  queriesWithoutHits: number;
}

export interface SearchResult {
  openSeconds: number;
  articles: number;
  passages: number;
  vectors: number;
  queries: number;
  warmupQueries: number;
  /** Whether the embedder's in-memory query cache could be emptied before each search. */
  queryCacheBypassed: boolean | null;
  modes: Partial<Record<SearchMode, ModeResult>>;
  vector: null | {
    /** Passages asked of the vector index, as SearchService asks them. */
    k: number;
    /** hnswlib query breadth in effect (VectorIndex raises ef to k when k is larger). */
    ef: number;
    dimensions: number;
    bruteForceVectors: number;
    bruteForceArticles: number;
    bruteForceMb: number;
    bruteForceLoadSeconds: number;
    hnsw: LatencyStats;
    bruteForce: LatencyStats;
    speedupP50: number;
    speedupMean: number;
    /** SearchService semantic page 1 (top 10 articles) against the exact top 10. */
    recallAt10: number;
    /** The same, from calling VectorIndex.search directly (the timed HNSW calls). */
    recallAt10Direct: number;
    queriesBelowFullRecall: number;
  };
  memoryAfterOpen: MemorySnapshot;
  /** After all searches, the brute-force matrix and query vectors included. */
  memoryAfterSearch: MemorySnapshot;
}

function configFor(dataDir: string, enabled: boolean): Config {
  // Environment first (ARCHIVE_MODEL_DIR etc. still apply), then what the benchmark requires:
  // its own data folder, no shared embedding cache (every passage really embedded), quiet logs.
  return loadConfig({
    env: process.env,
    overrides: { dataDir, logLevel: 'warn', model: { enabled, cacheDir: null } },
  });
}

async function runIngest(task: IngestTask, logger: Logger): Promise<IngestResult> {
  const config = configFor(task.dataDir, task.embed);
  const openStarted = performance.now();
  const archive = await openArchive(config, logger);
  const openSeconds = (performance.now() - openStarted) / 1000;
  try {
    if (task.embed && (!archive.embedder || !archive.vectorIndex)) {
      throw new Error(`the embedding model did not load: ${archive.semanticUnavailable ?? 'unknown reason'}`);
    }
    // The targets are built here (not by the CLI) so the embedder can be wrapped and timed.
    const timed = archive.embedder ? timedEmbedder(archive.embedder) : null;
    const report = await ingest(
      [task.input],
      {
        store: archive.store,
        keywordIndex: archive.keywordIndex,
        embedder: timed?.embedder ?? null,
        vectorIndex: archive.vectorIndex,
        modelKey: archive.modelKey,
        chunk: { targetTokens: config.chunk.targetTokens, maxTokens: config.model.maxTokens },
        logger,
        progress: lineProgress(task.label),
      },
      { limit: task.size },
    );
    const articles = archive.store.countArticles();
    const passages = archive.store.passages().countPassages();
    const total = report.seconds.total;
    const t = timed?.timings;
    const modelSeconds = t ? t.passageMs / 1000 : 0;
    return {
      embed: task.embed,
      openSeconds: round(openSeconds, 2),
      read: report.read,
      rejected: report.rejected.length,
      articles,
      passages,
      vectors: archive.vectorIndex?.size ?? 0,
      embedded: report.embedded,
      unembedded: report.unembedded,
      seconds: {
        reading: round(report.seconds.reading, 2),
        embedding: round(report.seconds.embedding, 2),
        total: round(total, 2),
      },
      articlesPerSecond: round(articles / total, 2),
      passagesPerSecond: round(passages / total, 2),
      model:
        t && task.embed
          ? {
              calls: t.passageCalls,
              passages: t.passages,
              chars: t.passageChars,
              seconds: round(modelSeconds, 2),
              shareOfIngest: round(modelSeconds / total, 4),
              shareOfEmbeddingStage: round(modelSeconds / report.seconds.embedding, 4),
              passagesPerSecond: round(t.passages / modelSeconds, 2),
              charsPerSecond: round(t.passageChars / modelSeconds, 0),
              approxTokensPerSecond: round(t.passageChars / 4 / modelSeconds, 0),
            }
          : null,
      config: {
        modelKey: archive.modelKey,
        batchSize: config.model.batchSize,
        targetTokens: config.chunk.targetTokens,
        maxTokens: config.model.maxTokens,
      },
      memory: memorySnapshot(),
    };
  } finally {
    await archive.close();
  }
}

function recall(found: string[], exact: string[]): number {
  const wanted = exact.slice(0, RECALL_AT);
  if (wanted.length === 0) return 1;
  const got = new Set(found.slice(0, RECALL_AT));
  return wanted.filter((id) => got.has(id)).length / wanted.length;
}

async function runSearch(task: SearchTask, logger: Logger): Promise<SearchResult> {
  const config = configFor(task.dataDir, !task.keywordOnly);
  const openStarted = performance.now();
  const archive: Archive = await openArchive(config, logger);
  const openSeconds = (performance.now() - openStarted) / 1000;
  try {
    const memoryAfterOpen = memorySnapshot();
    const inner = archive.embedder;
    if (!task.keywordOnly && (!inner || !archive.vectorIndex)) {
      throw new Error(`the embedding model did not load: ${archive.semanticUnavailable ?? 'unknown reason'}`);
    }
    // The product's own service (as `archive serve` builds it), with the embedder timed.
    const timed = inner ? timedEmbedder(inner) : null;
    const service = searchServiceFor({ ...archive, embedder: timed?.embedder ?? null }, logger);
    const queryCacheBypassed = inner ? clearQueryCache(inner) : null;

    const modes: SearchMode[] = task.keywordOnly ? ['keyword'] : ['keyword', 'semantic', 'hybrid'];
    const results: Partial<Record<SearchMode, ModeResult>> = {};
    const semanticIds: string[][] = [];
    const searchOnce = async (query: BenchQuery, mode: SearchMode) => {
      // Emptied before every search so semantic and hybrid always pay for embedding the query.
      if (inner) clearQueryCache(inner);
      if (timed) timed.timings.lastQueryMs = 0;
      const started = performance.now();
      const response = await service.search({ q: query.text, mode, filters: {}, page: 1, size: PAGE_SIZE });
      return { ms: performance.now() - started, embedMs: timed?.timings.lastQueryMs ?? 0, response };
    };
    // Modes one after the other, each warmed up first (JIT, SQLite page cache, ONNX session).
    for (const mode of modes) {
      for (const query of task.queries.warmup) await searchOnce(query, mode);
      const latencies: number[] = [];
      const embedding: number[] = [];
      const hits: number[] = [];
      for (const query of task.queries.measured) {
        const { ms, embedMs, response } = await searchOnce(query, mode);
        if (response.mode !== mode) throw new Error(`asked for ${mode} search, the service ran ${response.mode}`);
        latencies.push(ms);
        embedding.push(embedMs);
        hits.push(response.hits.length);
        if (mode === 'semantic') semanticIds.push(response.hits.map((hit) => hit.id));
      }
      results[mode] = {
        latency: latencyStats(latencies),
        queryEmbedding: mode === 'keyword' ? null : latencyStats(embedding),
        meanHits: round(mean(hits), 2),
        queriesWithoutHits: hits.filter((count) => count === 0).length,
      };
    }

    let vector: SearchResult['vector'] = null;
    if (inner && archive.vectorIndex) {
      const vectorIndex = archive.vectorIndex;
      const loadStarted = performance.now();
      const bruteForce = BruteForceIndex.load(archive.store, inner.modelKey, inner.dimensions);
      const bruteForceLoadSeconds = (performance.now() - loadStarted) / 1000;
      // The same query vectors for both (embedding is not timed here).
      const embed = async (queries: BenchQuery[]) => {
        const vectors: Float32Array[] = [];
        for (const query of queries) vectors.push(await inner.embedQuery(query.text));
        return vectors;
      };
      const warmupVectors = await embed(task.queries.warmup);
      const measuredVectors = await embed(task.queries.measured);
      const k = config.search.candidates * PASSAGES_PER_ARTICLE;
      const hnswOnce = (query: Float32Array) => bestPerArticle(vectorIndex.search(query, k)).slice(0, RECALL_AT).map((hit) => hit.id);
      for (const query of warmupVectors) {
        hnswOnce(query);
        bruteForce.search(query, RECALL_AT);
      }
      const hnswMs: number[] = [];
      const bruteMs: number[] = [];
      const recalls: number[] = [];
      const directRecalls: number[] = [];
      measuredVectors.forEach((query, i) => {
        // Alternating per query spreads the noise of a shared machine evenly over both.
        let started = performance.now();
        const approximate = hnswOnce(query);
        hnswMs.push(performance.now() - started);
        started = performance.now();
        const exact = bruteForce.search(query, RECALL_AT).map((hit) => hit.articleId);
        bruteMs.push(performance.now() - started);
        recalls.push(recall(semanticIds[i] ?? [], exact));
        directRecalls.push(recall(approximate, exact));
      });
      const hnsw = latencyStats(hnswMs);
      const brute = latencyStats(bruteMs);
      vector = {
        k,
        ef: Math.max(config.search.ef, Math.min(k, vectorIndex.size)),
        dimensions: inner.dimensions,
        bruteForceVectors: bruteForce.size,
        bruteForceArticles: bruteForce.articles,
        bruteForceMb: round(bruteForce.bytes / (1024 * 1024), 1),
        bruteForceLoadSeconds: round(bruteForceLoadSeconds, 2),
        hnsw,
        bruteForce: brute,
        speedupP50: round(brute.p50 / hnsw.p50, 2),
        speedupMean: round(brute.mean / hnsw.mean, 2),
        recallAt10: round(mean(recalls), 4),
        recallAt10Direct: round(mean(directRecalls), 4),
        queriesBelowFullRecall: recalls.filter((value) => value < 1).length,
      };
    }

    return {
      openSeconds: round(openSeconds, 2),
      articles: archive.store.countArticles(),
      passages: archive.store.passages().countPassages(),
      vectors: archive.vectorIndex?.size ?? 0,
      queries: task.queries.measured.length,
      warmupQueries: task.queries.warmup.length,
      queryCacheBypassed,
      modes: results,
      vector,
      memoryAfterOpen,
      memoryAfterSearch: memorySnapshot(),
    };
  } finally {
    await archive.close();
  }
}

async function main(): Promise<void> {
  const taskFile = process.argv[2];
  if (!taskFile) throw new Error('usage: worker.ts <task.json>');
  const task = JSON.parse(readFileSync(taskFile, 'utf8')) as WorkerTask;
  const logger = createLogger({ level: 'warn' });
  const result = task.kind === 'ingest' ? await runIngest(task, logger) : await runSearch(task, logger);
  writeFileSync(task.resultFile, JSON.stringify(result));
}

main().then(
  // Exit explicitly: the ONNX runtime's threads may otherwise keep the process alive.
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`benchmark worker failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
