import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadEmbedder } from '@archive/embeddings';
import { embedMissing, ingest, type Progress } from '@archive/ingest';
import { toKeywordDocument } from '@archive/keyword-index';
import { liveModelConfig, openArchive, readLiveGeneration } from '@archive/runtime';
import { VectorIndex, vectorIndexDir } from '@archive/vector-index';
import { buildGeneration, generationOf } from './build-generation.ts';
import type { JobContext } from './job-context.ts';

/** The model whose vectors are live now. */
function liveModelKey(ctx: JobContext): string {
  const model = liveModelConfig(ctx.config, readLiveGeneration(ctx.config.dataDir));
  return `${model.id}@${model.dtype}`;
}

/** A progress sink for the ingest pipeline's stages that reports to the job (and stops it when cancelled). */
function jobProgress(ctx: JobContext): Progress {
  let phase = '';
  let total = 0;
  return {
    start(stage, stageTotal) {
      phase = stage;
      total = stageTotal;
      ctx.report({ done: 0, total, phase });
    },
    update(done) {
      ctx.report({ done, total, phase });
    },
    stop() {},
  };
}

/** Rebuild: both indexes from the store into a new generation, then the switch. */
export async function rebuildJob(ctx: JobContext): Promise<Record<string, unknown>> {
  return buildGeneration(ctx, liveModelKey(ctx));
}

/**
 * Re-embed: every passage with another model (params `model`, `dtype`; nothing embedded twice:
 * vectors are kept by model and text), then a new generation with those vectors; the switch
 * changes the query model with them. Resumable: passages already embedded are skipped.
 */
export async function reembedJob(ctx: JobContext): Promise<Record<string, unknown>> {
  const model = {
    ...ctx.config.model,
    id: (ctx.job.params.model as string | undefined) ?? ctx.config.model.id,
    dtype: (ctx.job.params.dtype as typeof ctx.config.model.dtype | undefined) ?? ctx.config.model.dtype,
    enabled: true,
  };
  const embedder = await loadEmbedder(model, ctx.logger);
  const generation = generationOf(ctx);
  ctx.report({ done: 0, total: 0, phase: 'embedding', checkpoint: { generation: generation.name } });
  const vectors = await VectorIndex.open({
    dir: vectorIndexDir(generation.dir, embedder.modelKey), store: ctx.store, modelKey: embedder.modelKey,
    dimensions: embedder.dimensions, ef: ctx.config.search.ef, logger: ctx.logger, syncOnOpen: false,
  });
  const embedded = await embedMissing(ctx.store, embedder, vectors, jobProgress(ctx));
  await vectors.save();
  return { ...(await buildGeneration(ctx, embedder.modelKey)), embedded };
}

/**
 * Incremental: the articles changed since a date (param `since`) or since the last job that
 * succeeded are indexed again in the live generation, in place (each batch is atomic), and
 * passages without a vector are embedded when the model is there.
 */
export async function incrementalJob(ctx: JobContext): Promise<Record<string, unknown>> {
  const { store } = ctx;
  const since = ctx.job.params.since as string | undefined;
  const last = store.jobs.lastSucceeded(['rebuild', 'incremental', 'reembed', 'ingest']);
  const from = (ctx.job.checkpoint.seq as number | undefined) ?? (since ? store.seqBefore(since) : Number(last?.result?.seq ?? 0));
  const archive = await openArchive(ctx.config, ctx.logger);
  try {
    const upTo = store.lastSeq();
    let seq = from;
    let articles = 0;
    while (seq < upTo) {
      const changes = store.changesSince(seq, 500);
      const applied = Math.max(await archive.keywordIndex.appliedSeq(), changes.lastSeq);
      await archive.keywordIndex.apply({ upserts: changes.articles.map(toKeywordDocument), deletedIds: changes.deletedIds, seq: applied });
      articles += changes.articles.length + changes.deletedIds.length;
      seq = changes.lastSeq;
      ctx.report({ done: seq - from, total: upTo - from, phase: 'keyword', checkpoint: { seq } });
    }
    let embedded = 0;
    if (archive.embedder && archive.vectorIndex) embedded = await embedMissing(store, archive.embedder, archive.vectorIndex, jobProgress(ctx));
    return { since: since ?? last?.finishedAt ?? null, fromSeq: from, seq: upTo, articles, embedded };
  } finally {
    await archive.close();
  }
}

/**
 * Inbox ingest: the files of the configured inbox folder (and only there), into the live
 * generation; each file is moved to `done/<job id>/` once ingested, so a resumed run does the
 * rest and a later run does not read it again.
 */
export async function ingestJob(ctx: JobContext): Promise<Record<string, unknown>> {
  const inbox = ctx.config.jobs.inboxDir!;
  mkdirSync(inbox, { recursive: true });
  const files = readdirSync(inbox)
    .filter((name) => !name.startsWith('.') && statSync(path.join(inbox, name)).isFile())
    .sort();
  if (files.length === 0) return { files: 0, seq: ctx.store.lastSeq() };
  const archive = await openArchive(ctx.config, ctx.logger);
  try {
    const report = await ingest(files.map((name) => path.join(inbox, name)), {
      store: archive.store, keywordIndex: archive.keywordIndex, embedder: archive.embedder, vectorIndex: archive.vectorIndex,
      modelKey: archive.modelKey, chunk: { ...ctx.config.chunk, maxTokens: ctx.config.model.maxTokens }, logger: ctx.logger,
      progress: jobProgress(ctx),
    });
    const done = path.join(inbox, 'done', ctx.job.id);
    mkdirSync(done, { recursive: true });
    for (const name of files) if (existsSync(path.join(inbox, name))) renameSync(path.join(inbox, name), path.join(done, name));
    const { rejected, ...counts } = report;
    return { ...counts, rejected: rejected.length, rejections: rejected.slice(0, 50), seq: ctx.store.lastSeq() };
  } finally {
    await archive.close();
  }
}

export const JOB_RUNNERS = { rebuild: rebuildJob, reembed: reembedJob, incremental: incrementalJob, ingest: ingestJob } as const;

