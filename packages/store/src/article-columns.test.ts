import { describe, expect, it } from 'vitest';
import { silentLogger, type Article } from '@archive/core';
import { ArticleStore } from './article-store.ts';
import type { ArticleFilters } from './filter-clause.ts';
import { eachWithTempStore } from './testing.ts';

const SECTIONS = ['france', 'monde', 'sport', null];
const AUTHORS = [['AFP'], ['Marie Curie', 'afp'], [], ['ÉLODIE Martin']];
const TAGS = [['Santé'], ['politique', 'JO'], [], ['santé', 'Économie']];

/** Article i: fields cycling at different rates, so that every combination occurs. */
const article = (i: number): Article => ({
  id: `a${i}`, url: null, title: `Titre ${i}`, summary: null, body: `Corps ${i}.`, authors: AUTHORS[i % 4]!,
  date: i % 7 === 0 ? null : `20${10 + (i % 9)}-0${1 + (i % 5)}-1${i % 3}`, published: null, section: SECTIONS[i % 4 === 0 ? 3 : i % 3]!,
  tags: TAGS[(i >> 1) % 4]!, lang: i % 5 === 0 ? 'en' : 'fr', source: null,
});

const FILTERS: ArticleFilters[] = [
  { sections: ['sport'] },
  { sections: ['france', 'monde'], langs: ['en'] },
  { langs: ['fr'] },
  { dateFrom: '2014-01-01' },
  { dateFrom: '2012-03-01', dateTo: '2015-12-31', sections: ['monde'] },
  { dateTo: '2011' },
  { tags: ['SANTÉ'] },
  { tags: ['jo', 'économie'], langs: ['fr'] },
  { authors: ['afp'] },
  { authors: ['Marie CURIE'], dateFrom: '2013-01-01' },
  // SQLite's lower() folds ASCII letters only, so É stays: the key is 'Élodie martin'.
  { authors: ['Élodie MARTIN'] },
  { authors: ['élodie martin'] },
  { authors: ['AFP'], tags: ['santé'], sections: ['france'] },
  { sections: ['nowhere'] },
];

/** The mask's articles, as ids. */
function passing(store: ArticleStore, filters: ArticleFilters): Set<string> {
  const mask = store.filtered.mask(filters)!;
  const ids = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const ordinal = store.ordinals.peek(`a${i}`);
    if (ordinal !== undefined && mask.passes[ordinal] === 1) ids.add(`a${i}`);
  }
  expect(mask.count).toBe(ids.size);
  return ids;
}

describe('ArticleColumns', () => {
  let store: ArticleStore;
  let dir: string;
  eachWithTempStore('columns-', (opened, folder) => {
    store = opened;
    dir = folder;
  });

  /** Every filter lets through exactly the articles the SQL filter does. */
  const agreesWithSql = () => {
    let found = 0;
    for (const filters of FILTERS) {
      const ids = passing(store, filters);
      expect(ids, JSON.stringify(filters)).toEqual(store.filtered.ids(filters));
      if (ids.size > 0) found++;
    }
    // Only the filters made to find nothing find nothing.
    expect(found).toBe(FILTERS.length - 2);
  };

  it('lets through what the SQL filter does, and follows writes, tag edits, deletions and other processes', () => {
    store.writeArticles(Array.from({ length: 120 }, (_, i) => ({ article: article(i), passages: [`p${i}`] })));
    expect(store.filtered.mask({})).toBeNull();
    expect(passing(store, { sections: ['sport'] }).size).toBeGreaterThan(10);
    agreesWithSql();

    // A re-ingest that moves articles to another section, language and authors.
    store.writeArticles([5, 6, 7].map((i) => ({ article: { ...article(i), section: 'sport', lang: 'de', authors: ['AFP'] }, passages: [`p${i}`] })));
    expect(passing(store, { langs: ['de'] })).toEqual(new Set(['a5', 'a6', 'a7']));
    agreesWithSql();

    store.tags.change(['a1', 'a2'], { add: [{ label: 'JO', key: 'jo' }], remove: [{ label: 'Santé', key: 'santé' }] }, 'editor', 'manual');
    expect(passing(store, { tags: ['santé'] }).has('a1')).toBe(false);
    agreesWithSql();
    store.deleteArticle('a3');
    store.deleteArticle('a4');
    expect(passing(store, { sections: ['france', 'monde', 'sport'] }).has('a3')).toBe(false);
    agreesWithSql();

    // Another process writes: new articles and a deletion, on its own connection.
    const other = ArticleStore.open(dir, silentLogger());
    try {
      other.writeArticles(Array.from({ length: 40 }, (_, i) => ({ article: article(120 + i), passages: [`p${120 + i}`] })));
      other.deleteArticle('a8');
      // Deleted and written again under the same id: it passes again.
      other.writeArticles([{ article: article(3), passages: ['p3'] }]);
    } finally {
      other.close();
    }
    agreesWithSql();
    expect(passing(store, { langs: ['fr', 'en', 'de'] }).size).toBe(158);
  });
});
