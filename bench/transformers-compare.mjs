// Side-by-side comparison of @xenova/transformers 2.17.2 and @huggingface/transformers 3.8.1 on the
// shared model folder and the same passages (why the product uses the latter). Neither extra
// package is a dependency of the product; install both in a scratch folder and run from there:
//
//   mkdir -p /tmp/xenova && cd /tmp/xenova && cp /work/main/bench/transformers-compare.mjs compare.mjs
//   echo '{"type":"module","dependencies":{"@xenova/transformers":"2.17.2","@huggingface/transformers":"3.8.1"},"overrides":{"sharp":"^0.33.5"}}' > package.json
//   npm install --ignore-scripts && node compare.mjs /path/to/data-dir/archive.sqlite
//
// (sharp@0.32, which @xenova/transformers 2.x asks for, downloads libvips at install: hence the override.)
import Database from '/work/main/node_modules/.pnpm/node_modules/better-sqlite3/lib/index.js';
const texts = new Database(process.argv[2], { readonly: true }).prepare('select text from passages order by id limit 160').pluck().all().map((t) => `passage: ${t}`);
const results = {};
for (const [name, load] of [
  ['@huggingface/transformers 3.8.1', async () => { const t = await import('@huggingface/transformers'); t.env.allowRemoteModels = false; t.env.localModelPath = '/work/shared/models/'; return t.pipeline('feature-extraction', 'multilingual-e5-small', { dtype: 'q8' }); }],
  ['@xenova/transformers 2.17.2', async () => { const t = await import('@xenova/transformers'); t.env.allowRemoteModels = false; t.env.localModelPath = '/work/shared/models/'; return t.pipeline('feature-extraction', 'multilingual-e5-small', { quantized: true }); }],
]) {
  let t0 = performance.now();
  const pipe = await load();
  const loadMs = performance.now() - t0;
  await pipe(texts.slice(0, 16), { pooling: 'mean', normalize: true });
  t0 = performance.now();
  const vectors = [];
  for (let i = 0; i < texts.length; i += 16) {
    const out = await pipe(texts.slice(i, i + 16), { pooling: 'mean', normalize: true });
    for (let r = 0; r < out.dims[0]; r++) vectors.push(out.data.slice(r * 384, (r + 1) * 384));
  }
  const s = (performance.now() - t0) / 1000;
  const q0 = performance.now();
  for (let i = 0; i < 30; i++) await pipe([`query: requête numéro ${i} sur les inondations`], { pooling: 'mean', normalize: true });
  results[name] = { loadMs: Math.round(loadMs), passagesPerSecond: +(texts.length / s).toFixed(2), queryMs: +((performance.now() - q0) / 30).toFixed(1), vectors };
}
const [a, b] = Object.values(results);
const cos = a.vectors.map((v, i) => v.reduce((s, x, j) => s + x * b.vectors[i][j], 0));
for (const [name, r] of Object.entries(results)) console.log(name, { loadMs: r.loadMs, passagesPerSecond: r.passagesPerSecond, queryMs: r.queryMs });
console.log('cosine between the two libraries\' vectors: min', Math.min(...cos).toFixed(6), 'mean', (cos.reduce((s, x) => s + x, 0) / cos.length).toFixed(6));
