import { describe, expect, it } from 'vitest';
import { TopK } from './top-k.ts';

describe('TopK', () => {
  it('keeps the k best of many, best first, as a full sort would', () => {
    let seed = 11;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const values = Array.from({ length: 5000 }, () => Math.floor(random() * 1000));
    for (const k of [0, 1, 7, 100, 6000]) {
      const top = new TopK<number>(k, (a, b) => a - b);
      for (const value of values) top.offer(value);
      expect(top.sorted()).toEqual([...values].sort((a, b) => b - a).slice(0, k));
    }
  });

  it('breaks ties with the comparator, so equal scores keep a stable order', () => {
    const items = [{ id: 3, score: 1 }, { id: 1, score: 1 }, { id: 2, score: 2 }, { id: 4, score: 1 }];
    const top = new TopK<{ id: number; score: number }>(3, (a, b) => a.score - b.score || b.id - a.id);
    for (const item of items) top.offer(item);
    expect(top.sorted().map((item) => item.id)).toEqual([2, 1, 3]);
  });
});
