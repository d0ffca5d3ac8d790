import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Embedder } from '@archive/embeddings';
import { embedMissing, ingest, type Progress } from '@archive/ingest';
import { toKeywordDocument } from '@archive/keyword-index';
import { liveModelConfig, livePassageScheme, loadCachedEmbedder, openArchive, readLiveGeneration } from '@archive/runtime';
import { VectorIndex, vectorIndexDir } from '@archive/vector-index';
import { buildGeneration, generationOf } from './build-generation.ts';
import type { VectorSpace } from './archive-check.ts';
import type { JobContext } from './job-context.ts';
import { dropStalePassageSchemes, fillPassageScheme, requestedScheme } from './passage-scheme-change.ts';

/** The model and passage scheme of the live vectors. */
function liveSpace(ctx: JobContext): VectorSpace {
  const live = readLiveGeneration(ctx.config.dataDir);
  const model = liveModelConfig(ctx.config, live);
  return { modelKey: `${model.id}@${model.dtype}`, passageScheme: livePassageScheme(live) };
}

/** How long the passages of a replaced scheme stay for the requests the old generation still serves (see `openArchive`). */
const OLD_PASSAGES_GRACE_MS = 12_000;

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
  dropStalePassageSchemes(ctx.store, ctx.config.dataDir, null);
  return buildGeneration(ctx, liveSpace(ctx));
}

/**
 * Re-embed: every passage with another model (params `model`, `dtype`; nothing embedded twice:
 * vectors are kept by model and text) and/or cut another way (params `targetTokens`,
 * `maxPassages`: a new passage scheme is filled beside the live one), then a new generation with
 * those vectors; the switch changes the query model and the passages with them, and the old
 * scheme's passages are removed once the old generation has stopped serving. Resumable: articles
 * already cut and passages already embedded are skipped.
 */
export async function reembedJob(ctx: JobContext): Promise<Record<string, unknown>> {
  const model = {
    ...ctx.config.model,
    id: (ctx.job.params.model as string | undefined) ?? ctx.config.model.id,
    dtype: (ctx.job.params.dtype as typeof ctx.config.model.dtype | undefined) ?? ctx.config.model.dtype,
    enabled: true,
  };
  const { embedder, close } = await loadCachedEmbedder(model, ctx.logger);
  try {
    return await reembedInto(ctx, embedder, model.maxTokens);
  } finally {
    close();
  }
}

async function reembedInto(ctx: JobContext, embedder: Embedder, maxTokens: number): Promise<Record<string, unknown>> {
  const generation = generationOf(ctx);
  const change = requestedScheme(ctx, maxTokens);
  const passageScheme = change?.scheme.key ?? ctx.store.livePassageScheme().key;
  ctx.report({ done: 0, total: 0, phase: 'passages', checkpoint: { generation: generation.name } });
  dropStalePassageSchemes(ctx.store, ctx.config.dataDir, passageScheme);
  if (change) fillPassageScheme(ctx, change);
  const space = { modelKey: embedder.modelKey, passageScheme };
  const openVectors = (syncOnOpen: boolean) => VectorIndex.open({
    dir: vectorIndexDir(generation.dir, embedder.modelKey, passageScheme), store: ctx.store, modelKey: embedder.modelKey, passageScheme,
    dimensions: embedder.dimensions, ef: ctx.config.search.ef, logger: ctx.logger, syncOnOpen,
  });
  const vectors = await openVectors(false);
  let embedded = await embedMissing(ctx.store, embedder, vectors, jobProgress(ctx));
  await vectors.save();
  const built = await buildGeneration(ctx, space, change);
  // Passages cut at the switch (articles written meanwhile) get their vectors now: servers add them as they come.
  const live = await openVectors(true);
  embedded += await embedMissing(ctx.store, embedder, live, jobProgress(ctx));
  if (!change) return { ...built, embedded, passageScheme };
  await new Promise((resolve) => setTimeout(resolve, OLD_PASSAGES_GRACE_MS));
  const dropped = dropStalePassageSchemes(ctx.store, ctx.config.dataDir, null);
  return { ...built, embedded, passageScheme, passages: ctx.store.passages(passageScheme).countPassages(), droppedPassageSchemes: dropped };
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

