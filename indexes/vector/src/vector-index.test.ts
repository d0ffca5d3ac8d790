import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger, type Article } from '@archive/core';
import { ArticleStore } from '@archive/store';
import { eachWithTempStore } from '@archive/store/testing';
import { VectorIndex } from './vector-index.ts';

const DIM = 16;
const MODEL = 'test-model';

/** A deterministic unit vector per seed. */
function vector(seed: number): Float32Array {
  const v = new Float32Array(DIM).map((_, i) => Math.sin(seed * 12.9898 + i * 78.233) * 43758.5453 % 1);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

const article = (id: string, body = id): Article => ({
  id, url: null, title: id, summary: null, body, authors: [], date: null, published: null, section: null, tags: [], lang: 'fr', source: null,
});

// Each test gets a store of its own in a temporary folder.
let dir: string;
let store: ArticleStore;
eachWithTempStore('vectors-', (opened, folder) => {
  store = opened;
  dir = folder;
});
const open = () => VectorIndex.open({ dir: path.join(dir, 'vectors'), store, modelKey: MODEL, dimensions: DIM, ef: 50, logger: silentLogger() });

describe('VectorIndex', () => {
  /** Stores `count` articles with one passage each and their vectors. */
  const addArticles = (from: number, count: number) => {
    const ids = Array.from({ length: count }, (_, i) => `a${from + i}`);
    store.writeArticles(ids.map((id) => ({ article: article(id), passages: [`passage ${id}`] })));
    const pending = store.passages().passagesWithoutEmbedding(MODEL, 100_000);
    store.putEmbeddings(MODEL, pending.map((p) => ({ textHash: p.textHash, vector: vector(Number(p.text.slice(9))) })));
  };

  it('builds from the store, grows past its first capacity, and finds the nearest passage', async () => {
    addArticles(0, 1500);
    const index = await open();
    expect(index.size).toBe(1500);
    const [best] = index.search(vector(777), 5);
    expect(best).toMatchObject({ articleId: 'a777' });
    expect(best!.similarity).toBeCloseTo(1, 5);
    const filtered = index.search(vector(777), 5, new Set(['a3', 'a4']));
    expect(filtered.map((hit) => hit.articleId).sort()).toEqual(['a3', 'a4']);
  });

  it('saves atomically and reloads with the same labels, catching up with later changes', async () => {
    addArticles(0, 50);
    let index = await open();
    await index.save();
    // Changes the saved index does not have: an article rewritten (new passage), one added.
    store.writeArticles([{ article: article('a1', 'changed'), passages: ['passage a9001'] }]);
    addArticles(100, 1);
    const pending = store.passages().passagesWithoutEmbedding(MODEL, 10);
    store.putEmbeddings(MODEL, pending.map((p) => ({ textHash: p.textHash, vector: vector(Number(p.text.slice(9))) })));
    index = await open();
    expect(index.size).toBe(51);
    expect(index.search(vector(9001), 1)[0]).toMatchObject({ articleId: 'a1' });
    expect(index.search(vector(1), 1)[0]!.articleId).not.toBe('a1');
    expect(index.search(vector(100), 1)[0]).toMatchObject({ articleId: 'a100' });
  });

  it('rebuilds from the store when its files are damaged or missing', async () => {
    addArticles(0, 20);
    const index = await open();
    await index.save();
    const metaFile = path.join(dir, 'vectors', 'meta.json');
    const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
    rmSync(path.join(dir, 'vectors', meta.indexFile));
    expect((await open()).size).toBe(20);
    writeFileSync(metaFile, '{ torn write');
    const rebuilt = await open();
    expect(rebuilt.size).toBe(20);
    expect(rebuilt.search(vector(7), 1)[0]).toMatchObject({ articleId: 'a7' });
  });

  it('builds again, and does not read, an index saved for another model', async () => {
    addArticles(0, 20);
    await (await open()).save();
    const metaFile = path.join(dir, 'vectors', 'meta.json');
    const saved = JSON.parse(readFileSync(metaFile, 'utf8'));
    writeFileSync(metaFile, JSON.stringify({ ...saved, modelKey: 'another-model' }));
    expect((await open()).size).toBe(20);
    // Built from the store and saved under a new file: the metadata is this model's again.
    const rebuilt = JSON.parse(readFileSync(metaFile, 'utf8'));
    expect(rebuilt.modelKey).toBe(MODEL);
    expect(rebuilt.indexFile).not.toBe(saved.indexFile);
  });

  it('reopens a file whose label list lacks points of its graph (saved while it changed), and deletes them later', async () => {
    addArticles(0, 30);
    const index = await open();
    await index.save();
    // The graph holds a5, a6 and a7; the list written beside it does not know them.
    const metaFile = path.join(dir, 'vectors', 'meta.json');
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as { labels: number[]; articleIds: string[] };
    const dropped = meta.articleIds.map((id, i) => (['a5', 'a6', 'a7'].includes(id) ? i : -1)).filter((i) => i >= 0);
    writeFileSync(metaFile, JSON.stringify({ ...meta, labels: meta.labels.filter((_, i) => !dropped.includes(i)), articleIds: meta.articleIds.filter((_, i) => !dropped.includes(i)) }));
    store.deleteArticle('a6');
    const reopened = await open();
    expect(reopened.size).toBe(29);
    expect(reopened.search(vector(5), 1)[0]).toMatchObject({ articleId: 'a5' });
    // Every hit is a stored article: the deleted one's point left no nameless hit behind.
    const hits = reopened.search(vector(6), 30);
    expect(hits).toHaveLength(29);
    expect(hits.every((hit) => hit.articleId !== undefined && hit.articleId !== 'a6')).toBe(true);
    // Deleting an adopted passage later goes through like any other.
    store.deleteArticle('a7');
    expect(reopened.sync()).toEqual({ added: 0, removed: 1 });
    expect(reopened.search(vector(7), 30).map((hit) => hit.articleId)).not.toContain('a7');
    expect(reopened.size).toBe(28);
  });

  it('returns nothing from an empty index', async () => {
    expect((await open()).search(vector(1), 10)).toEqual([]);
  });
});

describe('VectorIndex filtered and incremental', () => {
  /** Articles with `passages` passages each, their vectors stored (seeded by article number and ordinal). */
  const addArticles = (from: number, count: number, passages = 2) => {
    store.writeArticles(Array.from({ length: count }, (_, i) => ({
      article: article(`a${from + i}`),
      passages: Array.from({ length: passages }, (_, p) => `passage ${(from + i) * 10 + p}`),
    })));
    embedPending();
  };
  const embedPending = () => {
    const pending = store.passages().passagesWithoutEmbedding(MODEL, 100_000);
    store.putEmbeddings(MODEL, pending.map((p) => ({ textHash: p.textHash, vector: vector(Number(p.text.slice(8))) })));
  };
  /** Exact best-first passages among the allowed articles, by brute force over the stored vectors. */
  const bruteForce = (query: Float32Array, allowed: Set<string>, k: number) => {
    const ids = [...store.passages().embeddedPassageIds(MODEL)].filter(([, articleId]) => allowed.has(articleId)).map(([id]) => id);
    return store
      .passages()
      .embeddedPassages(MODEL, ids)
      .map((p) => ({ passageId: p.passageId, similarity: p.vector.reduce((sum, x, i) => sum + x * query[i]!, 0) }))
      .sort((a, b) => b.similarity - a.similarity || a.passageId - b.passageId)
      .slice(0, k);
  };

  it('searches a small allowed set exactly: the same top passages as brute force', async () => {
    addArticles(0, 600);
    const index = await open();
    const allowed = new Set(Array.from({ length: 40 }, (_, i) => `a${i * 13}`));
    for (const seed of [3, 777, 4242, 9001]) {
      const query = vector(seed);
      const found = index.search(query, 15, allowed);
      const expected = bruteForce(query, allowed, 15);
      expect(found.map((hit) => hit.passageId)).toEqual(expected.map((hit) => hit.passageId));
      found.forEach((hit, i) => expect(hit.similarity).toBeCloseTo(expected[i]!.similarity, 5));
      expect(found.every((hit) => allowed.has(hit.articleId))).toBe(true);
    }
    // Fewer allowed passages than asked for: all of them.
    expect(index.search(vector(1), 50, new Set(['a5', 'a6']))).toHaveLength(4);
    expect(index.search(vector(1), 5, new Set(['unknown']))).toEqual([]);
  });

  it('follows writes, deletions and late vectors incrementally, as a full sync would', async () => {
    addArticles(0, 100);
    const index = await open();
    expect(index.size).toBe(200);
    // Rewritten (new passages), deleted, added without vectors yet, tags only (seq bump, same passages).
    store.writeArticles([{ article: article('a1', 'changed'), passages: ['passage 90001'] }]);
    store.deleteArticle('a2');
    store.writeArticles([{ article: article('b1'), passages: ['passage 80001', 'passage 80002'] }]);
    store.writeArticles([{ article: { ...article('a3'), tags: ['santé'] }, passages: ['passage 30', 'passage 31'] }]);
    // a1's two old passages, a2's two.
    expect(index.syncChanges()).toEqual({ added: 0, removed: 4 });
    expect(index.size).toBe(196);
    embedPending();
    expect(index.syncChanges()).toEqual({ added: 3, removed: 0 });
    expect(index.search(vector(90001), 1)[0]).toMatchObject({ articleId: 'a1' });
    expect(index.search(vector(80002), 1)[0]).toMatchObject({ articleId: 'b1' });
    expect([...index.labels()].sort()).toEqual([...store.passages().embeddedPassageIds(MODEL)].sort());
    expect(index.syncChanges()).toEqual({ added: 0, removed: 0 });
    // The exact path knows the new passages too.
    expect(index.search(vector(80002), 1, new Set(['b1', 'a7']))[0]).toMatchObject({ articleId: 'b1', passageId: expect.any(Number) });
  });

  it('refreshes in the background without losing what another process wrote', async () => {
    addArticles(0, 20);
    const index = await open();
    const other = ArticleStore.open(dir, silentLogger());
    other.writeArticles(Array.from({ length: 60 }, (_, i) => ({ article: article(`c${i}`), passages: [`passage ${50_000 + i}`] })));
    const pending = other.passages().passagesWithoutEmbedding(MODEL, 1000);
    other.putEmbeddings(MODEL, pending.map((p) => ({ textHash: p.textHash, vector: vector(Number(p.text.slice(8))) })));
    other.close();
    index.refreshIfStale(0);
    // More than one slice: added between other work, so not all at once.
    expect(index.size).toBeLessThan(100);
    await new Promise((done) => setTimeout(done, 200));
    expect(index.size).toBe(100);
    expect(index.search(vector(50_059), 1)[0]).toMatchObject({ articleId: 'c59' });
  });

  it('checkpoints only once enough changed, and a reopened index catches up with the rest', async () => {
    addArticles(0, 1500, 1);
    let index = await open();
    addArticles(2000, 100, 1);
    index.syncChanges();
    expect(await index.checkpoint()).toBe(false);
    addArticles(3000, 2000, 1);
    index.syncChanges();
    expect(await index.checkpoint()).toBe(true);
    // Written after the last save and never saved: the next open replays them from the store.
    addArticles(6000, 30, 1);
    index.syncChanges();
    index = await open();
    expect(index.size).toBe(3630);
    expect(index.search(vector(60_290), 1)[0]).toMatchObject({ articleId: 'a6029' });
  });
});
