import { describe, expect, it } from 'vitest';
import { dcg, firstRelevantRank, mean, ndcgAt, percentile, recallAt, reciprocalRankAt } from './metrics.ts';

describe('dcg and ndcgAt', () => {
  it('uses gains 2^g - 1 and a log2(rank + 1) discount', () => {
    expect(dcg([2, 1, 0])).toBeCloseTo(3 + 1 / Math.log2(3), 12);
    expect(dcg([])).toBe(0);
  });

  it('is 1 for the ideal ranking and matches hand-computed values otherwise', () => {
    expect(ndcgAt([2, 1, 0], [2, 1, 0], 10)).toBe(1);
    // Graded: the grade-2 article second, the grade-1 one missing.
    expect(ndcgAt([0, 2], [2, 1], 10)).toBeCloseTo(1.8927892607 / 3.6309297536, 9);
    // Binary, 3 relevant, found at ranks 1 and 3: (1 + 1/2) / (1 + 1/log2 3 + 1/2).
    expect(ndcgAt([1, 0, 1, 0, 0], [1, 1, 1], 10)).toBeCloseTo(0.7039180890, 9);
  });

  it('cuts both the ranking and the ideal at k', () => {
    const ranked = [...Array(10).fill(0), 2];
    expect(ndcgAt(ranked, [2], 10)).toBe(0);
    // Twelve relevant articles judged, ten found in the top ten: perfect at 10.
    expect(ndcgAt(Array(10).fill(1), Array(12).fill(1), 10)).toBe(1);
  });

  it('ignores judged non-relevant grades in the ideal and is 0 when nothing is relevant', () => {
    expect(ndcgAt([1], [1, 0, 0], 10)).toBe(1);
    expect(ndcgAt([0, 0], [0, 0], 10)).toBe(0);
  });
});

describe('reciprocal rank and recall', () => {
  it('takes the first relevant result within k', () => {
    expect(reciprocalRankAt([0, 0, 1], 10)).toBeCloseTo(1 / 3, 12);
    expect(reciprocalRankAt([2, 1], 10)).toBe(1);
    expect(reciprocalRankAt([...Array(10).fill(0), 1], 10)).toBe(0);
    expect(firstRelevantRank([0, 0, 0, 1], 100)).toBe(4);
    expect(firstRelevantRank([0], 100)).toBeNull();
  });

  it('counts the relevant articles found in the top k', () => {
    expect(recallAt([1, 0, 2], 3, 2)).toBeCloseTo(1 / 3, 12);
    expect(recallAt([1, 0, 2], 3, 10)).toBeCloseTo(2 / 3, 12);
    expect(recallAt([1], 0, 10)).toBe(0);
  });
});

describe('percentile and mean', () => {
  it('takes the nearest rank, an observed value', () => {
    expect(percentile([40, 10, 30, 20], 50)).toBe(20);
    expect(percentile([40, 10, 30, 20], 95)).toBe(40);
    expect(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 95)).toBe(95);
    expect(percentile([7], 50)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('averages', () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(mean([])).toBeNaN();
  });
});
