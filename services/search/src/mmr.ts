/** A candidate to rank: its relevance and a unit vector standing for it. */
export interface MmrCandidate {
  id: string;
  score: number;
  vector: Float32Array | null;
}

const dot = (a: Float32Array, b: Float32Array) => {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
};

/**
 * Maximal marginal relevance: picks, one at a time, the candidate that best balances its own
 * relevance against its likeness to what was already picked, so that five takes on one story
 * do not fill a list of five. `lambda` 1 is relevance alone; lower values diversify more.
 * Candidates without a vector are judged on relevance alone.
 *
 * @example
 * maximalMarginalRelevance(candidates, 5, 0.7).map((c) => c.id)
 */
export function maximalMarginalRelevance<T extends MmrCandidate>(candidates: T[], limit: number, lambda: number): T[] {
  const left = [...candidates];
  const picked: T[] = [];
  while (picked.length < limit && left.length > 0) {
    let best = 0;
    let bestValue = -Infinity;
    left.forEach((candidate, index) => {
      const likeness = candidate.vector
        ? Math.max(0, ...picked.map((other) => (other.vector ? dot(candidate.vector!, other.vector) : 0)))
        : 0;
      const value = lambda * candidate.score - (1 - lambda) * likeness;
      if (value > bestValue) {
        bestValue = value;
        best = index;
      }
    });
    picked.push(left.splice(best, 1)[0]!);
  }
  return picked;
}

export { dot };
