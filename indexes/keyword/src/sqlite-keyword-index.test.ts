import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tagKey } from '@archive/core';
import type { ArticleFilters } from '@archive/store';
import { filtersForFacet, type FacetName, type KeywordDocument } from './keyword-index.ts';
import { keywordIndexContract } from './keyword-index-contract.ts';
import { SqliteKeywordIndex } from './sqlite-keyword-index.ts';

keywordIndexContract('embedded (SQLite FTS5)', async (dir) => SqliteKeywordIndex.open(dir));
// What a server runs: the same engine with its reads on the keyword search threads.
keywordIndexContract('embedded (SQLite FTS5), reads on search threads', async (dir) => SqliteKeywordIndex.open(dir, { searchThreads: 2 }));
// A server without search threads (ARCHIVE_SEARCH_THREADS=0) warms its own connection: the
// postings follow its own writes too.
keywordIndexContract('embedded (SQLite FTS5), warmed in process', async (dir) => {
  const index = SqliteKeywordIndex.open(dir);
  await index.warm();
  return index;
});
// Warmed as a server warms them: the threads score from postings in memory (`TermPostings`).
keywordIndexContract('embedded (SQLite FTS5), reads on warmed search threads', async (dir) => {
  const index = SqliteKeywordIndex.open(dir, { searchThreads: 2 });
  await index.warm();
  return index;
});

describe('SqliteKeywordIndex counts from one pass over the matches', () => {
  const SECTIONS = ['france', 'monde', 'sport', null];
  const LANGS = ['fr', 'en'];
  const AUTHORS = ['AFP', 'Marie Curie', 'Jean Moulin'];
  const TAGS = ['Santé', 'Économie', 'Culture', 'Europe'];
  const WORDS = ['alpha', 'beta', 'gamma'];
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
  const docs: KeywordDocument[] = Array.from({ length: 300 }, (_, i) => {
    const date = random() < 0.1 ? null : `${2015 + Math.floor(random() * 6)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`;
    return {
      id: `d${i}`, seq: i + 1, title: `Titre ${i}`, summary: null,
      body: WORDS.filter(() => random() < 0.5).join(' ') || 'delta',
      // "Santé" is sometimes spelt "santé": one tag, named by its first spelling in text order.
      authors: AUTHORS.filter(() => random() < 0.3), tags: TAGS.filter(() => random() < 0.3).map((tag) => (tag === 'Santé' && random() < 0.5 ? 'santé' : tag)),
      section: pick(SECTIONS), lang: pick(LANGS), date,
    };
  });

  /** What a search should count, by brute force over the documents. */
  const passes = (doc: KeywordDocument, filters: ArticleFilters) =>
    (!filters.dateFrom || (doc.date !== null && doc.date >= filters.dateFrom)) &&
    (!filters.dateTo || (doc.date !== null && doc.date <= filters.dateTo)) &&
    (!filters.sections?.length || (doc.section !== null && filters.sections.includes(doc.section))) &&
    (!filters.langs?.length || (doc.lang !== null && filters.langs.includes(doc.lang))) &&
    (!filters.authors?.length || doc.authors.some((a) => filters.authors!.some((f) => f.toLowerCase() === a.toLowerCase()))) &&
    (!filters.tags?.length || doc.tags.some((t) => filters.tags!.some((f) => tagKey(f) === tagKey(t))));
  const expected = (current: KeywordDocument[], query: string, filters: ArticleFilters) => {
    const matches = current.filter((doc) => !query || query.split(' ').some((word) => doc.body.split(' ').includes(word)));
    const facets: Record<FacetName, Record<string, number>> = { section: {}, lang: {}, year: {}, tag: {} };
    const add = (facet: FacetName, value: string | null | undefined) => {
      if (value) facets[facet][value] = (facets[facet][value] ?? 0) + 1;
    };
    for (const doc of matches) {
      if (passes(doc, filtersForFacet(filters, 'section'))) add('section', doc.section);
      if (passes(doc, filtersForFacet(filters, 'lang'))) add('lang', doc.lang);
      if (passes(doc, filtersForFacet(filters, 'year'))) add('year', doc.date?.slice(0, 4));
      if (passes(doc, filtersForFacet(filters, 'tag'))) doc.tags.forEach((tag) => add('tag', tag));
    }
    // Spellings of one tag count together, under the one that sorts first.
    const spellings = Object.entries(facets.tag);
    facets.tag = {};
    for (const [tag] of spellings) {
      const same = spellings.filter(([other]) => tagKey(other) === tagKey(tag));
      facets.tag[same.map(([label]) => label).sort()[0]!] = same.reduce((sum, [, n]) => sum + n, 0);
    }
    const passing = matches.filter((doc) => passes(doc, filters));
    return { total: passing.length, ids: passing.map((doc) => doc.id), facets };
  };

  const combos: ArticleFilters[] = [
    {}, { sections: ['france'] }, { langs: ['en'] }, { authors: ['marie curie'] }, { tags: ['santé'] },
    { dateFrom: '2017-03-15', dateTo: '2019-06-30' }, { sections: ['france', 'monde'], langs: ['fr'], tags: ['Europe', 'culture'] },
    { authors: ['AFP', 'Jean Moulin'], dateFrom: '2016-01-01', sections: ['sport'] },
    { dateTo: '2018-12-31', tags: ['Économie'], langs: ['fr', 'en'], authors: ['afp'] },
  ];
  /** Every query × filter combination against the brute-force counts of `current`. */
  const expectCounts = async (index: SqliteKeywordIndex, current: KeywordDocument[]) => {
    const dateOf = new Map(current.map((doc) => [doc.id, doc.date]));
    for (const query of ['', 'alpha', 'beta gamma']) {
      for (const filters of combos) {
        const result = await index.search({ query, filters, limit: 400, offset: 0, facets: true });
        const want = expected(current, query, filters);
        expect({ query, filters, total: result.total }).toEqual({ query, filters, total: want.total });
        expect(result.hits.map((hit) => hit.id).sort()).toEqual([...want.ids].sort());
        expect(result.facets).toEqual(want.facets);
        // Browsing lists newest first (undated last); pages of 7 put together give the same list.
        const dates = result.hits.map((hit) => dateOf.get(hit.id) ?? '');
        if (!query) expect(dates).toEqual([...dates].sort().reverse());
        const pages: string[] = [];
        for (let offset = 0; offset < result.total; offset += 7) {
          pages.push(...(await index.search({ query, filters, limit: 7, offset, facets: false })).hits.map((hit) => hit.id));
        }
        expect(pages).toEqual(result.hits.map((hit) => hit.id));
      }
    }
  };

  /** Runs `body` on an index of `docs` in a folder of its own, removed afterwards. */
  const withIndex = async (searchThreads: number, body: (index: SqliteKeywordIndex, dir: string) => Promise<void>, warm = false) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'keyword-counts-'));
    const index = SqliteKeywordIndex.open(dir, { searchThreads });
    if (warm) await index.warm();
    try {
      await index.apply({ upserts: docs, deletedIds: [], seq: 300 });
      await expectCounts(index, docs);
      await body(index, dir);
    } finally {
      await index.close();
      rmSync(dir, { recursive: true, force: true });
    }
  };

  for (const [threads, warm, where] of [
    [0, false, 'in process'], [0, true, 'warmed, in process'], [2, false, 'search threads'], [2, true, 'warmed search threads'],
  ] as const) {
    it(`keeps its counts in step with replaced, deleted, added and cleared documents (${where})`, () =>
      withIndex(threads, async (index) => {
        // Replaced with other fields (a new row each), deleted, added.
        const replaced = docs.slice(0, 40).map((doc, i) => ({ ...doc, seq: 301, section: SECTIONS[i % 4]!, tags: i % 2 ? ['Sport'] : [], date: i % 3 ? '2022-02-02' : null }));
        const added = Array.from({ length: 20 }, (_, i) => ({ ...docs[i]!, id: `new${i}`, seq: 301, lang: 'de' }));
        await index.apply({ upserts: [...replaced, ...added], deletedIds: docs.slice(40, 60).map((doc) => doc.id), seq: 301 });
        const current = [...docs.slice(60), ...replaced, ...added];
        await expectCounts(index, current);
        // Emptied and filled again: rowids go on from where they were.
        await index.clear();
        await index.apply({ upserts: docs.slice(100), deletedIds: [], seq: 302 });
        await expectCounts(index, docs.slice(100));
      }, warm));
  }

  it('keeps its counts right for a reader further behind than the deletion log', () =>
    withIndex(2, async (index, dir) => {
      await index.apply({ upserts: [], deletedIds: docs.slice(0, 30).map((doc) => doc.id), seq: 301 });
      // The log forgets its oldest entries (as past its length) before the readers look.
      const other = new Database(path.join(dir, 'keyword.sqlite'));
      other.prepare('DELETE FROM doc_deletions WHERE seq < (SELECT max(seq) FROM doc_deletions)').run();
      other.close();
      await expectCounts(index, docs.slice(30));
    }));

  it('gives the total and every facet as separate counts would, for any filter combination', () =>
    withIndex(0, async (index) => {
      // Which of some ids match: from the last search's matches, or the full-text index, alike.
      const some = docs.slice(0, 60).map((doc) => doc.id);
      const wanted = new Set(docs.slice(0, 60).filter((doc) => doc.body.split(' ').includes('gamma')).map((doc) => doc.id));
      expect(await index.matching('gamma', some)).toEqual(wanted);
      await index.search({ query: 'gamma', filters: {}, limit: 5, offset: 0, facets: false });
      expect(await index.matching('gamma', some)).toEqual(wanted);
      expect(await index.matching('alpha', some)).toEqual(new Set(docs.slice(0, 60).filter((doc) => doc.body.split(' ').includes('alpha')).map((doc) => doc.id)));
      // Browsing counts are kept until the index changes, then counted again.
      const before = await index.search({ query: '', filters: { sections: ['france'] }, limit: 1, offset: 0, facets: true });
      await index.apply({ upserts: [], deletedIds: [docs.find((doc) => doc.section === 'france')!.id], seq: 301 });
      const after = await index.search({ query: '', filters: { sections: ['france'] }, limit: 1, offset: 0, facets: true });
      expect(after.total).toBe(before.total - 1);
    }));
});
