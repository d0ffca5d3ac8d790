/**
 * Benchmark of the HTML article extractor (ingest/src/extract).
 *
 *   cd /work/main && pnpm exec tsx bench/extraction.ts [--verbose]
 *
 * 1. Article-extraction benchmark (AEB, 136 pages): body F1 / precision / recall / accuracy with
 *    the benchmark's shingle metric, next to Readability.js, trafilatura and html-text computed
 *    from their published outputs on the same pages with the same metric code.
 * 2. OrangeSum html-sample (45 French pages): per-field exact-match accuracy against the
 *    expected records, plus the body's shingle F1.
 *
 * Data is read in place from $ARCHIVE_SHARED_DATA (default: ../shared/data beside the repository);
 * nothing is copied.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';
import { extractArticle } from '../ingest/src/extract/extract-article.ts';
import { pagePrecision, pageRecall, shingleScores, summarise, type PageScore, type Summary } from './shingle-metric.ts';

// shared/ sits beside the repository (as for the other benches and tests).
const DATA = process.env['ARCHIVE_SHARED_DATA'] ?? resolve(fileURLToPath(new URL('..', import.meta.url)), '../shared/data');
const AEB = join(DATA, 'aeb-article-extraction');
const ORANGESUM = join(DATA, 'orangesum-fr', 'html-sample');
const verbose = process.argv.includes('--verbose');

function readGz(path: string): string {
  return gunzipSync(readFileSync(path)).toString('utf8');
}

type ExtractedArticle = ReturnType<typeof extractArticle>;

function safeExtract(html: string, url?: string): ExtractedArticle | null {
  try {
    return extractArticle(html, url ? { url } : {});
  } catch {
    return null;
  }
}

function fmt(s: Summary): string {
  return `${s.f1.toFixed(3).padStart(6)} ${s.precision.toFixed(3).padStart(9)} ${s.recall.toFixed(3).padStart(7)} ${s.accuracy.toFixed(3).padStart(9)}`;
}

function benchAeb(): void {
  if (!existsSync(AEB)) {
    process.stdout.write(`AEB data not found at ${AEB}; skipped\n`);
    return;
  }
  const truth = JSON.parse(readFileSync(join(AEB, 'ground-truth.json'), 'utf8')) as Record<string, { articleBody: string; url: string }>;
  const ids = Object.keys(truth);
  const ours: PageScore[] = [];
  const perPage: { id: string; url: string; score: PageScore }[] = [];
  let failures = 0;
  const started = performance.now();
  for (const id of ids) {
    const page = truth[id]!;
    const article = safeExtract(readGz(join(AEB, 'html', `${id}.html.gz`)), page.url);
    if (!article) failures++;
    const score = shingleScores(page.articleBody, article?.body ?? '');
    ours.push(score);
    perPage.push({ id, url: page.url, score });
  }
  const ms = performance.now() - started;

  const rows: [string, Summary][] = [['ours (ingest/src/extract)', summarise(ours)]];
  for (const [name, file] of [['Readability.js 0.6.0', 'readability_js'], ['trafilatura 2.0.0', 'trafilatura'], ['html-text 0.7.0 (all text)', 'html-text']] as const) {
    const path = join(AEB, 'reference-outputs', `${file}.json.gz`);
    if (!existsSync(path)) continue;
    const ref = (JSON.parse(readGz(path)) as { output: Record<string, { articleBody?: string }> }).output;
    rows.push([name, summarise(ids.map((id) => shingleScores(truth[id]!.articleBody, ref[id]?.articleBody ?? '')))]);
  }
  process.stdout.write(`\nArticle-extraction benchmark: ${ids.length} pages (${(ms / ids.length).toFixed(0)} ms/page, ${failures} extraction failures)\n`);
  process.stdout.write(`${'extractor'.padEnd(28)} ${'F1'.padStart(6)} ${'precision'.padStart(9)} ${'recall'.padStart(7)} ${'accuracy'.padStart(9)}\n`);
  for (const [name, s] of rows) process.stdout.write(`${name.padEnd(28)} ${fmt(s)}\n`);
  if (verbose) {
    process.stdout.write('\nworst pages (precision, recall):\n');
    perPage
      .sort((a, b) => pagePrecision(a.score) + pageRecall(a.score) - pagePrecision(b.score) - pageRecall(b.score))
      .slice(0, 20)
      .forEach((p) => process.stdout.write(`  ${p.id.slice(0, 10)} ${pagePrecision(p.score).toFixed(2)} ${pageRecall(p.score).toFixed(2)} ${p.url}\n`));
  }
}

interface Expected {
  id: string;
  url: string;
  title: string;
  summary: string | null;
  body: string;
  date: string;
  published: string | null;
  author: string | null;
  section: string;
  tags: string[];
  lang: string;
}

const norm = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();

function benchOrangeSum(): void {
  if (!existsSync(ORANGESUM)) {
    process.stdout.write(`OrangeSum sample not found at ${ORANGESUM}; skipped\n`);
    return;
  }
  const files = readdirSync(ORANGESUM).filter((f) => f.endsWith('.expected.json')).sort();
  const fields = ['title', 'summary', 'body', 'date', 'published', 'author', 'section', 'tags', 'lang', 'url'] as const;
  const hits = Object.fromEntries(fields.map((f) => [f, 0])) as Record<(typeof fields)[number], number>;
  const bodyScores: PageScore[] = [];
  const misses: string[] = [];
  for (const file of files) {
    const expected = JSON.parse(readFileSync(join(ORANGESUM, file), 'utf8')) as Expected;
    // No URL is passed: everything, the URL included, must come from the page itself.
    const got = safeExtract(readGz(join(ORANGESUM, file.replace('.expected.json', '.html.gz'))));
    const actual: Record<(typeof fields)[number], string> = {
      title: norm(got?.title),
      summary: norm(got?.summary),
      body: norm(got?.body),
      date: norm(got?.date),
      published: norm(got?.published),
      author: norm(got?.authors.join(', ')),
      section: norm(got?.section),
      tags: JSON.stringify(got?.tags ?? []),
      lang: norm(got?.lang),
      url: norm(got?.url),
    };
    const wanted: Record<(typeof fields)[number], string> = {
      title: norm(expected.title),
      summary: norm(expected.summary),
      body: norm(expected.body),
      date: norm(expected.date),
      published: norm(expected.published),
      author: norm(expected.author),
      section: norm(expected.section),
      tags: JSON.stringify(expected.tags),
      lang: norm(expected.lang),
      url: norm(expected.url),
    };
    for (const field of fields) {
      if (actual[field] === wanted[field]) hits[field]++;
      else if (verbose && field !== 'body') misses.push(`  ${expected.id} ${field}: got ${JSON.stringify(actual[field].slice(0, 90))} want ${JSON.stringify(wanted[field].slice(0, 90))}`);
    }
    bodyScores.push(shingleScores(expected.body, got?.body ?? ''));
  }
  const n = files.length;
  process.stdout.write(`\nOrangeSum html-sample: ${n} French pages, exact-match accuracy per field (whitespace-normalised)\n`);
  for (const field of fields) process.stdout.write(`  ${field.padEnd(10)} ${(hits[field] / n).toFixed(3)}  (${hits[field]}/${n})\n`);
  const body = summarise(bodyScores);
  process.stdout.write(`  body shingle F1 ${body.f1.toFixed(3)}  precision ${body.precision.toFixed(3)} (lower bound: 17 expected bodies stop at the first video)  recall ${body.recall.toFixed(3)}\n`);
  if (verbose && misses.length) process.stdout.write(`\nmismatches:\n${misses.join('\n')}\n`);
}

benchAeb();
benchOrangeSum();
