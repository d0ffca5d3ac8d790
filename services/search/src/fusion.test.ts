import { describe, expect, it } from 'vitest';
import { fuseByScores, reciprocalRankFusion } from './fusion.ts';

describe('reciprocalRankFusion', () => {
  it('puts items found by both lists first and reports their ranks', () => {
    const fused = reciprocalRankFusion(
      [
        { ids: ['a', 'b', 'c'], weight: 1 },
        { ids: ['c', 'd', 'b'], weight: 1 },
      ],
      60,
    );
    expect(fused.map((item) => item.id)).toEqual(['c', 'b', 'a', 'd']);
    expect(fused[0]).toEqual({ id: 'c', score: 1 / 63 + 1 / 61, ranks: [3, 1] });
    expect(fused[2]!.ranks).toEqual([1, null]);
  });

  it('lets weights favour one list', () => {
    const lists = (keywordWeight: number) => [
      { ids: ['kw'], weight: keywordWeight },
      { ids: ['sem'], weight: 1 },
    ];
    expect(reciprocalRankFusion(lists(2), 60)[0]!.id).toBe('kw');
    expect(reciprocalRankFusion(lists(0.5), 60)[0]!.id).toBe('sem');
  });

  it('uses k to damp the head of each list', () => {
    // p tops one list; q is fourth in both.
    const lists = [
      { ids: ['p', 'a', 'b', 'q'], weight: 1 },
      { ids: ['c', 'd', 'e', 'q'], weight: 1 },
    ];
    expect(reciprocalRankFusion(lists, 1)[0]!.id).toBe('p');
    expect(reciprocalRankFusion(lists, 60)[0]!.id).toBe('q');
    expect(reciprocalRankFusion(lists, 60)[0]!.score).toBeCloseTo(2 / 64);
  });

  it('counts an id once per list and handles empty lists', () => {
    expect(reciprocalRankFusion([{ ids: ['a', 'a'], weight: 1 }, { ids: [], weight: 1 }], 60)).toEqual([
      { id: 'a', score: 1 / 61, ranks: [1, null] },
    ]);
    expect(reciprocalRankFusion([], 60)).toEqual([]);
  });
});

describe('fuseByScores', () => {
  const keyword = [{ id: 'kw-weak', score: 10 }, { id: 'both', score: 8 }];
  const semantic = [{ id: 'sem', similarity: 0.9 }, { id: 'both', similarity: 0.86 }, { id: 'far', similarity: 0.8 }];

  it('puts an article both halves found first, and ends of the ratio follow one half', () => {
    expect(fuseByScores(keyword, semantic, new Map(), 0.5)[0]!.id).toBe('both');
    expect(fuseByScores(keyword, semantic, new Map(), 0)[0]!.id).toBe('kw-weak');
    expect(fuseByScores(keyword, semantic, new Map(), 1)[0]!.id).toBe('sem');
  });

  it('lets keyword evidence keep a hit matching one weak query word below a semantic hit', () => {
    const evidence = new Map([['kw-weak', 0.2], ['both', 1]]);
    const order = fuseByScores(keyword, semantic, evidence, 0.5).map((item) => item.id);
    expect(order.indexOf('sem')).toBeLessThan(order.indexOf('kw-weak'));
    // Without evidence the top keyword hit ties with the top semantic one.
    const plain = fuseByScores(keyword, semantic, new Map(), 0.5);
    expect(plain.find((item) => item.id === 'kw-weak')!.score).toBeCloseTo(plain.find((item) => item.id === 'sem')!.score);
  });

  it('records each list rank', () => {
    const both = fuseByScores(keyword, semantic, new Map(), 0.5).find((item) => item.id === 'both')!;
    expect(both.ranks).toEqual([2, 2]);
  });
});
