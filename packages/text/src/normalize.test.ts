import { describe, expect, it } from 'vitest';
import { normalizeInline, normalizeText } from './normalize.ts';
import { detectLanguage } from './language.ts';

describe('normalizeText', () => {
  it('unifies quotes and spaces and keeps paragraphs', () => {
    expect(normalizeText('L’été\u00a0 arrive «\u202fenfin\u202f».\r\n\r\n\r\n  Il fait “chaud”.\n')).toBe(
      "L'été arrive « enfin ».\n\nIl fait \"chaud\".",
    );
  });

  it('joins lines inside a paragraph and drops invisible characters', () => {
    expect(normalizeInline('une\nligne\u200b coupée')).toBe('une ligne coupée');
  });
});

describe('detectLanguage', () => {
  it('tells French from English on news sentences', () => {
    expect(detectLanguage('Le gouvernement a présenté mercredi sa réforme des retraites devant les syndicats.')).toBe('fr');
    expect(detectLanguage('The government presented its pension reform to the unions on Wednesday.')).toBe('en');
  });

  it('returns null on text too short to tell', () => {
    expect(detectLanguage('OK')).toBeNull();
  });
});
