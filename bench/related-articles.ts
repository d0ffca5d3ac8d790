/**
 * Related articles against the plain nearest-neighbour list, in the same script, on the same
 * archives and vectors:
 * - bbc-news-en: same-section precision@5 (the five sections are the only labels);
 * - wmt-newstest-fr-en: how often the other-language version of an article is in its related
 *   top 5 when the reader accepts both languages;
 * - orangesum-fr (first 2,000 articles): the share of top-5 lists that repeat a story (two
 *   members of one near-duplicate group, or a near-copy of the article itself).
 *
 * Each archive is built with `archive ingest` (each article's first passage embedded, as the
 * tests do; the machine-wide embedding cache makes a second run fast) under .tmp/related/.
 *
 *   npx tsx bench/related-articles.ts [--sample 400]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { createLogger, loadConfig } from '../packages/core/src/index.ts';
import { openArchive, searchServiceFor, type Archive } from '../packages/runtime/src/index.ts';
import { RelatedArticles, bestPerArticle, meanVector, type RelatedOptions } from '../services/search/src/index.ts';
import { seededRandom } from './lib/stats.ts';

const { values } = parseArgs({ options: { sample: { type: 'string', default: '400' }, diversity: { type: 'string', default: '0.1' } } });
const SAMPLE = Number(values.sample);
const ROOT = path.resolve(import.meta.dirname, '..');
const SHARED = path.resolve(ROOT, '../shared/data');
const WORK = path.join(ROOT, '.tmp/related');
const logger = createLogger({ level: 'warn' });

/** Our defaults, as the API applies them. */
const OURS: Omit<RelatedOptions, 'langs'> = { limit: 5, recency: 0, diversity: Number(values.diversity), collapse: true };

function ingest(name: string, file: string): string {
  const dataDir = path.join(WORK, name);
  mkdirSync(dataDir, { recursive: true });
  execFileSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['packages/cli/src/main.ts', '--data-dir', dataDir, '--log-level', 'warn', 'ingest', file], {
    cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ARCHIVE_CHUNK_MAX_PASSAGES: '1' },
  });
  return dataDir;
}

async function open(dataDir: string): Promise<{ archive: Archive; related: RelatedArticles; nearest: (id: string, k: number) => string[] }> {
  const archive = await openArchive(loadConfig({ env: process.env, overrides: { dataDir, logLevel: 'warn' } }), logger);
  const related = new RelatedArticles({ store: archive.store, keywordIndex: archive.keywordIndex, vectorIndex: archive.vectorIndex });
  // The baseline: the k nearest articles by mean vector, the article itself left out, nothing else.
  const nearest = (id: string, k: number) => {
    const vectors = archive.store.passages().articleVectors(archive.modelKey, id);
    if (!vectors.length || !archive.vectorIndex) return [];
    return bestPerArticle(archive.vectorIndex.search(meanVector(vectors), (k + 1) * 3)).map((c) => c.id).filter((other) => other !== id).slice(0, k);
  };
  return { archive, related, nearest };
}

const sample = <T>(items: T[], n: number) => {
  const random = seededRandom(7);
  return items.map((item) => ({ item, key: random() })).sort((a, b) => a.key - b.key).slice(0, n).map(({ item }) => item);
};
const mean = (values: number[]) => Math.round((values.reduce((a, b) => a + b, 0) / Math.max(1, values.length)) * 1000) / 1000;

async function bbcSections() {
  const { archive, related, nearest } = await open(ingest('bbc', path.join(SHARED, 'bbc-news-en/articles.jsonl.gz')));
  const ids = sample([...archive.store.articleVersions().keys()], SAMPLE);
  const ours: number[] = [];
  const baseline: number[] = [];
  for (const id of ids) {
    const section = archive.store.getArticle(id)!.section;
    const same = (list: string[]) => list.filter((other) => archive.store.getArticle(other)?.section === section).length / 5;
    ours.push(same((await related.related(id, { ...OURS, langs: ['en'] })).map((entry) => entry.id)));
    baseline.push(same(nearest(id, 5)));
  }
  await archive.close();
  return { set: 'bbc-news-en', articles: ids.length, measure: 'same-section precision@5', ours: mean(ours), baseline: mean(baseline) };
}

async function crossLingual() {
  const { archive, related, nearest } = await open(ingest('wmt', path.join(WORK, 'wmt.jsonl')));
  const ids = [...archive.store.articleVersions().keys()];
  const other = (id: string) => (id.startsWith('wmt-fr-') ? id.replace('wmt-fr-', 'wmt-en-') : id.replace('wmt-en-', 'wmt-fr-'));
  const ours: number[] = [];
  const baseline: number[] = [];
  for (const id of ids) {
    if (!archive.store.getArticle(other(id))) continue;
    ours.push((await related.related(id, { ...OURS, langs: null })).some((entry) => entry.id === other(id)) ? 1 : 0);
    baseline.push(nearest(id, 5).includes(other(id)) ? 1 : 0);
  }
  await archive.close();
  return { set: 'wmt-newstest-fr-en', articles: ours.length, measure: 'other-language version in the related top 5', ours: mean(ours), baseline: mean(baseline) };
}

async function storyRepetition() {
  const records = gunzipSync(readFileSync(path.join(SHARED, 'orangesum-fr/articles.jsonl.gz'))).toString('utf8').split('\n').filter(Boolean).slice(0, 2000);
  writeFileSync(path.join(WORK, 'orangesum-2000.jsonl'), `${records.join('\n')}\n`);
  const { archive, related, nearest } = await open(ingest('orangesum', path.join(WORK, 'orangesum-2000.jsonl')));
  const { stories } = archive.store;
  const grouped = [...archive.store.articleVersions().keys()].filter((id) => stories.groupOf(id));
  const repeats = (id: string, list: string[]) => {
    const own = stories.groupOf(id);
    const groups = list.map((other) => stories.groupOf(other)).filter((group): group is string => group !== null);
    return groups.includes(own ?? '') || new Set(groups).size < groups.length ? 1 : 0;
  };
  // Articles whose neighbourhood can repeat a story: grouped ones and their nearest neighbours.
  const ids = sample([...new Set([...grouped, ...grouped.flatMap((id) => nearest(id, 3))])], SAMPLE);
  const ours: number[] = [];
  const baseline: number[] = [];
  for (const id of ids) {
    ours.push(repeats(id, (await related.related(id, { ...OURS, langs: ['fr'] })).map((entry) => entry.id)));
    baseline.push(repeats(id, nearest(id, 5)));
  }
  // Search: the titles of grouped articles as queries (hybrid), top 10 with and without folding.
  const search = searchServiceFor(archive, logger);
  const repeated = (hits: { id: string }[]) => {
    const groups = hits.map((hit) => stories.groupOf(hit.id)).filter((group): group is string => group !== null);
    return new Set(groups).size < groups.length ? 1 : 0;
  };
  const folded: number[] = [];
  const unfolded: number[] = [];
  for (const id of grouped) {
    const q = archive.store.getArticle(id)!.title;
    folded.push(repeated((await search.search({ q, mode: 'hybrid', filters: {}, page: 1, size: 10 })).hits));
    unfolded.push(repeated((await search.search({ q, mode: 'hybrid', filters: {}, page: 1, size: 10, collapse: false })).hits));
  }
  const stats = stories.stats();
  await archive.close();
  return [
    { set: 'orangesum-fr (2,000)', articles: ids.length, measure: `related top-5 lists repeating a story (${stats.groups} groups)`, ours: mean(ours), baseline: mean(baseline) },
    { set: 'orangesum-fr (2,000)', articles: grouped.length, measure: 'search top-10 lists repeating a story (titles as queries)', ours: mean(folded), baseline: mean(unfolded) },
  ];
}

mkdirSync(WORK, { recursive: true });
const documents = gunzipSync(readFileSync(path.join(SHARED, 'wmt-newstest-fr-en/documents.jsonl.gz'))).toString('utf8').split('\n').filter(Boolean)
  .map((line) => JSON.parse(line) as { id: string; set: string; fr?: { title?: string; body: string }; en?: { title?: string; body: string } });
writeFileSync(
  path.join(WORK, 'wmt.jsonl'),
  `${documents.flatMap((doc) => (['fr', 'en'] as const).flatMap((lang) => {
    const text = doc[lang];
    if (!text?.body) return [];
    return [JSON.stringify({ id: `wmt-${lang}-${doc.id.replace(/[^A-Za-z0-9]+/g, '-')}`, title: text.title || text.body.slice(0, 80), body: text.body, lang, section: doc.set, date: null })];
  })).join('\n')}\n`,
);

const results = [await bbcSections(), await crossLingual(), ...(await storyRepetition())];
console.log(`\nRelated articles (ours: filters, MMR diversity ${OURS.diversity}, near-copies folded) vs the plain nearest-neighbour list`);
for (const r of results) console.log(`${r.set.padEnd(22)} ${String(r.articles).padStart(5)}  ${r.measure.padEnd(52)} ours ${r.ours.toFixed(3)}  baseline ${r.baseline.toFixed(3)}`);
mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(path.join(ROOT, 'bench/results/related-articles.json'), `${JSON.stringify({ date: new Date().toISOString(), options: OURS, results }, null, 2)}\n`);
