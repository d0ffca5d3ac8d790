import type { Tag } from '@archive/core';
import { PASSAGES_PER_ARTICLE, bestPerArticle, meanVector } from '@archive/search';
import type { ArticleStore, StoredArticle } from '@archive/store';
import type { VectorIndex } from '@archive/vector-index';

/** Tagged neighbours that vote. */
const NEIGHBOURS = 12;

/** One tagged neighbour, as a reason names it. */
export interface Voter {
  id: string;
  title: string;
  similarity: number;
}

/** A tag voted for by neighbours: the share of the neighbours' weight that carries it (0 to 1). */
export interface NeighbourVote {
  tag: Tag;
  score: number;
  voters: Voter[];
}

/**
 * Votes of an article's nearest already-tagged articles (by meaning: its mean passage vector
 * against theirs, searched among tagged articles only, so sparse tagging still finds voters).
 * Each neighbour's vote weighs its similarity, squared so that the closest count most; a tag's
 * score is the weighted share of neighbours carrying it. Exact duplicates do not vote.
 *
 * @example
 * const votes = neighbourVotes(article, { store, vectorIndex, taggedIds });
 * // [{ tag: { label: 'santé', key: 'santé' }, score: 0.71, voters: [{ id, title, similarity }, …] }, …]
 */
export function neighbourVotes(
  article: StoredArticle,
  deps: { store: ArticleStore; vectorIndex: VectorIndex; taggedIds: Set<string> },
): NeighbourVote[] {
  const { store, vectorIndex, taggedIds } = deps;
  const vectors = vectorIndex.articleVectors(article.id);
  if (vectors.length === 0 || taggedIds.size === 0) return [];
  const excluded = new Set([article.id, ...store.duplicateIds(article)]);
  vectorIndex.refreshIfStale();
  const hits = vectorIndex.search(meanVector(vectors), (NEIGHBOURS + excluded.size) * PASSAGES_PER_ARTICLE, taggedIds);
  const neighbours = bestPerArticle(hits)
    .filter((candidate) => !excluded.has(candidate.id))
    .slice(0, NEIGHBOURS);
  const tagsById = store.tags.tagsOf(neighbours.map((neighbour) => neighbour.id));
  const titles = new Map(store.getArticles(neighbours.map((neighbour) => neighbour.id)).map((a) => [a.id, a.title]));
  const votes = new Map<string, NeighbourVote>();
  let totalWeight = 0;
  for (const neighbour of neighbours) {
    const tags = tagsById.get(neighbour.id);
    if (!tags) continue;
    const weight = Math.max(0, neighbour.similarity) ** 2;
    totalWeight += weight;
    const voter = { id: neighbour.id, title: titles.get(neighbour.id) ?? neighbour.id, similarity: round(neighbour.similarity) };
    for (const tag of tags) {
      const vote = votes.get(tag.key) ?? { tag, score: 0, voters: [] };
      vote.score += weight;
      vote.voters.push(voter);
      votes.set(tag.key, vote);
    }
  }
  return [...votes.values()]
    .map((vote) => ({ ...vote, score: totalWeight > 0 ? vote.score / totalWeight : 0 }))
    .sort((a, b) => b.score - a.score);
}

const round = (value: number) => Math.round(value * 1000) / 1000;
