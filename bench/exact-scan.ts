/**
 * Filtered vector search on the archive of bench/scale.ts: for filters that let 9,000–52,000 of
 * its passages through, the exact scan of their vectors (`VectorIndex.search` given the filter's
 * mask: its rows found, an int8 pass, then exact scores where in doubt), with a new mask (a
 * filter's first search) and with the same mask again (a hybrid search's second pass), against the scans as they were (SimSIMD on every row in memory order; before
 * that a JavaScript dot product per passage in label order, reproduced here) and against the
 * filtered HNSW walk. Where the lines cross is `EXACT_SEARCH_LIMIT`. k = 300 passages, as the
 * search service asks; 30 real headlines embedded once.
 *
 *   npx tsx bench/exact-scan.ts [--data-dir /tmp/scale/archive] [--label NAME]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TopK, createLogger, loadConfig } from '../packages/core/src/index.ts';
import { forServing, openArchive } from '../packages/runtime/src/index.ts';
import type { ArticleFilters } from '../packages/store/src/index.ts';
import { storeDatabase } from './lib/sqlite.ts';
import { VectorMatrix } from '../indexes/vector/src/vector-matrix.ts';
import { EXACT_SEARCH_LIMIT } from '../indexes/vector/src/index.ts';
import { latencyStats, type LatencyStats } from './lib/stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { 'data-dir': { type: 'string', default: '/tmp/scale/archive' }, label: { type: 'string', default: 'run' } } });
const config = loadConfig({ env: process.env, overrides: { dataDir: path.resolve(values['data-dir']), logLevel: 'warn', model: { cacheDir: null } } });
const archive = await openArchive(forServing(config), createLogger({ level: 'warn' }));
const { store, vectorIndex, embedder } = archive;
if (!vectorIndex || !embedder) throw new Error('needs the model and the vector index');
const db = storeDatabase(store);

const titles = db.prepare("SELECT title FROM articles WHERE id NOT LIKE '%~%' ORDER BY seq").pluck().all() as string[];
const queries = await Promise.all(titles.filter((_, i) => i % 500 === 11).slice(0, 30).map((title) => embedder.embedQuery(title)));
const sections = db.prepare('SELECT section FROM articles GROUP BY section ORDER BY count(*) DESC LIMIT 5').pluck().all() as string[];
const years = db.prepare("SELECT substr(date, 1, 4) FROM articles GROUP BY 1 ORDER BY count(*) DESC LIMIT 2").pluck().all() as string[];
const filterSets: [string, ArticleFilters][] = [
  ...sections.map((section): [string, ArticleFilters] => [`section ${section}`, { sections: [section] }]),
  ...years.map((year): [string, ArticleFilters] => [`year ${year}`, { dateFrom: `${year}-01-01`, dateTo: `${year}-12-31` }]),
];

/**
 * The scan as it was: a JavaScript dot product (four lanes) per allowed label, in the labels'
 * order, the best kept in a heap; only the row lookup differs (a view per row, here).
 */
function labelOrderScan(query: Float32Array, labels: number[], k: number): number[] {
  const norm = Math.sqrt(query.reduce((sum, x) => sum + x * x, 0)) || 1;
  const q = query.map((x) => x / norm);
  const top = new TopK<{ label: number; similarity: number }>(k, (a, b) => a.similarity - b.similarity || b.label - a.label);
  for (const label of labels) {
    const row = vectorIndex!.rowOf(label);
    if (!row) continue;
    let [a, b, c, d] = [0, 0, 0, 0];
    for (let i = 0; i < row.length; i += 4) {
      a += q[i]! * row[i]!;
      b += q[i + 1]! * row[i + 1]!;
      c += q[i + 2]! * row[i + 2]!;
      d += q[i + 3]! * row[i + 3]!;
    }
    top.offer({ label, similarity: a + b + c + d });
  }
  return top.sorted().map((hit) => hit.similarity);
}

const time = (fn: () => unknown) => {
  const started = performance.now();
  fn();
  return performance.now() - started;
};

// The same rows in a matrix of the bench's own, to time the scan before the int8 pass (every row
// scored exactly with SimSIMD) against the scan now.
const matrix = new VectorMatrix(384);
for (const label of vectorIndex.labels().keys()) matrix.set(label, vectorIndex.rowOf(label)!);

type Row = {
  filter: string; passages: number; labelOrderJs: LatencyStats; everyRowSimsimd: LatencyStats; exact: LatencyStats; exactAgain: LatencyStats; hnsw: LatencyStats;
  sameTop10Similarities: number; sameTop300AsEveryRow: number;
};
const rows: Row[] = [];
// The old scans are given the allowed passages (worked out once per filter); the scan now, a mask
// made for each query (as each request's filter gives); the walk is always the walk.
for (const [name, filters] of filterSets) {
  const allowed = store.filtered.ids(filters)!;
  const labels = vectorIndex.passagesOf(allowed);
  const old: number[] = [];
  const everyRow: number[] = [];
  const exact: number[] = [];
  const again: number[] = [];
  const walk: number[] = [];
  let same = 0;
  let sameAsEveryRow = 0;
  for (const query of queries) {
    let before: number[] = [];
    old.push(time(() => (before = labelOrderScan(query, labels, 300))));
    let scanned: number[] = [];
    everyRow.push(time(() => (scanned = matrix.nearest(query, labels, 300, true).map((hit) => hit.similarity))));
    // A new mask, as a filter's first search has; then the same mask with another query, as a
    // hybrid search's second pass (its refined query) asks.
    vectorIndex.setExactSearchLimit(EXACT_SEARCH_LIMIT);
    let after: number[] = [];
    exact.push(time(() => (after = vectorIndex.search(query, 300, store.filtered.mask(filters)!).map((hit) => hit.similarity))));
    const mask = store.filtered.mask(filters)!;
    vectorIndex.search(query, 300, mask);
    const refined = queries[(queries.indexOf(query) + 1) % queries.length]!;
    again.push(time(() => vectorIndex.search(refined, 300, mask)));
    sameAsEveryRow += Number(scanned.length === after.length && scanned.every((similarity, i) => similarity === after[i]));
    vectorIndex.setExactSearchLimit(-1);
    walk.push(time(() => vectorIndex.search(query, 300, mask)));
    // Copies share vectors, so equal similarities may come in another order: compare the values.
    same += Number(before.slice(0, 10).every((similarity, i) => Math.abs(similarity - after[i]!) < 1e-5));
  }
  rows.push({
    filter: name, passages: labels.length, labelOrderJs: latencyStats(old), everyRowSimsimd: latencyStats(everyRow), exact: latencyStats(exact), exactAgain: latencyStats(again), hnsw: latencyStats(walk),
    sameTop10Similarities: same / queries.length, sameTop300AsEveryRow: sameAsEveryRow / queries.length,
  });
}

const cell = (stats: LatencyStats) => `${stats.p50.toFixed(1)} / ${stats.p95.toFixed(1)}`.padStart(16);
console.log(`Filtered vector search, k = 300, ${queries.length} queries, ${vectorIndex.size} passages; Node ${process.version}, ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`${'filter'.padEnd(24)}${'passages'.padStart(9)}${'JS, label order'.padStart(16)}${'every row, SIMD'.padStart(16)}${'int8 + exact'.padStart(16)}${'same list again'.padStart(16)}${'HNSW walk'.padStart(16)}  same top 10 as JS / same top 300 as every row (share of queries)`);
for (const row of rows) {
  console.log(`${row.filter.padEnd(24)}${String(row.passages).padStart(9)}${cell(row.labelOrderJs)}${cell(row.everyRowSimsimd)}${cell(row.exact)}${cell(row.exactAgain)}${cell(row.hnsw)}  ${row.sameTop10Similarities.toFixed(3)} / ${row.sameTop300AsEveryRow.toFixed(3)}`);
}
const dir = path.join(ROOT, 'bench', 'results');
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `exact-scan-${values.label}.json`);
writeFileSync(file, `${JSON.stringify({ benchmark: 'exact-scan', label: values.label, at: new Date().toISOString(), rows }, null, 2)}\n`);
console.log(`written to ${file}`);
await archive.close();
