import { toKeywordDocument, type KeywordIndex } from '@archive/keyword-index';
import type { ArticleStore, StoredArticle } from '@archive/store';
import type { VectorIndex } from '@archive/vector-index';

/** One way an index disagrees with the store. */
export interface Difference {
  index: 'keyword' | 'vectors' | 'passages';
  kind: 'missing' | 'stale' | 'extra';
  /** Article id (keyword, passages) or passage id (vectors). */
  id: string;
  detail: string;
}

export interface CheckReport {
  articles: number;
  keywordDocuments: number;
  passagesWithVectors: number;
  vectors: number;
  /** Passages whose text has no vector yet for the model (embedding backlog, not a disagreement). */
  passagesWithoutVector: number;
  differences: Difference[];
}

/** Which vectors a generation holds: the model's, for the passages of one passage scheme. */
export interface VectorSpace {
  modelKey: string;
  passageScheme: string;
}

/**
 * Compares the store with a generation's indexes: every article must have passages in the
 * generation's passage scheme; the keyword index must hold every article in its current version
 * (store change number) and nothing else; the vector index exactly one vector per embedded
 * passage of the scheme, labelled with the right article.
 *
 * @example
 * const report = await checkIndexes(store, keywordIndex, vectorIndex, { modelKey: 'multilingual-e5-small@q8', passageScheme: 'default' });
 * if (report.differences.length) …
 */
export async function checkIndexes(store: ArticleStore, keyword: KeywordIndex, vectors: VectorIndex | null, space: VectorSpace): Promise<CheckReport> {
  const differences: Difference[] = [];
  const stored = store.articleVersions();
  const indexed = await keyword.versions();
  for (const [id, seq] of stored) {
    const version = indexed.get(id);
    if (version === undefined) differences.push({ index: 'keyword', kind: 'missing', id, detail: `article ${id} is not in the keyword index` });
    else if (version !== seq) differences.push({ index: 'keyword', kind: 'stale', id, detail: `article ${id}: keyword index has version ${version}, the store ${seq}` });
  }
  for (const id of indexed.keys()) {
    if (!stored.has(id)) differences.push({ index: 'keyword', kind: 'extra', id, detail: `article ${id} is in the keyword index but not in the store` });
  }
  const passages = store.passages(space.passageScheme);
  for (let after = '', missing: string[]; (missing = passages.articlesWithoutPassages(1000, after)).length; after = missing[missing.length - 1]!) {
    for (const id of missing) differences.push({ index: 'passages', kind: 'missing', id, detail: `article ${id} has no passages in scheme "${space.passageScheme}"` });
  }
  const wanted = passages.embeddedPassageIds(space.modelKey);
  const labels = vectors?.labels() ?? new Map<number, string>();
  if (vectors) {
    for (const [passage, article] of wanted) {
      const held = labels.get(passage);
      if (held === undefined) differences.push({ index: 'vectors', kind: 'missing', id: String(passage), detail: `passage ${passage} of ${article} has no vector in the index` });
      else if (held !== article) differences.push({ index: 'vectors', kind: 'stale', id: String(passage), detail: `passage ${passage} is filed under ${held}, not ${article}` });
    }
    for (const [passage, article] of labels) {
      if (!wanted.has(passage)) differences.push({ index: 'vectors', kind: 'extra', id: String(passage), detail: `vector of passage ${passage} (${article}) has no passage in the store` });
    }
  }
  return {
    articles: stored.size,
    keywordDocuments: indexed.size,
    passagesWithVectors: wanted.size,
    vectors: labels.size,
    passagesWithoutVector: passages.countPassagesWithoutEmbedding(space.modelKey),
    differences,
  };
}

/**
 * Mends what `checkIndexes` found: articles without passages are cut again by `cut` (their new
 * passages are embedded by the next ingest or incremental job), missing and stale articles are
 * indexed again from the store and extra ones removed (the keyword index keeps its applied
 * change number), and the vector index is made to hold exactly the store's embedded passages,
 * then saved.
 */
export async function repairIndexes(
  store: ArticleStore, keyword: KeywordIndex, vectors: VectorIndex | null, differences: Difference[],
  recut: { passageScheme: string; cut: (article: StoredArticle) => string[] },
): Promise<void> {
  const uncut = differences.filter((difference) => difference.index === 'passages').map((difference) => difference.id);
  for (let start = 0; start < uncut.length; start += 500) {
    store.recutArticles(recut.passageScheme, store.getArticles(uncut.slice(start, start + 500)), recut.cut);
  }
  const keywordDifferences = differences.filter((difference) => difference.index === 'keyword');
  // Articles cut again have a new change number: their keyword documents are written again too.
  const reindex = [...new Set([...keywordDifferences.filter((d) => d.kind !== 'extra').map((d) => d.id), ...uncut])];
  const remove = keywordDifferences.filter((d) => d.kind === 'extra').map((d) => d.id);
  if (reindex.length || remove.length) {
    const seq = await keyword.appliedSeq();
    for (let start = 0; start < Math.max(reindex.length, remove.length); start += 1000) {
      const upserts = store.getArticles(reindex.slice(start, start + 1000)).map(toKeywordDocument);
      await keyword.apply({ upserts, deletedIds: remove.slice(start, start + 1000), seq });
    }
  }
  if (vectors && differences.some((difference) => difference.index === 'vectors')) {
    vectors.sync();
    await vectors.save();
  }
}
