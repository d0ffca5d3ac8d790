/**
 * The two keyword engines side by side on the same archive: indexing time from the store, then
 * quality (nDCG@10, MRR@10, R@100) and latency (p50/p95, facets on, as the API asks) of
 * `KeywordIndex.search` on the orangesum-fr-topics queries.
 *
 *   node_modules/.bin/tsx packages/cli/src/main.ts --data-dir DIR ingest --no-embed \
 *     /work/shared/data/orangesum-fr/articles.jsonl.gz
 *   node_modules/.bin/tsx bench/keyword-engines.ts --data-dir DIR [--rounds 5] [--reuse]
 *
 * Meilisearch: MEILISEARCH_URL / MEILISEARCH_KEY from the environment, or else the shared server
 * (`../shared/bin/start-meilisearch`) is started in a temporary folder and stopped at the end.
 * `--reuse` skips re-indexing when both indexes are already up to date (tuning search only).
 * Prints a table and writes bench/results/keyword-engines.json.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { silentLogger } from '../packages/core/src/index.ts';
import { ArticleStore } from '../packages/store/src/index.ts';
import { MeilisearchKeywordIndex } from '../indexes/keyword/src/meilisearch-keyword-index.ts';
import { SqliteKeywordIndex } from '../indexes/keyword/src/sqlite-keyword-index.ts';
import { syncKeywordIndex } from '../indexes/keyword/src/sync-keyword-index.ts';
import type { KeywordIndex } from '../indexes/keyword/src/keyword-index.ts';
import { meilisearchServer } from './lib/meilisearch-server.ts';
import { latencyStats, round, type LatencyStats } from './lib/stats.ts';
import { loadTopics } from './lib/topics.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    rounds: { type: 'string', default: '5' },
    reuse: { type: 'boolean', default: false },
    'index-uid': { type: 'string', default: 'bench_keyword_engines' },
  },
});
if (!values['data-dir']) throw new Error('--data-dir DIR (an archive built with `archive ingest --no-embed`) is required');
const dataDir = path.resolve(values['data-dir']);
const rounds = Number(values.rounds);
const root = path.resolve(import.meta.dirname, '..');
const TOPICS_DIR = path.resolve(root, '../shared/data/orangesum-fr-topics');

const { topics, grades } = loadTopics(TOPICS_DIR);


const dcg = (gains: number[]) => gains.reduce((sum, gain, i) => sum + (2 ** gain - 1) / Math.log2(i + 2), 0);

interface EngineFigures {
  engine: string;
  documents: number;
  indexingSeconds: number | null;
  ndcg10: number;
  mrr10: number;
  recall100: number;
  latency: LatencyStats;
  perTopic: Record<string, number>;
}

async function measure(index: KeywordIndex, store: ArticleStore, indexingSeconds: number | null): Promise<EngineFigures> {
  const ndcg: number[] = [];
  const mrr: number[] = [];
  const recall: number[] = [];
  const perTopic: Record<string, number> = {};
  const request = (query: string) => index.search({ query, filters: {}, limit: 100, offset: 0, facets: true });
  for (const topic of topics) {
    const judged = new Map([...(grades.get(topic.id) ?? [])].filter(([id]) => store.getArticle(id)));
    const relevant = [...judged.values()].filter((grade) => grade > 0);
    if (relevant.length === 0) continue;
    const ranked = (await request(topic.query)).hits.map((hit) => judged.get(hit.id) ?? 0);
    const first = ranked.slice(0, 10).findIndex((grade) => grade > 0);
    const score = dcg(ranked.slice(0, 10)) / dcg(relevant.sort((a, b) => b - a).slice(0, 10));
    perTopic[topic.id] = round(score, 3);
    ndcg.push(score);
    mrr.push(first < 0 ? 0 : 1 / (first + 1));
    recall.push(ranked.filter((grade) => grade > 0).length / relevant.length);
  }
  // Latency: every topic query, `rounds` times, after the quality pass warmed both engines.
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const topic of topics) {
      const start = performance.now();
      await request(topic.query);
      times.push(performance.now() - start);
    }
  }
  const mean = (xs: number[]) => round(xs.reduce((a, b) => a + b, 0) / xs.length, 3);
  return {
    engine: index.engine, documents: await index.count(), indexingSeconds,
    ndcg10: mean(ndcg), mrr10: mean(mrr), recall100: mean(recall), latency: latencyStats(times), perTopic,
  };
}

async function timedSync(index: KeywordIndex, store: ArticleStore): Promise<number | null> {
  if (values.reuse && (await index.appliedSeq()) === store.lastSeq()) return null;
  await index.clear();
  const start = performance.now();
  await syncKeywordIndex(index, store, silentLogger());
  return round((performance.now() - start) / 1000, 2);
}

const store = ArticleStore.open(dataDir, silentLogger());
const server = meilisearchServer('meili-bench-');
const results: EngineFigures[] = [];
const embeddedDir = path.join(tmpdir(), 'keyword-engines-embedded');
try {
  if (!values.reuse) rmSync(embeddedDir, { recursive: true, force: true });
  mkdirSync(embeddedDir, { recursive: true });
  const embedded = SqliteKeywordIndex.open(embeddedDir);
  results.push(await measure(embedded, store, await timedSync(embedded, store)));
  await embedded.close();

  const meili = await MeilisearchKeywordIndex.open({ url: server.url, apiKey: server.apiKey, indexUid: values['index-uid'] });
  results.push(await measure(meili, store, await timedSync(meili, store)));
  await meili.close();
} finally {
  store.close();
  server.stop();
}

const cell = (value: number | null, digits: number) => (value === null ? 'reused' : value.toFixed(digits));
console.log(`Archive: ${store ? dataDir : ''}, ${results[0]!.documents} documents; ${topics.length} topics; ${rounds} timed rounds; ${cpus().length} CPUs`);
console.log('engine        docs   indexing s  nDCG@10  MRR@10  R@100  p50 ms  p95 ms');
for (const r of results) {
  console.log(
    `${r.engine.padEnd(12)} ${String(r.documents).padStart(6)} ${cell(r.indexingSeconds, 1).padStart(11)} ${r.ndcg10.toFixed(3).padStart(8)} ` +
      `${r.mrr10.toFixed(3).padStart(7)} ${r.recall100.toFixed(3).padStart(6)} ${r.latency.p50.toFixed(1).padStart(7)} ${r.latency.p95.toFixed(1).padStart(7)}`,
  );
}
const topicIds = Object.keys(results[0]!.perTopic);
console.log(`per topic nDCG@10 (${results.map((r) => r.engine).join(' / ')}):`);
console.log(topicIds.map((id) => `${id} ${results.map((r) => r.perTopic[id]?.toFixed(2)).join('/')}`).join('  '));
mkdirSync(path.join(root, 'bench/results'), { recursive: true });
writeFileSync(
  path.join(root, 'bench/results/keyword-engines.json'),
  `${JSON.stringify({ at: new Date().toISOString(), dataDir, rounds, cpus: cpus().length, results }, null, 2)}\n`,
);
