/**
 * The decision "same story?" for two articles that LSH made candidates: overlap of their exact
 * shingle sets, dates, and (when both have one) the similarity of their first passage vectors.
 */

/** One side of a comparison: its shingle set (sorted ascending, see `shingleSet`) and its date. */
export interface StorySide {
  shingles: Uint32Array;
  /** `YYYY-MM-DD…` or null when unknown (then dates do not count). */
  date: string | null;
}

export interface SameStoryRule {
  /** Share of the smaller text found in the other: what is left is the new part (an update's paragraph). */
  minContainment: number;
  /** Overlap over union: keeps a short brief from joining every long article that quotes it. */
  minJaccard: number;
  /** Days between the two dates: recurring formats (weekly, monthly) fall outside. */
  maxDays: number;
  /** Fewer shingles than this on the smaller side: too little text to judge, never grouped. */
  minShingles: number;
  /** Cosine of the first passages' vectors, when both exist: a translation or another event fails it. */
  minCosine: number;
}

/**
 * Read on OrangeSum's candidate pairs (bench/near-duplicates.ts): agency rewrites and updates of
 * one dispatch keep ≥ 0.75 of the smaller text's sentence-bounded shingles and a Jaccard ≥ 0.4
 * (an update adds a paragraph); a short brief quoted inside a round-up stays below 0.35, and
 * recurring formats, whose own part is more than a quarter of each item, below 0.75 containment.
 */
export const DEFAULT_SAME_STORY_RULE: SameStoryRule = {
  minContainment: 0.75,
  minJaccard: 0.4,
  maxDays: 3,
  minShingles: 12,
  minCosine: 0.9,
};

export interface StoryComparison {
  same: boolean;
  overlap: number;
  jaccard: number;
  containment: number;
  /** Null when a date is missing. */
  dayGap: number | null;
  /** Why it is not the same story (the first test that failed), or null. */
  rejectedBy: 'too-short' | 'containment' | 'jaccard' | 'date' | 'vectors' | null;
}

/** Size of the intersection of two ascending arrays. */
export function overlapCount(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let count = 0;
  while (i < a.length && j < b.length) {
    if (a[i]! < b[j]!) i++;
    else if (a[i]! > b[j]!) j++;
    else {
      count++;
      i++;
      j++;
    }
  }
  return count;
}

/** Whole days between two ISO dates (their first 10 characters), or null if either is missing or invalid. */
export function dayGap(a: string | null, b: string | null): number | null {
  if (!a || !b) return null;
  const ms = Date.parse(a.slice(0, 10)) - Date.parse(b.slice(0, 10));
  return Number.isNaN(ms) ? null : Math.abs(Math.round(ms / 86_400_000));
}

/**
 * Compares two candidate articles. `cosine` is the similarity of their first passages' vectors
 * when both are embedded (omit it otherwise: the text tests decide alone).
 *
 * @example
 * compareStories({ shingles: a, date: '2019-03-01' }, { shingles: b, date: '2019-03-02' }).same
 */
export function compareStories(a: StorySide, b: StorySide, cosine?: number, rule: SameStoryRule = DEFAULT_SAME_STORY_RULE): StoryComparison {
  const overlap = overlapCount(a.shingles, b.shingles);
  const smaller = Math.min(a.shingles.length, b.shingles.length);
  const union = a.shingles.length + b.shingles.length - overlap;
  const jaccard = union === 0 ? 0 : overlap / union;
  const containment = smaller === 0 ? 0 : overlap / smaller;
  const gap = dayGap(a.date, b.date);
  const rejectedBy =
    smaller < rule.minShingles ? 'too-short'
    : containment < rule.minContainment ? 'containment'
    : jaccard < rule.minJaccard ? 'jaccard'
    : gap !== null && gap > rule.maxDays ? 'date'
    : cosine !== undefined && cosine < rule.minCosine ? 'vectors'
    : null;
  return { same: rejectedBy === null, overlap, jaccard, containment, dayGap: gap, rejectedBy };
}

/** Cosine similarity of two vectors of the same length. */
export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
