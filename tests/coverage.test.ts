import { describe, expect, inject, it } from 'vitest';
import { SEMANTIC_COVERAGE_THRESHOLD } from '../services/search/src/coverage.ts';
import { getJson } from './helpers.ts';

type Period = { period: string; count: number };

const query = (params: Record<string, string | number>) => new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
const sum = (periods: Period[]) => periods.reduce((total, period) => total + period.count, 0);
const next = (period: string) => {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
};

// Coverage over time: the same counts from each keyword engine.
describe.each([
  ['embedded', 'baseUrl'],
  ['meilisearch', 'meiliBaseUrl'],
] as const)('GET /api/search?coverage= (%s keyword engine)', (_engine, server) => {
  const base = inject(server);
  const search = (params: Record<string, string | number>) => getJson(`${base}/api/search?${query(params)}`);

  it('counts keyword matches per year, summing to the total', async () => {
    const { status, body } = await search({ q: 'incendie', mode: 'keyword', coverage: 'year', size: 1 });
    expect(status).toBe(200);
    expect(body.total).toBeGreaterThan(10);
    expect(sum(body.coverage)).toBe(body.total);
    const years = body.coverage.map((period: Period) => Number(period.period));
    expect(years).toEqual(years.map((_: number, i: number) => years[0] + i));
    for (const { period, count } of body.coverage) expect(count).toBe(body.facets.year[period] ?? 0);
  });

  it('counts by month: contiguous periods in date order, zeros included, the same total', async () => {
    const [months, years] = await Promise.all([
      search({ q: 'incendie', mode: 'keyword', coverage: 'month', size: 1 }),
      search({ q: 'incendie', mode: 'keyword', coverage: 'year', size: 1 }),
    ]);
    const periods: Period[] = months.body.coverage;
    for (const period of periods) expect(period.period).toMatch(/^\d{4}-(0[1-9]|1[0-2])$/);
    for (let i = 1; i < periods.length; i++) expect(periods[i]!.period).toBe(next(periods[i - 1]!.period));
    expect(periods[0]!.count).toBeGreaterThan(0);
    expect(periods.at(-1)!.count).toBeGreaterThan(0);
    expect(periods.some((period) => period.count === 0)).toBe(true);
    expect(sum(periods)).toBe(months.body.total);
    for (const year of years.body.coverage as Period[]) {
      expect(sum(periods.filter((period) => period.period.startsWith(year.period)))).toBe(year.count);
    }
  });

  it('counts only what the filters keep', async () => {
    const all = (await search({ q: 'incendie', mode: 'keyword', coverage: 'month', size: 1 })).body;
    const narrowed = (await search({ q: 'incendie', mode: 'keyword', coverage: 'month', from: '2019-06-01', to: '2020-03-31', size: 1 })).body;
    expect(narrowed.total).toBeLessThan(all.total);
    expect(sum(narrowed.coverage)).toBe(narrowed.total);
    const before = new Map((all.coverage as Period[]).map((period) => [period.period, period.count]));
    for (const { period, count } of narrowed.coverage as Period[]) {
      expect(period >= '2019-06' && period <= '2020-03').toBe(true);
      expect(count).toBe(before.get(period));
    }
    const section = Object.keys(all.facets.section)[0]!;
    const bySection = (await search({ q: 'incendie', mode: 'keyword', coverage: 'year', section, size: 1 })).body;
    expect(sum(bySection.coverage)).toBe(all.facets.section[section]);
  });

  it('refuses any other granularity, naming coverage', async () => {
    const { status, body } = await search({ q: 'incendie', coverage: 'week' });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'BAD_REQUEST', parameter: 'coverage' });
  });

  it('leaves coverage out when not asked', async () => {
    expect((await search({ q: 'incendie', size: 1 })).body).not.toHaveProperty('coverage');
  });

  it('counts in hybrid mode the keyword matches plus only the semantic candidates above the threshold', async () => {
    const q = 'incendie Notre-Dame de Paris';
    const [keyword, semantic, hybrid] = await Promise.all(
      // Every version listed (collapse=false): coverage counts articles, not stories.
      (['keyword', 'semantic', 'hybrid'] as const).map(async (mode) => (await search({ q, mode, coverage: 'year', size: 100, collapse: 'false' })).body),
    );
    // Semantic coverage is the dated candidates at or above the threshold, not the 100 nearest.
    const above = semantic.hits.filter((hit: any) => hit.score.semanticSimilarity >= SEMANTIC_COVERAGE_THRESHOLD);
    expect(above.length).toBeGreaterThan(0);
    expect(above.length).toBeLessThan(semantic.hits.length);
    // Near-copies folded into a hit (`versions`) are articles too, and count.
    const dated = above.filter((hit: any) => hit.date).length;
    const folded = above.reduce((total: number, hit: any) => total + (hit.versions?.length ?? 0), 0);
    expect(sum(semantic.coverage)).toBeGreaterThanOrEqual(dated);
    expect(sum(semantic.coverage)).toBeLessThanOrEqual(dated + folded);
    expect(sum(hybrid.coverage)).toBeGreaterThanOrEqual(sum(keyword.coverage));
    expect(sum(hybrid.coverage)).toBeLessThanOrEqual(sum(keyword.coverage) + sum(semantic.coverage));
    expect(sum(hybrid.coverage)).toBeLessThanOrEqual(hybrid.total);
  });
});

describe('the coverage chart of the search page', () => {
  const base = inject('baseUrl');
  const page = async (params: Record<string, string>) => {
    const response = await fetch(`${base}/?${query(params)}`);
    return { status: response.status, html: await response.text() };
  };
  const bars = (html: string) =>
    [...html.matchAll(/<a class="bar[^"]*" href="([^"]+)" data-period="([^"]+)" data-count="(\d+)"/g)].map(([, href, period, count]) => ({
      href: href!.replaceAll('&amp;', '&'), period: period!, count: Number(count),
    }));

  it('draws a bar per period, each a link narrowing the dates to its period', async () => {
    const { status, html } = await page({ q: 'incendie', mode: 'keyword', coverage: 'year' });
    expect(status).toBe(200);
    expect(html).toContain('<svg id="coverage-chart"');
    const drawn = bars(html);
    const api = (await getJson(`${base}/api/search?${query({ q: 'incendie', mode: 'keyword', coverage: 'year', size: 1 })}`)).body;
    expect(drawn.map(({ period, count }) => ({ period, count }))).toEqual(api.coverage);
    for (const bar of drawn) {
      const params = new URL(bar.href, base).searchParams;
      expect(params.get('q')).toBe('incendie');
      expect(params.get('mode')).toBe('keyword');
      expect(params.get('from')).toBe(`${bar.period}-01-01`);
      expect(params.get('to')).toBe(`${bar.period}-12-31`);
    }
    // Readable without the picture: a text alternative with every count.
    expect(html).toMatch(/<table class="visually-hidden">/);
    expect(html).toContain('<title>');
  });

  it('narrows by month within the dates already chosen', async () => {
    const { html } = await page({ q: 'incendie', mode: 'keyword', from: '2019-06-10', to: '2020-03-31', coverage: 'month' });
    const drawn = bars(html);
    expect(drawn.length).toBeGreaterThan(1);
    const first = new URL(drawn[0]!.href, base).searchParams;
    expect(first.get('from')).toBe('2019-06-10');
    const bar = drawn.find((candidate) => candidate.period === '2020-02');
    if (bar) {
      const params = new URL(bar.href, base).searchParams;
      expect([params.get('from'), params.get('to')]).toEqual(['2020-02-01', '2020-02-29']);
    }
    // The narrowed page finds what its bar counted.
    const counted = drawn.find((candidate) => candidate.count > 0)!;
    const narrowed = (await getJson(`${base}/api/search${new URL(counted.href, base).search}&size=1`)).body;
    expect(narrowed.total).toBe(counted.count);
  });
});
