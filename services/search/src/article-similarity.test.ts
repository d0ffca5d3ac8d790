import { describe, expect, it } from 'vitest';
import { bestPerArticle, leadWeighted } from './article-similarity.ts';

describe('bestPerArticle', () => {
  it("keeps each article's best passage, best article first", () => {
    const ranked = bestPerArticle([
      { articleId: 'a', similarity: 0.7 },
      { articleId: 'b', similarity: 0.8 },
      { articleId: 'a', similarity: 0.9 },
    ]);
    expect(ranked).toEqual([{ id: 'a', similarity: 0.9 }, { id: 'b', similarity: 0.8 }]);
  });
});

describe('leadWeighted', () => {
  // "mention" names the subject in its third passage only; "about" has it in its lead.
  const hits = [
    { passageId: 21, articleId: 'mention', similarity: 0.72 },
    { passageId: 22, articleId: 'mention', similarity: 0.74 },
    { passageId: 23, articleId: 'mention', similarity: 0.9 },
    { passageId: 40, articleId: 'about', similarity: 0.86 },
    { passageId: 41, articleId: 'about', similarity: 0.8 },
  ];

  it('ranks an article whose lead is about the subject above one that only mentions it later', () => {
    expect(bestPerArticle(hits).map((hit) => hit.id)).toEqual(['mention', 'about']);
    const ranked = leadWeighted(hits, 0.4);
    expect(ranked.map((hit) => hit.id)).toEqual(['about', 'mention']);
    expect(ranked[0]!.similarity).toBeCloseTo(0.86);
    expect(ranked[1]!.similarity).toBeCloseTo(0.6 * 0.9 + 0.4 * 0.72);
  });

  it('takes the lowest passage id as the lead, whatever order the hits come in', () => {
    const shuffled = [hits[2]!, hits[4]!, hits[0]!, hits[3]!, hits[1]!];
    expect(leadWeighted(shuffled, 0.4)).toEqual(leadWeighted(hits, 0.4));
  });

  it('is the best passage at weight 0, and the lead alone at weight 1', () => {
    expect(leadWeighted(hits, 0)).toEqual(bestPerArticle(hits));
    expect(leadWeighted(hits, 1)).toEqual([{ id: 'about', similarity: 0.86 }, { id: 'mention', similarity: 0.72 }]);
  });

  it('scores a one-passage article by that passage at any weight', () => {
    expect(leadWeighted([{ passageId: 5, articleId: 'brief', similarity: 0.83 }], 0.4)).toEqual([{ id: 'brief', similarity: 0.83 }]);
  });
});
