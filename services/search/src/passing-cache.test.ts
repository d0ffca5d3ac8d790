import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, type Article } from '@archive/core';
import { ArticleStore, type ArticleMask } from '@archive/store';
import { PassingCache } from './passing-cache.ts';

const article = (id: string, section: string, tags: string[] = []): Article => ({
  id, url: null, title: id, summary: null, body: `${id} body`, authors: [], date: '2020-01-01', published: null, section, tags, lang: 'fr', source: null,
});

describe('PassingCache', () => {
  /** The ids a mask lets through. */
  const ids = (mask: ArticleMask | null) => new Set(['a1', 'a2', 'a3', 'a4', 'a5'].filter((id) => mask!.passes[store.ordinals.peek(id) ?? -1] === 1));

  let dir: string;
  let store: ArticleStore;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'passing-cache-'));
    store = ArticleStore.open(dir, silentLogger());
    store.writeArticles(['a1', 'a2', 'a3'].map((id, i) => ({ article: article(id, i < 2 ? 'sport' : 'culture'), passages: [id] })));
  });
  afterAll(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps what a filter lets through until the store changes, in this process or another', () => {
    const passing = new PassingCache(store);
    const sport = passing.read({ sections: ['sport'] });
    expect(ids(sport)).toEqual(new Set(['a1', 'a2']));
    // The same filter, its lists in another order: the same mask, not made again.
    const both = passing.read({ sections: ['sport', 'culture'] });
    expect(passing.read({ sections: ['culture', 'sport'] })).toBe(both);
    expect(passing.read({ sections: ['sport'] })).toBe(sport);
    expect(passing.read({})).toBeNull();

    store.writeArticles([{ article: article('a4', 'sport'), passages: ['a4'] }]);
    expect(ids(passing.read({ sections: ['sport'] }))).toEqual(new Set(['a1', 'a2', 'a4']));

    store.tags.change(['a3'], { add: [{ label: 'JO', key: 'jo' }], remove: [] }, 'editor', 'manual');
    expect(ids(passing.read({ tags: ['JO'] }))).toEqual(new Set(['a3']));
    store.deleteArticle('a1');
    expect(ids(passing.read({ sections: ['sport'] }))).toEqual(new Set(['a2', 'a4']));

    // Another process's write (its own connection) is seen too.
    const other = ArticleStore.open(dir, silentLogger());
    try {
      other.writeArticles([{ article: article('a5', 'sport'), passages: ['a5'] }]);
    } finally {
      other.close();
    }
    expect(ids(passing.read({ sections: ['sport'] }))).toEqual(new Set(['a2', 'a4', 'a5']));
  });
});
