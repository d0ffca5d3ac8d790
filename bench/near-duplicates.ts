/**
 * Near-duplicate grouping (one story, shown once) on the OrangeSum archive: groups and their
 * sizes, what grouping costs at ingest (the same in-process ingest with and without it), the
 * cost of grouping the whole archive again, and the grouped pairs to read by hand; verdicts
 * read from bench/near-duplicates-judged.json give the precision.
 *
 *   npx tsx bench/near-duplicates.ts [--limit 15000] [--sample 40]
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger, loadConfig } from '../packages/core/src/index.ts';
import { ingest } from '../ingest/src/index.ts';
import { openArchive } from '../packages/runtime/src/index.ts';
import { compareStories, shingleSet } from '../packages/text/src/index.ts';

const { values } = parseArgs({ options: { limit: { type: 'string', default: '15000' }, sample: { type: 'string', default: '40' } } });
const ORANGESUM = path.resolve(import.meta.dirname, '../../shared/data/orangesum-fr/articles.jsonl.gz');
const JUDGED = path.join(import.meta.dirname, 'near-duplicates-judged.json');
const logger = createLogger({ level: 'warn' });

/** Ingests the archive without embedding into a fresh folder; `grouping: false` turns the story hook off. */
async function ingestRun(grouping: boolean) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-stories-'));
  const config = loadConfig({ env: { ...process.env, ARCHIVE_DATA_DIR: dataDir, ARCHIVE_LOG_LEVEL: 'warn' } });
  const archive = await openArchive({ ...config, model: { ...config.model, enabled: false } }, logger);
  if (!grouping) Object.assign(archive.store.stories, { articleWritten: () => {} });
  const started = performance.now();
  const report = await ingest([ORANGESUM], {
    store: archive.store, keywordIndex: archive.keywordIndex, embedder: null, vectorIndex: null, modelKey: archive.modelKey,
    chunk: { ...config.chunk, maxTokens: config.model.maxTokens }, logger,
  }, { limit: Number(values.limit) });
  return { dataDir, archive, seconds: (performance.now() - started) / 1000, articles: report.new + report.updated };
}

// Grouping first: if the second run gains from a warm disk cache, that favours "without".
const withGroups = await ingestRun(true);
const without = await ingestRun(false);
await without.archive.close();
rmSync(without.dataDir, { recursive: true, force: true });

const { store } = withGroups.archive;
const stats = store.stories.stats();
const rebuildStarted = performance.now();
store.stories.rebuild();
const rebuildSeconds = (performance.now() - rebuildStarted) / 1000;
const links = store.stories.links();

// A fixed sample of confirmed pairs (every one when there are few), to read by hand.
const sampleSize = Math.min(Number(values.sample), links.length);
const step = links.length / Math.max(1, sampleSize);
const sampled = Array.from({ length: sampleSize }, (_, i) => links[Math.floor(i * step)]!);
const firstLine = (body: string) => body.split('\n')[0]!.slice(0, 220);
const pairs = sampled.map(([a, b]) => {
  const [x, y] = store.getArticles([a, b]);
  const comparison = compareStories(
    { shingles: shingleSet([x!.title, x!.summary, x!.body]), date: x!.date },
    { shingles: shingleSet([y!.title, y!.summary, y!.body]), date: y!.date },
  );
  return {
    pair: `${a} ${b}`,
    containment: Number(comparison.containment.toFixed(3)), jaccard: Number(comparison.jaccard.toFixed(3)), dayGap: comparison.dayGap,
    a: { id: a, date: x!.date, title: x!.title, first: firstLine(x!.body) },
    b: { id: b, date: y!.date, title: y!.title, first: firstLine(y!.body) },
  };
});
for (const pair of pairs) {
  console.log(`\n[${pair.pair}] containment ${pair.containment}, Jaccard ${pair.jaccard}, ${pair.dayGap} day(s)`);
  console.log(`  A ${pair.a.date} ${pair.a.title}\n    ${pair.a.first}`);
  console.log(`  B ${pair.b.date} ${pair.b.title}\n    ${pair.b.first}`);
}

// Verdicts written by a person who read the pairs: { "<a> <b>": { "same": true, "note": "…" } }.
const judged = existsSync(JUDGED) ? (JSON.parse(readFileSync(JUDGED, 'utf8')).verdicts as Record<string, { same: boolean; note?: string }>) : {};
const read = pairs.filter((pair) => judged[pair.pair]);
const correct = read.filter((pair) => judged[pair.pair]!.same).length;
const result = {
  articles: withGroups.articles,
  groups: stats.groups,
  grouped: stats.grouped,
  sizes: stats.sizes,
  links: links.length,
  ingestSeconds: { withGrouping: Number(withGroups.seconds.toFixed(2)), withoutGrouping: Number(without.seconds.toFixed(2)) },
  ingestOverhead: Number(((withGroups.seconds - without.seconds) / without.seconds).toFixed(3)),
  regroupWholeArchiveSeconds: Number(rebuildSeconds.toFixed(2)),
  precision: { read: read.length, sameStory: correct, value: read.length ? Number((correct / read.length).toFixed(3)) : null, judgedIn: 'bench/near-duplicates-judged.json' },
  sampledPairs: pairs,
};
console.log(`\n${result.articles} articles: ${result.groups} groups (${result.grouped} articles, sizes ${JSON.stringify(result.sizes)}), ${result.links} links`);
console.log(`ingest --no-embed: ${result.ingestSeconds.withGrouping} s with grouping, ${result.ingestSeconds.withoutGrouping} s without (+${(result.ingestOverhead * 100).toFixed(1)} %); regrouping the whole archive: ${result.regroupWholeArchiveSeconds} s`);
console.log(`precision on sampled pairs: ${correct}/${read.length} read were the same story`);
mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(path.join(import.meta.dirname, 'results/near-duplicates.json'), `${JSON.stringify(result, null, 2)}\n`);
await withGroups.archive.close();
rmSync(withGroups.dataDir, { recursive: true, force: true });
