/**
 * The benchmark's query set: deterministic (fixed seed), so every run and every archive size
 * is timed on the same queries.
 *
 * - the OrangeSum topic queries (24, French, the product's real evaluation queries);
 * - a few OrangeSum article titles (pasted headlines), taken from the first 100 articles so
 *   they are in every archive size;
 * - the rest from the WMT French–English news set: headlines and sentences cut to a window of
 *   3–10 words, function words trimmed off both ends (with the product's own stopword list) so
 *   they read like typed queries; half French, half English (cross-lingual queries exercise the
 *   multilingual model).
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { gunzipSync, createGunzip } from 'node:zlib';
import { analyzeTerms, STOPWORDS } from '../../packages/text/src/index.ts';
import { seededRandom } from './stats.ts';

export type QuerySource = 'topic' | 'title' | 'wmt-fr' | 'wmt-en';

export interface BenchQuery {
  text: string;
  source: QuerySource;
}

export interface QuerySet {
  measured: BenchQuery[];
  /** Run before timing (never timed, never in `measured`). */
  warmup: BenchQuery[];
}

export interface QueryDataPaths {
  topics: string;
  orangesum: string;
  wmt: string;
}

export const QUERY_SEED = 20_240_607;
/** Titles: about 5% of the queries, at most 12. */
const MAX_TITLES = 12;
const TITLE_POOL = 100;

interface WmtDocument {
  fr: { title: string };
  en: { title: string };
  segments: { id: number; fr: string; en: string }[];
}

/** Share of WMT queries taken from headlines rather than body sentences. */
const HEADLINE_SHARE = 1 / 3;

function readTopics(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => (JSON.parse(line) as { query: string }).query);
}

async function readFirstTitles(file: string, count: number): Promise<string[]> {
  const titles: string[] = [];
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    titles.push((JSON.parse(line) as { title: string }).title);
    if (titles.length >= count) break;
  }
  lines.close();
  return titles;
}

/** Removes quotes and brackets (they would turn a typed query into a phrase search) and trailing punctuation. */
function cleanQuery(text: string): string {
  return text
    .replace(/["«»“”„()[\]]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s,;:.!?…–-]+$/u, '');
}

/** A word that carries no meaning of its own ("de", "the", "l'", punctuation). */
function isFunctionWord(word: string): boolean {
  return analyzeTerms(word).every((term) => STOPWORDS.has(term));
}

/** A window of `length` words of a sentence, without function words at either end. */
function cutWords(sentence: string, length: number, random: () => number): string {
  const words = cleanQuery(sentence).split(' ').filter(Boolean);
  const start = Math.floor(random() * Math.max(1, words.length - length + 1));
  const window = words.slice(start, start + length);
  while (window.length && isFunctionWord(window[0]!)) window.shift();
  while (window.length && isFunctionWord(window[window.length - 1]!)) window.pop();
  return cleanQuery(window.join(' '));
}

/** Picks from `pool` without replacement, in a seeded order. */
function sample<T>(pool: T[], count: number, random: () => number): T[] {
  const copy = [...pool];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, count);
}

/**
 * Builds `total` measured queries plus `warmup` more, all distinct (compared without case).
 */
export async function buildQuerySet(paths: QueryDataPaths, total: number, warmup: number): Promise<QuerySet> {
  const random = seededRandom(QUERY_SEED);
  const seen = new Set<string>();
  const measured: BenchQuery[] = [];
  const add = (list: BenchQuery[], text: string, source: QuerySource): boolean => {
    const key = text.toLowerCase();
    if (!text || seen.has(key)) return false;
    seen.add(key);
    list.push({ text, source });
    return true;
  };

  for (const topic of readTopics(paths.topics).slice(0, total)) add(measured, cleanQuery(topic), 'topic');

  const titleCount = Math.min(MAX_TITLES, Math.round((total - measured.length) * 0.05));
  const titles = titleCount > 0 ? await readFirstTitles(paths.orangesum, TITLE_POOL) : [];
  for (const title of sample(titles, titleCount, random)) add(measured, cleanQuery(title), 'title');

  // WMT sentences: alternate French and English; a random document, segment and length each time.
  const documents = gunzipSync(readFileSync(paths.wmt))
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as WmtDocument);
  const segments = documents.flatMap((document) => document.segments);
  const warm: BenchQuery[] = [];
  let french = true;
  for (let attempts = 0; measured.length + warm.length < total + warmup && attempts < 100_000; attempts++) {
    const headline = random() < HEADLINE_SHARE;
    const pair = headline ? documents[Math.floor(random() * documents.length)]! : segments[Math.floor(random() * segments.length)]!;
    const sentence = 'segments' in pair ? (french ? pair.fr.title : pair.en.title) : french ? pair.fr : pair.en;
    const text = cutWords(sentence, 3 + Math.floor(random() * 8), random);
    if (text.split(' ').length < 3) continue;
    const target = measured.length < total ? measured : warm;
    if (add(target, text, french ? 'wmt-fr' : 'wmt-en')) french = !french;
  }
  return { measured, warmup: warm };
}
