import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteKeywordIndex, parseQuery, type KeywordDocument } from '@archive/keyword-index';
import { evidenceOperands, keywordEvidence } from './keyword-evidence.ts';

const doc = (id: string, body: string): KeywordDocument => ({
  id, seq: 1, title: '', summary: null, body, authors: [], tags: [], section: null, lang: 'fr', date: '2020-01-01',
});

describe('keywordEvidence (on the embedded engine)', () => {
  let dir: string;
  let index: SqliteKeywordIndex;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'evidence-'));
    index = SqliteKeywordIndex.open(dir);
    // "retraite" is common, "ehpad" rare; "maisons de retraite" as typed only in 'phrase'.
    const filler = Array.from({ length: 20 }, (_, i) => doc(`pension-${i}`, 'La réforme des retraites et la retraite à points.'));
    await index.apply({
      upserts: [
        ...filler,
        doc('phrase', 'Les maisons de retraite face au virus.'),
        doc('apart', 'Des maisons neuves, une retraite paisible.'),
        doc('none', 'Rien à voir.'),
      ],
      deletedIds: [],
      seq: 1,
    });
  });
  afterAll(async () => {
    await index.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const evidenceOf = async (query: string) => {
    const result = await index.search({ query, filters: {}, limit: 50, offset: 0, facets: false, evidence: evidenceOperands(parseQuery(query)) });
    return keywordEvidence(result.hits.map((hit) => hit.id), result.evidence);
  };

  it('gives the article with the words as typed more than one with them apart, and a common word alone little', async () => {
    const evidence = await evidenceOf('maisons de retraite');
    expect(evidence.get('phrase')).toBeCloseTo(1);
    expect(evidence.get('apart')!).toBeLessThan(evidence.get('phrase')!);
    expect(evidence.get('pension-0')!).toBeLessThan(evidence.get('apart')!);
    expect(evidence.get('pension-0')!).toBeGreaterThan(0);
    // Every hit has a share, none else.
    expect(evidence.size).toBe(22);
    expect(evidence.has('none')).toBe(false);
  });

  it('is empty for a one-word query: every keyword hit has all of it', async () => {
    expect(evidenceOperands(parseQuery('retraite'))).toEqual([]);
    expect((await evidenceOf('retraite')).size).toBe(0);
  });
});
