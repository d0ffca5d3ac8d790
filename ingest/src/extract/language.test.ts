import { describe, it, expect } from 'vitest';
import { toIso6391 } from './language.ts';

describe('toIso6391', () => {
  it('reduces locale tags and 3-letter codes to ISO 639-1', () => {
    expect(toIso6391('fr_FR')).toBe('fr');
    expect(toIso6391('en-US')).toBe('en');
    expect(toIso6391('FRA')).toBe('fr');
    expect(toIso6391('pt-br, en')).toBe('pt');
  });
  it('returns null for what is not a language', () => {
    expect(toIso6391('x-default')).toBeNull();
    expect(toIso6391('')).toBeNull();
  });
});
