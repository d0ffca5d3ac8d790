import Database from 'better-sqlite3';
import { createLogger } from '@archive/core';
import { ArticleStore } from '@archive/store';
import { SqliteKeywordIndex } from './src/sqlite-keyword-index.ts';
import { syncKeywordIndex } from './src/sync-keyword-index.ts';
import { SqliteKeywordReader } from './src/sqlite-keyword-reader.ts';

const dir = process.argv[2]!;
const logger = createLogger({ level: 'warn' });
const store = ArticleStore.open(dir, logger);
const index = SqliteKeywordIndex.open(dir, { searchThreads: 0 });
let t = Date.now();
const applied = await syncKeywordIndex(index, store, logger);
console.log('synced', applied, Date.now() - t, 'ms');
const titles = (new Database(`${dir}/archive.sqlite`, { readonly: true }).prepare('SELECT title FROM articles ORDER BY random() LIMIT 400').pluck().all() as string[]);
const queries = [...titles.map((t) => t.replace(/["«»“”„]/g, " ")), 'masks shortage during the epidemic', 'Macron AND retraites OR pensions', 'retraites -Philippe', 'grève -SNCF', 'pénurie masques', 'la', 'economie', 'zzzunknown', 'France OR Allemagne', 'cœur', 'Macron AND -Philippe', 'grève AND transports AND Paris', 'immigr*', '"réforme des retraites" Macron', 'Saint-Étienne OR Lyon', '-"Le Pen" retraites', 'covid-19 vaccin*', 'écon* AND "Jean-Luc Mélenchon"'];
const plain = new SqliteKeywordReader(new Database(`${dir}/keyword.sqlite`, { readonly: true }));
const fast = new SqliteKeywordReader(new Database(`${dir}/keyword.sqlite`, { readonly: true }));
t = Date.now();
fast.warm();
console.log('warm', Date.now() - t, 'ms', 'heap', Math.round(process.memoryUsage().heapUsed / 1e6), 'MB', 'ab', Math.round(process.memoryUsage().arrayBuffers / 1e6), 'MB');
let worst = 0, mismatched = 0, tPlain = 0, tFast = 0;
for (const query of queries) {
  const request = { query, filters: {}, limit: 100, offset: 0, facets: true };
  let s = performance.now();
  const a = plain.search(request);
  tPlain += performance.now() - s;
  s = performance.now();
  const b = fast.search(request);
  tFast += performance.now() - s;
  const same = a.total === b.total && a.hits.every((h, i) => h.id === b.hits[i]?.id) && JSON.stringify(a.facets) === JSON.stringify(b.facets);
  for (let i = 0; i < a.hits.length; i++) worst = Math.max(worst, Math.abs(a.hits[i]!.score - (b.hits[i]?.score ?? 0)) / Math.abs(a.hits[i]!.score));
  if (!same) { mismatched++; if (mismatched < 5) console.log('MISMATCH', query, a.total, b.total, a.hits.slice(0, 3), b.hits.slice(0, 3)); }
}
console.log({ queries: queries.length, mismatched, worst, tPlain: Math.round(tPlain), tFast: Math.round(tFast) });
const { parseQuery } = await import('./src/query-parser.ts');
const postings = (fast as any).postings;
let tm = 0, tf = 0, total = 0;
const db2 = new Database(`${dir}/keyword.sqlite`, { readonly: true });
const ftsStmt = db2.prepare(`SELECT rowid, -bm25(fts, 6, 2.5, 1, 1) FROM fts WHERE fts MATCH ?`).raw();
const { toFtsExpression } = await import('./src/query-parser.ts');
for (const query of queries) {
  const parsed = parseQuery(query);
  let s = performance.now();
  const m = postings.match(parsed);
  tm += performance.now() - s;
  total += m?.rowids.length ?? 0;
  const e = toFtsExpression(parsed);
  s = performance.now();
  if (e) ftsStmt.all(e);
  tf += performance.now() - s;
}
console.log({ matchMs: Math.round(tm), ftsMs: Math.round(tf), avgMatches: Math.round(total / queries.length) });
