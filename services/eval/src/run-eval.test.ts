import { describe, expect, it } from 'vitest';
import { ArchiveError, type ErrorCode } from '@archive/core';
import type { SearchMode, SearchRequest, SearchResponse } from '@archive/search';
import type { EvalQuery, Qrels } from './judgements.ts';
import { runEval } from './run-eval.ts';
import { buildReport, formatMarkdown } from './eval-report.ts';
import { summarise } from './summary.ts';

const queries: EvalQuery[] = [
  { id: 'q1', text: 'first', kind: 'keyword', lang: 'en' },
  { id: 'q2', text: 'second', kind: 'paraphrase', lang: 'en' },
  { id: 'q3', text: 'unjudged', kind: 'keyword', lang: 'en' },
  { id: 'q4', text: 'elsewhere', kind: 'keyword', lang: 'en' },
  { id: 'q5', text: 'nothing relevant', kind: 'keyword', lang: 'en' },
];
const qrels: Qrels = new Map([
  ['q1', new Map([['a', 2], ['b', 1], ['gone', 2]])],
  ['q2', new Map([['c', 1], ['d', 0]])],
  ['q4', new Map([['gone', 1]])],
  ['q5', new Map([['a', 0]])],
  ['q9', new Map([['a', 1]])],
]);
const archive = new Set(['a', 'b', 'c', 'd', ...Array.from({ length: 250 }, (_, i) => `x${i}`)]);
const filler = Array.from({ length: 250 }, (_, i) => `x${i}`);

/** Rankings by query and mode, served page by page as the API would. */
const rankings: Record<string, Record<SearchMode, string[]>> = {
  first: { keyword: ['x1', 'a', ...filler], semantic: ['b', 'a', ...filler], hybrid: ['a', 'b', ...filler] },
  second: { keyword: [...filler.slice(0, 150), 'c'], semantic: ['c', ...filler], hybrid: ['d', 'c', ...filler] },
};

function fakeSearch(requests: SearchRequest[], ranAs?: SearchMode, semanticOff = true) {
  return async (request: SearchRequest): Promise<SearchResponse> => {
    requests.push(request);
    const ids = rankings[request.q]![request.mode];
    const start = (request.page - 1) * request.size;
    return {
      query: request.q, mode: ranAs ?? request.mode, page: request.page, size: request.size, total: ids.length, facets: {} as SearchResponse['facets'],
      hits: ids.slice(start, start + request.size).map((id) => ({ id }) as SearchResponse['hits'][number]), notice: ranAs && semanticOff ? 'Keyword results only' : null, notices: ranAs && semanticOff ? ['SEMANTIC_OFF'] : [], tookMs: 1,
    };
  };
}

const presentIds = (ids: string[]) => new Set(ids.filter((id) => archive.has(id)));
const modes: SearchMode[] = ['keyword', 'semantic', 'hybrid'];

describe('runEval', () => {
  it('scores judged queries in each mode against the judgements on present articles', async () => {
    const requests: SearchRequest[] = [];
    const run = await runEval(queries, qrels, { modes, depth: 200, parameters: [['lang', 'fr'], ['collapse', 'false']] }, { search: fakeSearch(requests), presentIds });
    expect(run.results.map((result) => result.id)).toEqual(['q1', 'q2']);
    expect(run.skipped).toEqual([
      { id: 'q3', kind: 'keyword', reason: 'no-judgement' },
      { id: 'q4', kind: 'keyword', reason: 'relevant-absent' },
      { id: 'q5', kind: 'keyword', reason: 'no-relevant-judgement' },
    ]);
    expect(run.unknownQueryIds).toEqual(['q9']);
    expect(run.absentJudgements).toBe(1);

    const [q1, q2] = run.results;
    expect(q1).toMatchObject({ judged: 2, relevant: 2, absentJudgements: 1 });
    expect(q1!.scores.hybrid).toMatchObject({ ndcg10: 1, mrr10: 1, recall10: 1, recall100: 1, firstRelevant: 1 });
    expect(q1!.scores.keyword!.ndcg10).toBeCloseTo((3 / Math.log2(3)) / (3 + 1 / Math.log2(3)), 12);
    expect(q1!.scores.keyword).toMatchObject({ mrr10: 0.5, recall10: 0.5, recall100: 0.5 });
    expect(q1!.scores.keyword!.top10.slice(0, 2)).toEqual(['x1', 'a']);
    // Found at rank 151: beyond Recall@100, within the depth of 200 (two API pages).
    expect(q2!.scores.keyword).toMatchObject({ ndcg10: 0, recall100: 0, firstRelevant: 151 });
    expect(q2!.scores.hybrid).toMatchObject({ mrr10: 0.5 });

    // Every request went through the API's parameter rules, with the extra parameters.
    expect(requests.every((request) => request.filters.langs?.[0] === 'fr' && request.collapse === false)).toBe(true);
    expect(requests.some((request) => request.page === 2 && request.size === 100)).toBe(true);
  });

  it('summarises by kind, tests the comparisons and renders them', async () => {
    const run = await runEval(queries, qrels, { modes, depth: 100, parameters: [] }, { search: fakeSearch([]), presentIds });
    const summary = summarise(run, modes);
    expect(summary.groups.map((group) => [group.group, group.queries])).toEqual([['all', 2], ['keyword', 1], ['paraphrase', 1]]);
    expect(summary.significance.comparisons.map((c) => `${c.a}/${c.b}`)).toEqual(['hybrid/keyword', 'hybrid/semantic', 'semantic/keyword']);
    // Two queries: four sign assignments, hybrid better on both: p = 2/4.
    expect(summary.significance.comparisons[0]).toMatchObject({ n: 2, method: 'exact', pValue: 0.5, significant: false });

    const report = buildReport({
      name: 'fake set', date: new Date('2026-01-02T03:04:05Z'), command: 'npm run -s archive -- eval …',
      archive: { articles: 254, passages: 300, dataDir: 'data', keywordEngine: 'embedded', modelKey: 'm@q8', semantic: true },
      inputs: { queries: { file: 'q.jsonl', count: 5 }, qrels: { file: 'qrels.txt', judgements: 8 } },
      search: { modes, depth: 100, filters: [], parameters: [] },
    }, run, summary);
    const markdown = formatMarkdown(report);
    expect(markdown).toContain('# Retrieval evaluation: fake set');
    expect(markdown).toContain('254 articles, 300 passages, data dir `data`');
    expect(markdown).toMatch(/^\| hybrid \| 1\.000 \| 1\.000 \| /m);
    expect(markdown).toMatch(/^\| hybrid vs keyword \| 2 \| /m);
    expect(markdown).toContain('skipped 3: 1 without judgement, 1 with no relevant judgement, 1 whose relevant articles are all absent');
    expect(markdown).toContain('### paraphrase (1 query)');
    expect(report.skipped['relevant-absent']).toEqual(['q4']);
  });

  it('scores a query the API refuses as 0 in that mode and lists it, but stops on a failure of the system', async () => {
    const failing = (code: ErrorCode) => {
      const search = fakeSearch([]);
      return async (request: SearchRequest) => {
        if (request.q === 'second' && request.mode !== 'semantic') throw new ArchiveError(code, 'unclosed quote at character 3');
        return search(request);
      };
    };
    const run = await runEval(queries, qrels, { modes, depth: 100, parameters: [] }, { search: failing('QUERY_INVALID'), presentIds });
    expect(run.refused).toEqual([
      { id: 'q2', mode: 'keyword', message: 'unclosed quote at character 3' },
      { id: 'q2', mode: 'hybrid', message: 'unclosed quote at character 3' },
    ]);
    expect(run.results[1]!.scores.keyword).toMatchObject({ ndcg10: 0, recall100: 0, top10: [], refused: 'unclosed quote at character 3' });
    expect(run.results[1]!.scores.semantic!.ndcg10).toBe(1);
    expect(summarise(run, modes).groups[0]!.modes[0]!.latencyMs.p50).toBeGreaterThanOrEqual(0);
    await expect(runEval(queries, qrels, { modes, depth: 100, parameters: [] }, { search: failing('BACKEND_FAILED'), presentIds })).rejects.toThrow('unclosed quote');
  });

  it('scores a query longer than the API takes as refused in every mode', async () => {
    const long = 'x'.repeat(501);
    const run = await runEval([{ id: 'q1', text: long, kind: null, lang: null }], qrels, { modes, depth: 10, parameters: [] }, { search: fakeSearch([]), presentIds });
    expect(run.refused.map((refusal) => [refusal.mode, refusal.message])).toEqual(modes.map((mode) => [mode, 'q: at most 500 characters']));
    expect(run.results[0]!.scores.hybrid!.ndcg10).toBe(0);
  });

  it('refuses a mode that ran as another, and reserved or invalid parameters', async () => {
    const run = runEval(queries, qrels, { modes: ['hybrid'], depth: 10, parameters: [] }, { search: fakeSearch([], 'keyword'), presentIds });
    await expect(run).rejects.toThrow(/hybrid search ran as keyword/);
    // Hybrid at semanticRatio=1 is semantic ranking, as asked: measured, not refused.
    const asked = await runEval(queries, qrels, { modes: ['hybrid'], depth: 10, parameters: [['semanticRatio', '1']] }, { search: fakeSearch([], 'semantic', false), presentIds });
    expect(asked.results.length).toBeGreaterThan(0);
    const withParameters = (parameters: [string, string][]) =>
      runEval(queries, qrels, { modes, depth: 10, parameters }, { search: fakeSearch([]), presentIds });
    await expect(withParameters([['size', '5']])).rejects.toThrow('API parameter size: set by the evaluation itself');
    await expect(withParameters([['lang', 'french']])).rejects.toThrow('API parameter lang: expected a two-letter language code');
    await expect(withParameters([['colour', 'red']])).rejects.toBeInstanceOf(ArchiveError);
  });
});
