import { describe, expect, it } from 'vitest';
import { pairedRandomisationTest, seededRandom } from './significance.ts';

// Darwin's Zea mays data as analysed by Fisher (The Design of Experiments, 1935, §21): the
// differences in height of 15 pairs of crossed and self-fertilised plants, in eighths of an inch.
// Of the 2^15 sign assignments, 1,726 give a total at least as far from zero: p = 0.0527.
const CROSSED_MINUS_SELF = [49, -67, 8, 16, 6, 23, 28, 41, 14, 29, 56, 24, 75, 60, -48];

describe('pairedRandomisationTest', () => {
  it('is exact when every sign assignment can be enumerated', () => {
    const result = pairedRandomisationTest([0.5, 0.6, 0.7, 0.8, 0.9], [0.4, 0.5, 0.6, 0.7, 0.8]);
    expect(result).toMatchObject({ n: 5, method: 'exact', rounds: 32 });
    // Only "all +" and "all -" are as extreme as five equal gains.
    expect(result.pValue).toBeCloseTo(2 / 32, 12);
    expect(result.meanDifference).toBeCloseTo(0.1, 12);
    // Differences 0.3, -0.1, 0.2 (sum 0.4): of the 8 sums ±0.6, ±0.4, ±0.2, 0, 0, four reach 0.4.
    expect(pairedRandomisationTest([0.3, 0.4, 0.5], [0, 0.5, 0.3]).pValue).toBeCloseTo(0.5, 12);
  });

  it('reproduces Fisher\'s exact p-value on Darwin\'s data', () => {
    const zeros = CROSSED_MINUS_SELF.map(() => 0);
    const exact = pairedRandomisationTest(CROSSED_MINUS_SELF, zeros, { rounds: 2 ** 15 });
    expect(exact.method).toBe('exact');
    expect(exact.pValue).toBeCloseTo(1726 / 32768, 12);
    // 10,000 seeded draws land close to it, and the same seed gives the same answer.
    const sampled = pairedRandomisationTest(CROSSED_MINUS_SELF, zeros);
    expect(sampled.method).toBe('sampled');
    expect(Math.abs(sampled.pValue - exact.pValue)).toBeLessThan(0.01);
    expect(pairedRandomisationTest(CROSSED_MINUS_SELF, zeros).pValue).toBe(sampled.pValue);
  });

  it('gives p = 1 for identical systems and a small p for a consistent gain', () => {
    const scores = Array.from({ length: 30 }, (_, i) => (i % 7) / 7);
    expect(pairedRandomisationTest(scores, scores).pValue).toBe(1);
    const better = scores.map((score) => score + 0.05);
    const result = pairedRandomisationTest(better, scores);
    expect(result.method).toBe('sampled');
    expect(result.pValue).toBeCloseTo(1 / 10_001, 12);
    // Two-sided: the order of the systems does not matter.
    expect(pairedRandomisationTest(scores, better).pValue).toBe(result.pValue);
  });

  it('refuses scores that are not paired', () => {
    expect(() => pairedRandomisationTest([1, 2], [1])).toThrow(/differ in length/);
    expect(pairedRandomisationTest([], []).pValue).toBe(1);
  });
});

describe('seededRandom', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.filter((value) => value < 0.5).length).toBeGreaterThan(450);
  });
});
