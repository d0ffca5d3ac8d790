import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeywordDocument, KeywordSearchRequest } from './keyword-index.ts';
import { SqliteKeywordIndex } from './sqlite-keyword-index.ts';
import { SqliteKeywordReader } from './sqlite-keyword-reader.ts';

const ORANGESUM = path.resolve(import.meta.dirname, '../../../../shared/data/orangesum-fr/articles.jsonl.gz');
const ARTICLES = 2000;

/** The first `count` OrangeSum articles as keyword documents. */
async function readArticles(count: number): Promise<KeywordDocument[]> {
  const docs: KeywordDocument[] = [];
  const lines = createInterface({ input: createReadStream(ORANGESUM).pipe(createGunzip()) });
  for await (const line of lines) {
    const a = JSON.parse(line);
    docs.push({
      id: a.id, seq: docs.length + 1, title: a.title, summary: a.summary, body: a.body, date: a.date,
      section: a.section, lang: a.lang, tags: a.tags ?? [], authors: a.author ? [a.author] : [],
    });
    if (docs.length === count) break;
  }
  lines.close();
  return docs;
}

/** Queries a journalist would type: headlines, and every operator of the syntax. */
const SYNTAX_QUERIES = [
  'Macron AND retraites OR pensions', 'retraites -Philippe', 'grève -SNCF', 'pénurie de masques pendant l’épidémie',
  'France OR Allemagne', 'coronavirus AND -Chine', 'immigr*', '"réforme des retraites" Macron', 'Saint-Étienne OR Lyon',
  '-"Le Pen" retraites', 'covid-19 vaccin*', 'écon* AND "Jean-Luc Mélenchon"', 'masks shortage during the epidemic',
  'zzzinconnu', 'le la les', 'Paris Paris AND Paris',
];

describe('TermPostings: search threads score from postings in memory as FTS5 does', () => {
  let dir: string;
  let index: SqliteKeywordIndex;
  let docs: KeywordDocument[];
  let fullText: SqliteKeywordReader;
  let inMemory: SqliteKeywordReader;
  let queries: string[];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'term-postings-'));
    docs = await readArticles(ARTICLES);
    index = SqliteKeywordIndex.open(dir);
    await index.apply({ upserts: docs, deletedIds: [], seq: ARTICLES });
    const connect = () => new SqliteKeywordReader(new Database(path.join(dir, 'keyword.sqlite'), { readonly: true }));
    fullText = connect();
    inMemory = connect();
    // Every document's words are held: 2,000 articles give well over 200,000 postings.
    expect(inMemory.warm().postings).toBeGreaterThan(200_000);
    const headlines = docs.filter((_, i) => i % 13 === 0).map((doc) => doc.title.replace(/["«»“”„]/g, ' '));
    queries = [...headlines, ...SYNTAX_QUERIES];
  });

  afterAll(async () => {
    await index.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Every query gives the same ranking, scores, total and facets both ways. */
  const expectSameAsFullText = () => {
    let compared = 0;
    for (const query of queries) {
      const request: KeywordSearchRequest = { query, filters: {}, limit: 500, offset: 0, facets: true };
      const expected = fullText.search(request);
      const actual = inMemory.search(request);
      expect({ query, total: actual.total, facets: actual.facets }).toEqual({ query, total: expected.total, facets: expected.facets });
      expect(actual.hits.map((hit) => hit.id), query).toEqual(expected.hits.map((hit) => hit.id));
      actual.hits.forEach((hit, i) => expect(hit.score, `${query}: ${hit.id}`).toBeCloseTo(expected.hits[i]!.score, 9));
      compared += expected.hits.length;
    }
    // The comparison covers real rankings, not empty lists.
    expect(compared).toBeGreaterThan(queries.length * 50);
    // Which of some articles match (the hybrid search's keyword evidence): the same both ways.
    const some = docs.filter((_, i) => i % 5 === 0).map((doc) => doc.id);
    let found = 0;
    for (const query of [...queries.slice(0, 40), ...SYNTAX_QUERIES, '"maisons de retraite"', 'pandemi*']) {
      const expected = fullText.matching(query, some).sort();
      expect(inMemory.matching(query, some).sort(), query).toEqual(expected);
      found += expected.length;
    }
    expect(found).toBeGreaterThan(100);
    // Document frequencies (the evidence's word weights) and the document count agree too.
    const words = [['macron'], ['retraites'], ['france'], ['zzzinconnu'], ['maisons', 'de', 'retraite'], ['gilets', 'jaunes']];
    expect(inMemory.documentFrequencies(words)).toEqual(fullText.documentFrequencies(words));
    expect(inMemory.count()).toBe(fullText.count());
  };

  it('holds the words FTS5 indexed, each in as many articles', () => {
    const vocabulary = new Database(path.join(dir, 'keyword.sqlite'), { readonly: true }).prepare('SELECT term, doc FROM fts_terms').raw().all() as [string, number][];
    expect(vocabulary.length).toBeGreaterThan(20_000);
    const frequencies = inMemory.documentFrequencies(vocabulary.map(([term]) => [term]));
    expect(vocabulary.filter(([, documents], i) => frequencies[i] !== documents)).toEqual([]);
  });

  it('gives FTS5’s matches and BM25 scores for words, phrases, prefixes and operators', () => {
    expectSameAsFullText();
    // A document's words are found, and a word no document has finds nothing.
    expect(inMemory.search({ query: 'Delevoye', filters: {}, limit: 10, offset: 0, facets: false }).hits.map((hit) => hit.id)).toContain('orangesum-4');
    expect(inMemory.search({ query: 'zzzinconnu', filters: {}, limit: 10, offset: 0, facets: false }).total).toBe(0);
  });

  it('stays equal after articles are rewritten, deleted and added (postings read since the first load)', async () => {
    const rewritten = docs.slice(0, 300).map((doc) => ({ ...doc, seq: ARTICLES + 1, title: `${doc.title} Delevoye` }));
    const added = docs.slice(300, 400).map((doc) => ({ ...doc, id: `${doc.id}-copy`, seq: ARTICLES + 1, body: `${doc.body} grève` }));
    await index.apply({ upserts: [...rewritten, ...added], deletedIds: docs.slice(400, 600).map((doc) => doc.id), seq: ARTICLES + 1 });
    expectSameAsFullText();
    expect(inMemory.search({ query: 'Delevoye', filters: {}, limit: 1, offset: 0, facets: false }).total).toBeGreaterThanOrEqual(300);
  });

  it('stays equal once most articles are deleted (postings compacted in memory)', async () => {
    await index.apply({ upserts: [], deletedIds: docs.slice(600, 1500).map((doc) => doc.id), seq: ARTICLES + 2 });
    expectSameAsFullText();
    expect(inMemory.search({ query: docs[700]!.title, filters: {}, limit: 500, offset: 0, facets: false }).hits.map((hit) => hit.id)).not.toContain(docs[700]!.id);
  });
});
