import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KERNEL_BINARY, compileKernel } from './compile-kernel.ts';
import { QuantizedRows } from './quantized-rows.ts';

let seed = 7;
const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647) - 0.5;
const unit = (values: number[]) => {
  const norm = Math.hypot(...values);
  return Float64Array.from(values, (value) => value / norm);
};
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
};

describe('QuantizedRows', () => {
  it('loads the kernel compiled from int8-dot.wat (rebuild with build:kernel after editing it)', async () => {
    expect(Buffer.from(await compileKernel()).equals(readFileSync(KERNEL_BINARY))).toBe(true);
  });

  it.each([384, 24, 100])('scores %i-dimension rows within each error bound, and the bound is tight enough to rank by', (dims) => {
    const rows = new QuantizedRows(dims);
    // Real embeddings share a large common direction: vectors near one another, as they are.
    const common = Array.from({ length: dims }, random);
    const vectors = Array.from({ length: 3000 }, () => unit(common.map((value) => value + 0.6 * random())));
    // Slots out of order and reused, past the first allocation.
    vectors.forEach((vector, i) => rows.set((i * 7) % 3000, vector));
    const slots = Int32Array.from({ length: 3000 }, (_, i) => (i * 13) % 3000);
    const query = unit(common.map((value) => value + 0.6 * random()));
    const { approx, error } = rows.score(query, slots);
    let widest = 0;
    slots.forEach((slot, i) => {
      const exact = dot(query, vectors.find((_, j) => (j * 7) % 3000 === slot)!);
      expect(Math.abs(approx[i]! - exact)).toBeLessThanOrEqual(error[i]!);
      widest = Math.max(widest, error[i]!);
    });
    // One step of the largest component in 127: the bound stays near a hundredth.
    expect(widest).toBeLessThan(0.02);
  });

  it('scores the same slots again from its copy of their rows, and not after a write', () => {
    const dims = 64;
    const rows = new QuantizedRows(dims);
    const vectors = Array.from({ length: 500 }, () => unit(Array.from({ length: dims }, random)));
    vectors.forEach((vector, slot) => rows.set(slot, vector));
    const slots = Int32Array.from({ length: 200 }, (_, i) => 499 - 2 * i);
    const [first, second] = [unit(Array.from({ length: dims }, random)), unit(Array.from({ length: dims }, random))];
    // Scores are a view of a reused buffer: kept as arrays of their own.
    const scattered = [...rows.score(second, Int32Array.from(slots)).approx];
    // The same array twice in a row: the second scan copies its rows side by side (the first does
    // not: a filter searched once never reads a copy), the third reads the copy.
    expect([...rows.score(first, slots).approx]).toEqual([...rows.score(first, Int32Array.from(slots)).approx]);
    rows.score(first, slots);
    rows.score(first, slots);
    expect([...rows.score(second, slots).approx]).toEqual(scattered);
    // A slot rewritten since: its new vector is what counts.
    rows.set(499, second);
    const { approx, error } = rows.score(second, slots);
    expect(Math.abs(approx[0]! - 1)).toBeLessThanOrEqual(error[0]!);
  });
});
