/**
 * Scale benchmark: search latency on an archive of 100,000 articles (169,081 passages from
 * OrangeSum), built from a real embedded archive by replication with perturbation (details in
 * bench/lib/scale-archive.ts and docs/scaling.md, "100,000 articles"). The recipe, seeded:
 * every source article as it is, then rounds of copies k = 1, 2, …: id `<id>~<k>`, URL
 * `<url>?copy=<k>`, date (and published) shifted back k whole years, one sentence dropped (odd k)
 * or two swapped (even k) about every passage length of the body, 0–3 Zipf-drawn tags (also on
 * the sources); chunked again by `chunkArticle`; passage i's vector = the source's passage
 * min(i, last) vector + Gaussian noise (σ = 0.01 a dimension), renormalised, written with
 * `putEmbeddings` under the copy passage's text hash (a passage whose text did not change keeps
 * the source's vector, as the store keys vectors by text). Nothing is embedded.
 *
 *   npx tsx bench/scale.ts build  --source /tmp/eval/orangesum [--data-dir /tmp/scale/archive] [--articles 100000]
 *   npx tsx bench/scale.ts extras --source /tmp/eval/orangesum [--extra 3000]   (rewrites the extra articles only)
 *   npx tsx bench/scale.ts search [--data-dir /tmp/scale/archive] [--label NAME] [--parts all|modes,refine,filters,empty,ingest,http,cold,stall]
 *
 * build: writes the archive through the product's write paths (store, keyword index catch-up,
 *   stored vectors, HNSW catch-up) plus `extra.jsonl` (+ its vectors) beside it for the
 *   concurrent ingest. Reused between runs: build once.
 * search: latency of `searchServiceFor(archive, logger).search(request)` (what the API runs)
 *   for keyword, semantic and hybrid, without query embedding (vectors computed beforehand) and
 *   with it (distinct query texts, the embedder's query cache emptied), with filters (one author;
 *   one year; combinations with section, lang, tag), for the empty query (the home page), and
 *   while a child process ingests `extra.jsonl` through the real ingest pipeline (vectors
 *   pre-supplied); then a few through HTTP (`archive serve`) and the event-loop stall under one
 *   expensive query among cheap ones. Prints a table; writes bench/results/scale-<label>.json.
 *
 * Speed is reported in milliseconds and, because the machine is shared, as ratios to a baseline
 * measured in the same run (keyword p50 without filter).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createLogger, loadConfig, silentLogger } from '../packages/core/src/index.ts';
import type { Embedder } from '../packages/embeddings/src/index.ts';
import { forServing, openArchive, searchServiceFor } from '../packages/runtime/src/index.ts';
import type { SearchRequest } from '../services/search/src/index.ts';
import { buildScaleArchive, rewriteExtras } from './lib/scale-archive.ts';
import { latencyStats, round, type LatencyStats } from './lib/stats.ts';
import { clearQueryCache } from './lib/timed-embedder.ts';
import { runScaleIngestChild } from './lib/scale-ingest.ts';
import { storeDatabase } from './lib/sqlite.ts';
import { measureHttp, type HttpResult } from './lib/scale-http.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA = process.env['ARCHIVE_SHARED_DATA'] ?? path.resolve(ROOT, '../shared/data');
const RESULTS_DIR = path.join(ROOT, 'bench', 'results');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    source: { type: 'string', default: '/tmp/eval/orangesum' },
    'data-dir': { type: 'string', default: '/tmp/scale/archive' },
    articles: { type: 'string', default: '100000' },
    extra: { type: 'string', default: '3000' },
    label: { type: 'string', default: 'run' },
    parts: { type: 'string', default: 'all' },
    repeat: { type: 'string', default: '2' },
    titles: { type: 'string', default: '96' },
  },
});
const command = positionals[0] ?? 'search';
const dataDir = path.resolve(values['data-dir']);
const config = loadConfig({ env: process.env, overrides: { dataDir, logLevel: 'warn', model: { cacheDir: null } } });
const modelKey = `${config.model.id}@${config.model.dtype}`;
const log = (line: string) => process.stderr.write(`${line}\n`);

if (command === 'build') {
  if (existsSync(path.join(dataDir, 'archive.sqlite'))) throw new Error(`${dataDir} already holds an archive: remove it to build again`);
  const result = await buildScaleArchive({
    source: path.resolve(values.source), dataDir, articles: Number(values.articles), extra: Number(values.extra), modelKey,
    dimensions: 384, ef: config.search.ef, chunk: { targetTokens: config.chunk.targetTokens, maxTokens: config.model.maxTokens },
    logger: silentLogger(), log,
  });
  writeFileSync(path.join(path.dirname(dataDir), 'build.json'), `${JSON.stringify({ ...result, source: values.source, builtAt: new Date().toISOString() }, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}
if (command === 'extras') {
  // Rewrites extra.jsonl and its vectors for an archive already built (round 50: never one of its copies).
  const result = await rewriteExtras({
    source: path.resolve(values.source), dataDir, modelKey, count: Number(values.extra), round: 50,
    chunk: { targetTokens: config.chunk.targetTokens, maxTokens: config.model.maxTokens },
  });
  console.log(JSON.stringify(result));
  process.exit(0);
}
if (command === 'ingest-child') {
  // Run by `search` in its own process: the concurrent ingest.
  await runScaleIngestChild(dataDir, config);
  process.exit(0);
}
if (command !== 'search') throw new Error(`unknown command ${command}: build or search`);

// ---------------------------------------------------------------------------------------------
// Queries

interface Query {
  text: string;
  source: 'topic' | 'title';
}

const build = JSON.parse(readFileSync(path.join(path.dirname(dataDir), 'build.json'), 'utf8')) as { source: string; maxPassages: number };
const topics = readFileSync(path.join(DATA, 'orangesum-fr-topics/topics.jsonl'), 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { query: string }).query);

const logger = createLogger({ level: 'warn' });
// As `archive serve` runs (`forServing`: the model on one thread).
const archive = await openArchive(forServing(config), logger);
// As a server does when it starts serving (followLiveGeneration): the search threads load the
// documents' columns and the postings (`TermPostings`) before the first search.
const warmStart = performance.now();
await archive.keywordIndex.warm?.();
archive.store.filtered.warm();
console.log(`keyword search threads and filter fields warmed in ${Math.round(performance.now() - warmStart)} ms`);
if (!archive.embedder || !archive.vectorIndex) throw new Error(`semantic search is off: ${archive.semanticUnavailable}`);
const realEmbedder = archive.embedder;
const service = searchServiceFor(archive, logger);
const store = archive.store;

/** Headline-length queries: titles of source articles (never copies), seeded choice (`first`: where the picking starts). */
function pickTitles(count: number, first = 7): string[] {
  const db = storeDatabase(store);
  const rows = db.prepare("SELECT title FROM articles WHERE id NOT LIKE '%~%' ORDER BY seq").pluck().all() as string[];
  const step = Math.max(1, Math.floor(rows.length / count));
  const titles: string[] = [];
  for (let i = first; i < rows.length && titles.length < count; i += step) titles.push(rows[i]!.replace(/["«»“”()[\]]/g, ' ').replace(/\s+/g, ' ').trim());
  return [...new Set(titles)];
}
const queries: Query[] = [...topics.map((text) => ({ text, source: 'topic' as const })), ...pickTitles(Number(values.titles)).map((text) => ({ text, source: 'title' as const }))];

// Query vectors computed once, for the runs "without query embedding".
const vectors = new Map<string, Float32Array>();
const embedTimes: number[] = [];
for (const query of queries) {
  clearQueryCache(realEmbedder);
  const t = performance.now();
  vectors.set(query.text, await realEmbedder.embedQuery(query.text));
  embedTimes.push(performance.now() - t);
}
const precomputed: Embedder = {
  modelKey: realEmbedder.modelKey,
  dimensions: realEmbedder.dimensions,
  embedPassages: (texts) => realEmbedder.embedPassages(texts),
  async embedQuery(text) {
    const vector = vectors.get(text);
    if (vector) return vector;
    return realEmbedder.embedQuery(text);
  },
};
const useEmbedder = (embedder: Embedder) => Object.assign(archive, { embedder });

// ---------------------------------------------------------------------------------------------
// Filters: one author (selective), one year (broad), and combinations.

const db = storeDatabase(store);
const topAuthor = (db.prepare(
  `SELECT value, count(*) n FROM articles, json_each(articles.authors) GROUP BY value ORDER BY n DESC LIMIT 40`,
).raw().all() as [string, number][]);
// A person, not an agency: the most frequent author with under 1 % of the archive.
const articleCount = store.countArticles();
const author = topAuthor.find(([, n]) => n < articleCount / 100)?.[0] ?? topAuthor[0]![0];
const authorCount = topAuthor.find(([name]) => name === author)![1];
const years = db.prepare("SELECT substr(date,1,4) y, count(*) n FROM articles GROUP BY y ORDER BY n DESC").raw().all() as [string, number][];
const year = years[0]![0];
const sectionRows = db.prepare('SELECT section, count(*) n FROM articles GROUP BY section ORDER BY n DESC').raw().all() as [string, number][];
const section = sectionRows[1]![0];
const tagRows = db.prepare('SELECT label, count(*) n FROM article_tags GROUP BY tag_key ORDER BY n DESC LIMIT 20').raw().all() as [string, number][];
const tag = tagRows[5]?.[0] ?? null;
const lang = 'fr';

const FILTERS: { name: string; filters: SearchRequest['filters'] }[] = [
  { name: `author (${author}, ${authorCount} articles)`, filters: { authors: [author] } },
  { name: `year ${year} (${years[0]![1]} articles)`, filters: { dateFrom: `${year}-01-01`, dateTo: `${year}-12-31` } },
  { name: `section ${section}`, filters: { sections: [section] } },
  { name: `lang ${lang}`, filters: { langs: [lang] } },
  ...(tag ? [{ name: `tag ${tag}`, filters: { tags: [tag] } }] : []),
  { name: `year + section`, filters: { dateFrom: `${year}-01-01`, dateTo: `${year}-12-31`, sections: [section] } },
  { name: `author + year`, filters: { authors: [author], dateFrom: `${year}-01-01`, dateTo: `${year}-12-31` } },
  { name: `section + lang`, filters: { sections: [section], langs: [lang] } },
  ...(tag ? [{ name: `year + tag`, filters: { dateFrom: `${year}-01-01`, dateTo: `${year}-12-31`, tags: [tag] } }] : []),
  ...(tag ? [{ name: `section + lang + tag`, filters: { sections: [section], langs: [lang], tags: [tag] } }] : []),
];

// ---------------------------------------------------------------------------------------------
// Timing

async function timeSearch(request: Omit<SearchRequest, 'page' | 'size'>): Promise<number> {
  const t = performance.now();
  await service.search({ page: 1, size: 10, ...request });
  return performance.now() - t;
}

async function timeQueries(mode: SearchRequest['mode'], filters: SearchRequest['filters'], list: Query[], options: { embed?: boolean } = {}): Promise<LatencyStats> {
  const times: number[] = [];
  for (const query of list) {
    if (options.embed) clearQueryCache(realEmbedder);
    times.push(await timeSearch({ q: query.text, mode, filters }));
  }
  return latencyStats(times);
}

type Row = { part: string; name: string; mode: string; stats: LatencyStats; target?: number; note?: string };
const rows: Row[] = [];
const repeat = Number(values.repeat);
const parts = values.parts === 'all' ? ['modes', 'refine', 'filters', 'empty', 'ingest', 'http', 'cold', 'stall'] : values.parts.split(',');

/** Runs `fn` `repeat` times and keeps the run with the lowest p95 (the machine is shared). */
async function best(fn: () => Promise<LatencyStats>): Promise<LatencyStats> {
  let kept: LatencyStats | null = null;
  for (let i = 0; i < repeat; i++) {
    const stats = await fn();
    if (!kept || stats.p95 < kept.p95) kept = stats;
  }
  return kept!;
}

log(`archive: ${articleCount} articles, ${store.passages().countPassages()} passages, ${archive.vectorIndex.size} vectors; ${queries.length} queries (${topics.length} topics)`);
// Warm-up: a pass in each mode (pages of the files come into the cache).
useEmbedder(precomputed);
for (const mode of ['keyword', 'semantic', 'hybrid'] as const) await timeQueries(mode, {}, queries.slice(0, 30));

const baseline = await best(() => timeQueries('keyword', {}, queries));
rows.push({ part: 'modes', name: 'keyword (baseline)', mode: 'keyword', stats: baseline, target: 15 });

if (parts.includes('modes')) {
  for (const mode of ['semantic', 'hybrid'] as const) {
    rows.push({ part: 'modes', name: `${mode}, query vector precomputed`, mode, stats: await best(() => timeQueries(mode, {}, queries)), target: mode === 'hybrid' ? 30 : undefined });
  }
  // With embedding: the real embedder, its cache emptied before each search.
  useEmbedder(realEmbedder);
  for (const mode of ['semantic', 'hybrid'] as const) {
    rows.push({ part: 'modes', name: `${mode}, query embedded`, mode, stats: await timeQueries(mode, {}, queries, { embed: true }) });
  }
  rows.push({ part: 'modes', name: 'query embedding alone', mode: '-', stats: latencyStats(embedTimes) });
  useEmbedder(precomputed);
}

if (parts.includes('refine')) {
  // A journalist's next step after a search: the same words with a facet clicked, or page 2.
  // The search threads keep the last full-text matches, so these skip the full-text pass.
  const timed = async (into: number[], request: Parameters<typeof service.search>[0]) => {
    const t = performance.now();
    await service.search(request);
    into.push(performance.now() - t);
  };
  // Keyword mode, then hybrid (its query vectors given): the same steps, also on other words.
  for (const mode of ['keyword', 'hybrid'] as const) {
    const [first, faceted, nextPage]: [number[], number[], number[]] = [[], [], []];
    for (const query of mode === 'keyword' ? queries.slice(0, 60) : queries.slice(60, 120)) {
      await timed(first, { q: query.text, mode, filters: {}, page: 1, size: 10 });
      await timed(faceted, { q: query.text, mode, filters: FILTERS[1]!.filters, page: 1, size: 10 });
      await timed(nextPage, { q: query.text, mode, filters: FILTERS[1]!.filters, page: 2, size: 10 });
    }
    rows.push({ part: 'refine', name: `${mode}, new words (first search)`, mode, stats: latencyStats(first), target: mode === 'keyword' ? 15 : 30 });
    rows.push({ part: 'refine', name: `same words, ${FILTERS[1]!.name} clicked`, mode, stats: latencyStats(faceted), target: 30 });
    rows.push({ part: 'refine', name: 'same words and filter, page 2', mode, stats: latencyStats(nextPage), target: 30 });
  }
}

if (parts.includes('filters')) {
  for (const { name, filters } of FILTERS) {
    for (const mode of ['keyword', 'hybrid'] as const) {
      rows.push({ part: 'filters', name, mode, stats: await best(() => timeQueries(mode, filters, queries.slice(0, 60))), target: 30 });
    }
    rows.push({ part: 'filters', name: `${name}, first search with it`, mode: 'hybrid', stats: await timeFirstWithFilter(filters, queries.slice(60, 90)), target: 30 });
    rows.push({ part: 'filters', name: `${name}, empty query`, mode: 'keyword', stats: await best(() => timeEmpty(filters)), target: 50 });
  }
}

/**
 * Hybrid searches each run by a new service: nothing of the filter is kept from one to the next
 * (the articles it lets through, the vector index's passages and rows of that set), as for a
 * journalist's first search with a filter.
 */
async function timeFirstWithFilter(filters: SearchRequest['filters'], list: Query[]): Promise<LatencyStats> {
  const times: number[] = [];
  for (const query of list) {
    const fresh = searchServiceFor(archive, logger);
    const t = performance.now();
    await fresh.search({ q: query.text, mode: 'hybrid', filters, page: 1, size: 10 });
    times.push(performance.now() - t);
  }
  return latencyStats(times);
}

async function timeEmpty(filters: SearchRequest['filters'], pages = [1, 2, 3, 1, 2, 5, 1, 10, 1, 1]): Promise<LatencyStats> {
  const times: number[] = [];
  for (const page of pages) {
    const t = performance.now();
    await service.search({ q: '', mode: 'hybrid', filters, page, size: 10 });
    times.push(performance.now() - t);
  }
  return latencyStats(times);
}

if (parts.includes('empty')) {
  rows.push({ part: 'empty', name: 'empty query (home page), no filter', mode: 'keyword', stats: await best(() => timeEmpty({})), target: 50 });
}

let ingestInfo: Record<string, unknown> | null = null;
if (parts.includes('ingest')) {
  // The same three measurements just before and while a child process ingests the extra articles;
  // only laps that ended while the child was still writing count as "during".
  const lap = async (label: string) => [
    { part: 'ingest', name: `keyword, ${label}`, mode: 'keyword', stats: await timeQueries('keyword', {}, queries) },
    { part: 'ingest', name: `hybrid, ${label}`, mode: 'hybrid', stats: await timeQueries('hybrid', {}, queries) },
    { part: 'ingest', name: `hybrid + year, ${label}`, mode: 'hybrid', stats: await timeQueries('hybrid', FILTERS[1]!.filters, queries.slice(0, 60)) },
  ];
  const before = await lap('before the ingest');
  const child = startIngestChild();
  let running = true;
  const childDone = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  void childDone.then(() => (running = false));
  const startedAt = performance.now();
  const during: Row[][] = [];
  for (let laps = 0; running && laps < 8; laps++) {
    const rowsOfLap = await lap(`during the ingest, lap ${laps + 1}`);
    if (running) during.push(rowsOfLap);
  }
  const code = await childDone;
  ingestInfo = { exitCode: code, seconds: round((performance.now() - startedAt) / 1000, 1), lapsDuringIngest: during.length, ...(readChildReport() ?? {}) };
  rows.push(...before);
  // The worst overlapping lap per measurement, and its ratio to the same measurement before.
  before.forEach((row, i) => {
    const laps = during.map((lapRows) => lapRows[i]!);
    if (!laps.length) return;
    const worst = laps.reduce((a, b) => (b.stats.p95 > a.stats.p95 ? b : a));
    rows.push({ ...worst, name: `${row.name.replace(', before the ingest', '')}, during (worst of ${laps.length} laps)`, note: `p95 ×${(worst.stats.p95 / row.stats.p95).toFixed(2)} of before` });
  });
  await cleanupExtra();
}

function startIngestChild(): ChildProcess {
  const script = fileURLToPath(import.meta.url);
  return spawn(process.execPath, [...process.execArgv, script, 'ingest-child', '--data-dir', dataDir], { stdio: ['ignore', 'inherit', 'inherit'] });
}

function readChildReport(): Record<string, unknown> | null {
  const file = path.join(path.dirname(dataDir), 'ingest-child.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : null;
}

/** Removes the extra articles again (the archive stays at its size between runs). */
async function cleanupExtra(): Promise<void> {
  const { removeExtra } = await import('./lib/scale-ingest.ts');
  await removeExtra(archive, logger);
}

// What the report says of the archive, read before it may be closed for the HTTP part.
const archiveSize = { articles: articleCount, passages: store.passages().countPassages(), vectors: archive.vectorIndex.size };
let closed = false;
async function closeArchive(): Promise<void> {
  if (!closed) await archive.close();
  closed = true;
}

let http: HttpResult | null = null;
if (parts.includes('http') || parts.includes('cold') || parts.includes('stall')) {
  // A server that has been running: warmed with other headlines than the measured ones.
  const measured = new Set(queries.map((q) => q.text));
  const warmQueries = pickTitles(Number(values.titles), 3).filter((text) => !measured.has(text)).slice(0, 30);
  // Other values than the measured filters' (the next year, section and tag), as other journalists' searches.
  const other = (rows: [string, number][], measuredValue: string | null) => rows.find(([value]) => value && value !== measuredValue)?.[0] ?? null;
  const otherYear = other(years, year);
  const otherSection = other(sectionRows, section);
  const otherTag = other(tagRows, tag);
  const warmFilters: SearchRequest['filters'][] = [
    ...(otherYear ? [{ dateFrom: `${otherYear}-01-01`, dateTo: `${otherYear}-12-31` }] : []),
    ...(otherSection ? [{ sections: [otherSection] }, { sections: [otherSection], langs: ['en'] }] : []),
    ...(otherTag ? [{ tags: [otherTag] }] : []),
    { authors: [topAuthor[0]![0]] },
  ];
  // The client holds nothing else while it measures: with the archive open beside it, this
  // process's garbage collections and threads took the cores the server answers on.
  await closeArchive();
  http = await measureHttp({ dataDir, queries: queries.map((q) => q.text), warmQueries, warmFilters, filters: FILTERS.map((f) => f.filters), parts, stallThreads: [0, 2], log });
}

// ---------------------------------------------------------------------------------------------
// Report

const lines: string[] = [];
lines.push(
  `Scale benchmark "${values.label}", ${new Date().toISOString()}: ${archiveSize.articles} articles, ${archiveSize.passages} passages, ` +
    `${archiveSize.vectors} vectors (source ${build.source}); ${queries.length} queries (${topics.length} topics + headlines); ` +
    `Node ${process.version}, ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}; best of ${repeat} runs per row`,
  '',
  `${'part'.padEnd(8)}${'measurement'.padEnd(58)}${'mode'.padEnd(10)}${'p50'.padStart(8)}${'p95'.padStart(8)}${'max'.padStart(8)}${'p95/base'.padStart(10)}${'target'.padStart(8)}`,
);
for (const row of rows) {
  lines.push(
    `${row.part.padEnd(8)}${row.name.slice(0, 57).padEnd(58)}${row.mode.padEnd(10)}${row.stats.p50.toFixed(1).padStart(8)}${row.stats.p95.toFixed(1).padStart(8)}${row.stats.max.toFixed(1).padStart(8)}` +
      `${(row.stats.p95 / baseline.p95).toFixed(2).padStart(10)}${(row.target ? `${row.target}` : '').padStart(8)}${row.target && row.stats.p95 > row.target ? ' MISSED' : ''}${row.note ? `  ${row.note}` : ''}`,
  );
}
if (ingestInfo) lines.push('', `concurrent ingest: ${JSON.stringify(ingestInfo)}`);
if (http) {
  lines.push('', 'HTTP (archive serve, end to end):');
  for (const row of http.rows) lines.push(`  ${row.name.padEnd(64)}${row.stats.p50.toFixed(1).padStart(8)}${row.stats.p95.toFixed(1).padStart(8)}${row.stats.max.toFixed(1).padStart(8)}`);
  for (const note of http.notes) lines.push(`  ${note}`);
}
console.log(lines.join('\n'));
mkdirSync(RESULTS_DIR, { recursive: true });
const resultFile = path.join(RESULTS_DIR, `scale-${values.label}.json`);
writeFileSync(
  resultFile,
  `${JSON.stringify({
    benchmark: 'scale', label: values.label, at: new Date().toISOString(), dataDir, build,
    archive: archiveSize,
    environment: { node: process.version, cores: cpus().length, loadAverageAtEnd: loadavg() },
    queries: queries.length, filters: FILTERS, repeat, rows, ingest: ingestInfo, http,
  }, null, 2)}\n`,
);
console.log(`\nwritten to ${resultFile}`);
await closeArchive();
process.exit(0);
