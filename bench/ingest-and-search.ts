/**
 * Ingest and search benchmark on the OrangeSum archive, with the product's own modules.
 *
 *   cd /work/main && pnpm exec tsx bench/ingest-and-search.ts [--sizes 2000,15000] [--queries 240]
 *                                                         [--skip-embedding-run] [--keep-data]
 *
 * For each size N (the first N records of orangesum-fr/articles.jsonl.gz, as `ingest --limit N`):
 * 1. ingest without embedding (model disabled) into a fresh temporary data folder;
 * 2. ingest with the real model into another fresh folder, the shared embedding cache disabled so
 *    every passage is really embedded; the model's share is the time spent inside embedPassages;
 * 3. on the archive of step 2, opened afresh as `archive serve` opens it: latency of keyword,
 *    semantic and hybrid SearchService.search, then the HNSW vector search alone against an exact
 *    brute-force search over the same query vectors (speed ratio and recall@10);
 * 4. memory of each of those processes.
 * With --skip-embedding-run, steps 2–3 are replaced by keyword search on the archive of step 1.
 *
 * Each step runs in its own Node process (bench/lib/worker.ts) so memory figures start clean.
 * Prints a table per size, then a JSON summary line, also written to bench/results/.
 * Progress of long steps goes to stderr every 30 s.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatDuration } from './lib/progress.ts';
import { buildQuerySet, QUERY_SEED, type QuerySet } from './lib/queries.ts';
import { int, num, round, type LatencyStats, type MemorySnapshot } from './lib/stats.ts';
import type { IngestResult, IngestTask, SearchResult, SearchTask } from './lib/worker.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// shared/ sits beside the repository (as for the other benches and tests).
const DATA = process.env['ARCHIVE_SHARED_DATA'] ?? resolve(ROOT, '../shared/data');
const ARTICLES = join(DATA, 'orangesum-fr', 'articles.jsonl.gz');
const QUERY_DATA = {
  topics: join(DATA, 'orangesum-fr-topics', 'topics.jsonl'),
  orangesum: ARTICLES,
  wmt: join(DATA, 'wmt-newstest-fr-en', 'documents.jsonl.gz'),
};
const WORKER = fileURLToPath(new URL('./lib/worker.ts', import.meta.url));
const RESULTS_DIR = join(ROOT, 'bench', 'results');
const WARMUP_QUERIES = 10;

interface SizeResult {
  size: number;
  ingestWithoutEmbedding: IngestResult | null;
  ingestWithEmbedding: IngestResult | null;
  search: SearchResult | null;
  /** Data folders kept with --keep-data. */
  dataDirs: string[];
  error: string | null;
}

const USAGE = `usage: pnpm exec tsx bench/ingest-and-search.ts [--sizes 2000,15000] [--queries 240] [--skip-embedding-run] [--keep-data]
  --sizes               archive sizes (first N OrangeSum records each), comma-separated
  --queries             measured search queries (at least 200 for a real run; fewer to try the script)
  --skip-embedding-run  no model: ingest without embedding, then keyword search only
  --keep-data           keep the temporary data folders (their paths are printed)`;

function parseOptions(): { sizes: number[]; queries: number; skipEmbedding: boolean; keepData: boolean } {
  const parse = () => parseArgs({
    options: {
      sizes: { type: 'string', default: '2000,15000' },
      queries: { type: 'string', default: '240' },
      'skip-embedding-run': { type: 'boolean', default: false },
      'keep-data': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  let values: ReturnType<typeof parse>['values'];
  try {
    ({ values } = parse());
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const positive = (text: string, what: string) => {
    const value = Number(text.trim());
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${what}: expected a positive integer, got "${text}"\n${USAGE}`);
    return value;
  };
  return {
    sizes: values.sizes.split(',').filter((part) => part.trim()).map((part) => positive(part, '--sizes')),
    queries: positive(values.queries, '--queries'),
    skipEmbedding: values['skip-embedding-run'],
    keepData: values['keep-data'],
  };
}

/** A worker task; the result file is chosen by runWorker. */
type TaskInput = Omit<IngestTask, 'resultFile'> | Omit<SearchTask, 'resultFile'>;

/** Temporary folders to remove on exit, including on Ctrl-C. */
const temporary = new Set<string>();
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.add(dir);
  return dir;
}
function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  temporary.delete(dir);
}
process.once('SIGINT', () => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
  process.exit(130);
});

/** Runs one step in a fresh Node process (same tsx loader, GC exposed for clean heap figures). */
async function runWorker<T>(task: TaskInput): Promise<T> {
  const dir = tempDir('archive-bench-task-');
  try {
    const taskFile = join(dir, 'task.json');
    const resultFile = join(dir, 'result.json');
    writeFileSync(taskFile, JSON.stringify({ ...task, resultFile }));
    const code = await new Promise<number | null>((done, fail) => {
      const child = spawn(process.execPath, [...process.execArgv, '--expose-gc', WORKER, taskFile], { stdio: 'inherit' });
      child.once('error', fail);
      child.once('exit', (exitCode) => done(exitCode));
    });
    if (code !== 0 || !existsSync(resultFile)) throw new Error(`${task.label}: worker exited with code ${code}`);
    return JSON.parse(readFileSync(resultFile, 'utf8')) as T;
  } finally {
    removeDir(dir);
  }
}

async function benchSize(size: number, queries: QuerySet, skipEmbedding: boolean, keepData: boolean): Promise<SizeResult> {
  const result: SizeResult = { size, ingestWithoutEmbedding: null, ingestWithEmbedding: null, search: null, dataDirs: [], error: null };
  const dirs: string[] = [];
  const dataDir = (kind: string) => {
    const dir = tempDir(`archive-bench-${size}-${kind}-`);
    dirs.push(dir);
    return dir;
  };
  try {
    const plainDir = dataDir('nomodel');
    result.ingestWithoutEmbedding = await runWorker<IngestResult>({
      kind: 'ingest', label: `[N=${size} ingest, no model]`, input: ARTICLES, size, embed: false, dataDir: plainDir,
    });
    if (skipEmbedding) {
      result.search = await runWorker<SearchResult>({
        kind: 'search', label: `[N=${size} keyword search]`, keywordOnly: true, dataDir: plainDir, queries,
      });
      return result;
    }
    if (!keepData) removeDir(plainDir);

    const modelDir = dataDir('model');
    process.stderr.write(`[N=${size}] embedding every passage with the model (no cache): this is the long step\n`);
    result.ingestWithEmbedding = await runWorker<IngestResult>({
      kind: 'ingest', label: `[N=${size} ingest, model]`, input: ARTICLES, size, embed: true, dataDir: modelDir,
    });
    result.search = await runWorker<SearchResult>({
      kind: 'search', label: `[N=${size} search]`, keywordOnly: false, dataDir: modelDir, queries,
    });
  } catch (error) {
    result.error = (error as Error).message;
  } finally {
    // Kept on request (e.g. to search a 15,000-article archive again without re-embedding it).
    if (keepData) {
      result.dataDirs = dirs;
      for (const dir of dirs) temporary.delete(dir);
    } else {
      for (const dir of dirs) removeDir(dir);
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Human-readable report

function ingestRow(name: string, r: IngestResult): string {
  return `  ${name.padEnd(40)}${int(r.articles).padStart(9)}${int(r.passages).padStart(10)}${num(r.seconds.total, 1, 10)}${num(r.articlesPerSecond, 1, 12)}${num(r.passagesPerSecond, 1, 12)}`;
}

function latencyRow(name: string, s: LatencyStats, note = ''): string {
  return `  ${name.padEnd(44)}${num(s.p50, 2, 9)}${num(s.p95, 2, 9)}${num(s.mean, 2, 9)}${note ? `   ${note}` : ''}`;
}

function memoryRow(name: string, m: MemorySnapshot): string {
  return `  ${name.padEnd(52)}${num(m.rssMb, 0, 7)}${num(m.heapUsedMb, 0, 11)}${num(m.heapTotalMb, 0, 12)}${num(m.externalMb, 0, 10)}${num(m.peakRssMb, 0, 10)}`;
}

/** "12.3x faster" / "2.0x slower", from brute-force time ÷ HNSW time. */
function ratio(speedup: number): string {
  return speedup >= 1 ? `${num(speedup, 1)}x faster` : `${num(1 / speedup, 1)}x slower`;
}

function printSize(r: SizeResult, queries: QuerySet): void {
  const out: string[] = [];
  out.push('', `=== N = ${int(r.size)}: first ${int(r.size)} records of orangesum-fr/articles.jsonl.gz (ingest --limit ${r.size}) ===`);
  const plain = r.ingestWithoutEmbedding;
  const model = r.ingestWithEmbedding;
  if (plain || model) {
    out.push('', `  ${'Ingest'.padEnd(40)}${'articles'.padStart(9)}${'passages'.padStart(10)}${'seconds'.padStart(10)}${'articles/s'.padStart(12)}${'passages/s'.padStart(12)}`);
    if (plain) out.push(ingestRow('without embedding (model disabled)', plain));
    if (model) out.push(ingestRow('with embedding (real model, no cache)', model));
    const first = plain ?? model!;
    if (first.rejected) out.push(`  (${first.rejected} of ${first.read} records rejected)`);
    if (model?.model) {
      const m = model.model;
      out.push(
        `    model time (inside embedPassages): ${num(m.seconds, 1)} s = ${num(m.shareOfIngest * 100, 1)}% of the ingest time ` +
          `(${num(m.shareOfEmbeddingStage * 100, 1)}% of the embedding stage)`,
        `    model throughput: ${int(m.passages)} distinct passage texts, ${num(m.passagesPerSecond, 2)} passages/s, ` +
          `${int(m.charsPerSecond)} chars/s (≈ ${int(m.approxTokensPerSecond)} tokens/s, estimated at 4 chars a token)`,
        `    stages: read + store + keyword index ${num(model.seconds.reading, 1)} s, embed + vector index ${num(model.seconds.embedding, 1)} s; ` +
          `opening the archive and loading the model ${num(model.openSeconds, 1)} s (not counted)`,
      );
      if (model.unembedded) out.push(`    WARNING: ${model.unembedded} passages left without a vector`);
    }
  }

  const s = r.search;
  if (s) {
    const bySource = new Map<string, number>();
    for (const query of queries.measured) bySource.set(query.source, (bySource.get(query.source) ?? 0) + 1);
    const mix = [...bySource].map(([source, count]) => `${count} ${source}`).join(', ');
    out.push(
      '',
      `  Search: ${s.queries} queries (${mix}), each once per mode after ${s.warmupQueries} warm-up queries; page 1, size 10;`,
      `  archive of ${int(s.articles)} articles, ${int(s.passages)} passages, ${int(s.vectors)} vectors, opened in ${num(s.openSeconds, 2)} s.`,
    );
    if (s.modes.semantic) {
      out.push(
        `  Semantic and hybrid times INCLUDE embedding the query (the embedder's query cache ${
          s.queryCacheBypassed ? 'is emptied before each search' : 'could NOT be emptied: times may include cache hits'
        }).`,
      );
    }
    out.push(`  ${'SearchService.search (ms)'.padEnd(44)}${'p50'.padStart(9)}${'p95'.padStart(9)}${'mean'.padStart(9)}`);
    for (const [mode, result] of Object.entries(s.modes)) {
      if (!result) continue;
      const notes = [`${num(result.meanHits, 1)} hits on average`];
      if (result.queriesWithoutHits) notes.push(`${result.queriesWithoutHits} queries without hits`);
      if (result.queryEmbedding) notes.push(`query embedding alone p50 ${num(result.queryEmbedding.p50, 2)} ms, mean ${num(result.queryEmbedding.mean, 2)} ms`);
      out.push(latencyRow(mode, result.latency, notes.join('; ')));
    }
    const v = s.vector;
    if (v) {
      out.push(
        '',
        `  Vector search alone, same query vectors, query embedding EXCLUDED; both give the top 10 articles (best passage each):`,
        `  ${'(ms)'.padEnd(44)}${'p50'.padStart(9)}${'p95'.padStart(9)}${'mean'.padStart(9)}`,
        latencyRow(`HNSW: VectorIndex.search k=${v.k}, ef=${v.ef}`, v.hnsw, 'k as SearchService asks (candidates × 3 passages)'),
        latencyRow('brute force: exact dot products', v.bruteForce, `${int(v.bruteForceVectors)} vectors × ${v.dimensions} dims, ${num(v.bruteForceMb, 1)} MB, loaded in ${num(v.bruteForceLoadSeconds, 2)} s`),
        `  => HNSW is ${ratio(v.speedupP50)} than brute force (p50; ${ratio(v.speedupMean)} on the mean); ` +
          `recall@10 ${num(v.recallAt10, 3)} (SearchService semantic top 10 vs exact top 10; ${v.queriesBelowFullRecall} of ${s.queries} queries below 1; ` +
          `direct VectorIndex.search ${num(v.recallAt10Direct, 3)})`,
      );
    }
  }

  const memory: [string, MemorySnapshot][] = [];
  if (plain) memory.push(['ingest without embedding, archive built', plain.memory]);
  if (model) memory.push(['ingest with embedding, archive built (model loaded)', model.memory]);
  if (s) {
    memory.push([s.vector ? 'search process, archive opened (model loaded)' : 'search process, archive opened', s.memoryAfterOpen]);
    memory.push([s.vector ? 'search process, after searches + brute-force matrix' : 'search process, after searches', s.memoryAfterSearch]);
  }
  if (memory.length) {
    out.push('', `  ${'Memory (MB, after a full GC; one process per line)'.padEnd(52)}${'RSS'.padStart(7)}${'heap used'.padStart(11)}${'heap total'.padStart(12)}${'external'.padStart(10)}${'peak RSS'.padStart(10)}`);
    for (const [name, snapshot] of memory) out.push(memoryRow(name, snapshot));
  }
  if (r.dataDirs.length) out.push('', `  Data kept in: ${r.dataDirs.join(', ')}`);
  if (r.error) out.push('', `  FAILED: ${r.error}`);
  console.log(out.join('\n'));
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseOptions();
  for (const file of [ARTICLES, ...Object.values(QUERY_DATA)]) {
    if (!existsSync(file)) throw new Error(`data file not found: ${file} (set ARCHIVE_SHARED_DATA to the shared data folder)`);
  }
  const started = new Date();
  const queries = await buildQuerySet(QUERY_DATA, options.queries, WARMUP_QUERIES);
  if (queries.measured.length < options.queries) console.log(`note: only ${queries.measured.length} distinct queries could be built`);

  console.log(
    `Ingest and search benchmark, ${started.toISOString()}: sizes ${options.sizes.join(', ')}; ${queries.measured.length} queries ` +
      `(seed ${QUERY_SEED}); ${options.skipEmbedding ? 'no embedding run' : 'with the embedding run'}; ` +
      `Node ${process.version}, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  );

  // On a busy machine sub-millisecond timings include waiting for a CPU (a scheduler tick is ~4 ms).
  if (loadavg()[0]! > cpus().length) {
    console.log(`note: load average above the number of cores: latencies, p95 above all, include waiting for a CPU`);
  }
  mkdirSync(RESULTS_DIR, { recursive: true });
  const resultFile = join(RESULTS_DIR, `ingest-and-search-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  const results: SizeResult[] = [];
  const summary = () => ({
    benchmark: 'ingest-and-search',
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    seconds: round((Date.now() - started.getTime()) / 1000, 1),
    options,
    environment: { node: process.version, cores: cpus().length, cpu: cpus()[0]?.model ?? null, loadAverageAtEnd: loadavg().map((l) => round(l, 2)) },
    notes: [
      'articles/s and passages/s divide the stored articles and passages by the ingest time (IngestReport.seconds.total); opening the archive and loading the model are not included',
      'model time is measured inside Embedder.embedPassages; the shared embedding cache is disabled',
      "semantic and hybrid latencies include embedding the query; the embedder's in-memory query cache is emptied before each search",
      'HNSW and brute-force latencies exclude query embedding; recall@10 compares article lists (best passage per article)',
      'memory figures are taken after a full GC, each step in its own process',
    ],
    queries: { seed: QUERY_SEED, measured: queries.measured, warmup: queries.warmup },
    sizes: results,
  });

  for (const size of options.sizes) {
    const result = await benchSize(size, queries, options.skipEmbedding, options.keepData);
    results.push(result);
    printSize(result, queries);
    // Written after every size, so a long run that dies later keeps what it measured.
    writeFileSync(resultFile, `${JSON.stringify(summary(), null, 2)}\n`);
  }

  const final = summary();
  writeFileSync(resultFile, `${JSON.stringify(final, null, 2)}\n`);
  console.log(`\nTotal time ${formatDuration(final.seconds)}. Results written to ${resultFile}`);
  // The console line names the query mix only; the file lists every query.
  const bySource: Record<string, number> = {};
  for (const query of queries.measured) bySource[query.source] = (bySource[query.source] ?? 0) + 1;
  console.log('JSON summary:');
  console.log(JSON.stringify({ ...final, queries: { seed: QUERY_SEED, measured: queries.measured.length, bySource } }));
  if (results.some((result) => result.error)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error((error as Error)?.message ?? error);
  process.exitCode = 1;
});
