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
