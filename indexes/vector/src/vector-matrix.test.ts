import { describe, expect, it } from 'vitest';
import { VectorMatrix } from './vector-matrix.ts';

const DIM = 24;
let seed = 11;
const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647) - 0.5;
const randomVector = () => Float32Array.from({ length: DIM }, random);
const cosine = (a: Float32Array, b: Float32Array, dims = DIM) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < dims; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
};

describe('VectorMatrix', () => {
  it('lists the live rows a filter keeps, in memory order, and gives up past the limit', () => {
    const matrix = new VectorMatrix(DIM, 4);
    // Labels in group label % 5.
    for (let label = 0; label < 50; label++) matrix.set(label, randomVector(), label % 5);
    // Freed rows are taken again by new labels; a freed row never counts.
    for (const label of [5, 10, 12]) matrix.delete(label);
    matrix.set(100, randomVector(), 5);
    const inGroups = matrix.slotsInGroups(Uint8Array.of(1, 0, 0, 0, 0, 1), 1000)!;
    const labels = [...inGroups].map((slot) => matrix.nearestInSlots(randomVector(), Int32Array.of(slot), 1)[0]!.label);
    expect(labels.sort((a, b) => a - b)).toEqual([0, 15, 20, 25, 30, 35, 40, 45, 100]);
    expect([...inGroups]).toEqual([...inGroups].sort((a, b) => a - b));
    const every = Uint8Array.of(1, 1, 1, 1, 1, 1);
    expect(matrix.slotsInGroups(every, 47)).toBeNull();
    expect(matrix.slotsInGroups(every, 48)!.length).toBe(48);
  });

  it('finds the k most similar among the given labels, as a full sort would, and grows', () => {
    const matrix = new VectorMatrix(DIM, 4);
    const vectors = new Map<number, Float32Array>();
    for (let label = 0; label < 500; label++) {
      const vector = randomVector();
      vectors.set(label * 3, vector);
      matrix.set(label * 3, vector);
    }
    expect(matrix.size).toBe(500);
    for (let q = 0; q < 5; q++) {
      const query = randomVector();
      const labels = [...vectors.keys()].filter((label) => label % 2 === 0);
      const expected = labels
        .map((label) => ({ label, similarity: cosine(query, vectors.get(label)!) }))
        .sort((a, b) => b.similarity - a.similarity)
        .slice(0, 12);
      const found = matrix.nearest(query, [...labels, 99_999], 12);
      expect(found.map((hit) => hit.label)).toEqual(expected.map((hit) => hit.label));
      found.forEach((hit, i) => expect(hit.similarity).toBeCloseTo(expected[i]!.similarity, 5));
    }
  });

  it('ranks exactly among thousands of near-identical vectors, as real embeddings are (the int8 pass loses none)', () => {
    const dims = 384;
    const matrix = new VectorMatrix(dims);
    const common = Array.from({ length: dims }, random);
    const near = () => Float32Array.from(common, (value) => value + 0.03 * random());
    const vectors = new Map<number, Float32Array>();
    for (let label = 0; label < 6000; label++) {
      vectors.set(label, near());
      matrix.set(label, vectors.get(label)!);
    }
    for (let q = 0; q < 3; q++) {
      const query = near();
      const labels = [...vectors.keys()].filter((label) => label % 3 !== q);
      for (const k of [10, 300]) {
        const expected = labels
          .map((label) => ({ label, similarity: cosine(query, vectors.get(label)!, dims) }))
          .sort((a, b) => b.similarity - a.similarity)
          .slice(0, k);
        const found = matrix.nearest(query, labels, k);
        // The same similarities rank by rank (float32 against float64: equal to 1e-6, so near
        // ties may swap), and no label below the k-th.
        expect(found).toHaveLength(k);
        found.forEach((hit, i) => {
          expect(Math.abs(hit.similarity - expected[i]!.similarity)).toBeLessThan(1e-6);
          expect(cosine(query, vectors.get(hit.label)!, dims)).toBeGreaterThan(expected[k - 1]!.similarity - 1e-6);
        });
      }
    }
  });

  it('reuses the rows of deleted labels and replaces a label in place', () => {
    const matrix = new VectorMatrix(DIM, 2);
    const a = randomVector();
    const b = randomVector();
    matrix.set(1, a);
    matrix.set(2, b);
    matrix.delete(1);
    expect(matrix.has(1)).toBe(false);
    matrix.set(3, a);
    matrix.set(2, a);
    expect(matrix.size).toBe(2);
    expect(matrix.nearest(a, [1, 2, 3], 5).map((hit) => hit.label)).toEqual([2, 3]);
    expect(matrix.nearest(a, [2], 5)[0]!.similarity).toBeCloseTo(1, 5);
    expect(Math.hypot(...matrix.row(3)!)).toBeCloseTo(1, 5);
    expect(matrix.row(1)).toBeNull();
    expect(matrix.nearest(a, [2, 3], 0)).toEqual([]);
  });
});
