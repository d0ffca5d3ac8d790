/**
 * End-to-end figures for bench/scale.ts through `archive serve` on 127.0.0.1: a few searches per
 * mode (query embedding included: distinct texts, as a user types them), and the event-loop
 * stall: cheap requests timed alone, then while another client keeps sending an expensive one
 * (the home page's empty query with facets, a very common word in hybrid mode). Every loop is
 * bounded in count and time; only the loopback address is used.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ArticleFilters } from '../../packages/store/src/index.ts';
import { latencyStats, type LatencyStats } from './stats.ts';

export interface HttpResult {
  rows: { name: string; stats: LatencyStats }[];
  notes: string[];
}

const CLI = fileURLToPath(new URL('../../packages/cli/src/main.ts', import.meta.url));
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

function get(base: string, path: string): Promise<{ status: number; ms: number; body: string }> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const request = http.get(`${base}${path}`, { agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done({ status: response.statusCode ?? 0, ms: performance.now() - started, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.setTimeout(60_000, () => request.destroy(new Error('timeout')));
    request.on('error', fail);
  });
}

function searchPath(q: string, mode: string, filters: ArticleFilters = {}): string {
  const params = new URLSearchParams({ q, mode });
  if (filters.dateFrom) params.set('from', filters.dateFrom);
  if (filters.dateTo) params.set('to', filters.dateTo);
  for (const section of filters.sections ?? []) params.append('section', section);
  for (const lang of filters.langs ?? []) params.append('lang', lang);
  for (const author of filters.authors ?? []) params.append('author', author);
  for (const tag of filters.tags ?? []) params.append('tag', tag);
  return `/api/search?${params}`;
}

async function startServer(dataDir: string, port: number, env: Record<string, string> = {}): Promise<{ base: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [...process.execArgv, CLI, 'serve', '--data-dir', dataDir, '--port', String(port), '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ARCHIVE_EMBEDDING_CACHE: 'off', ...env },
  });
  const lines = createInterface({ input: child.stdout! });
  const base = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error('archive serve did not start within 180 s')), 180_000);
    lines.on('line', (line) => {
      const match = /running at (http:\/\/\S+?)\/?$/.exec(line);
      if (match) {
        clearTimeout(timer);
        done(match[1]!);
      }
    });
    child.once('exit', (code) => fail(new Error(`archive serve exited with ${code}`)));
  });
  return {
    base,
    stop: () =>
      new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * The HTTP part with the server as configured, then the stall part once per search-thread count
 * in `stallThreads` (0: searches on the event loop, the baseline), each on a server of its own.
 */
export async function measureHttp(options: {
  dataDir: string; queries: string[]; warmQueries: string[]; warmFilters: ArticleFilters[]; filters: ArticleFilters[]; parts: string[]; stallThreads: number[]; log: (line: string) => void;
}): Promise<HttpResult> {
  const rows: HttpResult['rows'] = [];
  const notes: string[] = [];
  if (options.parts.includes('http')) await measureOn(options, {}, (base) => measureSearches(base, options, rows));
  if (options.parts.includes('cold')) await measureCold(options, rows, notes);
  if (options.parts.includes('stall')) {
    for (const threads of options.stallThreads) {
      await measureOn(options, { ARCHIVE_SEARCH_THREADS: String(threads) }, (base) => measureStall(base, `${threads} search threads`, rows));
    }
    notes.push('stall = how much longer a cheap request waits while an expensive one runs: compare the cheap rows (max is the worst stall)');
  }
  agent.destroy();
  return { rows, notes };
}

/**
 * Runs `measure` against a server of its own, warmed up first as a server that has been running
 * is: pages in the cache, the model and every search path compiled by V8's optimiser. Its first
 * requests after starting took 5–10 ms more each, its first filtered ones 20–100 ms more.
 */
async function measureOn(
  options: { dataDir: string; warmQueries: string[]; warmFilters: ArticleFilters[] },
  env: Record<string, string>,
  measure: (base: string) => Promise<void>,
): Promise<void> {
  const { base, stop } = await startServer(options.dataDir, 38_000 + (process.pid % 1000), env);
  try {
    // Warm-up (not timed), with other texts than the measured ones: the query cache never answers them.
    for (const q of options.warmQueries) for (const mode of ['keyword', 'semantic', 'hybrid']) await get(base, searchPath(q, mode));
    // And filtered searches, with other filters than the measured ones (never the same values).
    for (const filters of options.warmFilters) for (const q of ['', ...options.warmQueries.slice(0, 4)]) await get(base, searchPath(q, 'hybrid', filters));
    await measure(base);
  } finally {
    await stop();
  }
}

/** A few searches per mode (query embedded by the server), the home page, and each filter set. */
async function measureSearches(base: string, options: { queries: string[]; filters: ArticleFilters[] }, rows: HttpResult['rows']): Promise<void> {
  const { queries } = options;
  // The two modes that embed the query get distinct texts, so the server's query cache never
  // answers: semantic every third query, hybrid the other two thirds (80 of them: its p95 is the
  // fourth slowest, not the second); keyword, which embeds nothing, all of them. Each gets the
  // same mix of topics and headlines as the in-process rows (in slices, hybrid had headlines
  // only: longer to embed and to match than the topics).
  const sets: [string, string[]][] = [
    ['keyword', queries],
    ['semantic', queries.filter((_, i) => i % 3 === 1)],
    ['hybrid', queries.filter((_, i) => i % 3 !== 1)],
  ];
  for (const [mode, list] of sets) {
    const times: number[] = [];
    for (const q of list) {
      const response = await get(base, searchPath(q, mode));
      if (response.status !== 200) throw new Error(`HTTP ${response.status} for ${q}: ${response.body.slice(0, 200)}`);
      times.push(response.ms);
    }
    rows.push({ name: `GET /api/search mode=${mode} (query embedded by the server)`, stats: latencyStats(times) });
  }
  const times: number[] = [];
  for (let i = 0; i < 20; i++) times.push((await get(base, searchPath('', 'hybrid'))).ms);
  rows.push({ name: 'GET /api/search q= (home page, facets)', stats: latencyStats(times) });
  const filtered: number[] = [];
  for (const filters of options.filters) for (const q of ['', 'france', 'élection présidentielle']) filtered.push((await get(base, searchPath(q, 'hybrid', filters))).ms);
  rows.push({ name: 'GET /api/search with each filter set (q = "", 2 words, 1 word)', stats: latencyStats(filtered) });
}

/**
 * A new server's first requests, without and then with its own warm-up (`ARCHIVE_WARM_UP`):
 * a dozen searches (four per mode), then each filter set once without words and once with two.
 * Both servers are given 10 s after they listen, so that the search threads' loading of the
 * postings (which a warm-up waits for) is not in the first rows; how long each took to listen is
 * a note.
 */
async function measureCold(options: { dataDir: string; queries: string[]; filters: ArticleFilters[] }, rows: HttpResult['rows'], notes: string[]): Promise<void> {
  const modes = ['keyword', 'semantic', 'hybrid'];
  for (const warmUp of ['false', 'true']) {
    const started = performance.now();
    const { base, stop } = await startServer(options.dataDir, 39_000 + (process.pid % 1000), { ARCHIVE_WARM_UP: warmUp });
    notes.push(`ARCHIVE_WARM_UP=${warmUp}: listening ${((performance.now() - started) / 1000).toFixed(1)} s after it was started`);
    try {
      await new Promise((done) => setTimeout(done, 10_000));
      const first: number[] = [];
      for (const [i, q] of options.queries.slice(0, 12).entries()) first.push((await get(base, searchPath(q, modes[i % 3]!))).ms);
      rows.push({ name: `[ARCHIVE_WARM_UP=${warmUp}] a new server's first 12 searches (4 per mode)`, stats: latencyStats(first) });
      const filtered: number[] = [];
      for (const filters of options.filters) for (const q of ['', 'élection présidentielle']) filtered.push((await get(base, searchPath(q, 'hybrid', filters))).ms);
      rows.push({ name: `[ARCHIVE_WARM_UP=${warmUp}]   then its first search with each filter set`, stats: latencyStats(filtered) });
    } finally {
      await stop();
    }
  }
}

/** A cheap search timed alone, then while another client keeps sending an expensive request. */
async function measureStall(base: string, label: string, rows: HttpResult['rows']): Promise<void> {
  // Cheap: a keyword search for a rare word, again and again (cached embedding not involved).
  const cheap = searchPath('pastoralisme', 'keyword');
  const timeCheap = async (count: number) => {
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      times.push((await get(base, cheap)).ms);
      await new Promise((done) => setTimeout(done, 5));
    }
    return times;
  };
  await timeCheap(10);
  rows.push({ name: `[${label}] cheap request alone (keyword, rare word)`, stats: latencyStats(await timeCheap(60)) });
  for (const [name, expensive] of [
    ['empty query, facets', searchPath('', 'hybrid')],
    ['common word "france", hybrid', searchPath('france', 'hybrid')],
    ['common words, keyword', searchPath('la france et le monde', 'keyword')],
  ] as const) {
    let running = true;
    const expensiveTimes: number[] = [];
    const loop = (async () => {
      const deadline = performance.now() + 60_000;
      while (running && performance.now() < deadline) expensiveTimes.push((await get(base, expensive)).ms);
    })();
    await new Promise((done) => setTimeout(done, 200));
    const during = await timeCheap(60);
    running = false;
    await loop;
    rows.push({ name: `[${label}] cheap request while another client sends: ${name}`, stats: latencyStats(during) });
    rows.push({ name: `[${label}]   the expensive request itself (${expensiveTimes.length} sent)`, stats: latencyStats(expensiveTimes) });
  }
}
