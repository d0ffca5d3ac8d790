import { describe, it, expect } from 'vitest';
import { splitAuthors } from './authors.ts';

describe('splitAuthors', () => {
  it('splits English and French bylines on "and" / "et" and drops "By" / "Par"', () => {
    expect(splitAuthors(['By Jane Doe and John Roe'])).toEqual(['Jane Doe', 'John Roe']);
    expect(splitAuthors(['Par Marie Curie et Pierre Curie'])).toEqual(['Marie Curie', 'Pierre Curie']);
    expect(splitAuthors(['Ann Lee, Bob Stone and Cy Twombly'])).toEqual(['Ann Lee', 'Bob Stone', 'Cy Twombly']);
  });

  it('keeps credit lines whole', () => {
    expect(splitAuthors(['Orange avec AFP'])).toEqual(['Orange avec AFP']);
    expect(splitAuthors(['Orange avec AFP-Services'])).toEqual(['Orange avec AFP-Services']);
    expect(splitAuthors(['BVA - Orange'])).toEqual(['BVA - Orange']);
  });

  it('deduplicates across sources, case-insensitively, and skips profile URLs', () => {
    expect(splitAuthors(['Jane Doe', 'https://www.facebook.com/janedoe', 'JANE DOE', 'By John Roe'])).toEqual(['Jane Doe', 'John Roe']);
  });

  it('strips e-mails, handles and site suffixes', () => {
    expect(splitAuthors(['By Jane Doe jane@example.com | The Daily'])).toEqual(['Jane Doe']);
    expect(splitAuthors(['Jane Doe @janedoe'])).toEqual(['Jane Doe']);
  });
});
