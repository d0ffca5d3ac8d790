import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QuerySyntaxError } from '@archive/core';
import type { KeywordDocument, KeywordIndex } from './keyword-index.ts';
import { parseQuery } from './query-parser.ts';

const doc = (id: string, fields: Partial<KeywordDocument>): KeywordDocument => ({
  id, seq: 1, title: '', summary: null, body: '', authors: [], tags: [], section: null, lang: 'fr', date: '2020-01-01', ...fields,
});

const DOCS = [
  doc('eco', { title: "L’économie française résiste", body: "La croissance de l'économie a surpris.", section: 'france', date: '2019-05-02', authors: ['AFP'] }),
  doc('ecole', { title: 'Rentrée : les écoles rouvrent', body: "L'école reprend lundi dans tout le pays.", section: 'societe', tags: ['education'], date: '2020-09-01' }),
  doc('nd', { title: 'Incendie de Notre-Dame de Paris', body: 'La flèche de la cathédrale s’est effondrée.', section: 'france', date: '2019-04-15', authors: ['Orange avec AFP'] }),
  doc('en', { title: 'Notre-Dame fire: the spire collapsed', body: 'Firefighters fought the blaze at the cathedral.', section: 'monde', lang: 'en', date: '2019-04-16' }),
  doc('body-only', { title: 'Un autre sujet', body: "Un mot sur l'incendie, en passant, dans le corps du texte.", section: 'monde', date: '2021-03-03' }),
];

/**
 * The behaviour every keyword engine must have, run against each engine by its own test file
 * (the embedded one always, Meilisearch when a server is given).
 */
export function keywordIndexContract(engine: string, open: (dir: string) => Promise<KeywordIndex>): void {
  describe(`KeywordIndex contract: ${engine}`, () => {
    let dir: string;
    let index: KeywordIndex;
    const search = (query: string, filters = {}) => index.search({ query, filters, limit: 10, offset: 0, facets: true });
    const ids = async (query: string, filters = {}) => (await search(query, filters)).hits.map((hit) => hit.id);

    beforeEach(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'keyword-'));
      index = await open(dir);
      await index.clear();
      await index.apply({ upserts: DOCS, deletedIds: [], seq: 5 });
    });
    afterEach(async () => {
      await index.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('answers the same words again from the index as it is now: after a write, a filter, another page', async () => {
      const first = await search('incendie');
      expect(first.hits.map((hit) => hit.id)).toEqual(['nd', 'body-only']);
      // Another filter and another page of the same words.
      expect((await index.search({ query: 'incendie', filters: {}, limit: 1, offset: 1, facets: false })).hits.map((hit) => hit.id)).toEqual(['body-only']);
      await index.apply({ upserts: [{ ...DOCS[0]!, id: 'fire-2', seq: 6, title: 'Un autre incendie', body: 'Les pompiers.' }], deletedIds: [], seq: 6 });
      const after = await search('incendie');
      expect(after.total).toBe(first.total + 1);
      expect(after.hits.map((hit) => hit.id)).toContain('fire-2');
      await index.apply({ upserts: [], deletedIds: ['fire-2'], seq: 7 });
      expect(await ids('incendie')).toEqual(['nd', 'body-only']);
    });

    it('refuses a malformed query with the position of the problem', async () => {
      const refused = index.search({ query: 'incendie "notre dame', filters: {}, limit: 10, offset: 0, facets: false });
      await expect(refused).rejects.toBeInstanceOf(QuerySyntaxError);
      await expect(refused).rejects.toMatchObject({ code: 'QUERY_INVALID', position: 9 });
    });

    it('matches across French elision, with both apostrophes', async () => {
      expect(await ids('économie')).toEqual(['eco']);
      expect(await ids("l'économie")).toEqual(['eco']);
      expect(await ids('l’économie')).toEqual(['eco']);
    });

    it('matches without diacritics', async () => {
      expect(await ids('ecole')).toEqual(['ecole']);
      expect(await ids('ECONOMIE')).toEqual(['eco']);
    });

    it('ranks a title match above a body mention', async () => {
      expect(await ids('incendie')).toEqual(['nd', 'body-only']);
    });

    it('requires quoted phrases', async () => {
      expect(await ids('"notre dame de paris"')).toEqual(['nd']);
      expect(await ids('"dame notre"')).toEqual([]);
    });

    it('filters by date, section, language, author and tag', async () => {
      expect(await ids('notre dame', { langs: ['en'] })).toEqual(['en']);
      expect(await ids('notre dame', { sections: ['france'] })).toEqual(['nd']);
      expect(await ids('incendie', { dateFrom: '2020-01-01' })).toEqual(['body-only']);
      expect(await ids('incendie', { dateTo: '2019-12-31' })).toEqual(['nd']);
      expect(await ids('notre dame incendie', { authors: ['orange avec afp'] })).toEqual(['nd']);
      expect(await ids('ecole', { tags: ['Education'] })).toEqual(['ecole']);
    });

    it('counts facets, each ignoring its own filter', async () => {
      const result = await search('notre dame incendie', { sections: ['france'] });
      expect(result.total).toBe(1);
      expect(result.facets!.section).toEqual({ france: 1, monde: 2 });
      expect(result.facets!.lang).toEqual({ fr: 1 });
      expect(result.facets!.year).toEqual({ '2019': 1 });
    });

    it('replaces and deletes documents, and remembers the applied change', async () => {
      await index.apply({ upserts: [doc('eco', { title: 'Bourse en baisse' })], deletedIds: ['nd'], seq: 7 });
      expect(await ids('economie')).toEqual([]);
      expect(await ids('bourse')).toEqual(['eco']);
      expect(await ids('"notre dame de paris"')).toEqual([]);
      expect(await index.appliedSeq()).toBe(7);
      expect(await index.count()).toBe(4);
      expect(await index.matching('incendie', ['body-only', 'eco', 'en'])).toEqual(new Set(['body-only']));
    });

    it('tells which of the given articles match, for a few articles or many', async () => {
      for (const unknown of [0, 300]) {
        const given = ['nd', 'en', 'eco', 'body-only', ...Array.from({ length: unknown }, (_, i) => `missing-${i}`)];
        expect(await index.matching('"notre dame"', given)).toEqual(new Set(['nd', 'en']));
        expect(await index.matching('incend*', given)).toEqual(new Set(['nd', 'body-only']));
        expect(await index.matching('economie OR cathedral', given)).toEqual(new Set(['eco', 'en']));
      }
    });

    it("reads the words' and phrases' statistics among its hits when asked (hybrid search's evidence)", async () => {
      const operand = (text: string) => [...parseQuery(text).loose, ...parseQuery(text).required.flat()][0]!;
      const evidence = ['"notre dame"', 'incend*', 'absent', 'cathedral'].map(operand);
      const request = { query: 'incendie cathedral', filters: {}, limit: 10, offset: 0, facets: false };
      const result = await index.search({ ...request, evidence });
      expect(new Set(result.hits.map((hit) => hit.id))).toEqual(new Set(['nd', 'en', 'body-only']));
      expect(result.evidence?.documents).toBe(5);
      expect(result.evidence?.frequencies).toEqual([2, null, 0, 1]);
      expect(result.evidence?.holders.map((ids) => new Set(ids))).toEqual([new Set(['nd', 'en']), new Set(['nd', 'body-only']), new Set(), new Set(['en'])]);
      // Only the page's hits: 'body-only' is beyond a page of one.
      const first = await index.search({ ...request, limit: 1, evidence });
      expect(first.evidence?.holders.flat().every((id) => id === first.hits[0]!.id)).toBe(true);
      expect((await index.search(request)).evidence).toBeUndefined();
      // Asked again after a write: read from the index as it is now, not from an earlier listing.
      await index.apply({ upserts: [doc('nd2', { title: 'Notre-Dame rouvre', body: "Cinq ans après l'incendie." })], deletedIds: [], seq: 6 });
      const after = await index.search({ ...request, evidence });
      expect(after.evidence?.documents).toBe(6);
      expect(after.evidence?.frequencies).toEqual([3, null, 0, 1]);
      expect(new Set(after.evidence?.holders[0])).toEqual(new Set(['nd', 'en', 'nd2']));
    });

    it('matches any loose word (not only the first), articles with more of them first', async () => {
      // Only 'body-only' has just the last word: an engine that drops words from the end misses it.
      const hits = await ids('fleche incendie');
      expect(hits[0]).toBe('nd');
      expect(new Set(hits)).toEqual(new Set(['nd', 'body-only']));
      expect((await search('fleche incendie')).total).toBe(2);
    });

    it('requires phrases alongside loose words', async () => {
      expect(await ids('"notre dame" incendie')).toEqual(['nd']);
      expect(await ids('"notre dame" ecole')).toEqual([]);
    });

    it('completes a word ending with * and only that one', async () => {
      expect(await ids('eco')).toEqual([]);
      expect(new Set(await ids('eco*'))).toEqual(new Set(['eco', 'ecole']));
      expect(await ids('"notre dame de" par*')).toEqual(['nd']);
    });

    it('leaves out excluded words and phrases', async () => {
      expect(await ids('incendie -paris')).toEqual(['body-only']);
      expect(await ids('fleche OR cathedral -"notre dame de paris"')).toEqual(['en']);
      expect((await search('incendie -paris')).total).toBe(1);
    });

    it('requires one side of OR and both sides of AND', async () => {
      expect(new Set(await ids('ecole OR croissance'))).toEqual(new Set(['eco', 'ecole']));
      expect(await ids('incendie AND fleche')).toEqual(['nd']);
      // OR binds tighter: (incendie OR fire) AND (cathedral OR cathedrale); 'body-only' has no cathedral.
      expect(new Set(await ids('incendie OR fire AND cathedral OR cathedrale'))).toEqual(new Set(['nd', 'en']));
    });

    it('groups with parentheses and excludes with NOT', async () => {
      // (incendie AND fleche) OR blaze: 'nd' has both French words, 'en' the English one; 'body-only' only incendie.
      expect(new Set(await ids('(incendie AND fleche) OR blaze'))).toEqual(new Set(['nd', 'en']));
      expect(await ids('(croissance OR rentree) AND NOT ecole')).toEqual(['eco']);
      expect(await ids('incendie NOT (paris OR cathedral)')).toEqual(['body-only']);
      // Six required groups of two once expanded: Meilisearch runs the two ways to match.
      expect(new Set(await ids('(incendie AND fleche AND cathedrale) OR (spire AND blaze)'))).toEqual(new Set(['nd', 'en']));
    });

    it('does not match everything with a function word alone', async () => {
      const result = await search('the');
      expect(result.total).toBeLessThan(DOCS.length);
      for (const hit of result.hits) expect(hit.id).toBe('en');
      expect(await ids("de l'économie")).toEqual(['eco']);
    });

    it('reports the change number of every indexed article', async () => {
      await index.apply({ upserts: [doc('eco', { title: 'Bourse en baisse', seq: 6 })], deletedIds: ['nd'], seq: 7 });
      const versions = await index.versions();
      expect(versions.size).toBe(4);
      expect(versions.get('eco')).toBe(6);
      expect(versions.get('en')).toBe(1);
      expect(versions.has('nd')).toBe(false);
    });

    it('counts the documents holding each word or phrase', async () => {
      expect(await index.documentFrequencies([['incendie'], ['notre', 'dame'], ['dame', 'notre'], ['absent'], []])).toEqual([2, 2, 0, 0, 0]);
    });

    it('returns nothing, not an error, for a query without words', async () => {
      expect((await search('  ?! ')).total).toBe(0);
    });

    it('counts matches per year and per month, with the filters, without text scans', async () => {
      expect(await index.periods('incendie', {}, 'year')).toEqual({ '2019': 1, '2021': 1 });
      expect(await index.periods('notre dame incendie', {}, 'month')).toEqual({ '2019-04': 2, '2021-03': 1 });
      expect(await index.periods('notre dame', { langs: ['fr'] }, 'month')).toEqual({ '2019-04': 1 });
      expect(await index.periods('notre dame incendie', { dateFrom: '2019-04-16' }, 'year')).toEqual({ '2019': 1, '2021': 1 });
      expect(await index.periods('', {}, 'year')).toEqual({ '2019': 3, '2020': 1, '2021': 1 });
      expect(await index.periods('', { sections: ['france'] }, 'month')).toEqual({ '2019-04': 1, '2019-05': 1 });
      expect(await index.periods('  ?! ', {}, 'year')).toEqual({});
      expect(await index.periods('absent', {}, 'month')).toEqual({});
    });

    it('counts months across archives longer than one facet request', async () => {
      // Twenty years of monthly articles: 240 months, more values than one facet list holds.
      const old = Array.from({ length: 240 }, (_, i) => {
        const month = `${1990 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
        return doc(`old-${i}`, { title: 'Chronique mensuelle', date: `${month}-15` });
      });
      await index.apply({ upserts: old, deletedIds: [], seq: 6 });
      const months = await index.periods('chronique', {}, 'month');
      expect(Object.keys(months)).toHaveLength(240);
      expect(months['1990-01']).toBe(1);
      expect(months['2009-12']).toBe(1);
      expect(Object.values(months).every((count) => count === 1)).toBe(true);
    });

    it('browses newest first when the query is blank', async () => {
      expect(await ids('', { sections: ['monde'] })).toEqual(['body-only', 'en']);
      const all = await search('');
      expect(all.total).toBe(5);
      expect(all.facets!.year).toEqual({ '2019': 3, '2020': 1, '2021': 1 });
    });
  });
}
