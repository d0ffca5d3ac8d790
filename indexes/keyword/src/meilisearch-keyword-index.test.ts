import { Meilisearch, MeilisearchApiError } from 'meilisearch';
import { afterAll, describe, expect, it } from 'vitest';
import { ArchiveError } from '@archive/core';
import type { KeywordDocument } from './keyword-index.ts';
import { keywordIndexContract } from './keyword-index-contract.ts';
import { MeilisearchKeywordIndex } from './meilisearch-keyword-index.ts';
import { isTransient, withRetry } from './meilisearch-tasks.ts';

// Contract tests against a real Meilisearch server: tests/meilisearch-setup.ts starts the one in
// ../shared/bin and sets MEILISEARCH_URL (or a server given by MEILISEARCH_URL is used).
const url = process.env.MEILISEARCH_URL;
const apiKey = process.env.MEILISEARCH_KEY ?? null;
const prefix = `archive_test_${process.pid}`;

const doc = (id: string, fields: Partial<KeywordDocument>): KeywordDocument => ({
  id, seq: 1, title: '', summary: null, body: '', authors: [], tags: [], section: null, lang: 'fr', date: '2020-01-01', ...fields,
});
const ids = async (index: MeilisearchKeywordIndex, query: string) =>
  (await index.search({ query, filters: {}, limit: 10, offset: 0, facets: false })).hits.map((hit) => hit.id);

describe('Meilisearch retries', () => {
  const apiError = (status: number) => new MeilisearchApiError(new Response(null, { status }));

  it('retries transient failures (5xx, 429) and nothing else', async () => {
    expect(isTransient(apiError(503))).toBe(true);
    expect(isTransient(apiError(429))).toBe(true);
    expect(isTransient(apiError(500))).toBe(true);
    expect(isTransient(apiError(500), false)).toBe(false);
    expect(isTransient(apiError(400))).toBe(false);
    let calls = 0;
    const answer = await withRetry(async () => {
      calls += 1;
      if (calls < 3) throw apiError(503);
      return 'ok';
    }, 'read');
    expect({ answer, calls }).toEqual({ answer: 'ok', calls: 3 });
    calls = 0;
    await expect(withRetry(async () => { calls += 1; throw apiError(400); }, 'read')).rejects.toThrow();
    expect(calls).toBe(1);
  });
});

if (url) {
  let run = 0;
  keywordIndexContract('Meilisearch', async () => MeilisearchKeywordIndex.open({ url, apiKey, indexUid: `${prefix}_${run++}` }));

  describe('Meilisearch adapter on a real server', () => {
    const meili = new Meilisearch({ host: url, apiKey: apiKey ?? undefined });
    const open = (uid: string) => MeilisearchKeywordIndex.open({ url, apiKey, indexUid: `${prefix}_${uid}` });

    afterAll(async () => {
      const { results } = await meili.getIndexes({ limit: 1000 });
      for (const index of results) if (index.uid.startsWith(prefix)) await meili.deleteIndex(index.uid).waitTask({ timeout: 60_000 });
    });

    it('finds a word whatever apostrophe elides it, and forgives one typo in a long word only', async () => {
      const index = await open('typos');
      await index.apply({
        upserts: [
          doc('eco', { title: 'L’économie résiste', body: "Jusqu'à la cathédrale." }),
          doc('short', { title: 'Le port de Brest' }),
        ],
        deletedIds: [],
        seq: 1,
      });
      expect(await ids(index, 'economie')).toEqual(['eco']);
      expect(await ids(index, "qu'economie")).toEqual(['eco']);
      expect(await ids(index, 'cathedrole')).toEqual(['eco']); // one letter wrong in ten
      expect(await ids(index, 'economei')).toEqual(['eco']); // two letters swapped
      expect(await ids(index, 'port')).toEqual(['short']);
      expect(await ids(index, 'part')).toEqual([]); // short words must be spelt right
    });

    it('does not match every article with a stop word', async () => {
      const index = await open('stopwords');
      await index.apply({ upserts: [doc('a', { title: 'La fin du monde' }), doc('b', { title: 'Le début de la fin' })], deletedIds: [], seq: 1 });
      expect(await ids(index, 'la fin')).toHaveLength(2);
      expect(await ids(index, 'le monde')).toEqual(['a']);
      // Only function words: they are searched, as by the embedded engine ("the who").
      expect(await ids(index, 'la')).toHaveLength(2);
      // Inside a phrase they count.
      expect(await ids(index, '"de la fin"')).toEqual(['b']);

    });

    it('throws BACKEND_FAILED naming the failed task, and never records its change number', async () => {
      // An index whose primary key the adapter's documents lack: every upload task fails.
      const uid = `${prefix}_broken`;
      await meili.createIndex(uid, { primaryKey: 'id' }).waitTask();
      const index = await MeilisearchKeywordIndex.open({ url, apiKey, indexUid: uid });
      const failure = await index.apply({ upserts: [doc('a', { title: 'Titre' })], deletedIds: [], seq: 3 }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ArchiveError);
      expect((failure as ArchiveError).code).toBe('BACKEND_FAILED');
      expect((failure as ArchiveError).message).toMatch(/task \d+ \(documentAdditionOrUpdate, upload .*missing_document_id/);
      expect(await index.appliedSeq()).toBe(0);
    });

    it('swaps a rebuilt index in: the live uid answers the new documents and change number', async () => {
      const live = await open('live');
      await live.apply({ upserts: [doc('old', { title: 'Ancien article' })], deletedIds: [], seq: 5 });
      const built = await open('built');
      await built.apply({ upserts: [doc('new1', { title: 'Nouvel article' }), doc('new2', { title: 'Autre nouvel article' })], deletedIds: [], seq: 9 });
      // The live index answers while the other one is built.
      expect(await ids(live, 'article')).toEqual(['old']);

      await MeilisearchKeywordIndex.swapAndDrop({ url, apiKey }, `${prefix}_live`, `${prefix}_built`);

      const reopened = await open('live');
      expect(new Set(await ids(reopened, 'article'))).toEqual(new Set(['new1', 'new2']));
      expect(await reopened.appliedSeq()).toBe(9);
      expect(await reopened.count()).toBe(2);
      expect(await live.appliedSeq()).toBe(9); // same uid: an open handle follows the swap
      await expect(meili.getIndex(`${prefix}_built`)).rejects.toThrow();
    });

    it('renames the built index when there is no live one yet', async () => {
      const built = await open('first_built');
      await built.apply({ upserts: [doc('a', { title: 'Premier' })], deletedIds: [], seq: 2 });
      await MeilisearchKeywordIndex.swapAndDrop({ url, apiKey }, `${prefix}_first_live`, `${prefix}_first_built`);
      expect(await (await open('first_live')).appliedSeq()).toBe(2);
    });
  });
} else {
  // Never skipped: without a server this fails, saying why.
  describe('KeywordIndex contract: Meilisearch', () => {
    it('has a Meilisearch server to run against', () => {
      expect.fail('MEILISEARCH_URL is not set: run through vitest, whose setup starts ../shared/bin/meilisearch');
    });
  });
}
