import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, type Article } from '@archive/core';
import { ArticleStore, type ArticleFilters } from '@archive/store';
import { VectorIndex } from './vector-index.ts';

const DIM = 16;
const MODEL = 'test-model';
const COUNT = 3000;

/** A deterministic unit vector per seed. */
function vector(seed: number): Float32Array {
  const v = new Float32Array(DIM).map((_, i) => (Math.sin(seed * 12.9898 + i * 78.233) * 43758.5453) % 1);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

/** Article i: English one time in ten, section "rare" one time in thirty-three. */
const article = (i: number): Article => ({
  id: `a${i}`, url: null, title: `a${i}`, summary: null, body: `a${i}`, authors: [], date: `20${10 + (i % 10)}-01-01`, published: null,
  section: i % 33 === 0 ? 'rare' : 'common', tags: [], lang: i % 10 === 0 ? 'en' : 'fr', source: null,
});

describe('VectorIndex.search with a filter', () => {
  let dir: string;
  let store: ArticleStore;
  let index: VectorIndex;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'nearest-passing-'));
    store = ArticleStore.open(dir, silentLogger());
    store.writeArticles(Array.from({ length: COUNT }, (_, i) => ({ article: article(i), passages: [`passage ${i}`] })));
    const pending = store.passages().passagesWithoutEmbedding(MODEL, COUNT);
    store.putEmbeddings(MODEL, pending.map((p) => ({ textHash: p.textHash, vector: vector(Number(p.text.slice(8))) })));
    // A breadth that makes the graph search exact on 3,000 points, so any difference is the filtering's.
    index = await VectorIndex.open({ dir: path.join(dir, 'vectors'), store, modelKey: MODEL, dimensions: DIM, ef: 3000, logger: silentLogger() });
  });
  afterAll(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The filtered nearest by brute force over every article. */
  const exact = (query: Float32Array, k: number, passes: (a: Article) => boolean) =>
    Array.from({ length: COUNT }, (_, i) => article(i))
      .filter(passes)
      .map((a) => ({ id: a.id, similarity: vector(Number(a.id.slice(1))).reduce((sum, x, d) => sum + x * query[d]!, 0) }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, k)
      .map((hit) => hit.id);

  const cases: { name: string; filters: ArticleFilters; passes: (a: Article) => boolean }[] = [
    { name: 'no filter', filters: {}, passes: () => true },
    { name: 'a broad filter (nine in ten pass)', filters: { langs: ['fr'] }, passes: (a) => a.lang === 'fr' },
    { name: 'a filter one in ten passes (widened past the limit)', filters: { langs: ['en'] }, passes: (a) => a.lang === 'en' },
    { name: 'a rare one (walked with the filter after widening, past the limit)', filters: { sections: ['rare'] }, passes: (a) => a.section === 'rare' },
    { name: 'two filters', filters: { langs: ['fr'], dateFrom: '2015-01-01' }, passes: (a) => a.lang === 'fr' && a.date! >= '2015-01-01' },
  ];
  for (const { name, filters, passes } of cases) {
    it(`finds the filtered nearest passages with ${name}: scanned, checked after the search, or walked`, () => {
      const mask = store.filtered.mask(filters) ?? undefined;
      const ids = new Set(Array.from({ length: COUNT }, (_, i) => article(i)).filter(passes).map((a) => a.id));
      for (const seed of [5001, 5002, 5003]) {
        const query = vector(seed);
        const want = exact(query, 40, passes);
        // Scanned below the exact search limit; above it, checked after an unfiltered search
        // (widened when too few pass); -1: the graph walked with the filter.
        for (const limit of [100_000, 50, -1]) {
          index.setExactSearchLimit(limit);
          expect(index.search(query, 40, mask).map((hit) => hit.articleId)).toEqual(want);
          // Article ids give the same answer as the filter's mask.
          if (mask) expect(index.search(query, 40, ids).map((hit) => hit.articleId)).toEqual(want);
        }
      }
    });
  }

  it('finds nothing when no article passes', () => {
    expect(index.search(vector(1), 10, store.filtered.mask({ sections: ['none'] })!)).toEqual([]);
    expect(index.search(vector(1), 10, new Set(['unknown']))).toEqual([]);
  });
});
