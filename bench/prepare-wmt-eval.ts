/**
 * Turns the French–English WMT newstest documents into a cross-lingual retrieval set for
 * `archive eval`: each document becomes two articles (`<doc id>#fr` and `<doc id>#en`), its
 * English headline a query whose one relevant article is the French version, and the reverse.
 *
 *   npx tsx bench/prepare-wmt-eval.ts --out /tmp/eval/wmt-set [--documents ../shared/data/wmt-newstest-fr-en/documents.jsonl.gz]
 *
 * Writes into the output folder:
 *   articles.jsonl                      both versions of every document (lang fr / en, section = outlet, date null)
 *   queries-en.jsonl, qrels-en-fr.txt   English headlines → French articles
 *   queries-fr.jsonl, qrels-fr-en.txt   French headlines → English articles
 * Queries have a `kind` saying which language the story was written in (`written-in-fr`,
 * `written-in-en`, `written-in-other`: then both versions are translations).
 *
 * Then, e.g.:
 *   npm run -s archive -- ingest --data-dir /tmp/eval/wmt /tmp/eval/wmt-set/articles.jsonl
 *   npm run -s archive -- --data-dir /tmp/eval/wmt eval --name wmt-en-fr --filter lang=fr \
 *     --queries /tmp/eval/wmt-set/queries-en.jsonl --qrels /tmp/eval/wmt-set/qrels-en-fr.txt
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';

interface Version {
  title: string;
  body: string;
}

interface WmtDocument {
  id: string;
  source: string;
  origlang: string;
  fr: Version;
  en: Version;
}

const LANGS = ['fr', 'en'] as const;
type Lang = (typeof LANGS)[number];

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    documents: { type: 'string', default: path.resolve(import.meta.dirname, '../../shared/data/wmt-newstest-fr-en/documents.jsonl.gz') },
  },
});
if (!values.out) {
  console.error('usage: npx tsx bench/prepare-wmt-eval.ts --out DIR [--documents documents.jsonl.gz]');
  process.exit(2);
}
const out = path.resolve(values.out);
const input = path.resolve(values.documents);

const documents = gunzipSync(readFileSync(input)).toString('utf8').split('\n').filter((line) => line.trim())
  .map((line) => JSON.parse(line) as WmtDocument);

const kindOf = (doc: WmtDocument) => (doc.origlang === 'fr' || doc.origlang === 'en' ? `written-in-${doc.origlang}` : 'written-in-other');
// newstest2014 uses a document's first sentence as its headline: a one-sentence document has
// an empty body, and ingest needs one, so its body is that sentence too.
const bodyOf = (version: Version) => version.body.trim() || version.title;

const articles = documents.flatMap((doc) => LANGS.map((lang) => JSON.stringify({
  id: `${doc.id}#${lang}`, title: doc[lang].title, body: bodyOf(doc[lang]), lang, date: null, section: doc.source, tags: [], url: null,
})));

mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, 'articles.jsonl'), `${articles.join('\n')}\n`);
const pairs: [Lang, Lang][] = [['en', 'fr'], ['fr', 'en']];
for (const [from, to] of pairs) {
  const queries = documents.map((doc) => JSON.stringify({ id: doc.id, query: doc[from].title, lang: from, kind: kindOf(doc) }));
  writeFileSync(path.join(out, `queries-${from}.jsonl`), `${queries.join('\n')}\n`);
  writeFileSync(path.join(out, `qrels-${from}-${to}.txt`), documents.map((doc) => `${doc.id} 0 ${doc.id}#${to} 1\n`).join(''));
}
const emptyBodies = documents.flatMap((doc) => LANGS.filter((lang) => !doc[lang].body.trim()).map((lang) => `${doc.id}#${lang}`));
console.log(`${documents.length} documents → ${articles.length} articles and ${documents.length} queries each way in ${out}` +
  (emptyBodies.length ? ` (body = headline for ${emptyBodies.join(', ')}: one-sentence documents)` : ''));
