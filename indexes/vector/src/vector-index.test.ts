import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger, type Article } from '@archive/core';
import { ArticleStore } from '@archive/store';
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

describe('VectorIndex', () => {
  let dir: string;
  let store: ArticleStore;
  const open = () => VectorIndex.open({ dir: path.join(dir, 'vectors'), store, modelKey: MODEL, dimensions: DIM, ef: 50, logger: silentLogger() });
  /** Stores `count` articles with one passage each and their vectors. */
  const addArticles = (from: number, count: number) => {
    const ids = Array.from({ length: count }, (_, i) => `a${from + i}`);
    store.writeArticles(ids.map((id) => ({ article: article(id), passages: [`passage ${id}`] })));
    const pending = store.passagesWithoutEmbedding(MODEL, 100_000);
    store.putEmbeddings(MODEL, pending.map((p) => ({ textHash: p.textHash, vector: vector(Number(p.text.slice(9))) })));
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vectors-'));
    store = ArticleStore.open(dir, silentLogger());
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

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
    const pending = store.passagesWithoutEmbedding(MODEL, 10);
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

  it('returns nothing from an empty index', async () => {
    expect((await open()).search(vector(1), 10)).toEqual([]);
  });
});
