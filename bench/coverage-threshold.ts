/**
 * Calibrates `SEMANTIC_COVERAGE_THRESHOLD` (services/search/src/coverage.ts): the cosine
 * similarity above which a semantic hit counts in "coverage over time". For every judged topic
 * of orangesum-fr-topics, the articles nearest the query (best passage per article, as search
 * ranks them) are compared with the judgements (grade ≥ 1 = relevant), and for each threshold
 * the precision and recall of "similarity ≥ threshold" are printed, pooled over the topics:
 *
 * - `P(judged)`: relevant / judged among the hits above the threshold (unjudged ones left out);
 * - `P(strict)`: relevant / all hits above it (unjudged count as not relevant: a lower bound);
 * - `P(est.)`: unjudged hits counted as relevant at `--unjudged-rate` (0.43: 13 of a systematic
 *   sample of 30 unjudged hits between 0.87 and 0.90 on the full 15,000-article archive, judged
 *   by hand against the topics' narratives), the figure the threshold is chosen on;
 * - `recall`: relevant hits above it / relevant articles of the topic in the archive;
 * - `hits/topic`: how many articles a topic's coverage would count from the semantic side.
 *
 * Judgements on articles absent from the archive are ignored. Build an archive first:
 *
 *   ARCHIVE_CHUNK_MAX_PASSAGES=1 node_modules/.bin/tsx packages/cli/src/main.ts --data-dir DIR \
 *     ingest --limit 2000 ../shared/data/orangesum-fr/articles.jsonl.gz
 *   node_modules/.bin/tsx bench/coverage-threshold.ts --data-dir DIR [--depth 300]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger, loadConfig } from '../packages/core/src/index.ts';
import { openArchive } from '../packages/runtime/src/index.ts';
import { PASSAGES_PER_ARTICLE, bestPerArticle } from '../services/search/src/index.ts';
import { SEMANTIC_COVERAGE_THRESHOLD } from '../services/search/src/coverage.ts';
import { loadTopics } from './lib/topics.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' }, depth: { type: 'string', default: '300' }, kind: { type: 'string' },
    'unjudged-rate': { type: 'string', default: '0.43' },
  },
});
const DEPTH = Number(values.depth);
const UNJUDGED_RATE = Number(values['unjudged-rate']);
const TOPICS_DIR = path.resolve(import.meta.dirname, '../../shared/data/orangesum-fr-topics');
const THRESHOLDS = Array.from({ length: 17 }, (_, i) => Math.round((0.78 + i * 0.01) * 100) / 100);

const { topics, grades } = loadTopics(TOPICS_DIR);
const config = loadConfig({ env: process.env, overrides: { dataDir: values['data-dir'], logLevel: 'warn' } });
const archive = await openArchive(config, createLogger({ level: 'warn' }));
const { embedder, vectorIndex, store } = archive;
if (!embedder || !vectorIndex) throw new Error(`semantic search is off: ${archive.semanticUnavailable}`);

/** One semantic hit of one topic: its similarity and judgement (undefined when unjudged). */
interface Judged {
  similarity: number;
  grade: number | undefined;
}
const hits: Judged[] = [];
let relevantInArchive = 0;
let topicsUsed = 0;
for (const topic of topics) {
  if (values.kind && topic.kind !== values.kind) continue;
  const judged = new Map([...(grades.get(topic.id) ?? [])].filter(([id]) => store.getArticle(id)));
  const relevant = [...judged.values()].filter((grade) => grade >= 1).length;
  if (relevant === 0) continue;
  topicsUsed += 1;
  relevantInArchive += relevant;
  const vector = await embedder.embedQuery(topic.query);
  const nearest = bestPerArticle(vectorIndex.search(vector, DEPTH * PASSAGES_PER_ARTICLE)).slice(0, DEPTH);
  for (const { id, similarity } of nearest) hits.push({ similarity, grade: judged.get(id) });
}

console.log(`Archive: ${store.countArticles()} articles; ${topicsUsed} topics${values.kind ? ` (${values.kind})` : ''}, ${relevantInArchive} relevant judged articles in it; depth ${DEPTH}`);
console.log('threshold  hits/topic  judged  relevant  P(judged)  P(strict)  P(est.)  recall');
for (const threshold of THRESHOLDS) {
  const above = hits.filter((hit) => hit.similarity >= threshold);
  const judged = above.filter((hit) => hit.grade !== undefined);
  const relevant = judged.filter((hit) => hit.grade! >= 1).length;
  const ratio = (a: number, b: number) => (b ? (a / b).toFixed(3) : '  -  ');
  const mark = threshold === SEMANTIC_COVERAGE_THRESHOLD ? '  ← chosen' : '';
  console.log(
    `${threshold.toFixed(2).padStart(9)}  ${(above.length / topicsUsed).toFixed(1).padStart(10)}  ${String(judged.length).padStart(6)}  ${String(relevant).padStart(8)}  ` +
      `${ratio(relevant, judged.length).padStart(9)}  ${ratio(relevant, above.length).padStart(9)}  ` +
      `${ratio(relevant + UNJUDGED_RATE * (above.length - judged.length), above.length).padStart(7)}  ${ratio(relevant, relevantInArchive).padStart(6)}${mark}`,
  );
}
await archive.close();
