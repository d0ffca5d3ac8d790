/**
 * Retrieval quality on the French newsroom topics (orangesum-fr-topics): nDCG@10 (graded),
 * MRR@10 and Recall@100 of keyword, semantic and hybrid search, overall and by kind of topic,
 * over an archive built with `archive ingest` (judgements on articles absent from it are
 * ignored, so a partial archive is scored on what it holds).
 *
 *   pnpm exec tsx bench/topics-eval.ts --data-dir .data
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger, loadConfig } from '../packages/core/src/index.ts';
import { openArchive, searchServiceFor } from '../packages/runtime/src/index.ts';
import type { SearchMode } from '../services/search/src/index.ts';
import { loadTopics, type Topic } from './lib/topics.ts';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, json: { type: 'boolean', default: false } } });
const TOPICS_DIR = path.resolve(import.meta.dirname, '../../shared/data/orangesum-fr-topics');

const { topics, grades } = loadTopics(TOPICS_DIR);

const config = loadConfig({ env: process.env, overrides: { dataDir: values['data-dir'], logLevel: 'warn' } });
const logger = createLogger({ level: 'warn' });
const archive = await openArchive(config, logger);
const service = searchServiceFor(archive, logger);

const dcg = (gains: number[]) => gains.reduce((sum, gain, i) => sum + (2 ** gain - 1) / Math.log2(i + 2), 0);
const modes: SearchMode[] = ['keyword', 'semantic', 'hybrid'];
type Scores = { ndcg: number; mrr: number; recall: number };
const perTopic: { topic: Topic; mode: SearchMode; scores: Scores }[] = [];

for (const topic of topics) {
  // Judgements on articles that are in this archive.
  const judged = new Map([...(grades.get(topic.id) ?? [])].filter(([id]) => archive.store.getArticle(id)));
  const relevant = [...judged.values()].filter((grade) => grade > 0);
  if (relevant.length === 0) continue;
  const ideal = dcg(relevant.sort((a, b) => b - a).slice(0, 10));
  for (const mode of modes) {
    const result = await service.search({ q: topic.query, mode, filters: {}, page: 1, size: 100 });
    const ranked = result.hits.map((hit) => judged.get(hit.id) ?? 0);
    const first = ranked.slice(0, 10).findIndex((grade) => grade > 0);
    perTopic.push({
      topic, mode,
      scores: {
        ndcg: dcg(ranked.slice(0, 10)) / ideal,
        mrr: first < 0 ? 0 : 1 / (first + 1),
        recall: ranked.filter((grade) => grade > 0).length / relevant.length,
      },
    });
  }
}

const mean = (rows: typeof perTopic, key: keyof Scores) => rows.reduce((sum, row) => sum + row.scores[key], 0) / rows.length;
const groups = ['all', ...new Set(topics.map((topic) => topic.kind))];
const summary: Record<string, unknown> = { articles: archive.store.countArticles(), passages: archive.store.countPassages() };
console.log(`Archive: ${summary.articles} articles, ${summary.passages} passages (${config.dataDir})`);
console.log('group          topics  mode        nDCG@10  MRR@10  R@100');
for (const group of groups) {
  for (const mode of modes) {
    const rows = perTopic.filter((row) => row.mode === mode && (group === 'all' || row.topic.kind === group));
    if (!rows.length) continue;
    const figures = { ndcg: mean(rows, 'ndcg'), mrr: mean(rows, 'mrr'), recall: mean(rows, 'recall') };
    summary[`${group}/${mode}`] = { topics: rows.length, ...figures };
    console.log(`${group.padEnd(14)} ${String(rows.length).padStart(6)}  ${mode.padEnd(10)} ${figures.ndcg.toFixed(3).padStart(8)} ${figures.mrr.toFixed(3).padStart(7)} ${figures.recall.toFixed(3).padStart(6)}`);
  }
}
if (values.json) console.log(JSON.stringify(summary));
await archive.close();
