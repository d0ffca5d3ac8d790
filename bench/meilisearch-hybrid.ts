/**
 * Our hybrid search beside Meilisearch's own, on the same judged set: the same articles, the same
 * passage vectors (every passage of an article given to Meilisearch as that document's
 * embeddings, `userProvided`), the same query vectors (our embedder), the same judgements and
 * the same scoring code (`runEval`). Meilisearch runs its hybrid search with its default
 * `semanticRatio` (0.5, `--ratio` to change), and at 0 and 1 for its keyword and semantic
 * halves; ours runs through the API's search service with its defaults.
 *
 *   npx tsx bench/meilisearch-hybrid.ts --data-dir /tmp/archive-eval/orangesum \
 *     --queries ../shared/data/orangesum-fr-topics/topics.jsonl --qrels ../shared/data/orangesum-fr-topics/qrels.txt
 *   npx tsx bench/meilisearch-hybrid.ts --data-dir /tmp/archive-eval/wmt --filter lang=fr \
 *     --queries /tmp/archive-eval/wmt-set/queries-en.jsonl --qrels /tmp/archive-eval/wmt-set/qrels-en-fr.txt
 *
 * The archives are the ones `bench/run-evaluation.sh` builds. Meilisearch: MEILISEARCH_URL /
 * MEILISEARCH_KEY from the environment, or else the shared server (`../shared/bin`) is started in
 * a temporary folder and stopped at the end. Prints nDCG@10 per mode and per kind of query, and
 * writes bench/results/meilisearch-hybrid-NAME.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger, loadConfig } from '../packages/core/src/index.ts';
import { openArchive, searchServiceFor } from '../packages/runtime/src/index.ts';
import { readQrels, readQueries, runEval, summarise } from '../services/eval/src/index.ts';
import type { SearchMode, SearchRequest, SearchResponse } from '../services/search/src/index.ts';
import { meilisearchServer } from './lib/meilisearch-server.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    queries: { type: 'string' },
    qrels: { type: 'string' },
    filter: { type: 'string', multiple: true, default: [] },
    ratio: { type: 'string', default: '0.5' },
    name: { type: 'string' },
    'index-uid': { type: 'string', default: 'bench_hybrid' },
  },
});
if (!values['data-dir'] || !values.queries || !values.qrels) throw new Error('--data-dir, --queries and --qrels are required');
const ROOT = path.resolve(import.meta.dirname, '..');
const dataDir = path.resolve(values['data-dir']);
const ratio = Number(values.ratio);
if (!(ratio > 0 && ratio < 1)) throw new Error(`--ratio: expected a number between 0 and 1 exclusive, got "${values.ratio}"`);
const filters = values.filter.map((pair) => {
  const [field, value] = pair.split('=', 2);
  if (field !== 'lang' || !value) throw new Error(`--filter: only lang=CODE is supported here, got "${pair}"`);
  return [field, value] as [string, string];
});
const name = values.name ?? path.basename(values.queries).replace(/\.jsonl?$/i, '');
const EMBEDDER = 'e5';
const BATCH = 500;

const server = meilisearchServer('meili-hybrid-');
/** One call to Meilisearch's HTTP API; throws with its answer on an error status. */
async function meili<T>(method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...(server.apiKey && { authorization: `Bearer ${server.apiKey}` }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`Meilisearch ${method} ${route}: ${response.status} ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : null) as T;
}
async function waitForTask(task: { taskUid: number }): Promise<void> {
  for (;;) {
    const state = await meili<{ status: string; error: unknown }>('GET', `/tasks/${task.taskUid}`);
    if (state.status === 'succeeded') return;
    if (state.status === 'failed' || state.status === 'canceled') throw new Error(`Meilisearch task ${task.taskUid}: ${JSON.stringify(state.error)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const logger = createLogger({ level: 'warn' });
const archive = await openArchive(loadConfig({ env: process.env, overrides: { dataDir, logLevel: 'warn' } }), logger);
try {
  const { store, embedder, vectorIndex } = archive;
  if (!embedder || !vectorIndex) throw new Error(`semantic search is off (${archive.semanticUnavailable}): this comparison needs the model`);
  await archive.keywordIndex.warm?.();
  const uid = values['index-uid'];
  // A previous run's index: dropped (a missing index fails its task, which is fine).
  await waitForTask(await meili<{ taskUid: number }>('DELETE', `/indexes/${uid}`)).catch(() => {});
  await waitForTask(await meili('POST', '/indexes', { uid, primaryKey: 'docId' }));
  await waitForTask(
    await meili('PATCH', `/indexes/${uid}/settings`, {
      searchableAttributes: ['title', 'summary', 'body'],
      filterableAttributes: ['lang'],
      embedders: { [EMBEDDER]: { source: 'userProvided', dimensions: store.vectorDimensions(archive.modelKey) } },
    }),
  );
  const started = performance.now();
  let documents = 0;
  for (let seq = 0; ; ) {
    const { articles, lastSeq } = store.changesSince(seq, BATCH);
    if (articles.length === 0) break;
    // Meilisearch ids allow only [A-Za-z0-9_-]: documents are numbered, the article id kept beside.
    const batch = articles.map((article, index) => ({
      docId: documents + index, id: article.id, title: article.title, summary: article.summary, body: article.body, lang: article.lang,
      _vectors: { [EMBEDDER]: { embeddings: vectorIndex.articleVectors(article.id).map((vector) => Array.from(vector)), regenerate: false } },
    }));
    await waitForTask(await meili('POST', `/indexes/${uid}/documents`, batch));
    documents += batch.length;
    seq = lastSeq;
  }
  const indexingSeconds = (performance.now() - started) / 1000;

  const queries = readQueries(values.queries);
  const { qrels } = readQrels(values.qrels);
  const presentIds = (ids: string[]) => new Set(store.contentHashes(ids).keys());
  const options = { modes: ['keyword', 'semantic', 'hybrid'] as SearchMode[], depth: 100, parameters: filters };
  const ratios: Record<SearchMode, number> = { keyword: 0, semantic: 1, hybrid: ratio };
  const filter = filters.length ? filters.map(([field, value]) => `${field} = "${value}"`).join(' AND ') : undefined;

  const meiliSearch = async (request: SearchRequest): Promise<SearchResponse> => {
    const vector = await embedder.embedQuery(request.q);
    const found = await meili<{ hits: { id: string }[]; estimatedTotalHits?: number }>('POST', `/indexes/${uid}/search`, {
      q: request.q, vector: Array.from(vector), hybrid: { embedder: EMBEDDER, semanticRatio: ratios[request.mode] },
      limit: request.size, offset: (request.page - 1) * request.size, attributesToRetrieve: ['id'], ...(filter && { filter }),
    });
    return { mode: request.mode, total: found.estimatedTotalHits ?? found.hits.length, hits: found.hits, notice: null, notices: [] } as unknown as SearchResponse;
  };
  const service = searchServiceFor(archive, logger);
  const ours = await runEval(queries, qrels, options, { search: (request) => service.search(request), presentIds });
  const theirs = await runEval(queries, qrels, options, { search: meiliSearch, presentIds });

  // The eval's own summary: mean figures for all queries and for each kind, mode by mode.
  const theirGroups = summarise(theirs, options.modes).groups;
  const rows = summarise(ours, options.modes).groups.flatMap((group, index) =>
    ([['ours', group], ['meilisearch', theirGroups[index]!]] as const).map(([engine, { modes }]) => {
      const [keyword, semantic, hybrid] = modes.map((mode) => mode.ndcg10);
      return { kind: group.group, engine, queries: group.queries, keyword: keyword!, semantic: semantic!, hybrid: hybrid! };
    }),
  );
  console.log(`${name}: ${documents} articles (${store.passages().countPassages()} passages) indexed into Meilisearch in ${indexingSeconds.toFixed(1)} s; Meilisearch hybrid at semanticRatio ${ratio}`);
  console.log('kind            engine        queries  keyword  semantic  hybrid  hybrid − semantic');
  for (const row of rows) {
    const cells = [row.keyword, row.semantic, row.hybrid].map((value) => value.toFixed(3).padStart(8)).join(' ');
    const gap = row.hybrid - row.semantic;
    console.log(`${row.kind.padEnd(15)} ${row.engine.padEnd(12)} ${String(row.queries).padStart(8)} ${cells}  ${(gap >= 0 ? '+' : '') + gap.toFixed(3)}`);
  }
  mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(
    path.join(ROOT, `bench/results/meilisearch-hybrid-${name}.json`),
    `${JSON.stringify({ at: new Date().toISOString(), dataDir, queries: values.queries, qrels: values.qrels, filters, ratio, documents, indexingSeconds, rows }, null, 2)}\n`,
  );
} finally {
  await archive.close();
  server.stop();
}
