import { describe, expect, it } from 'vitest';
import { chunkArticle, estimateTokens } from './chunk-article.ts';

const options = { targetTokens: 100, maxTokens: 160 };
const sentence = (n: number) => `Phrase numéro ${n} qui raconte un fait précis de l'actualité du jour.`;
const paragraph = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => sentence(from + i)).join(' ');

describe('chunkArticle', () => {
  it('keeps a short article in one passage, title and standfirst first', () => {
    const passages = chunkArticle({ title: 'Titre', summary: 'Le chapô.', body: 'Premier.\n\nSecond.' }, options);
    expect(passages).toEqual(['Titre\n\nLe chapô.\n\nPremier.\n\nSecond.']);
  });

  it('splits long articles at paragraph boundaries, every passage under the ceiling', () => {
    const body = Array.from({ length: 8 }, (_, i) => paragraph(i * 3, 3)).join('\n\n');
    const passages = chunkArticle({ title: 'Titre', summary: null, body }, options);
    expect(passages.length).toBeGreaterThan(3);
    expect(passages[0]!.startsWith('Titre\n\n')).toBe(true);
    for (const passage of passages) expect(estimateTokens(passage)).toBeLessThanOrEqual(options.maxTokens - 6);
    // Nothing lost, nothing repeated.
    expect(passages.join('\n\n')).toBe(`Titre\n\n${body}`);
  });

  it('splits an over-long paragraph at sentence ends', () => {
    const body = paragraph(0, 20);
    const passages = chunkArticle({ title: 'T', summary: null, body }, options);
    expect(passages.length).toBeGreaterThan(2);
    for (const passage of passages.slice(1)) expect(passage).toMatch(/^Phrase numéro \d+/);
  });

  it('cuts a sentence without punctuation at spaces', () => {
    const body = 'mot '.repeat(1000).trim();
    const passages = chunkArticle({ title: 'T', summary: null, body }, options);
    for (const passage of passages) {
      expect(estimateTokens(passage)).toBeLessThanOrEqual(options.maxTokens - 6);
      expect(passage).not.toMatch(/^ | $/);
    }
    expect(passages.join(' ').replace(/\s+/g, ' ')).toBe(`T ${body}`);
  });

  it('joins a short tail to the passage before it', () => {
    const body = `${paragraph(0, 5)}\n\nFin.`;
    const passages = chunkArticle({ title: 'T', summary: null, body }, options);
    expect(passages[passages.length - 1]!.endsWith('\n\nFin.')).toBe(true);
  });
});

describe('chunkArticle with maxPassages', () => {
  it('keeps only the first passages', () => {
    const body = Array.from({ length: 8 }, (_, i) => paragraph(i * 3, 3)).join('\n\n');
    const all = chunkArticle({ title: 'Titre', summary: null, body }, options);
    expect(chunkArticle({ title: 'Titre', summary: null, body }, { ...options, maxPassages: 2 })).toEqual(all.slice(0, 2));
    expect(chunkArticle({ title: 'Titre', summary: null, body }, { ...options, maxPassages: 0 })).toEqual(all);
  });
});
