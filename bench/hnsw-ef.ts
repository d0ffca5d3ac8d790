/**
 * HNSW query breadth (ef) against exact search on a built archive: article-level recall@10 and
 * latency for several ef values, on the benchmark's query set, in one process.
 *
 *   pnpm exec tsx bench/hnsw-ef.ts --data-dir DIR [--queries 240]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger, loadConfig } from '../packages/core/src/index.ts';
import { openArchive } from '../packages/runtime/src/index.ts';
import { bestPerArticle } from '../services/search/src/index.ts';
import { BruteForceIndex } from './brute-force.ts';
import { buildQuerySet } from './lib/queries.ts';
import { latencyStats } from './lib/stats.ts';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, queries: { type: 'string', default: '240' } } });
const DATA = path.resolve(import.meta.dirname, '../../shared/data');
const config = loadConfig({ env: process.env, overrides: { dataDir: values['data-dir'], logLevel: 'warn', model: { cacheDir: null } } });
const archive = await openArchive(config, createLogger({ level: 'warn' }));
const { embedder, vectorIndex, store } = archive;
if (!embedder || !vectorIndex) throw new Error('this benchmark needs the model');

const { measured } = await buildQuerySet(
  { topics: path.join(DATA, 'orangesum-fr-topics/topics.jsonl'), orangesum: path.join(DATA, 'orangesum-fr/articles.jsonl.gz'), wmt: path.join(DATA, 'wmt-newstest-fr-en/documents.jsonl.gz') },
  Number(values.queries),
  0,
);
const vectors = [];
for (const query of measured) vectors.push(await embedder.embedQuery(query.text));
const exact = BruteForceIndex.load(store, embedder.modelKey, embedder.dimensions);
const truth = vectors.map((vector) => exact.search(vector, 10).map((hit) => hit.articleId));

console.log(`${store.passages().countPassages()} passages, ${measured.length} queries; k = 300 passages (100 articles × 3)`);
console.log('ef     recall@10   p50 ms   p95 ms');
for (const ef of [100, 300, 500, 800, 1200]) {
  vectorIndex.setEf(ef);
  const times: number[] = [];
  let recall = 0;
  vectors.forEach((vector, i) => {
    const started = performance.now();
    const found = bestPerArticle(vectorIndex.search(vector, 300)).slice(0, 10).map((hit) => hit.id);
    times.push(performance.now() - started);
    recall += found.filter((id) => truth[i]!.includes(id)).length / truth[i]!.length;
  });
  const latency = latencyStats(times);
  console.log(`${String(ef).padEnd(6)} ${(recall / vectors.length).toFixed(3).padStart(9)} ${latency.p50.toFixed(2).padStart(8)} ${latency.p95.toFixed(2).padStart(8)}`);
}
await archive.close();
