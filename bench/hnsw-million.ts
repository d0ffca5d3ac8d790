/**
 * The vector index alone at 1,000,000 passages: real passage vectors (a source archive's)
 * replicated with noise, the product's HNSW settings (M, efConstruction from
 * indexes/vector/src/vector-index.ts; ef as configured, 800 by default, and a few others), against
 * exact search (a scan of every vector) on a few hundred real queries (the orangesum-fr topics,
 * OrangeSum headlines and WMT news sentences, embedded by the product's model).
 *
 *   npx tsx bench/hnsw-million.ts [--source /tmp/eval/orangesum] [--passages 1000000] [--queries 300]
 *                                 [--index /tmp/scale/hnsw-1m.hnsw] [--label NAME] [--ef 100,300,800,1200]
 *
 * Replication: passage i is source vector (i mod n) plus Gaussian noise, renormalised; the first n
 * are the source vectors themselves. `--sigma auto` (default) sets the noise so that a copy is as
 * far from its source as a real passage is from its nearest other passage (median of 400
 * sampled): each source vector then stands for about 38 distinct passages around it. `--sigma
 * 0.01` (bench/scale.ts's copies, cosine 0.98 to the source) makes 38 near-duplicates of each
 * passage instead. `--noise data` (default) takes the offset along the difference of two random
 * real vectors (the directions real passages differ in); `--noise isotropic` draws it in all 384
 * dimensions alike, which makes the replicated set far higher-dimensional than real passages and
 * HNSW's recall collapse (see docs/scaling.md). `--noise blend` makes each new passage a random
 * blend (weights drawn uniformly from the simplex) of a source vector and two of its 20 nearest
 * real passages, renormalised: new passages fill the space between related real ones, as a
 * denser archive's would, instead of standing as copies around each source.
 * Reports build time (one thread, as the product builds), memory, recall@10 of passages (HNSW top
 * 10 vs exact top 10, k = 10), recall@10 of articles as the search service asks (k = 300 passages,
 * best passage per source article), and latency, per ef. The built index is kept at --index and
 * reused by later runs (build figures then come from the run that built it).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { createLogger, loadConfig } from '../packages/core/src/index.ts';
import { loadEmbedder } from '../packages/embeddings/src/index.ts';
import { HNSW_EF_CONSTRUCTION, HNSW_M } from '../indexes/vector/src/index.ts';
import { VectorMatrix } from '../indexes/vector/src/vector-matrix.ts';
import { noisy, readSource } from './lib/scale-archive.ts';
import { buildQuerySet } from './lib/queries.ts';
import { latencyStats, memorySnapshot, round, seededRandom } from './lib/stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA = process.env['ARCHIVE_SHARED_DATA'] ?? path.resolve(ROOT, '../shared/data');
const { values } = parseArgs({
  options: {
    source: { type: 'string', default: '/tmp/eval/orangesum' },
    passages: { type: 'string', default: '1000000' },
    queries: { type: 'string', default: '300' },
    index: { type: 'string', default: '/tmp/scale/hnsw-1m.hnsw' },
    label: { type: 'string', default: 'run' },
    sigma: { type: 'string', default: 'auto' },
    noise: { type: 'string', default: 'data' },
    m: { type: 'string', default: String(HNSW_M) },
    ef: { type: 'string', default: '100,300,800,1200' },
  },
});
const N = Number(values.passages);
/** Graph degree (the product's by default; another to see what the replicated clusters need). */
const M = Number(values.m);
const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
const config = loadConfig({ env: process.env, overrides: { logLevel: 'warn', model: { cacheDir: null } } });
const modelKey = `${config.model.id}@${config.model.dtype}`;
const DIM = 384;

// hnswlib-node through the vector index package that depends on it.
const require = createRequire(new URL('../indexes/vector/package.json', import.meta.url));
interface Hnsw {
  initIndex(options: { maxElements: number; m: number; efConstruction: number; randomSeed: number; allowReplaceDeleted: boolean }): void;
  readIndex(file: string, allowReplaceDeleted: boolean): Promise<boolean>;
  writeIndex(file: string): Promise<boolean>;
  addPoint(point: number[], label: number, replaceDeleted: boolean): void;
  searchKnn(point: number[], k: number): { neighbors: number[]; distances: number[] };
  setEf(ef: number): void;
  getCurrentCount(): number;
}
const { HierarchicalNSW } = require('hnswlib-node') as { HierarchicalNSW: new (space: 'cosine', dimensions: number) => Hnsw };

const started = performance.now();
const sources = readSource(path.resolve(values.source), modelKey);
const sourceVectors = sources.flatMap((s) => s.passages.map((p) => p.vector));
const sourceArticle = sources.flatMap((s, a) => s.passages.map(() => a));
log(`source: ${sources.length} articles, ${sourceVectors.length} passage vectors`);

// The noise: given, or (auto) such that a copy is as far from its source as a real passage is
// from its nearest other passage (median over 400 sampled source passages): copies then stand for
// new passages near the source, not for near-duplicates of it.
const sourceMatrix = new VectorMatrix(DIM, sourceVectors.length);
sourceVectors.forEach((vector, i) => sourceMatrix.set(i, vector));
const sourceLabels = sourceVectors.map((_, i) => i);
const sampleRandom = seededRandom(400);
const nearestCosines: number[] = [];
for (let s = 0; s < 400; s++) {
  const i = Math.floor(sampleRandom() * sourceVectors.length);
  const [, second] = sourceMatrix.nearest(sourceVectors[i]!, sourceLabels, 2);
  if (second) nearestCosines.push(second.similarity);
}
nearestCosines.sort((a, b) => a - b);
const medianNearest = nearestCosines[Math.floor(nearestCosines.length / 2)]!;
// |noise|² = DIM σ²; the cosine of v + noise to v is 1 / sqrt(1 + DIM σ²).
const SIGMA = values.sigma === 'auto' ? Math.sqrt((1 / medianNearest ** 2 - 1) / DIM) : Number(values.sigma);
log(`median nearest-passage cosine ${medianNearest.toFixed(3)}; noise σ = ${SIGMA.toFixed(4)} (copy-to-source cosine ≈ ${(1 / Math.sqrt(1 + DIM * SIGMA ** 2)).toFixed(3)})`);

// The replicated vectors, kept for the exact search (the same class as the product's exact path).
// `--noise data`: the offset is the difference of two random real vectors, scaled to the same
// length as the isotropic noise would have (so the copy is as far from its source), which keeps
// copies within the directions real passages vary in; `--noise isotropic`: Gaussian noise.
const matrix = new VectorMatrix(DIM, N);
const random = seededRandom(1_000_000);
const offsetLength = Math.sqrt(DIM) * SIGMA;
function dataNoisy(base: Float32Array): Float32Array {
  const a = sourceVectors[Math.floor(random() * sourceVectors.length)]!;
  const b = sourceVectors[Math.floor(random() * sourceVectors.length)]!;
  let norm = 0;
  for (let d = 0; d < DIM; d++) norm += (a[d]! - b[d]!) ** 2;
  const scale = offsetLength / (Math.sqrt(norm) || 1);
  return Float32Array.from(base, (x, d) => x + scale * (a[d]! - b[d]!));
}
// `--noise blend`: each source's nearest real passages (itself excluded), found once.
const BLEND_NEIGHBOURS = 20;
const neighboursOf = values.noise === 'blend'
  ? sourceVectors.map((vector, i) => sourceMatrix.nearest(vector, sourceLabels, BLEND_NEIGHBOURS + 1).map((hit) => hit.label).filter((label) => label !== i))
  : [];
function blended(source: number): Float32Array {
  const neighbours = neighboursOf[source]!;
  const a = sourceVectors[neighbours[Math.floor(random() * neighbours.length)]!]!;
  const b = sourceVectors[neighbours[Math.floor(random() * neighbours.length)]!]!;
  // Uniform on the simplex: sorted uniforms' gaps.
  const [u, v] = [random(), random()].sort((x, y) => x - y) as [number, number];
  const [w0, w1, w2] = [u, v - u, 1 - v];
  const base = sourceVectors[source]!;
  const out = Float32Array.from(base, (x, d) => w0 * x + w1 * a[d]! + w2 * b[d]!);
  const norm = Math.hypot(...out) || 1;
  return out.map((x) => x / norm);
}
if (values.noise === 'blend') log(`nearest ${BLEND_NEIGHBOURS} real passages of every source found in ${((performance.now() - started) / 1000).toFixed(0)} s`);
for (let i = 0; i < N; i++) {
  const source = i % sourceVectors.length;
  const base = sourceVectors[source]!;
  const made = i < sourceVectors.length ? base
    : values.noise === 'blend' ? blended(source)
    : values.noise === 'data' ? dataNoisy(base)
    : noisy(base, random, SIGMA);
  matrix.set(i, made);
}
log(`${N} vectors made in ${((performance.now() - started) / 1000).toFixed(0)} s`);
const memoryBefore = memorySnapshot();

const hnsw = new HierarchicalNSW('cosine', DIM);
let build: { seconds: number; perSecond: number; builtAt: string } | null = null;
const buildFile = `${values.index}.json`;
if (existsSync(values.index) && existsSync(buildFile)) {
  const t = performance.now();
  await hnsw.readIndex(values.index, true);
  build = JSON.parse(readFileSync(buildFile, 'utf8')) as typeof build;
  log(`index read from ${values.index} in ${((performance.now() - t) / 1000).toFixed(1)} s (built ${build!.builtAt})`);
  if (hnsw.getCurrentCount() !== N) throw new Error(`${values.index} holds ${hnsw.getCurrentCount()} points, not ${N}: remove it`);
} else {
  hnsw.initIndex({ maxElements: N, m: M, efConstruction: HNSW_EF_CONSTRUCTION, randomSeed: 42, allowReplaceDeleted: true });
  const t = performance.now();
  for (let i = 0; i < N; i++) {
    // As the product adds a vector: a plain array.
    hnsw.addPoint(Array.from(matrix.row(i)!), i, true);
    if (i % 50_000 === 49_999) log(`  built ${i + 1} (${((i + 1) / ((performance.now() - t) / 1000)).toFixed(0)}/s)`);
  }
  const seconds = (performance.now() - t) / 1000;
  build = { seconds: round(seconds, 1), perSecond: round(N / seconds, 0), builtAt: new Date().toISOString() };
  mkdirSync(path.dirname(values.index), { recursive: true });
  await hnsw.writeIndex(values.index);
  writeFileSync(buildFile, JSON.stringify(build));
}
const memoryAfter = memorySnapshot();

// Queries: real ones, embedded by the product's model.
const embedder = await loadEmbedder(config.model, createLogger({ level: 'warn' }));
const { measured } = await buildQuerySet(
  { topics: path.join(DATA, 'orangesum-fr-topics/topics.jsonl'), orangesum: path.join(DATA, 'orangesum-fr/articles.jsonl.gz'), wmt: path.join(DATA, 'wmt-newstest-fr-en/documents.jsonl.gz') },
  Number(values.queries),
  0,
);
const queries: Float32Array[] = [];
for (const query of measured) queries.push(await embedder.embedQuery(query.text));
log(`${queries.length} queries embedded`);

const everyLabel = Array.from({ length: N }, (_, i) => i);
const exactTimes: number[] = [];
const truth = queries.map((q) => {
  const t = performance.now();
  const top = matrix.nearest(q, everyLabel, 300);
  exactTimes.push(performance.now() - t);
  return top;
});
const articleOf = (label: number) => sourceArticle[label % sourceVectors.length]!;
const topArticles = (labels: number[], n: number) => {
  const seen: number[] = [];
  for (const label of labels) {
    const article = articleOf(label);
    if (!seen.includes(article)) seen.push(article);
    if (seen.length === n) break;
  }
  return seen;
};

const rows: { ef: number; recallAt10: number; tieAwareRecallAt10: number; articleRecallAt10: number; p50: number; p95: number; p50k300: number; p95k300: number }[] = [];
for (const ef of values.ef.split(',').map(Number)) {
  hnsw.setEf(ef);
  let recall = 0;
  let tieAware = 0;
  let articleRecall = 0;
  const times: number[] = [];
  const times300: number[] = [];
  queries.forEach((q, i) => {
    const vector = Array.from(q);
    let t = performance.now();
    const knn = hnsw.searchKnn(vector, 10);
    const top10 = knn.neighbors;
    times.push(performance.now() - t);
    const exact10 = new Set(truth[i]!.slice(0, 10).map((hit) => hit.label));
    recall += top10.filter((label) => exact10.has(label)).length / 10;
    // Tie-aware: a hit as similar as the exact 10th counts (copies with the same vector tie).
    const tenth = truth[i]![9]!.similarity;
    tieAware += Math.min(10, knn.distances.filter((d) => 1 - d >= tenth - 1e-5).length) / 10;
    hnsw.setEf(Math.max(ef, 300));
    t = performance.now();
    const result = hnsw.searchKnn(vector, 300);
    times300.push(performance.now() - t);
    hnsw.setEf(ef);
    // As the search service ranks: best passage per article, by similarity.
    const order = result.neighbors.map((label, j) => ({ label, d: result.distances[j]! })).sort((a, b) => a.d - b.d).map((x) => x.label);
    const exactArticles = new Set(topArticles(truth[i]!.map((hit) => hit.label), 10));
    articleRecall += topArticles(order, 10).filter((a) => exactArticles.has(a)).length / Math.max(1, exactArticles.size);
  });
  const s = latencyStats(times);
  const s300 = latencyStats(times300);
  rows.push({ ef, recallAt10: round(recall / queries.length, 4), tieAwareRecallAt10: round(tieAware / queries.length, 4), articleRecallAt10: round(articleRecall / queries.length, 4), p50: s.p50, p95: s.p95, p50k300: s300.p50, p95k300: s300.p95 });
  log(`ef ${ef}: recall@10 ${(recall / queries.length).toFixed(4)}`);
}

const exact = latencyStats(exactTimes);
const lines = [
  `HNSW at ${N.toLocaleString('en-US')} passages (${sourceVectors.length} real vectors from ${values.source}, ${values.noise === 'blend' ? `blended with their ${BLEND_NEIGHBOURS} nearest real passages` : `replicated with ${values.noise} noise of σ = ${SIGMA.toFixed(4)}: copy-to-source cosine ≈ ${(1 / Math.sqrt(1 + DIM * SIGMA ** 2)).toFixed(3)}`}; ` +
    `median nearest-passage cosine of the source ${medianNearest.toFixed(3)}), ` +
    `M = ${M}, efConstruction = ${HNSW_EF_CONSTRUCTION}; ${queries.length} real queries; Node ${process.version}, ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  `build: ${build!.seconds} s (${build!.perSecond} passages/s, one thread; built ${build!.builtAt}); ` +
    `memory: RSS ${memoryAfter.rssMb} MB with the index, ${memoryBefore.rssMb} MB before it (the exact-search matrix of ${round((N * DIM * 4) / 2 ** 20, 0)} MB and the source) → index ≈ ${round(memoryAfter.rssMb - memoryBefore.rssMb, 0)} MB`,
  `exact search (scan of every vector, k = 300): p50 ${exact.p50.toFixed(1)} ms, p95 ${exact.p95.toFixed(1)} ms`,
  '',
  `${'ef'.padStart(6)}${'recall@10'.padStart(11)}${'tie-aware'.padStart(11)}${'articles@10'.padStart(13)}${'p50 k=10'.padStart(10)}${'p95 k=10'.padStart(10)}${'p50 k=300'.padStart(11)}${'p95 k=300'.padStart(11)}`,
  ...rows.map((r) => `${String(r.ef).padStart(6)}${r.recallAt10.toFixed(4).padStart(11)}${r.tieAwareRecallAt10.toFixed(4).padStart(11)}${r.articleRecallAt10.toFixed(4).padStart(13)}${r.p50.toFixed(2).padStart(10)}${r.p95.toFixed(2).padStart(10)}${r.p50k300.toFixed(2).padStart(11)}${r.p95k300.toFixed(2).padStart(11)}`),
  `(ef in use: ${config.search.ef}; the search service asks k = 300 passages, so ef = max(ef, 300))`,
];
console.log(lines.join('\n'));
const resultsDir = path.join(ROOT, 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
const file = path.join(resultsDir, `hnsw-million-${values.label}.json`);
writeFileSync(file, `${JSON.stringify({
  benchmark: 'hnsw-million', label: values.label, at: new Date().toISOString(), passages: N, sourceVectors: sourceVectors.length, source: values.source,
  noise: values.noise, noiseSigma: SIGMA, medianNearestCosine: medianNearest, m: M, efConstruction: HNSW_EF_CONSTRUCTION, efInUse: config.search.ef, queries: queries.length,
  build, memory: { before: memoryBefore, after: memoryAfter }, exact, rows, environment: { node: process.version, cores: cpus().length, loadAverageAtEnd: loadavg() },
}, null, 2)}\n`);
console.log(`written to ${file}`);
process.exit(0);
