import { describe, expect, it } from 'vitest';
import type { StoredArticle } from '@archive/store';
import { MAX_SEMANTIC_COVERAGE, SEMANTIC_COVERAGE_THRESHOLD, contiguousPeriods, nextPeriod, periodOf, searchCoverage, type CoverageSources } from './coverage.ts';
import { BadRequestError, parseSearchParams } from './search-params.ts';

const DATES: Record<string, string | null> = { a: '2019-04-15', b: '2021-03-03', s1: '2020-06-01', s2: '2021-03-20', s3: null, low: '2018-01-01' };

/** Keyword matches `a` (2019) and `b` (2021); semantic candidates s1, s2, s3 (undated), a, then one below the threshold. */
function sources(calls: number[] = []): CoverageSources {
  const above = SEMANTIC_COVERAGE_THRESHOLD + 0.01;
  return {
    keywordIndex: {
      periods: async (_q, _filters, granularity): Promise<Record<string, number>> =>
        granularity === 'year' ? { '2019': 1, '2021': 1 } : { '2019-04': 1, '2021-03': 1 },
      matching: async (_q, ids) => new Set(ids.filter((id) => id === 'a' || id === 'b')),
    },
    store: { getArticles: (ids: string[]) => ids.map((id) => ({ id, date: DATES[id] ?? null }) as StoredArticle) },
    semantic: async (limit) => {
      calls.push(limit);
      return [
        { id: 's1', similarity: above + 0.05 }, { id: 'a', similarity: above + 0.02 }, { id: 's2', similarity: above },
        { id: 's3', similarity: above }, { id: 'low', similarity: SEMANTIC_COVERAGE_THRESHOLD - 0.01 },
      ];
    },
  };
}

describe('searchCoverage', () => {
  it('counts keyword matches per period, with the empty periods between as 0', async () => {
    expect(await searchCoverage(sources(), { q: 'x', mode: 'keyword', filters: {} }, 'year')).toEqual([
      { period: '2019', count: 1 }, { period: '2020', count: 0 }, { period: '2021', count: 1 },
    ]);
    const months = await searchCoverage(sources(), { q: 'x', mode: 'keyword', filters: {} }, 'month');
    expect(months).toHaveLength(24);
    expect(months[0]).toEqual({ period: '2019-04', count: 1 });
    expect(months.at(-1)).toEqual({ period: '2021-03', count: 1 });
    expect(months.slice(1, -1).every((period) => period.count === 0)).toBe(true);
  });

  it('adds the semantic candidates above the threshold in hybrid mode, each article once', async () => {
    // a is a keyword match already; s3 has no date; `low` is below the threshold.
    expect(await searchCoverage(sources(), { q: 'x', mode: 'hybrid', filters: {} }, 'year')).toEqual([
      { period: '2019', count: 1 }, { period: '2020', count: 1 }, { period: '2021', count: 2 },
    ]);
  });

  it('counts only the semantic candidates above the threshold in semantic mode', async () => {
    expect(await searchCoverage(sources(), { q: 'x', mode: 'semantic', filters: {} }, 'year')).toEqual([
      { period: '2019', count: 1 }, { period: '2020', count: 1 }, { period: '2021', count: 1 },
    ]);
  });

  it('stops deepening the semantic search once a candidate falls below the threshold', async () => {
    const calls: number[] = [];
    await searchCoverage(sources(calls), { q: 'x', mode: 'hybrid', filters: {} }, 'year');
    expect(calls).toEqual([200]);
  });

  it('deepens while every candidate is above the threshold, up to the cap', async () => {
    const calls: number[] = [];
    const deep: CoverageSources = {
      ...sources(),
      semantic: async (limit) => {
        calls.push(limit);
        return Array.from({ length: limit }, (_, i) => ({ id: `n${i}`, similarity: 0.99 }));
      },
    };
    await searchCoverage(deep, { q: 'x', mode: 'semantic', filters: {} }, 'year');
    expect(calls).toEqual([200, 800, MAX_SEMANTIC_COVERAGE]);
  });

  it('lists by keyword alone without a query, and is empty without matches', async () => {
    const calls: number[] = [];
    expect(await searchCoverage(sources(calls), { q: ' ', mode: 'hybrid', filters: {} }, 'year')).toHaveLength(3);
    expect(calls).toEqual([]);
    const none: CoverageSources = { ...sources(), keywordIndex: { periods: async () => ({}), matching: async () => new Set() } };
    expect(await searchCoverage(none, { q: 'x', mode: 'keyword', filters: {} }, 'month')).toEqual([]);
  });
});

describe('periods', () => {
  it('names the period of a date, and the next one', () => {
    expect(periodOf('2020-03-15', 'month')).toBe('2020-03');
    expect(periodOf('2020-03-15', 'year')).toBe('2020');
    expect(periodOf(null, 'year')).toBeNull();
    expect(nextPeriod('2020-12')).toBe('2021-01');
    expect(nextPeriod('2020-09')).toBe('2020-10');
    expect(nextPeriod('1999')).toBe('2000');
  });

  it('fills the gaps between the first and last period, and drops malformed ones', () => {
    expect(contiguousPeriods({ '2020-11': 2, '2021-02': 1, '2020-13': 9, oops: 4 }, 'month')).toEqual([
      { period: '2020-11', count: 2 }, { period: '2020-12', count: 0 }, { period: '2021-01', count: 0 }, { period: '2021-02', count: 1 },
    ]);
  });
});

describe('the coverage parameter', () => {
  it('asks for year or month counts, and refuses anything else naming coverage', () => {
    expect(parseSearchParams(new URLSearchParams('q=x&coverage=month')).coverage).toBe('month');
    expect(parseSearchParams(new URLSearchParams('q=x')).coverage).toBeUndefined();
    expect(parseSearchParams(new URLSearchParams('q=x&coverage=')).coverage).toBeUndefined();
    for (const query of ['coverage=week', 'coverage=year&coverage=month']) {
      const error = (() => {
        try {
          parseSearchParams(new URLSearchParams(query));
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(BadRequestError);
      expect((error as BadRequestError).parameter).toBe('coverage');
    }
  });
});
