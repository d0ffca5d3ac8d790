/**
 * What each change of "Speed and scale" bought, measured old against new in one process on the
 * archive of bench/scale.ts (same data, same moment, so the shared machine's load hits both
 * alike). The old code paths are reproduced here as they were (their SQL), the new ones are the
 * product's:
 *
 * (a) keyword search: five full-text passes (hits, count, three facet GROUP BYs + tags) against
 *     one pass into a temporary table and counts from it; also the blank query (home page);
 * (b) filters for semantic search: `SELECT id FROM articles` over the wide rows with JSON authors
 *     against the covering index and author table;
 * (c) filtered vector search: the HNSW walk with a filter against the exact scan of the allowed
 *     passages (and how many of the exact top 10 the walk found);
 * (d) the search request after a tag edit: the old full rebuild of the passage map against the
 *     incremental refresh;
 * (e) is measured by the concurrent ingest of bench/scale.ts (its child reports the vector
 *     index's share), in the before and after runs;
 * (f) the semantic half with a filter, as a filter's first search: every passing id read from
 *     SQLite, then the search given those ids, against the filter's mask made from the filter
 *     fields in memory (`store.filtered.mask`), then the search given the mask;
 * (g) keyword scoring: FTS5's `bm25()` on every match (a reader that was never warmed) against
 *     the postings held in memory (`TermPostings`, a warmed reader), same rankings checked.
 *
 * The keyword index is warmed first, as a server warms it: "new" is what a server runs.
 *
 *   npx tsx bench/scale-changes.ts [--data-dir /tmp/scale/archive] [--label NAME]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cleanTags, createLogger, loadConfig, tagKey } from '../packages/core/src/index.ts';
import { parseQuery, toFtsExpression, toKeywordDocument } from '../indexes/keyword/src/index.ts';
import { SqliteKeywordReader } from '../indexes/keyword/src/sqlite-keyword-reader.ts';
import { openArchive } from '../packages/runtime/src/index.ts';
import { EXACT_SEARCH_LIMIT } from '../indexes/vector/src/index.ts';
import type { ArticleFilters } from '../packages/store/src/index.ts';
import { openDatabase, storeDatabase } from './lib/sqlite.ts';
import { latencyStats, round, type LatencyStats } from './lib/stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA = process.env['ARCHIVE_SHARED_DATA'] ?? path.resolve(ROOT, '../shared/data');
const { values } = parseArgs({ options: { 'data-dir': { type: 'string', default: '/tmp/scale/archive' }, label: { type: 'string', default: 'run' } } });
const dataDir = path.resolve(values['data-dir']);
const config = loadConfig({ env: process.env, overrides: { dataDir, logLevel: 'warn', model: { cacheDir: null } } });
const logger = createLogger({ level: 'warn' });
const archive = await openArchive(config, logger);
await archive.keywordIndex.warm?.();
const { store, keywordIndex, vectorIndex, embedder } = archive;
if (!vectorIndex || !embedder) throw new Error('needs the model');
const storeDb = storeDatabase(store);
const keywordDb = openDatabase(path.join(dataDir, 'keyword.sqlite'), { readonly: true });

/** The filter SQL as it was before (authors as JSON, tags by a correlated EXISTS). */
function oldFilterClause(filters: ArticleFilters, alias: string, tags: { table: string; rowColumn: string; rowId: string }) {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (filters.dateFrom) (conditions.push(`${alias}.date >= ?`), params.push(filters.dateFrom));
  if (filters.dateTo) (conditions.push(`${alias}.date <= ?`), params.push(filters.dateTo));
  const inList = (column: string, list?: string[]) => {
    if (!list?.length) return;
    conditions.push(`${column} IN (${list.map(() => '?').join(',')})`);
    params.push(...list);
  };
  inList(`${alias}.section`, filters.sections);
  inList(`${alias}.lang`, filters.langs);
  if (filters.authors?.length) {
    conditions.push(`EXISTS (SELECT 1 FROM json_each(${alias}.authors) WHERE lower(value) IN (${filters.authors.map(() => 'lower(?)').join(',')}))`);
    params.push(...filters.authors);
  }
  if (filters.tags?.length) {
    const keys = [...new Set(filters.tags.map(tagKey))];
    conditions.push(`EXISTS (SELECT 1 FROM ${tags.table} t WHERE t.${tags.rowColumn} = ${tags.rowId} AND t.tag_key IN (${keys.map(() => '?').join(',')}))`);
    params.push(...keys);
  }
  return { sql: conditions.join(' AND '), params };
}

/** The old keyword search: hits, count, and one GROUP BY per facet, each its own full-text pass. */
function oldKeywordSearch(query: string, filters: ArticleFilters): number {
  const expression = toFtsExpression(parseQuery(query));
  const source = expression
    ? { from: 'fts JOIN docs d ON d.rowid = fts.rowid', where: 'WHERE fts MATCH ?', params: [expression], score: '-bm25(fts, 6, 2.5, 1, 1)' }
    : { from: 'docs d', where: 'WHERE 1', params: [], score: '0' };
  const whereOf = (f: ArticleFilters) => {
    const { sql, params } = oldFilterClause(f, 'd', { table: 'doc_tags', rowColumn: 'doc', rowId: 'd.rowid' });
    return { sql: sql ? `AND ${sql}` : '', params };
  };
  const where = whereOf(filters);
  keywordDb.prepare(`SELECT d.article_id, ${source.score} AS score FROM ${source.from} ${source.where} ${where.sql} ORDER BY score DESC, d.date DESC LIMIT 100`).all(...source.params, ...where.params);
  const total = keywordDb.prepare(`SELECT count(*) FROM ${source.from} ${source.where} ${where.sql}`).pluck().get(...source.params, ...where.params) as number;
  const facetFilters: Record<string, ArticleFilters> = {
    section: { ...filters, sections: [] }, lang: { ...filters, langs: [] }, year: { ...filters, dateFrom: null, dateTo: null }, tag: { ...filters, tags: [] },
  };
  for (const [facet, f] of Object.entries(facetFilters)) {
    const w = whereOf(f);
    const sql = facet === 'tag'
      ? `SELECT min(t.label), count(*) AS n FROM ${source.from} JOIN doc_tags t ON t.doc = d.rowid ${source.where} ${w.sql} GROUP BY t.tag_key ORDER BY n DESC LIMIT 50`
      : `SELECT d.${facet}, count(*) AS n FROM ${source.from} ${source.where} ${w.sql} AND d.${facet} IS NOT NULL GROUP BY d.${facet} ORDER BY n DESC`;
    keywordDb.prepare(sql).all(...source.params, ...w.params);
  }
  return total;
}

function time(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}
async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

type Row = { change: string; case: string; old: LatencyStats; now: LatencyStats; note?: string };
const rows: Row[] = [];

const topics = readFileSync(path.join(DATA, 'orangesum-fr-topics/topics.jsonl'), 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { query: string }).query);
const titles = (storeDb.prepare("SELECT title FROM articles WHERE id NOT LIKE '%~%' ORDER BY seq LIMIT 2000").pluck().all() as string[])
  .filter((_, i) => i % 40 === 7)
  .map((t) => t.replace(/["«»“”()[\]]/g, ' ').replace(/\s+/g, ' ').trim());
const queries = [...topics, ...titles];
const year = (storeDb.prepare("SELECT substr(date,1,4) y FROM articles GROUP BY y ORDER BY count(*) DESC LIMIT 1").pluck().get() as string);
const author = 'Florian Lautre';
const tag = (storeDb.prepare('SELECT label FROM article_tags GROUP BY tag_key ORDER BY count(*) DESC LIMIT 1 OFFSET 5').pluck().get() as string);
const filterSets: [string, ArticleFilters][] = [
  ['no filter', {}],
  [`author ${author}`, { authors: [author] }],
  [`year ${year}`, { dateFrom: `${year}-01-01`, dateTo: `${year}-12-31` }],
  ['section sport + lang fr', { sections: ['sport'], langs: ['fr'] }],
  [`tag ${tag} + year`, { tags: [tag], dateFrom: `${year}-01-01`, dateTo: `${year}-12-31` }],
  ['lang fr (every article)', { langs: ['fr'] }],
];

// (a) keyword search, both ways, alternating per query (same cache state for both).
for (const [name, filters] of filterSets.slice(0, 3)) {
  const old: number[] = [];
  const now: number[] = [];
  for (const q of queries) {
    let expectedTotal = 0;
    old.push(time(() => (expectedTotal = oldKeywordSearch(q, filters))));
    let total = 0;
    now.push(await timeAsync(async () => (total = (await keywordIndex.search({ query: q, filters, limit: 100, offset: 0, facets: true })).total)));
    if (total !== expectedTotal) throw new Error(`(a) totals differ for "${q}" ${JSON.stringify(filters)}: ${expectedTotal} then ${total}`);
  }
  rows.push({ change: '(a) keyword search with facets', case: `${queries.length} queries, ${name}`, old: latencyStats(old), now: latencyStats(now) });
}
const rewritten = store.getArticle(storeDb.prepare('SELECT id FROM articles ORDER BY seq LIMIT 1').pluck().get() as string)!;
for (const [name, filters] of filterSets) {
  const old: number[] = [];
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < 5; i++) {
    old.push(time(() => oldKeywordSearch('', filters)));
    // Cold: right after a write (an article written again, as an ingest batch does), which
    // drops the kept counts and makes every reader catch up with the index.
    await keywordIndex.apply({ upserts: [toKeywordDocument(rewritten)], deletedIds: [], seq: await keywordIndex.appliedSeq() });
    cold.push(await timeAsync(() => keywordIndex.search({ query: '', filters, limit: 60, offset: 0, facets: true })));
    warm.push(await timeAsync(() => keywordIndex.search({ query: '', filters, limit: 60, offset: 0, facets: true })));
  }
  rows.push({ change: '(a) blank query (home page), counted', case: name, old: latencyStats(old), now: latencyStats(cold), note: `kept while unchanged: p50 ${latencyStats(warm).p50.toFixed(2)} ms` });
}

// (b) the filter of semantic search.
for (const [name, filters] of filterSets.slice(1)) {
  const old: number[] = [];
  const now: number[] = [];
  let sizes = '';
  for (let i = 0; i < 5; i++) {
    const { sql, params } = oldFilterClause(filters, 'a', { table: 'article_tags', rowColumn: 'article_id', rowId: 'a.id' });
    let oldSize = 0;
    old.push(time(() => (oldSize = new Set((storeDb.prepare(`SELECT id FROM articles a WHERE ${sql}`).raw().all(...params) as [string][]).map(([id]) => id)).size)));
    let newSize = 0;
    now.push(time(() => (newSize = store.filtered.ids(filters)!.size)));
    if (oldSize !== newSize) throw new Error(`(b) ${name}: ${oldSize} then ${newSize} articles`);
    sizes = `${newSize} articles`;
  }
  rows.push({ change: '(b) filterArticleIds', case: `${name} (${sizes})`, old: latencyStats(old), now: latencyStats(now) });
}

// (c) filtered vector search: k = 300 passages as the search service asks.
const vectors: Float32Array[] = [];
for (const q of queries.slice(0, 60)) vectors.push(await embedder.embedQuery(q));
for (const [name, filters] of filterSets.slice(1)) {
  const allowed = store.filtered.ids(filters)!;
  const old: number[] = [];
  const now: number[] = [];
  let recall = 0;
  for (const vector of vectors) {
    vectorIndex.setExactSearchLimit(-1);
    let walked: number[] = [];
    old.push(time(() => (walked = vectorIndex.search(vector, 300, allowed).map((hit) => hit.passageId))));
    vectorIndex.setExactSearchLimit(EXACT_SEARCH_LIMIT);
    let found: number[] = [];
    now.push(time(() => (found = vectorIndex.search(vector, 300, allowed).map((hit) => hit.passageId))));
    const exact = new Set(vectorIndex.exactSearch(vector, 10, vectorIndex.passagesOf(allowed)).map((hit) => hit.passageId));
    recall += walked.slice(0, 10).filter((id) => exact.has(id)).length / Math.max(1, exact.size);
    void found;
  }
  rows.push({ change: '(c) filtered vector search, k=300', case: `${name} (${allowed.size} articles)`, old: latencyStats(old), now: latencyStats(now), note: `HNSW walk recall@10 vs exact ${(recall / vectors.length).toFixed(3)}` });
}

// (d) the search after a tag edit: the old full rebuild of the passage map against the new refresh.
{
  const old: number[] = [];
  const now: number[] = [];
  const ids = storeDb.prepare('SELECT id FROM articles ORDER BY seq LIMIT 5').pluck().all() as string[];
  const [benchTag] = cleanTags(['bench-scale-tag']);
  for (const [i, id] of ids.entries()) {
    store.tags.change([id], { add: [benchTag!], remove: [] }, 'bench', 'manual');
    // Old: `sync()` read every embedded passage's id and article, then compared them with the index.
    old.push(time(() => {
      const wanted = store.passages().embeddedPassageIds(archive.modelKey);
      let stale = 0;
      for (const label of vectorIndex.labels().keys()) if (!wanted.has(label)) stale++;
      return stale;
    }));
    now.push(time(() => vectorIndex.refreshIfStale(0)));
    store.tags.change([id], { add: [], remove: [benchTag!] }, 'bench', 'manual');
    vectorIndex.refreshIfStale(0);
    void i;
  }
  rows.push({ change: '(d) refresh after a tag edit', case: 'one article re-tagged', old: latencyStats(old), now: latencyStats(now) });
}

// (f) the semantic half with a filter, each time a new one: ids read from SQLite, against a mask
// made from the filter fields in memory (a new object each time, so nothing is kept between).
for (const [name, filters] of filterSets.slice(1)) {
  const old: number[] = [];
  const now: number[] = [];
  let same = 0;
  for (const vector of vectors) {
    let before: string[] = [];
    old.push(time(() => (before = vectorIndex.search(vector, 300, store.filtered.ids(filters)!).map((hit) => `${hit.passageId}`))));
    let after: string[] = [];
    now.push(time(() => (after = vectorIndex.search(vector, 300, store.filtered.mask(filters)!).map((hit) => `${hit.passageId}`))));
    const found = new Set(after);
    same += before.length ? before.slice(0, 10).filter((id) => found.has(id)).length / Math.min(10, before.length) : 1;
  }
  rows.push({ change: '(f) semantic half with a filter, k=300', case: name, old: latencyStats(old), now: latencyStats(now), note: `old top 10 found ${(same / vectors.length).toFixed(3)}` });
}

// (g) keyword scoring: FTS5's bm25() against the postings in memory, two readers on the same file.
{
  // The bench's connection type is a narrowed better-sqlite3 one: the reader takes the full type.
  const connect = () => new SqliteKeywordReader(openDatabase(path.join(dataDir, 'keyword.sqlite'), { readonly: true }) as unknown as ConstructorParameters<typeof SqliteKeywordReader>[0]);
  const fullText = connect();
  const inMemory = connect();
  const load = time(() => inMemory.warm());
  for (const [name, filters] of filterSets.slice(0, 3)) {
    const old: number[] = [];
    const now: number[] = [];
    for (const query of queries) {
      const request = { query, filters, limit: 100, offset: 0, facets: true };
      let expected: string[] = [];
      old.push(time(() => (expected = fullText.search(request).hits.map((hit) => hit.id))));
      let actual: string[] = [];
      now.push(time(() => (actual = inMemory.search(request).hits.map((hit) => hit.id))));
      if (actual.join() !== expected.join()) throw new Error(`(g) rankings differ for "${query}" ${JSON.stringify(filters)}`);
    }
    rows.push({ change: '(g) keyword search, BM25 from postings', case: `${queries.length} queries, ${name}`, old: latencyStats(old), now: latencyStats(now), note: `same top 100; postings loaded in ${Math.round(load)} ms` });
  }
}

const lines = [
  `What each change bought, old and new code paths in one process, ${new Date().toISOString()}; ${store.countArticles()} articles, ${vectorIndex.size} passages; ` +
    `Node ${process.version}, ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  '',
  `${'change'.padEnd(40)}${'case'.padEnd(44)}${'old p50'.padStart(9)}${'old p95'.padStart(9)}${'new p50'.padStart(9)}${'new p95'.padStart(9)}${'p95 ×'.padStart(8)}`,
  ...rows.map((r) => `${r.change.padEnd(40)}${r.case.slice(0, 43).padEnd(44)}${r.old.p50.toFixed(2).padStart(9)}${r.old.p95.toFixed(2).padStart(9)}${r.now.p50.toFixed(2).padStart(9)}${r.now.p95.toFixed(2).padStart(9)}${(r.old.p95 / r.now.p95).toFixed(1).padStart(8)}${r.note ? `  ${r.note}` : ''}`),
];
console.log(lines.join('\n'));
const dir = path.join(ROOT, 'bench', 'results');
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `scale-changes-${values.label}.json`);
writeFileSync(file, `${JSON.stringify({ benchmark: 'scale-changes', label: values.label, at: new Date().toISOString(), rows: rows.map((r) => ({ ...r, ratioP95: round(r.old.p95 / r.now.p95, 2) })), environment: { node: process.version, loadAverageAtEnd: loadavg() } }, null, 2)}\n`);
console.log(`written to ${file}`);
keywordDb.close();
await archive.close();
process.exit(0);
