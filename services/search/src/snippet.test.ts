import { describe, expect, it } from 'vitest';
import { highlightSnippet } from './snippet.ts';

describe('highlightSnippet', () => {
  it('marks words matched across case, diacritics and elision', () => {
    expect(highlightSnippet("Réforme de l'École et des écoles", ['ecole'], { words: 30 })).toBe(
      "Réforme de <mark>l&#39;École</mark> et des écoles",
    );
  });

  it('escapes hostile text, inside and outside marks', () => {
    const html = highlightSnippet('<script>alert(1)</script> incendie <img src=x onerror=y>', ['incendie', 'script']);
    expect(html).not.toMatch(/<(script|img)/);
    expect(html).toContain('<mark>incendie</mark>');
    expect(html).toContain('&lt;<mark>script</mark>&gt;');
  });

  it('chooses the window with the most distinct terms, with ellipses', () => {
    const filler = Array.from({ length: 40 }, (_, i) => `mot${i}`).join(' ');
    const text = `Incendie au début. ${filler} Notre-Dame et incendie ensemble ici. ${filler}`;
    const html = highlightSnippet(text, ['incendie', 'notre', 'dame'], { words: 12 });
    expect(html).toMatch(/^… /);
    expect(html).toMatch(/ …$/);
    expect(html).toBe('… mot37 mot38 mot39 <mark>Notre</mark>-<mark>Dame</mark> et <mark>incendie</mark> ensemble ici. mot0 mot1 mot2 mot3 …');
  });

  it('starts at the beginning when nothing matches', () => {
    expect(highlightSnippet('Un deux trois quatre', ['zzz'], { words: 2 })).toBe('Un deux …');
    expect(highlightSnippet('', ['a'])).toBe('');
  });
});
