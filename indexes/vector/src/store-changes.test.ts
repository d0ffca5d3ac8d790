import { describe, expect, it } from 'vitest';
import type { Article } from '@archive/core';
import type { ArticleStore } from '@archive/store';
import { eachWithTempStore } from '@archive/store/testing';
import { PassageLabels } from './passage-labels.ts';
import { StoreChanges } from './store-changes.ts';

const MODEL = 'test-model';
const article = (id: string): Article => ({
  id, url: null, title: id, summary: null, body: id, authors: [], date: null, published: null, section: null, tags: [], lang: 'fr', source: null,
});

let store: ArticleStore;
eachWithTempStore('changes-', (opened) => (store = opened));

/** Stores a vector for each passage still without one whose text is in `texts`. */
const embed = (texts: string[]) => {
  const pending = store.passages().passagesWithoutEmbedding(MODEL, 100).filter((p) => texts.includes(p.text));
  store.putEmbeddings(MODEL, pending.map((p) => ({ textHash: p.textHash, vector: new Float32Array([1, 0]) })));
};

describe('StoreChanges', () => {
  it('plans what to add and remove from the changes since the last sync, and watches passages for their vector', () => {
    const held = new PassageLabels();
    const changes = new StoreChanges(store, store.passages(), MODEL, held);
    expect(changes.everSynced).toBe(false);
    changes.synced(changes.beginPass());
    expect(changes.plan()).toBeNull();

    // Two articles written, one embedded: the embedded passage is to add, the other is watched.
    store.writeArticles([{ article: article('a'), passages: ['text a'] }, { article: article('b'), passages: ['text b'] }]);
    embed(['text a']);
    const first = changes.plan()!;
    const [a, b] = store.passages().passagesOf(MODEL, ['a', 'b']).map((p) => p.passageId);
    expect(first).toEqual({ remove: [], add: [a] });
    held.add(a!, 'a');
    expect(changes.plan()).toBeNull();

    // Its vector comes later: now it is to add.
    embed(['text b']);
    expect(changes.plan()).toEqual({ remove: [], add: [b] });
    held.add(b!, 'b');

    // A deletion removes its passage.
    store.deleteArticle('a');
    expect(changes.plan()).toEqual({ remove: [a], add: [] });
  });
});
