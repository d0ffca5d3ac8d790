import { rmSync } from 'node:fs';
import { ArchiveError } from '@archive/core';
import { MeilisearchKeywordIndex, syncKeywordIndex, type KeywordIndex } from '@archive/keyword-index';
import {
  generationDir, openKeywordIndex, readLiveGeneration, removeOldGenerations, switchLiveGeneration,
} from '@archive/runtime';
import { VectorIndex, vectorIndexDir } from '@archive/vector-index';
import { checkIndexes, type VectorSpace } from './archive-check.ts';
import type { JobContext } from './job-context.ts';
import { catchUpPassageScheme, dropStalePassageSchemes, type PassageSchemeChange } from './passage-scheme-change.ts';

/** Vector batches between two saves of a generation being built (its resume points). */
const SAVE_EVERY_BATCHES = 4;

/** Where a job builds its generation: a folder for the embedded engine, an index for Meilisearch. */
export function generationOf(ctx: JobContext): { name: string; dir: string; meilisearchIndex: string } {
  const name = (ctx.job.checkpoint.generation as string | undefined) ?? ctx.job.id;
  return { name, dir: generationDir(ctx.config.dataDir, name), meilisearchIndex: `${ctx.config.keyword.meilisearchIndex}_${name.replace(/[^A-Za-z0-9_-]/g, '_')}` };
}

/**
 * Builds a complete generation of the indexes beside the live one, from the store (nothing is
 * embedded here: vectors of the space's model must be in the store), checks it against the
 * store, and switches to it atomically: the keyword index by Meilisearch's index swap or the
 * live pointer, the vectors, their query model and their passage scheme together through the
 * live pointer (a `change` of passage scheme is made live for writers just before). Searches are
 * served by the live generation until the switch. Resumable: the keyword index keeps its applied
 * change number and the vector index is saved every few batches, so a resumed run adds what is
 * missing.
 */
export async function buildGeneration(
  ctx: JobContext, space: VectorSpace, change: PassageSchemeChange | null = null,
): Promise<{ generation: string; articles: number; vectors: number }> {
  const { modelKey, passageScheme } = space;
  const { store, config, logger } = ctx;
  const generation = generationOf(ctx);
  ctx.report({ done: 0, total: store.countArticles(), phase: 'keyword', checkpoint: { generation: generation.name } });
  const keyword = await openKeywordIndex(config, { dir: generation.dir, meilisearchIndex: generation.meilisearchIndex });
  let vectors: VectorIndex | null = null;
  try {
    const total = store.countArticles();
    const before = await keyword.count();
    await syncKeywordIndex(keyword, store, logger, async (applied) => ctx.report({ done: Math.min(total, before + applied), total, phase: 'keyword' }));

    const dimensions = store.vectorDimensions(modelKey);
    if (dimensions) {
      vectors = await VectorIndex.open({
        dir: vectorIndexDir(generation.dir, modelKey, passageScheme), store, modelKey, passageScheme, dimensions, ef: config.search.ef, logger, syncOnOpen: false,
      });
      let batches = 0;
      const index = vectors;
      await index.catchUp(async (done, all) => {
        if (++batches % SAVE_EVERY_BATCHES === 0) await index.save();
        ctx.report({ done, total: all, phase: 'vectors' });
      });
      await index.save();
    }

    // Writes made while building (an ingest, editors' tags) are applied before the check.
    ctx.report({ done: 0, total: 1, phase: 'check' });
    const cutSeq = change ? catchUpPassageScheme(ctx, change, ctx.job.checkpoint.cutSeq as number) : 0;
    await syncKeywordIndex(keyword, store, logger);
    if (vectors) {
      await vectors.catchUp(async () => {});
      await vectors.saveIfChanged();
    }
    const report = await checkIndexes(store, keyword, vectors, space);
    if (report.differences.length) {
      throw new ArchiveError('INDEX_MISMATCH', `the new generation disagrees with the store (${report.differences.length} differences, e.g. ${report.differences[0]!.detail})`);
    }

    ctx.report({ done: 1, total: 1, phase: 'switch' });
    await switchTo(ctx, keyword, generation, space, change ? { ...change, cutSeq } : null);
    return { generation: generation.name, articles: report.keywordDocuments, vectors: report.vectors };
  } finally {
    await keyword.close().catch(() => undefined);
  }
}

async function switchTo(
  ctx: JobContext, keyword: KeywordIndex, generation: ReturnType<typeof generationOf>, space: VectorSpace,
  change: (PassageSchemeChange & { cutSeq: number }) | null,
): Promise<void> {
  const { config } = ctx;
  if (keyword.engine === 'meilisearch') {
    await MeilisearchKeywordIndex.swapAndDrop(
      { url: config.keyword.meilisearchUrl!, apiKey: config.keyword.meilisearchKey },
      config.keyword.meilisearchIndex,
      generation.meilisearchIndex,
    );
  }
  // Writers cut the new way from here on (the articles they wrote meanwhile are cut again in the same transaction).
  if (change) ctx.store.makePassageSchemeLive(change.scheme.key, change.cutSeq, change.cut);
  switchLiveGeneration(config.dataDir, { generation: generation.name, modelKey: space.modelKey, passageScheme: space.passageScheme, jobId: ctx.job.id });
  const removed = removeOldGenerations(config.dataDir);
  ctx.logger.info({ generation: generation.name, ...space, removed }, 'switched to the new generation');
}

/** Removes what a failed or cancelled job built; the live generation is not touched. */
export async function discardGeneration(ctx: JobContext): Promise<void> {
  const generation = generationOf(ctx);
  const live = readLiveGeneration(ctx.config.dataDir);
  if (live.generation === generation.name) return;
  rmSync(generation.dir, { recursive: true, force: true });
  dropStalePassageSchemes(ctx.store, ctx.config.dataDir, null);
  if (ctx.config.keyword.engine === 'meilisearch' && ctx.config.keyword.meilisearchUrl) {
    await MeilisearchKeywordIndex.drop({ url: ctx.config.keyword.meilisearchUrl, apiKey: ctx.config.keyword.meilisearchKey }, generation.meilisearchIndex).catch(
      (error: unknown) => ctx.logger.warn({ err: error, index: generation.meilisearchIndex }, 'could not delete the discarded Meilisearch index'),
    );
  }
}
