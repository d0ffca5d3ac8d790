import { beforeEach, describe, expect, it } from 'vitest';
import { ArchiveError, type Article } from '@archive/core';
import { ArticleStore } from './article-store.ts';
import { DEFAULT_PASSAGE_SCHEME } from './passage-store.ts';
import { eachWithTempStore } from './testing.ts';

const article = (id: string, body = `Premier paragraphe de ${id}.\n\nSecond paragraphe de ${id}.`): Article => ({
  id, url: null, title: `Titre ${id}`, summary: null, body, authors: [], date: '2020-01-02',
  published: null, section: null, tags: [], lang: 'fr', source: 'test.jsonl',
});
/** Two ways of cutting: the whole article as one passage, or one passage per paragraph. */
const whole = (a: Article) => [`${a.title}\n\n${a.body}`];
const paragraphs = (a: Article) => a.body.split('\n\n');
const FINE = { key: 'paragraphs', settings: { targetTokens: 50, maxPassages: 0, maxTokens: 512 } };

describe('passage schemes', () => {
  let store: ArticleStore;
  eachWithTempStore('passages-', (opened) => (store = opened));
  beforeEach(() => {
    store.writeArticles(['a', 'b'].map((id) => ({ article: article(id), passages: whole(article(id)) })));
  });

  it('fills a second scheme beside the live one without changing what the live one reads', () => {
    expect(store.livePassageScheme()).toEqual({ key: DEFAULT_PASSAGE_SCHEME, settings: null });
    const liveIds = [...store.passages().passagesOf('m', ['a', 'b']).map((p) => p.passageId)];
    store.addPassageScheme(FINE);
    expect(store.passages(FINE.key).articlesWithoutPassages(10)).toEqual(['a', 'b']);
    const seq = store.lastSeq();
    expect(store.recutArticles(FINE.key, store.getArticles(['a', 'b']), paragraphs)).toBe(2);
    // Filling a scheme nobody reads yet changes no article: serving indexes have nothing to refresh.
    expect(store.lastSeq()).toBe(seq);
    expect(store.passages(FINE.key).countPassages()).toBe(4);
    expect(store.passages().countPassages()).toBe(2);
    expect(store.passages().passagesOf('m', ['a', 'b']).map((p) => p.passageId)).toEqual(liveIds);
    expect(store.passages(FINE.key).articlesWithoutPassages(10)).toEqual([]);
  });

  it('embeds a text once whichever scheme holds it', () => {
    store.addPassageScheme(FINE);
    store.recutArticles(FINE.key, store.getArticles(['a']), (a) => [...whole(a), ...paragraphs(a)]);
    const pending = store.passages().passagesWithoutEmbedding('m', 10);
    store.putEmbeddings('m', pending.map((p) => ({ textHash: p.textHash, vector: new Float32Array([1, 0]) })));
    // The whole-article text of "a" already has its vector: only the two paragraphs are left.
    expect(store.passages(FINE.key).countPassagesWithoutEmbedding('m')).toBe(2);
    expect(store.passages(FINE.key).articleVectors('m', 'a')).toHaveLength(1);
  });

  it('refuses a write cut for a scheme that is no longer live, and keeps what is stored', () => {
    store.addPassageScheme(FINE);
    store.recutArticles(FINE.key, store.getArticles(['a', 'b']), paragraphs);
    const since = store.lastSeq();
    // A writer that read the old scheme stores an article while the job finishes...
    store.writeArticles([{ article: article('c'), passages: whole(article('c')) }], DEFAULT_PASSAGE_SCHEME);
    // ...and the switch cuts it again the new way, with a new change number.
    expect(store.makePassageSchemeLive(FINE.key, since, paragraphs)).toBe(1);
    expect(store.livePassageScheme().key).toBe(FINE.key);
    expect(store.changesSince(since + 1, 10).articles.map((a) => a.id)).toEqual(['c']);
    expect(store.passages(FINE.key).countPassages()).toBe(6);

    let error: unknown;
    try {
      store.writeArticles([{ article: article('d'), passages: whole(article('d')) }], DEFAULT_PASSAGE_SCHEME);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ArchiveError);
    expect((error as ArchiveError).code).toBe('PASSAGE_SCHEME_CHANGED');
    expect(store.getArticle('d')).toBeNull();
    expect(store.writeArticles([{ article: article('d'), passages: paragraphs(article('d')) }], FINE.key)).toEqual(['new']);
  });

  it('counts an article whose passages changed as updated, and drops a scheme that is not live', () => {
    // Same article, cut another way in the live scheme: a new change number, so indexes refresh it.
    expect(store.writeArticles([{ article: article('a'), passages: paragraphs(article('a')) }])).toEqual(['updated']);
    expect(store.writeArticles([{ article: article('a'), passages: paragraphs(article('a')) }])).toEqual(['unchanged']);
    store.addPassageScheme(FINE);
    store.recutArticles(FINE.key, store.getArticles(['a', 'b']), paragraphs);
    expect(() => store.dropPassageScheme(DEFAULT_PASSAGE_SCHEME)).toThrow(/is live/);
    expect(store.dropPassageScheme(FINE.key)).toBe(4);
    expect(store.passageSchemes().map((scheme) => scheme.key)).toEqual([DEFAULT_PASSAGE_SCHEME]);
    expect(store.passages().countPassages()).toBe(3);
  });

  it("visits every passage of the scheme once, with its own model's vector or none", () => {
    // 'c' shares its text with 'a': one vector, two passages. 'b' has a vector for another model only.
    store.writeArticles([{ article: article('c'), passages: whole(article('a')) }]);
    store.addPassageScheme(FINE);
    store.recutArticles(FINE.key, store.getArticles(['a']), paragraphs);
    const hashOf = (id: string) => store.passages().passagesWithoutEmbedding('m', 10).find((p) => p.text === whole(article(id))[0])!.textHash;
    const [hashA, hashB] = [hashOf('a'), hashOf('b')];
    store.putEmbeddings('m', [{ textHash: hashA, vector: new Float32Array([1, 0]) }]);
    store.putEmbeddings('other', [{ textHash: hashB, vector: new Float32Array([0, 1]) }]);
    const seen: [string, number[] | null][] = [];
    store.passages().forEachPassageVector('m', (_, articleId, vector) => seen.push([articleId, vector && [...new Float32Array(vector.buffer, vector.byteOffset, 2)]]));
    expect(seen.sort()).toEqual([['a', [1, 0]], ['b', null], ['c', [1, 0]]]);
  });

  it("keeps an article's first passage at its lowest id, through rewrites (what ranking by the first passage relies on)", () => {
    const three = (id: string, version: string) => ({ ...article(id), body: ['un', 'deux', 'trois'].map((n) => `${n} ${version} ${id}.`).join('\n\n') });
    store.writeArticles([{ article: three('c', 'v1'), passages: paragraphs(three('c', 'v1')) }]);
    store.writeArticles([{ article: three('d', 'v1'), passages: paragraphs(three('d', 'v1')) }]);
    // Rewritten with one paragraph changed: "c" gets passages after "d"'s.
    const rewritten = { ...three('c', 'v1'), body: 'un v1 c.\n\ndeux v2 c.\n\ntrois v1 c.' };
    store.writeArticles([{ article: rewritten, passages: paragraphs(rewritten) }]);
    const ofC = store.passages().passagesWithoutEmbedding('m', 100).filter((p) => p.text.endsWith(' c.'));
    expect(ofC.map((p) => p.text)).toEqual(['un v1 c.', 'deux v2 c.', 'trois v1 c.']);
    const ofD = store.passages().passagesWithoutEmbedding('m', 100).filter((p) => p.text.endsWith(' d.'));
    expect(ofC[0]!.passageId).toBeGreaterThan(ofD.at(-1)!.passageId);
  });
});
