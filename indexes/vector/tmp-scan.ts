import { VectorMatrix } from './src/vector-matrix.ts';
const dims = 384, n = 25000;
const m = new VectorMatrix(dims, n);
const v = new Float32Array(dims);
for (let l = 0; l < n; l++) { for (let i = 0; i < dims; i++) v[i] = Math.random() - 0.5; m.set(l * 3, v); }
const labels = Array.from({ length: n }, (_, l) => l * 3);
const q = new Float32Array(dims).map(() => Math.random() - 0.5);
for (let r = 0; r < 5; r++) { const t = performance.now(); m.nearest(q, labels, 300); console.log('nearest', (performance.now() - t).toFixed(1)); }
// raw dot loop
const data = (m as any).data as Float32Array;
for (let r = 0; r < 3; r++) {
  const t = performance.now(); let s = 0;
  for (let slot = 0; slot < n; slot++) { let a = 0, b = 0, c = 0, d = 0; const o = slot * dims; for (let i = 0; i < dims; i += 4) { a += q[i]! * data[o + i]!; b += q[i + 1]! * data[o + i + 1]!; c += q[i + 2]! * data[o + i + 2]!; d += q[i + 3]! * data[o + i + 3]!; } s += a + b + c + d; }
  console.log('raw', (performance.now() - t).toFixed(1), s > 0);
}
