import { describe, it, expect } from 'vitest';
import { sectionFromUrl, subsectionsFromUrl } from './url-path.ts';

describe('sections from URLs', () => {
  it('takes the first section-like path segment', () => {
    expect(sectionFromUrl('https://actu.orange.fr/politique/villani-CNT1.html')).toBe('politique');
    expect(sectionFromUrl('https://www.nytimes.com/2019/11/19/opinion/republicans.html')).toBe('opinion');
  });
  it('falls back to a section sub-domain when the path only says "news"', () => {
    expect(sectionFromUrl('https://auto.orange.fr/news/le-vw-id-r-CNT1.html')).toBe('auto');
    expect(sectionFromUrl('https://www.bbc.com/news/world-50487818')).toBeNull();
  });
  it('gives no section for a bare article path', () => {
    expect(sectionFromUrl('https://example.com/my-story.html')).toBeNull();
    expect(sectionFromUrl('not a url')).toBeNull();
  });
  it('lists sub-sections between the section and the article', () => {
    expect(subsectionsFromUrl('https://actu.orange.fr/societe/people/slug-CNT1.html')).toEqual(['people']);
    expect(subsectionsFromUrl('https://actu.orange.fr/france/slug-CNT1.html')).toEqual([]);
  });
});
