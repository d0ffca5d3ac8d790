import Database from 'better-sqlite3';
import { SqliteKeywordReader } from './src/sqlite-keyword-reader.ts';
const dir = process.argv[2]!;
const titles = (new Database(`${dir}/archive.sqlite`, { readonly: true }).prepare('SELECT title FROM articles ORDER BY random() LIMIT 300').pluck().all() as string[]).map((t) => t.replace(/["«»“”„]/g, ' '));
const fast = new SqliteKeywordReader(new Database(`${dir}/keyword.sqlite`, { readonly: true }));
let t = performance.now();
fast.warm();
console.log('warm', Math.round(performance.now() - t), 'rss', Math.round(process.memoryUsage().rss / 1e6));
const times: number[] = [];
for (const query of titles) {
  const s = performance.now();
  fast.search({ query, filters: {}, limit: 10, offset: 0, facets: true });
  times.push(performance.now() - s);
}
times.sort((a, b) => a - b);
console.log('p50', times[150]!.toFixed(1), 'p95', times[285]!.toFixed(1));
