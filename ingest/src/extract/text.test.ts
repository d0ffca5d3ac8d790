import { describe, it, expect } from 'vitest';
import { comparable, decodeEntities, joinParagraphs, normalizeSpace, textToParagraphs, wordCount } from './text.ts';

describe('text helpers', () => {
  it('collapses whitespace runs, NBSP and invisible characters', () => {
    expect(normalizeSpace('  a\u00a0\u00a0b\n\t c\u200b d\u00ad ')).toBe('a b c d');
  });

  it('joins paragraphs with exactly one blank line and drops empty ones', () => {
    expect(joinParagraphs(['one ', '', '  ', 'two'])).toBe('one\n\ntwo');
  });

  it('splits plain text on line breaks into normalised paragraphs', () => {
    expect(textToParagraphs('First  line.\r\n\r\n  Second\u00a0line.\nThird.')).toEqual(['First line.', 'Second line.', 'Third.']);
  });

  it('counts Unicode words like the benchmark tokeniser', () => {
    expect(wordCount("L'été à Paris, 2020 — déjà!")).toBe(6);
  });

  it('decodes single and double-escaped entities', () => {
    expect(decodeEntities('&amp;quot;Oui&amp;quot; &rsquo; &#233;t&#xE9;')).toBe('"Oui" \u2019 été');
    // Capitals keep their case; rarer named entities are known too.
    expect(decodeEntities('&Eacute;t&eacute; &Agrave; &OElig;uvre &hellip; &thinsp;')).toBe('Été À Œuvre … \u2009');
  });

  it('compares texts without case, accents, quotes or a trailing ellipsis', () => {
    expect(comparable('« Élysée » Palace...')).toBe(comparable('elysee palace'));
  });
});
