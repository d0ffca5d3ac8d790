import { beforeEach, describe, expect, it } from 'vitest';
import { parseTag, type Article } from '@archive/core';
import { ArticleStore } from './article-store.ts';
import { eachWithTempStore } from './testing.ts';

const article = (id: string, fields: Partial<Article> = {}): Article => ({
  id, url: `https://example.org/${id}`, title: `Titre ${id}`, summary: null, body: `Corps de ${id}.`, authors: ['AFP'], date: '2020-01-02',
  published: null, section: 'france', tags: ['Santé'], lang: 'fr', source: 'test.jsonl', ...fields,
});
const tags = (...labels: string[]) => labels.map(parseTag);

describe('TagStore', () => {
  let store: ArticleStore;
  eachWithTempStore('tags-', (opened) => (store = opened));
  beforeEach(() => {
    store.writeArticles([{ article: article('a'), passages: ['p'] }, { article: article('b', { tags: [] }), passages: ['q'] }]);
  });

  it('applies additions and removals on top of source tags, audited, with a new change number', () => {
    const seq = store.lastSeq();
    const [change] = store.tags.change(['a'], { add: tags('Retraites'), remove: tags('SANTÉ') }, 'alice', 'manual');
    expect(store.getArticle('a')!.tags).toEqual(['Retraites']);
    expect(store.getArticle('a')!.sourceTags).toEqual(['Santé']);
    expect(store.lastSeq()).toBe(seq + 1);
    expect(change).toMatchObject({ actor: 'alice', via: 'manual', before: ['Santé'], after: ['Retraites'], articleId: 'a' });
    expect(store.tags.history('a')).toHaveLength(1);
    // Nothing to change: no audit row, no new change number.
    expect(store.tags.change(['a'], { add: tags('retraites'), remove: [] }, 'bob', 'manual')).toEqual([]);
    expect(store.lastSeq()).toBe(seq + 1);
  });

  it('keeps editorial changes when the article is ingested again, changed or not', () => {
    store.tags.change(['a'], { add: tags('Retraites'), remove: tags('Santé') }, 'alice', 'manual');
    store.writeArticles([{ article: article('a', { body: 'Nouveau corps.', tags: ['Santé', 'Hôpital'] }), passages: ['p2'] }]);
    expect(store.getArticle('a')!.tags).toEqual(['Hôpital', 'Retraites']);
    // A page that replaces it under a new id (same URL) keeps them too.
    store.writeArticles([{ article: article('a2', { url: 'https://example.org/a', tags: ['Santé'] }), passages: ['p3'], replaces: 'a' }]);
    expect(store.getArticle('a2')!.tags).toEqual(['Retraites']);
  });

  it('filters by tag whatever the case or Unicode form', () => {
    expect(store.filtered.ids({ tags: ['sante\u0301'.normalize('NFD').replace('e\u0301', 'é').toUpperCase()] })).toEqual(new Set(['a']));
    expect(store.filtered.ids({ tags: ['SANTE\u0301'] })).toEqual(new Set(['a']));
  });

  it('merges tags, and reads later source tags through the merge', () => {
    store.tags.change(['b'], { add: tags('sante'), remove: [] }, 'alice', 'manual');
    const changes = store.tags.merge(tags('sante', 'Santé'), parseTag('Santé publique'), 'carol');
    expect(changes.map((c) => c.articleId).sort()).toEqual(['a', 'b']);
    expect(changes.every((c) => c.via === 'merge' && c.actor === 'carol')).toBe(true);
    expect(store.getArticle('a')!.tags).toEqual(['Santé publique']);
    store.writeArticles([{ article: article('c', { tags: ['SANTÉ'] }), passages: ['r'] }]);
    expect(store.getArticle('c')!.tags).toEqual(['Santé publique']);
    expect(store.tags.vocabulary({ limit: 10 }).tags).toEqual([{ tag: 'Santé publique', key: 'santé publique', count: 3, variants: [] }]);
  });

  it('lists the vocabulary by use, with prefix search', () => {
    store.tags.change(['b'], { add: tags('Retraites', 'santé'), remove: [] }, 'alice', 'manual');
    const all = store.tags.vocabulary({ limit: 10 });
    expect(all.tags[0]).toMatchObject({ key: 'santé', count: 2 });
    expect(store.tags.vocabulary({ prefix: 'RET', limit: 10 }).tags.map((t) => t.tag)).toEqual(['Retraites']);
  });

  it('audits by actor and time, and remembers rejected suggestions', () => {
    store.tags.change(['a', 'b'], { add: tags('Retraites'), remove: [] }, 'alice', 'bulk', { search: { q: 'x' } });
    store.tags.change(['b'], { add: tags('Grève'), remove: [] }, 'bob', 'suggestion');
    expect(store.tags.audit({ actor: 'alice', limit: 10 }).map((c) => c.articleId)).toEqual(['a', 'b']);
    expect(store.tags.audit({ since: '2999-01-01', limit: 10 })).toEqual([]);
    store.tags.reject('a', parseTag('Économie'), 'bob');
    expect(store.tags.declinedKeys('a')).toEqual(new Set(['économie']));
  });
});
