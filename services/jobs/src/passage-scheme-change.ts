import { ArchiveError, PASSAGE_TOKEN_RANGE } from '@archive/core';
import { cutArticle, schemeSettings } from '@archive/ingest';
import { livePassageScheme, readLiveGeneration } from '@archive/runtime';
import type { ArticleStore, PassageScheme, PassageSettings, StoredArticle } from '@archive/store';
import type { JobContext } from './job-context.ts';

/** Articles cut per transaction while a new scheme is filled. */
const CUT_BATCH = 200;

/**
 * A re-embedding job's new way of cutting articles into passages: the scheme it fills beside
 * the live one, and how it cuts. How far the store's changes have been cut into it is the job's
 * checkpoint `cutSeq`, so an interrupted job resumes without missing an article written meanwhile.
 */
export interface PassageSchemeChange {
  scheme: PassageScheme;
  cut: (article: StoredArticle) => string[];
}

/**
 * The scheme a re-embedding job asks for (params `targetTokens`, `maxPassages`; the model's
 * `maxTokens`), or null when it cuts exactly as the live scheme does. Its key names its settings,
 * so a job resumed or run again finds the passages already cut.
 */
export function requestedScheme(ctx: JobContext, maxTokens: number): PassageSchemeChange | null {
  const { params } = ctx.job;
  const live = ctx.store.livePassageScheme();
  // The live scheme's settings (the default scheme: as configured, within the model's ceiling).
  const current = schemeSettings(live, { ...ctx.config.chunk, maxTokens });
  const targetTokens = (params.targetTokens as number | undefined) ?? current.targetTokens;
  const maxPassages = (params.maxPassages as number | undefined) ?? current.maxPassages ?? 0;
  for (const [name, value, min] of [['targetTokens', targetTokens, PASSAGE_TOKEN_RANGE.min], ['maxPassages', maxPassages, 0]] as const) {
    if (!Number.isInteger(value) || value < min) throw new ArchiveError('BAD_REQUEST', `reembed: ${name} must be a whole number ≥ ${min} (got ${String(value)})`);
  }
  const settings: PassageSettings = { targetTokens: Math.min(targetTokens, maxTokens), maxPassages, maxTokens };
  if (settings.targetTokens === current.targetTokens && settings.maxPassages === current.maxPassages && settings.maxTokens === current.maxTokens) return null;
  const scheme = { key: `t${settings.targetTokens}-p${settings.maxPassages}-m${settings.maxTokens}`, settings };
  return { scheme, cut: (article) => cutArticle(article, scheme, current) };
}

/**
 * Fills the new scheme: every article is cut into its passages (resumable: an article that has
 * passages in it is done), then the articles written since the job began are cut again (the
 * checkpoint's `cutSeq` says how far).
 */
export function fillPassageScheme(ctx: JobContext, change: PassageSchemeChange): void {
  const { store } = ctx;
  store.addPassageScheme(change.scheme);
  const passages = store.passages(change.scheme.key);
  // Recorded before the first article is cut: whatever is written from here on is cut again below.
  const since = (ctx.job.checkpoint.cutSeq as number | undefined) ?? store.lastSeq();
  const total = passages.countArticlesWithoutPassages();
  ctx.report({ done: 0, total, phase: 'passages', checkpoint: { passageScheme: change.scheme.key, cutSeq: since } });
  let done = 0;
  for (let ids = passages.articlesWithoutPassages(CUT_BATCH); ids.length; ids = passages.articlesWithoutPassages(CUT_BATCH, ids[ids.length - 1]!)) {
    store.recutArticles(change.scheme.key, store.getArticles(ids), change.cut);
    done += ids.length;
    ctx.report({ done: Math.min(done, total), total, phase: 'passages' });
  }
  catchUpPassageScheme(ctx, change, since);
}

/** Cuts again into the new scheme the articles written after change `since`; returns the change number it is cut up to now. */
export function catchUpPassageScheme(ctx: JobContext, change: PassageSchemeChange, since: number): number {
  const { store } = ctx;
  const upTo = store.lastSeq();
  for (let seq = since; seq < upTo; ) {
    const changes = store.changesSince(seq, CUT_BATCH);
    store.recutArticles(change.scheme.key, changes.articles, change.cut);
    seq = changes.lastSeq;
  }
  ctx.report({ done: 0, total: 0, checkpoint: { cutSeq: upTo } });
  return upTo;
}

/**
 * Removes the passages of schemes that no one reads: neither live for writers (the store's) nor
 * for searches (the live generation's) nor `keep` (the one a job is filling). What a switch left
 * for the requests the old generation still served, or a failed job left.
 */
export function dropStalePassageSchemes(store: ArticleStore, dataDir: string, keep: string | null): string[] {
  const served = livePassageScheme(readLiveGeneration(dataDir));
  const dropped: string[] = [];
  for (const scheme of store.passageSchemes()) {
    if (scheme.live || scheme.key === keep || scheme.key === served) continue;
    store.dropPassageScheme(scheme.key);
    dropped.push(scheme.key);
  }
  return dropped;
}
