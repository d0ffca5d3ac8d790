import { describe, expect, it } from 'vitest';
import { ArchiveError, InvalidTagError, parseTag } from '@archive/core';
import { BadRequestError } from '@archive/search';
import { refusalMessage } from './refusal.ts';

describe('refusalMessage', () => {
  it('names the refused tag once, with the reason', () => {
    let error: unknown;
    try {
      parseTag('x'.repeat(101));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidTagError);
    expect(refusalMessage(error)).toBe(`Étiquette « ${'x'.repeat(101)} » refusée (is longer than 100 characters).`);
  });
  it('asks for a tag when none was typed', () => {
    expect(refusalMessage(new BadRequestError('add', 'give at least one tag to add or remove'))).toBe('Saisissez au moins une étiquette.');
  });
  it('leaves other errors to the error page', () => {
    expect(refusalMessage(new ArchiveError('NOT_FOUND', 'no article'))).toBeNull();
    expect(refusalMessage(new Error('boom'))).toBeNull();
  });
});
