/**
 * Builds a large archive from a small embedded one by replication with perturbation, for
 * bench/scale.ts. Nothing is embedded: every copy's passage vectors are derived from the source
 * passages' stored vectors and written straight into the store under the copy's passage text hash
 * (vectors are keyed by model + text hash, see packages/store/src/vectors.ts and
 * `ArticleStore.putEmbeddings`), so the search path meets real vectors in real proportions.
 *
 * The recipe (seeded, so every build is the same):
 * - every source article is written as it is (same id, text, passages and vectors), plus a few
 *   tags (below);
 * - copy k (k = 1, 2, …) of a source article gets the id `<id>~<k>`, the URL `<url>?copy=<k>`,
 *   its date (and `published`) shifted back by k whole years (so copies never fall within the
 *   three days that would make them one story with their source), and one sentence-level edit of
 *   its body: odd k drop one sentence, even k swap two neighbouring sentences (in a paragraph of
 *   two sentences or more; a body with no such paragraph drops its last paragraph instead);
 * - a copy is chunked again by the product's `chunkArticle` (the same options as the source
 *   archive: `maxPassages` = the most passages a source article has, 1 for a one-passage
 *   archive); its passage i takes the vector of source passage min(i, last), plus Gaussian noise
 *   (σ = 0.01 per dimension, cosine ≈ 0.98 to the source), renormalised;
 * - tags: each article (source and copy) gets 0–3 tags drawn, Zipf-weighted, from the 200 most
 *   frequent capitalised title words of the source (the OrangeSum export has no tags), so that tag
 *   filters and the tag facet have realistic skew;
 * - copies are made in rounds (round k makes copy k of every source article, in source order)
 *   until the archive holds the wanted number of articles.
 *
 * Articles go through the store's own write path (`ArticleStore.writeArticles`: passages, story
 * signatures, tag tables), the keyword index follows through `syncKeywordIndex`, vectors through
 * `putEmbeddings`, and the HNSW index is built by `VectorIndex.open` (its catch-up from the store):
 * the benchmark measures the product's own indexes.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Article, Logger } from '../../packages/core/src/index.ts';
import { chunkArticle } from '../../ingest/src/index.ts';
import { ArticleStore, decodeVector, encodeVector, hashText } from '../../packages/store/src/index.ts';
import { SqliteKeywordIndex, syncKeywordIndex } from '../../indexes/keyword/src/index.ts';
import { VectorIndex, vectorIndexDir } from '../../indexes/vector/src/index.ts';
import { openDatabase, storeDatabase } from './sqlite.ts';
import { seededRandom } from './stats.ts';

export const NOISE_SIGMA = 0.01;
export const TAG_VOCABULARY = 200;
export const SCALE_SEED = 100_000;

export interface SourceArticle {
  article: Article;
  passages: { text: string; vector: Float32Array }[];
}

/** Reads the source archive read-only: every article with its passages and their vectors. */
export function readSource(dataDir: string, modelKey: string): SourceArticle[] {
  const db = openDatabase(path.join(dataDir, 'archive.sqlite'), { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT id, url, title, summary, body, authors, date, published, section, source_tags, lang, source FROM articles ORDER BY seq`,
      )
      .all() as Record<string, string | null>[];
    const passages = db
      .prepare(
        `SELECT p.article_id, p.text, e.vector FROM passages p JOIN embeddings e ON e.model = ? AND e.text_hash = p.text_hash
         ORDER BY p.article_id, p.ordinal`,
      )
      .raw()
      .all(modelKey) as [string, string, Buffer][];
    const byArticle = new Map<string, { text: string; vector: Float32Array }[]>();
    for (const [articleId, text, vector] of passages) {
      if (!byArticle.has(articleId)) byArticle.set(articleId, []);
      byArticle.get(articleId)!.push({ text, vector: decodeVector(vector) });
    }
    return rows.flatMap((row) => {
      const stored = byArticle.get(row['id']!);
      // Only fully embedded articles: a copy needs a vector for each of its passages.
      if (!stored?.length) return [];
      const article: Article = {
        id: row['id']!, url: row['url'] ?? null, title: row['title']!, summary: row['summary'] ?? null, body: row['body']!,
        authors: JSON.parse(row['authors']!) as string[], date: row['date'] ?? null, published: row['published'] ?? null,
        section: row['section'] ?? null, tags: JSON.parse(row['source_tags']!) as string[], lang: row['lang'] ?? null,
        source: row['source'] ?? null,
      };
      return [{ article, passages: stored }];
    });
  } finally {
    db.close();
  }
}

/** The tag vocabulary: the most frequent capitalised title words (5 letters or more). */
export function tagVocabulary(sources: SourceArticle[]): string[] {
  const counts = new Map<string, number>();
  for (const { article } of sources) {
    for (const word of new Set(article.title.match(/\p{Lu}[\p{L}-]{4,}/gu) ?? [])) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, TAG_VOCABULARY).map(([word]) => word);
}

/** 0–3 tags, Zipf-weighted over the vocabulary. */
function drawTags(vocabulary: string[], random: () => number): string[] {
  const count = Math.floor(random() * 4);
  const tags = new Set<string>();
  for (let i = 0; i < count; i++) {
    // Zipf (s ≈ 1) by inverse transform over the harmonic weights, approximated by exp.
    const rank = Math.min(vocabulary.length - 1, Math.floor(Math.exp(random() * Math.log(vocabulary.length + 1)) - 1));
    tags.add(vocabulary[rank]!);
  }
  return [...tags];
}

const SENTENCE_END = /(?<=[.!?…»"])\s+(?=[«"A-ZÀ-ÖØ-Þ0-9])/u;

/** Characters between two edits: about one passage (400 tokens at 3.5 characters), so each passage gets one. */
const EDIT_EVERY_CHARS = 1400;

/**
 * Drops (odd k) or swaps (even k) one sentence of the first paragraph of two sentences or more,
 * and again about every passage length further on, so that the copy's passages differ from the
 * source's (a passage with no such paragraph keeps its text, and so shares its vector).
 */
export function perturbBody(body: string, k: number, random: () => number, everyParagraph = false): string {
  const paragraphs = body.split(/\n{2,}/);
  let sinceEdit = Number.POSITIVE_INFINITY;
  let edits = 0;
  paragraphs.forEach((paragraph, i) => {
    sinceEdit += paragraph.length;
    const sentences = paragraph.split(SENTENCE_END);
    if (everyParagraph && sentences.length < 2) {
      // One sentence: its last word goes (so that every passage of the copy is new text).
      const words = paragraph.split(' ');
      if (words.length > 3) paragraphs[i] = words.slice(0, -1).join(' ');
      return;
    }
    if (sentences.length < 2 || (!everyParagraph && sinceEdit < EDIT_EVERY_CHARS)) return;
    const at = Math.floor(random() * (sentences.length - 1));
    if (k % 2 === 1) sentences.splice(at, 1);
    else [sentences[at], sentences[at + 1]] = [sentences[at + 1]!, sentences[at]!];
    paragraphs[i] = sentences.join(' ');
    sinceEdit = 0;
    edits++;
  });
  if (edits === 0) return paragraphs.length > 1 ? paragraphs.slice(0, -1).join('\n\n') : `${body} (${k})`;
  return paragraphs.join('\n\n');
}

function shiftYears(date: string | null, years: number): string | null {
  if (!date || !/^\d{4}/.test(date)) return date;
  return `${String(Number(date.slice(0, 4)) - years).padStart(4, '0')}${date.slice(4)}`;
}

/** The source vector plus Gaussian noise, renormalised. */
export function noisy(vector: Float32Array, random: () => number, sigma = NOISE_SIGMA): Float32Array {
  const out = new Float32Array(vector.length);
  let norm = 0;
  for (let i = 0; i < vector.length; i++) {
    // Box–Muller.
    const gaussian = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    out[i] = vector[i]! + sigma * gaussian;
    norm += out[i]! * out[i]!;
  }
  norm = Math.sqrt(norm);
  for (let i = 0; i < out.length; i++) out[i]! /= norm;
  return out;
}

export interface Copy {
  article: Article;
  passages: string[];
  vectors: Float32Array[];
}

/** Copy k of a source article (see the recipe above). */
export function makeCopy(source: SourceArticle, k: number, chunk: { targetTokens: number; maxTokens: number; maxPassages: number }, vocabulary: string[], everyParagraph = false): Copy {
  const random = seededRandom(SCALE_SEED + k * 7_919 + hashNumber(source.article.id));
  const { article } = source;
  const body = perturbBody(article.body, k, random, everyParagraph);
  const copy: Article = {
    ...article,
    id: `${article.id}~${k}`,
    url: article.url ? `${article.url}?copy=${k}` : null,
    body,
    date: shiftYears(article.date, k),
    published: shiftYears(article.published, k),
    tags: drawTags(vocabulary, random),
  };
  const passages = chunkArticle(copy, chunk);
  const vectors = passages.map((_, i) => noisy(source.passages[Math.min(i, source.passages.length - 1)]!.vector, random));
  return { article: copy, passages, vectors };
}

function hashNumber(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export interface BuildOptions {
  source: string;
  dataDir: string;
  articles: number;
  /** Extra copies (beyond the archive) written as a JSONL file + vector file, for the concurrent-ingest measurement. */
  extra: number;
  modelKey: string;
  dimensions: number;
  ef: number;
  chunk: { targetTokens: number; maxTokens: number };
  logger: Logger;
  log: (line: string) => void;
}

export interface BuildResult {
  articles: number;
  passages: number;
  vectors: number;
  sourceArticles: number;
  sourcePassages: number;
  maxPassages: number;
  seconds: { read: number; store: number; keyword: number; vectors: number; hnsw: number; total: number };
  extraFile: string;
  extraVectorsFile: string;
  extraArticles: number;
  /** Copy passages whose text equals an earlier passage's (they share its vector). */
  sharedPassages: number;
}

/** Files of the extra articles: a JSONL export and their passages' vectors (text hash → vector). */
export function extraFiles(dataDir: string): { jsonl: string; vectors: string } {
  const root = path.dirname(dataDir);
  return { jsonl: path.join(root, 'extra.jsonl'), vectors: path.join(root, 'extra-vectors.bin') };
}

/**
 * Vector file: per entry, 32 hex characters of text hash then `dimensions` float32s.
 */
export function writeVectorFile(file: string, entries: Map<string, Float32Array>): void {
  const parts: Buffer[] = [];
  for (const [textHash, vector] of entries) parts.push(Buffer.from(textHash, 'ascii'), Buffer.from(encodeVector(vector)));
  writeFileSync(file, Buffer.concat(parts));
}

export function readVectorFile(bytes: Buffer, dimensions: number): Map<string, Float32Array> {
  const entry = 32 + dimensions * 4;
  const map = new Map<string, Float32Array>();
  for (let at = 0; at + entry <= bytes.length; at += entry) {
    map.set(bytes.toString('ascii', at, at + 32), decodeVector(bytes.subarray(at + 32, at + entry)));
  }
  return map;
}

export async function buildScaleArchive(options: BuildOptions): Promise<BuildResult> {
  const { log } = options;
  const started = performance.now();
  const lap = () => {
    const now = performance.now();
    const seconds = (now - last) / 1000;
    last = now;
    return seconds;
  };
  let last = started;
  const sources = readSource(options.source, options.modelKey);
  if (sources.length === 0) throw new Error(`no embedded article in ${options.source} for ${options.modelKey}`);
  const maxPassages = Math.max(...sources.map((s) => s.passages.length));
  const vocabulary = tagVocabulary(sources);
  const chunk = { ...options.chunk, maxPassages: maxPassages === 1 ? 1 : 0 };
  const readSeconds = lap();
  log(`source: ${sources.length} embedded articles, ${sources.reduce((n, s) => n + s.passages.length, 0)} passages (at most ${maxPassages} an article), read in ${readSeconds.toFixed(1)} s`);

  mkdirSync(options.dataDir, { recursive: true });
  const store = ArticleStore.open(options.dataDir, options.logger);
  const keywordIndex = SqliteKeywordIndex.open(options.dataDir);
  let storeSeconds = 0;
  let keywordSeconds = 0;
  let vectorSeconds = 0;
  const BATCH = 500;
  const stored = new Set<string>();
  let sharedPassages = 0;
  let pending: { write: { article: Article; passages: string[] }; vectors: Float32Array[] }[] = [];
  const flush = async () => {
    if (!pending.length) return;
    let t = performance.now();
    store.writeArticles(pending.map((p) => p.write));
    storeSeconds += (performance.now() - t) / 1000;
    t = performance.now();
    const vectors = new Map<string, Float32Array>();
    for (const { write, vectors: v } of pending) {
      write.passages.forEach((text, i) => {
        const hash = hashText(text);
        // A text already stored keeps its vector (the same text is never given two).
        if (stored.has(hash)) sharedPassages++;
        else {
          stored.add(hash);
          vectors.set(hash, v[i]!);
        }
      });
    }
    store.putEmbeddings(options.modelKey, [...vectors].map(([textHash, vector]) => ({ textHash, vector })));
    vectorSeconds += (performance.now() - t) / 1000;
    t = performance.now();
    await syncKeywordIndex(keywordIndex, store, options.logger);
    keywordSeconds += (performance.now() - t) / 1000;
    pending = [];
  };

  const tagRandom = seededRandom(SCALE_SEED);
  let written = 0;
  // Originals as they are (tags added), then rounds of copies.
  for (const source of sources) {
    if (written >= options.articles) break;
    pending.push({
      write: { article: { ...source.article, tags: drawTags(vocabulary, tagRandom) }, passages: source.passages.map((p) => p.text) },
      vectors: source.passages.map((p) => p.vector),
    });
    written++;
    if (pending.length >= BATCH) await flush();
  }
  let k = 0;
  let lastLog = performance.now();
  while (written < options.articles) {
    k++;
    for (const source of sources) {
      if (written >= options.articles) break;
      const copy = makeCopy(source, k, chunk, vocabulary);
      pending.push({ write: { article: copy.article, passages: copy.passages }, vectors: copy.vectors });
      written++;
      if (pending.length >= BATCH) await flush();
      if (performance.now() - lastLog > 30_000) {
        lastLog = performance.now();
        log(`  ${written} articles written (store ${storeSeconds.toFixed(0)} s, keyword ${keywordSeconds.toFixed(0)} s, vectors ${vectorSeconds.toFixed(0)} s)`);
      }
    }
  }
  await flush();
  log(`store: ${written} articles (store ${storeSeconds.toFixed(1)} s, keyword index ${keywordSeconds.toFixed(1)} s, vectors ${vectorSeconds.toFixed(1)} s)`);
  lap();

  // The HNSW index, built by the product's own catch-up from the store.
  let hnswSeconds = 0;
  {
    const t = performance.now();
    const index = await VectorIndex.open({
      dir: vectorIndexDir(options.dataDir, options.modelKey), store, modelKey: options.modelKey, dimensions: options.dimensions,
      ef: options.ef, logger: options.logger, syncOnOpen: false,
    });
    let lastLine = performance.now();
    await index.catchUp(async (done, total) => {
      if (performance.now() - lastLine > 30_000) {
        lastLine = performance.now();
        log(`  HNSW: ${done}/${total} passages`);
      }
    });
    await index.save();
    hnswSeconds = (performance.now() - t) / 1000;
    log(`HNSW: ${index.size} passages in ${hnswSeconds.toFixed(1)} s`);
  }

  const { extra, extraPassages, newVectors } = await writeExtras(sources, k + 1, chunk, vocabulary, options.extra, stored, options.dataDir);
  log(`extra: ${extra} articles, ${extraPassages} passages, ${newVectors} new vectors`);

  const result: BuildResult = {
    articles: store.countArticles(),
    passages: store.passages().countPassages(),
    vectors: storeDatabase(store).prepare('SELECT count(*) FROM embeddings WHERE model = ?').pluck().get(options.modelKey) as number,
    sourceArticles: sources.length,
    sourcePassages: sources.reduce((n, s) => n + s.passages.length, 0),
    maxPassages,
    seconds: { read: readSeconds, store: storeSeconds, keyword: keywordSeconds, vectors: vectorSeconds, hnsw: hnswSeconds, total: (performance.now() - started) / 1000 },
    extraFile: extraFiles(options.dataDir).jsonl,
    extraVectorsFile: extraFiles(options.dataDir).vectors,
    extraArticles: extra,
    sharedPassages,
  };
  await keywordIndex.close();
  store.close();
  return result;
}

/**
 * The extra articles for the ingest that runs during searches (never written by the build): copy
 * `round` of the first `count` source articles, every paragraph edited (a sentence dropped or two
 * swapped, a one-sentence paragraph losing its last word), so that all their passages are new
 * text with new vectors: the ingest then really stores vectors and grows the vector index.
 */
export async function writeExtras(
  sources: SourceArticle[], round: number, chunk: { targetTokens: number; maxTokens: number; maxPassages: number }, vocabulary: string[],
  count: number, stored: Set<string>, dataDir: string,
): Promise<{ extra: number; extraPassages: number; newVectors: number }> {
  const files = extraFiles(dataDir);
  const extraVectors = new Map<string, Float32Array>();
  const out = createWriteStream(files.jsonl);
  let extra = 0;
  let extraPassages = 0;
  for (const source of sources) {
    if (extra >= count) break;
    const copy = makeCopy(source, round, chunk, vocabulary, true);
    copy.passages.forEach((text, i) => {
      if (!stored.has(hashText(text))) extraVectors.set(hashText(text), copy.vectors[i]!);
    });
    extraPassages += copy.passages.length;
    out.write(`${JSON.stringify(copy.article)}\n`);
    extra++;
  }
  await new Promise<void>((done, fail) => out.end((error?: Error | null) => (error ? fail(error) : done())));
  writeVectorFile(files.vectors, extraVectors);
  return { extra, extraPassages, newVectors: extraVectors.size };
}

/** Rewrites the extra files of a built archive (the text hashes it stores are read to tell new passages). */
export async function rewriteExtras(options: { source: string; dataDir: string; modelKey: string; count: number; round: number; chunk: { targetTokens: number; maxTokens: number } }): Promise<{ extra: number; extraPassages: number; newVectors: number }> {
  const sources = readSource(options.source, options.modelKey);
  const maxPassages = Math.max(...sources.map((s) => s.passages.length));
  const db = openDatabase(path.join(options.dataDir, 'archive.sqlite'), { readonly: true });
  const stored = new Set(db.prepare('SELECT text_hash FROM embeddings WHERE model = ?').pluck().all(options.modelKey) as string[]);
  db.close();
  return writeExtras(sources, options.round, { ...options.chunk, maxPassages: maxPassages === 1 ? 1 : 0 }, tagVocabulary(sources), options.count, stored, options.dataDir);
}
