import type { KeywordHit } from '@archive/keyword-index';

/** A ranked list of ids to fuse, best first, and how much it counts. */
export interface RankedList {
  ids: string[];
  weight: number;
}

export interface FusedItem {
  id: string;
  /** Sum over lists of weight / (k + rank). */
  score: number;
  /** 1-based rank of the item in each list, null where absent (same order as the lists). */
  ranks: (number | null)[];
}

/**
 * Reciprocal rank fusion (Cormack et al., 2009): each list gives an item `weight / (k + rank)`;
 * scores add up across lists. Only ranks matter, so lists scored on unrelated scales (BM25,
 * cosine) combine without calibration; k (60 in the paper) damps the head of each list.
 * Ties keep the order in which items were first met, list by list.
 *
 * @example
 * reciprocalRankFusion([{ ids: ['a', 'b'], weight: 1 }, { ids: ['b', 'c'], weight: 1 }], 60)
 * // b first (in both lists), then a, then c
 */
export function reciprocalRankFusion(lists: RankedList[], k: number): FusedItem[] {
  const fused = new Map<string, FusedItem>();
  lists.forEach((list, listIndex) => {
    list.ids.forEach((id, position) => {
      let item = fused.get(id);
      if (!item) {
        item = { id, score: 0, ranks: lists.map(() => null) };
        fused.set(id, item);
      }
      if (item.ranks[listIndex] !== null) return; // a list names each item once
      item.ranks[listIndex] = position + 1;
      item.score += list.weight / (k + position + 1);
    });
  });
  // Array.prototype.sort is stable: equal scores keep first-met order.
  return [...fused.values()].sort((a, b) => b.score - a.score);
}

/** A semantic hit (cosine similarity); keyword hits are the engine's own (`KeywordHit`). */
export interface SemanticCandidate {
  id: string;
  similarity: number;
}

/**
 * Score fusion: each article gets `(1 − ratio) · K + ratio · S`, where
 * - K is its keyword score over the best one (BM25 / max), times the square root of its keyword
 *   evidence: the share of the query's weight (IDF) that the article's words match (1 when not
 *   given). Relative BM25 alone rates the best keyword hit 1 even when it matches only one weak
 *   word of the query (an English word in a French archive); the evidence keeps such hits from
 *   burying semantic ones, while an article with every rare word of the query keeps its full
 *   weight. The root softens it for long queries, where no article has every word (measured:
 *   evidence as is cost 4 points of nDCG@10 on the 59 TIME queries, none on the others).
 * - S is its similarity rescaled between the semantic list's last and best candidates, so the
 *   compressed cosine range of the model (0.75–0.9) counts as much as BM25's spread.
 * An article absent from a list gets 0 from it. Ranks are kept for score details.
 *
 * @example
 * fuseByScores([{ id: 'a', score: 12 }], [{ id: 'b', similarity: 0.9 }, { id: 'c', similarity: 0.8 }], new Map(), 0.5)
 * // a (0.5) and b (0.5) ahead of c (0)
 */
export function fuseByScores(
  keyword: KeywordHit[],
  semantic: SemanticCandidate[],
  evidence: ReadonlyMap<string, number>,
  ratio: number,
): FusedItem[] {
  const fused = new Map<string, FusedItem>();
  const item = (id: string) => {
    let found = fused.get(id);
    if (!found) fused.set(id, (found = { id, score: 0, ranks: [null, null] }));
    return found;
  };
  const best = keyword[0]?.score ?? 0;
  keyword.forEach((hit, index) => {
    const entry = item(hit.id);
    entry.ranks[0] = index + 1;
    if (best > 0) entry.score += (1 - ratio) * (hit.score / best) * Math.sqrt(evidence.get(hit.id) ?? 1);
  });
  const top = semantic[0]?.similarity ?? 0;
  const floor = semantic.at(-1)?.similarity ?? 0;
  semantic.forEach((hit, index) => {
    const entry = item(hit.id);
    entry.ranks[1] = index + 1;
    entry.score += ratio * (top > floor ? (hit.similarity - floor) / (top - floor) : 1);
  });
  return [...fused.values()].sort((a, b) => b.score - a.score);
}
