import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger, type Article } from '@archive/core';
import Database from 'better-sqlite3';
import { ArticleStore } from './article-store.ts';
import { hashText } from './hashing.ts';
import { eachWithTempStore } from './testing.ts';

const article = (id: string, fields: Partial<Article> = {}): Article => ({
  id, url: null, title: `Titre ${id}`, summary: null, body: `Corps de ${id}.`, authors: ['AFP'], date: '2020-01-02',
  published: null, section: 'france', tags: ['sante'], lang: 'fr', source: 'test.jsonl', ...fields,
});

describe('ArticleStore', () => {
  let dir: string;
  let store: ArticleStore;
  eachWithTempStore('store-', (opened, folder) => {
    store = opened;
    dir = folder;
  });

  it('tells new, updated and unchanged articles apart, and numbers changes', () => {
    expect(store.writeArticles([{ article: article('a'), passages: ['p1'] }, { article: article('b'), passages: ['p2'] }])).toEqual(['new', 'new']);
    expect(store.lastSeq()).toBe(2);
    expect(store.writeArticles([{ article: article('a'), passages: ['p1'] }])).toEqual(['unchanged']);
    // The source file is provenance, not content.
    expect(store.writeArticles([{ article: article('a', { source: 'other.json' }), passages: ['p1'] }])).toEqual(['unchanged']);
    expect(store.writeArticles([{ article: article('a', { title: 'Nouveau titre' }), passages: ['p1'] }])).toEqual(['updated']);
    expect(store.lastSeq()).toBe(3);
    expect(store.changesSince(2, 10).articles.map((a) => a.id)).toEqual(['a']);
  });

  it('takes an article stored before passage schemes, re-ingested as it was, as unchanged', () => {
    store.writeArticles([{ article: article('a'), passages: ['p1'] }]);
    const seq = store.lastSeq();
    // Its content hash as those stores computed it: the fields and the passages.
    const { source: _source, ...fields } = article('a');
    const db = new Database(path.join(dir, 'archive.sqlite'));
    db.prepare('UPDATE articles SET content_hash = ? WHERE id = ?').run(hashText(JSON.stringify(fields), 'p1'), 'a');
    db.close();
    expect(store.writeArticles([{ article: article('a'), passages: ['p1'] }])).toEqual(['unchanged']);
    expect(store.writeArticles([{ article: article('a'), passages: ['p1'] }])).toEqual(['unchanged']);
    expect(store.lastSeq()).toBe(seq);
    expect(store.writeArticles([{ article: article('a', { title: 'Autre' }), passages: ['p1'] }])).toEqual(['updated']);
  });

  it('keeps passages (and their ids) when their texts do not change', () => {
    store.writeArticles([{ article: article('a'), passages: ['un', 'deux'] }]);
    store.putEmbeddings('m', [{ textHash: store.passages().passagesWithoutEmbedding('m', 10)[0]!.textHash, vector: new Float32Array([1, 0]) }]);
    const before = [...store.passages().embeddedPassageIds('m').keys()];
    store.writeArticles([{ article: article('a', { title: 'Autre' }), passages: ['un', 'deux'] }]);
    expect([...store.passages().embeddedPassageIds('m').keys()]).toEqual(before);
    store.writeArticles([{ article: article('a'), passages: ['un', 'trois'] }]);
    expect(store.passages().countPassages()).toBe(2);
    // The vector of "un" is reused: keyed by text, not by passage.
    expect(store.passages().embeddedPassageIds('m').size).toBe(1);
    expect(store.passages().countPassagesWithoutEmbedding('m')).toBe(1);
  });

  it('stores vectors once per model and text', () => {
    store.writeArticles([{ article: article('a'), passages: ['même texte'] }, { article: article('b'), passages: ['même texte'] }]);
    const pending = store.passages().passagesWithoutEmbedding('m', 10);
    expect(pending).toHaveLength(1);
    store.putEmbeddings('m', [{ textHash: pending[0]!.textHash, vector: new Float32Array([0.6, 0.8]) }]);
    expect(store.passages().embeddedPassageIds('m').size).toBe(2);
    expect(Array.from(store.passages().articleVectors('m', 'b')[0]!)).toEqual([0.6000000238418579, 0.800000011920929]);
    expect(store.passages().countPassagesWithoutEmbedding('other-model')).toBe(1);
  });

  it('filters by metadata, authors and tags without regard to case', () => {
    store.writeArticles([
      { article: article('a', { date: '2019-05-01', section: 'monde', authors: ['Marie Curie'] }), passages: [] },
      { article: article('b', { date: '2020-05-01', tags: ['Politique'] }), passages: [] },
    ]);
    expect(store.filtered.ids({})).toBeNull();
    expect(store.filtered.ids({ dateFrom: '2020-01-01' })).toEqual(new Set(['b']));
    expect(store.filtered.ids({ authors: ['marie curie'] })).toEqual(new Set(['a']));
    expect(store.filtered.ids({ tags: ['politique'], sections: ['france'] })).toEqual(new Set(['b']));
  });

  it('keeps the author filter in step with rewrites and deletions', () => {
    store.writeArticles([
      { article: article('a', { authors: ['Marie Curie', 'AFP'] }), passages: [] },
      { article: article('b', { authors: ['afp'] }), passages: [] },
    ]);
    expect(store.filtered.ids({ authors: ['AFP'] })).toEqual(new Set(['a', 'b']));
    store.writeArticles([{ article: article('a', { authors: ['Pierre Curie'], body: 'changé' }), passages: [] }]);
    expect(store.filtered.ids({ authors: ['afp'] })).toEqual(new Set(['b']));
    expect(store.filtered.ids({ authors: ['MARIE CURIE', 'pierre curie'] })).toEqual(new Set(['a']));
    store.deleteArticle('b');
    expect(store.filtered.ids({ authors: ['afp'] })).toEqual(new Set());
    expect(store.filtered.ids({ authors: ['afp'], dateFrom: '2000-01-01' })).toEqual(new Set());
  });

  it('tells which articles changed after a change number, and their passages', () => {
    store.writeArticles([{ article: article('a'), passages: ['un', 'deux'] }, { article: article('b'), passages: ['trois'] }]);
    const seq = store.lastSeq();
    store.writeArticles([{ article: article('c'), passages: ['quatre'] }]);
    store.deleteArticle('b');
    expect(store.articlesChangedSince(seq).sort()).toEqual(['b', 'c']);
    const pending = store.passages().passagesWithoutEmbedding('m', 10);
    store.putEmbeddings('m', pending.filter((p) => p.text === 'un').map((p) => ({ textHash: p.textHash, vector: new Float32Array([1, 0]) })));
    expect(store.passages().passagesOf('m', ['a', 'b']).map((p) => [p.articleId, p.embedded])).toEqual([['a', true], ['a', false]]);
    const seen: [string, boolean][] = [];
    store.passages().forEachPassageVector('m', (_, articleId, vector) => seen.push([articleId, vector !== null]));
    expect(seen).toEqual([['a', true], ['a', false], ['c', false]]);
    expect(store.changeCounters()).toEqual({ seq: store.lastSeq(), vectors: 1 });
  });

  it('records deletions for the indexes, and finds duplicates and URLs', () => {
    store.writeArticles([
      { article: article('a', { url: 'https://example.org/a' }), passages: ['x'] },
      { article: article('b', { title: 'Titre a', body: 'Corps de a.' }), passages: ['x'] },
    ]);
    expect(store.duplicateIds(store.getArticle('a')!)).toEqual(['b']);
    expect(store.idForUrl('https://example.org/a')).toBe('a');
    expect(store.deleteArticle('a')).toBe(true);
    expect(store.deleteArticle('a')).toBe(false);
    const changes = store.changesSince(2, 10);
    expect(changes.deletedIds).toEqual(['a']);
    expect(store.getArticle('a')).toBeNull();
    expect(store.passages().countPassages()).toBe(1);
  });

  it('replaces a superseded article in the same transaction', () => {
    store.writeArticles([{ article: article('page', { url: 'https://example.org/x' }), passages: ['x'] }]);
    expect(store.writeArticles([{ article: article('export', { url: 'https://example.org/x' }), passages: ['y'], replaces: 'page' }])).toEqual(['new']);
    expect(store.getArticle('page')).toBeNull();
    expect(store.idForUrl('https://example.org/x')).toBe('export');
    expect(store.changesSince(1, 10).deletedIds).toEqual(['page']);
  });

  it('reopens with everything committed', () => {
    store.writeArticles([{ article: article('a'), passages: ['x'] }]);
    store.close();
    store = ArticleStore.open(dir, silentLogger());
    expect(store.getArticle('a')).toMatchObject({ id: 'a', authors: ['AFP'], tags: ['sante'] });
  });
});
