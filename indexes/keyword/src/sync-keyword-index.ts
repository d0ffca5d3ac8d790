import type { Logger } from '@archive/core';
import type { ArticleStore, StoredArticle } from '@archive/store';
import type { KeywordDocument, KeywordIndex } from './keyword-index.ts';

/** Articles read from the store per applied batch. */
const BATCH = 1000;

export function toKeywordDocument(article: StoredArticle): KeywordDocument {
  const { id, seq, title, summary, body, authors, tags, section, lang, date } = article;
  return { id, seq, title, summary, body, authors, tags, section, lang, date };
}

/**
 * Brings a keyword index up to the store's last change: replays, in order, every article written
 * or deleted after the last change the index applied. Each batch is applied atomically with its
 * change number, so a crash mid-way resumes from the last applied batch.
 *
 * @returns the number of articles applied (written or deleted)
 */
export async function syncKeywordIndex(
  index: KeywordIndex,
  store: ArticleStore,
  logger: Logger,
  /** Called after each applied batch (a job reports progress or stops there). */
  onBatch?: (applied: number, seq: number) => Promise<void>,
): Promise<number> {
  let applied = 0;
  let seq = await index.appliedSeq();
  if (seq > store.lastSeq()) {
    // The index is ahead of the store (e.g. the store was replaced): start again.
    logger.warn({ indexSeq: seq, storeSeq: store.lastSeq() }, 'keyword index is ahead of the store; rebuilding');
    await index.clear();
    seq = 0;
  }
  while (seq < store.lastSeq()) {
    const changes = store.changesSince(seq, BATCH);
    await index.apply({ upserts: changes.articles.map(toKeywordDocument), deletedIds: changes.deletedIds, seq: changes.lastSeq });
    applied += changes.articles.length + changes.deletedIds.length;
    seq = changes.lastSeq;
    await onBatch?.(applied, seq);
  }
  return applied;
}
