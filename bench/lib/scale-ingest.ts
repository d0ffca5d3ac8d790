/**
 * The concurrent ingest of bench/scale.ts: a child process runs the product's ingest pipeline
 * (`ingest()`: read, validate, chunk, store, keyword index, embed, vector index) on
 * `extra.jsonl`, with an embedder that answers from the vectors the build prepared for those
 * passages (nothing is embedded twice; a passage without a prepared vector, which should not
 * happen, gets a random unit vector and is counted). Then `removeExtra` takes them out again so
 * that the archive keeps its size between runs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createLogger, type Config, type Logger } from '../../packages/core/src/index.ts';
import type { Embedder } from '../../packages/embeddings/src/index.ts';
import { ingest } from '../../ingest/src/index.ts';
import { syncKeywordIndex } from '../../indexes/keyword/src/index.ts';
import { hashText } from '../../packages/store/src/index.ts';
import { VectorIndex, vectorIndexDir } from '../../indexes/vector/src/index.ts';
import { openArchive, runAsBatch, type Archive } from '../../packages/runtime/src/index.ts';
import { extraFiles, readVectorFile } from './scale-archive.ts';
import { openDatabase } from './sqlite.ts';
import { seededRandom } from './stats.ts';

const DIMENSIONS = 384;

export function replayEmbedder(modelKey: string, vectors: Map<string, Float32Array>): { embedder: Embedder; misses: () => number } {
  let misses = 0;
  const random = seededRandom(7);
  const fallback = () => {
    misses++;
    const v = new Float32Array(DIMENSIONS).map(() => random() - 0.5);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  };
  const embedder: Embedder = {
    modelKey,
    dimensions: DIMENSIONS,
    async embedPassages(texts) {
      return texts.map((text) => vectors.get(hashText(text)) ?? fallback());
    },
    async embedQuery() {
      throw new Error('the replay embedder embeds no query');
    },
  };
  return { embedder, misses: () => misses };
}

export async function runScaleIngestChild(dataDir: string, config: Config): Promise<void> {
  const logger = createLogger({ level: 'warn' });
  // At a batch run's priority, as `archive ingest` and the jobs run.
  runAsBatch(config.jobs.batchNice, logger);
  const build = JSON.parse(readFileSync(path.join(path.dirname(dataDir), 'build.json'), 'utf8')) as { maxPassages: number };
  const files = extraFiles(dataDir);
  const modelKey = `${config.model.id}@${config.model.dtype}`;
  const opened = performance.now();
  // The model is never loaded: the replay embedder stands in for it.
  const archive = await openArchive({ ...config, model: { ...config.model, enabled: false } }, logger);
  const vectorIndex = await VectorIndex.open({
    dir: vectorIndexDir(dataDir, modelKey), store: archive.store, modelKey, dimensions: DIMENSIONS, ef: config.search.ef, logger,
  });
  const openSeconds = (performance.now() - opened) / 1000;
  const { embedder, misses } = replayEmbedder(modelKey, readVectorFile(readFileSync(files.vectors), DIMENSIONS));
  // Time the vector index's share of the ingest (its refreshes and saves), on this instance only.
  const timing = { syncs: 0, syncMs: 0, saves: 0, saveMs: 0, maxSaveMs: 0 };
  for (const name of ['sync', 'syncChanges'] as const) {
    const method = (vectorIndex as unknown as Record<string, (() => { added: number; removed: number }) | undefined>)[name];
    if (!method) continue;
    const bound = method.bind(vectorIndex);
    (vectorIndex as unknown as Record<string, () => { added: number; removed: number }>)[name] = () => {
      const t = performance.now();
      try {
        return bound();
      } finally {
        timing.syncs++;
        timing.syncMs += performance.now() - t;
      }
    };
  }
  for (const name of ['save', 'saveIfChanged', 'checkpoint'] as const) {
    const method = (vectorIndex as unknown as Record<string, (() => Promise<void>) | undefined>)[name];
    if (!method) continue;
    const bound = method.bind(vectorIndex);
    (vectorIndex as unknown as Record<string, () => Promise<void>>)[name] = async () => {
      const t = performance.now();
      try {
        await bound();
      } finally {
        const ms = performance.now() - t;
        timing.saves++;
        timing.saveMs += ms;
        timing.maxSaveMs = Math.max(timing.maxSaveMs, ms);
      }
    };
  }
  const report = await ingest([files.jsonl], {
    store: archive.store, keywordIndex: archive.keywordIndex, embedder, vectorIndex, modelKey,
    chunk: { targetTokens: config.chunk.targetTokens, maxTokens: config.model.maxTokens, maxPassages: build.maxPassages === 1 ? 1 : 0 },
    logger,
  });
  await archive.close();
  writeFileSync(
    path.join(path.dirname(dataDir), 'ingest-child.json'),
    JSON.stringify({
      openSeconds: Math.round(openSeconds * 10) / 10,
      articles: report.new + report.updated, embedded: report.embedded, vectorMisses: misses(),
      seconds: report.seconds, vectorIndex: { ...timing, syncMs: Math.round(timing.syncMs), saveMs: Math.round(timing.saveMs), maxSaveMs: Math.round(timing.maxSaveMs) },
    }),
  );
}

/** Deletes the extra articles (and their vectors) from the archive, through the store's delete path. */
export async function removeExtra(archive: Archive, logger: Logger): Promise<void> {
  const files = extraFiles(archive.config.dataDir);
  const lines = readFileSync(files.jsonl, 'utf8').trim().split('\n');
  for (const line of lines) archive.store.deleteArticle((JSON.parse(line) as { id: string }).id);
  await syncKeywordIndex(archive.keywordIndex, archive.store, logger);
  // Their vectors too, so that the next run embeds (replays) them again like this one.
  const hashes = [...readVectorFile(readFileSync(files.vectors), DIMENSIONS).keys()];
  const db = openDatabase(archive.store.file);
  db.pragma('busy_timeout = 5000');
  const remove = db.prepare('DELETE FROM embeddings WHERE model = ? AND text_hash = ?');
  db.transaction(() => hashes.forEach((hash) => remove.run(archive.modelKey, hash)))();
  db.close();
  archive.vectorIndex?.sync();
  await archive.vectorIndex?.save();
}
