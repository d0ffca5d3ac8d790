/**
 * Tag suggestions measured against reference keyphrases: precision@5, recall@10, F1@10 and
 * R-precision of the article's own keyphrases (services/tagging/src/keyphrases.ts) beside a plain
 * TF-IDF top-terms baseline, on the same articles and the same corpus statistics.
 *
 *   cd /work/main && node_modules/.bin/tsx bench/tag-suggestions.ts [--data-dir DIR] [--examples 3]
 *
 * Each data set gets its own archive under DIR (default .tmp/tag-suggestions/<set>/), built with
 * the product's CLI (`archive ingest --no-embed`) from the evaluated articles with their tags
 * removed, alongside a larger same-language archive for the statistics (OrangeSum for French,
 * BBC News for English). Articles the ingester rejects (no body) are not scored. Results go to
 * bench/results/tag-suggestions.json. A data set is one async function returning a
 * `SectionResult`; add another to SECTIONS.
 *
 * Then the whole suggestion service (neighbour votes and keyphrases merged, as the API answers)
 * on OrangeSum's society articles: how often the top suggestion is the article's own sub-section
 * tag when that tag is hidden (20 %, fixed seed), beside the most-frequent-tag baseline
 * (bench/lib/section-tag-eval.ts; the model embeds each article's first passage, about 8 minutes
 * on a cold machine). `--skip-orangesum` leaves it out.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { silentLogger } from '../packages/core/src/index.ts';
import { ArticleStore } from '../packages/store/src/index.ts';
import { SqliteKeywordIndex } from '../indexes/keyword/src/index.ts';
import { extractKeyphrases, type Keyphrase, type KeyphraseTuning } from '../services/tagging/src/keyphrases.ts';
import { tfidfTopTerms } from './lib/keyphrase-baseline.ts';
import { sectionTagEval, type SectionTagResult } from './lib/section-tag-eval.ts';
import { ingestWithoutTags, readJsonlGz, type ReferenceArticle } from './lib/keyphrase-data.ts';
import { meanScores, rankScores, type RankScores } from './lib/keyphrase-metrics.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    examples: { type: 'string', default: '3' },
    // Scoring constants to try (JSON), for measuring; the defaults are the product's.
    tuning: { type: 'string' },
    'skip-ingest': { type: 'boolean', default: false },
    'skip-orangesum': { type: 'boolean', default: false },
  },
});
const ROOT = path.resolve(import.meta.dirname, '..');
const SHARED = process.env['ARCHIVE_SHARED_DATA'] ?? path.resolve(ROOT, '../shared/data');
const DATA_DIR = path.resolve(values['data-dir'] ?? path.join(ROOT, '.tmp/tag-suggestions'));
const TUNING = values.tuning ? (JSON.parse(values.tuning) as Partial<KeyphraseTuning>) : undefined;
/** Suggestions asked of each method: enough for R-precision on long reference lists. */
const RANKED = 50;

interface MethodScores extends RankScores {
  method: string;
}

interface Example {
  id: string;
  title: string;
  references: string[];
  suggestions: Pick<Keyphrase, 'phrase' | 'score' | 'occurrences' | 'quote'>[];
}

/** What a data set section reports. */
export interface SectionResult {
  name: string;
  lang: string;
  articles: number;
  skipped: number;
  corpusDocuments: number;
  ours: MethodScores;
  baseline: MethodScores;
  msPerArticle: number;
  examples: Example[];
}

interface KeyphraseSet {
  name: string;
  lang: string;
  file: string;
  /** Same-language archive ingested alongside, for the corpus statistics. */
  background: string[];
}

/** Ingests a reference set (tags removed) and scores ours and the baseline on every stored article. */
async function evaluateKeyphraseSet(set: KeyphraseSet): Promise<SectionResult> {
  const references = readJsonlGz<ReferenceArticle>(set.file);
  const dataDir = path.join(DATA_DIR, set.name);
  if (!values['skip-ingest']) {
    const started = Date.now();
    const { rejected, report } = ingestWithoutTags(dataDir, references, set.background);
    console.error(
      `${set.name}: archive ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${dataDir})${rejected ? `, ${rejected} records rejected (see ${report})` : ''}`,
    );
  }
  const store = ArticleStore.open(dataDir, silentLogger());
  const index = SqliteKeywordIndex.open(dataDir);
  try {
    const ours: RankScores[] = [];
    const baseline: RankScores[] = [];
    const examples: Example[] = [];
    let skipped = 0;
    let elapsed = 0;
    const wanted = Number(values.examples);
    for (const reference of references) {
      const article = store.getArticle(reference.id);
      if (!article) {
        skipped += 1;
        continue;
      }
      const source = { title: article.title, summary: article.summary, body: article.body, lang: article.lang };
      const started = performance.now();
      const phrases = await extractKeyphrases(source, index, { limit: RANKED, tuning: TUNING });
      elapsed += performance.now() - started;
      ours.push(rankScores(phrases.map((phrase) => phrase.phrase), reference.tags));
      baseline.push(rankScores(await tfidfTopTerms(source, index, RANKED), reference.tags));
      // Examples spread over the set, so they are not all from its first section.
      if (examples.length < wanted && ours.length % Math.max(1, Math.floor(references.length / wanted)) === 1) {
        examples.push({
          id: article.id,
          title: article.title,
          references: reference.tags,
          suggestions: phrases.slice(0, 10).map(({ phrase, score, occurrences, quote }) => ({ phrase, score, occurrences, quote })),
        });
      }
    }
    return {
      name: set.name,
      lang: set.lang,
      articles: ours.length,
      skipped,
      corpusDocuments: await index.count(),
      ours: { method: 'keyphrases', ...meanScores(ours) },
      baseline: { method: 'tf-idf terms', ...meanScores(baseline) },
      msPerArticle: elapsed / Math.max(1, ours.length),
      examples,
    };
  } finally {
    await index.close();
    store.close();
  }
}

const SECTIONS: (() => Promise<SectionResult>)[] = [
  () =>
    evaluateKeyphraseSet({
      name: 'wikinews-fr',
      lang: 'fr',
      file: path.join(SHARED, 'wikinews-fr-keyphrases/articles.jsonl.gz'),
      background: [path.join(SHARED, 'orangesum-fr/articles.jsonl.gz')],
    }),
  () =>
    evaluateKeyphraseSet({
      name: 'kpcrowd-en',
      lang: 'en',
      file: path.join(SHARED, 'kpcrowd-500n-en/articles.jsonl.gz'),
      background: [path.join(SHARED, 'bbc-news-en/articles.jsonl.gz')],
    }),
];

const pct = (value: number) => (100 * value).toFixed(1).padStart(5);
const signed = (value: number) => `${value >= 0 ? '+' : ''}${(100 * value).toFixed(1)}`.padStart(6);

/** Prints the table and the examples, and writes the JSON report. */
function report(results: SectionResult[], sectionTags: SectionTagResult | null): void {
  console.log('\nTag suggestions vs reference keyphrases (percent; diff = ours − baseline, in points)');
  console.log('data set       articles  corpus  | ours P@5  R@10  F1@10  R-prec | base P@5  R@10  F1@10  R-prec | diff P@5  R@10 | ms/art');
  for (const r of results) {
    console.log(
      `${r.name.padEnd(14)} ${String(r.articles).padStart(8)} ${String(r.corpusDocuments).padStart(7)}  |    ${pct(r.ours.p5)} ${pct(r.ours.r10)}  ${pct(r.ours.f10)}   ${pct(r.ours.rprec)} |    ${pct(r.baseline.p5)} ${pct(r.baseline.r10)}  ${pct(r.baseline.f10)}   ${pct(r.baseline.rprec)} |   ${signed(r.ours.p5 - r.baseline.p5)} ${signed(r.ours.r10 - r.baseline.r10)} | ${r.msPerArticle.toFixed(1).padStart(6)}`,
    );
    if (r.skipped) console.log(`${''.padEnd(14)} (${r.skipped} articles not in the archive: rejected at ingestion, e.g. empty body)`);
  }
  for (const r of results) {
    for (const example of r.examples) {
      console.log(`\n[${r.name}] ${example.id}: ${example.title}`);
      console.log(`  reference: ${example.references.slice(0, 15).join(' · ')}${example.references.length > 15 ? ' …' : ''}`);
      example.suggestions.forEach((s, i) => {
        const where = Object.entries(s.occurrences).filter(([, n]) => n > 0).map(([field, n]) => `${field} ${n}`).join(', ');
        console.log(`  ${String(i + 1).padStart(2)}. ${s.phrase.padEnd(32)} ${s.score.toFixed(2).padStart(7)}  (${where}) “${s.quote}”`);
      });
    }
  }
  if (sectionTags) {
    const t = sectionTags;
    console.log(`\nOrangeSum society sub-section hidden on ${t.hidden} of ${t.articles} articles (${t.seconds} s): top suggestion is the hidden tag`);
    console.log(`  ours (neighbour votes + keyphrases, as the API): ${pct(t.ours.top1)} %   (in the top 3: ${pct(t.ours.top3)} %; neighbour votes alone: ${pct(t.ours.neighboursOnlyTop1)} %)`);
    console.log(`  baseline, always the most frequent tag ("${t.baseline.tag}"): ${pct(t.baseline.top1)} %   diff ${signed(t.ours.top1 - t.baseline.top1)} points`);
    for (const example of t.examples) {
      console.log(`\n[orangesum] ${example.id}: ${example.title} (hidden tag: ${example.hidden})`);
      example.suggestions.forEach((s, i) => console.log(`  ${i + 1}. ${s.tag} (${s.score}) — ${s.reasons.join(' | ')}`));
    }
  }
  const out = path.join(ROOT, 'bench/results/tag-suggestions.json');
  mkdirSync(path.dirname(out), { recursive: true });
  const json = { date: new Date().toISOString(), tuning: TUNING ?? null, ranked: RANKED, results, orangesumSectionTags: sectionTags };
  writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`\nWritten ${path.relative(ROOT, out)}`);
}

const results: SectionResult[] = [];
for (const section of SECTIONS) results.push(await section());
const sectionTags = values['skip-orangesum'] ? null : await sectionTagEval(path.join(DATA_DIR, 'orangesum-societe'));
report(results, sectionTags);
