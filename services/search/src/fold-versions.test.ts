import { describe, expect, it } from 'vitest';
import { foldVersions } from './fold-versions.ts';

describe('foldVersions', () => {
  it('keeps the best-ranked member of each story and lists the others as its versions', () => {
    const groups = new Map([['a', 'g1'], ['c', 'g1'], ['d', 'g2'], ['e', 'g2']]);
    expect(foldVersions([{ id: 'b' }, { id: 'c' }, { id: 'd' }, { id: 'a' }, { id: 'e' }], groups)).toEqual([
      { id: 'b', versions: [] },
      { id: 'c', versions: ['a'] },
      { id: 'd', versions: ['e'] },
    ]);
  });
});
