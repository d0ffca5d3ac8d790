import { describe, it } from 'vitest';
import { keywordIndexContract } from './keyword-index-contract.ts';
import { MeilisearchKeywordIndex } from './meilisearch-keyword-index.ts';

// Contract tests against a real Meilisearch server, whenever MEILISEARCH_URL points at one
// (none can be installed on the CI machines, where the embedded engine is what runs).
const url = process.env.MEILISEARCH_URL;

if (url) {
  let run = 0;
  keywordIndexContract('Meilisearch', async () =>
    MeilisearchKeywordIndex.open({ url, apiKey: process.env.MEILISEARCH_KEY ?? null, indexUid: `archive_test_${process.pid}_${run++}` }),
  );
} else {
  describe('KeywordIndex contract: Meilisearch', () => {
    it.skip('needs MEILISEARCH_URL pointing at a server', () => {});
  });
}
