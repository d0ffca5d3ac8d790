import { describe, expect, it } from 'vitest';
import { analyzeTerms, termOccurrences } from './fold.ts';
import { contentTerms } from './stopwords.ts';

describe('analyzeTerms', () => {
  it('removes French elisions with either apostrophe', () => {
    expect(analyzeTerms("l'économie")).toEqual(['economie']);
    expect(analyzeTerms('l’économie')).toEqual(['economie']);
    expect(analyzeTerms("qu'il jusqu'au d'Orléans")).toEqual(['il', 'au', 'orleans']);
  });

  it('folds diacritics and case', () => {
    expect(analyzeTerms('École ÉLYSÉE où')).toEqual(['ecole', 'elysee', 'ou']);
  });

  it('folds what the full-text tokenizer folds beyond diacritics (micro sign, final sigma)', () => {
    expect(analyzeTerms('5 µg ΚΌΣΜΟΣ κόσμος')).toEqual(['5', 'μg', 'κοσμοσ', 'κοσμοσ']);
  });

  it('keeps words that merely contain an apostrophe', () => {
    expect(analyzeTerms("aujourd'hui")).toEqual(['aujourd', 'hui']);
    expect(analyzeTerms("O'Neill")).toEqual(['o', 'neill']);
  });

  it('splits on hyphens and punctuation', () => {
    expect(analyzeTerms('Notre-Dame, COVID-19 !')).toEqual(['notre', 'dame', 'covid', '19']);
  });

  it('reports offsets of the original word', () => {
    const text = "Voir l'École";
    const [, ecole] = termOccurrences(text);
    expect(ecole).toEqual({ term: 'ecole', start: 5, end: 12 });
    expect(text.slice(ecole!.start, ecole!.end)).toBe("l'École");
  });
});

describe('contentTerms', () => {
  it('drops function words unless nothing else remains', () => {
    expect(contentTerms(['incendie', 'de', 'notre', 'dame'])).toEqual(['incendie', 'notre', 'dame']);
    expect(contentTerms(['de', 'la'])).toEqual(['de', 'la']);
  });
});
