import { describe, expect, it } from 'vitest';
import { CoverageChart, periodLabel } from './coverage-chart.tsx';
import { chartGranularity, narrowToPeriod } from './search-url.ts';

describe('coverage chart', () => {
  it('counts by month when the dates span two years at most', () => {
    expect(chartGranularity({})).toBe('year');
    expect(chartGranularity({ dateFrom: '2020-01-01' })).toBe('year');
    expect(chartGranularity({ dateFrom: '2019-01-01', dateTo: '2020-12-31' })).toBe('month');
    expect(chartGranularity({ dateFrom: '2019-01-01', dateTo: '2021-01-15' })).toBe('year');
  });

  it('narrows the dates to a bar’s period, never beyond the dates already chosen', () => {
    expect(narrowToPeriod({ sections: ['france'] }, '2020')).toEqual({ sections: ['france'], dateFrom: '2020-01-01', dateTo: '2020-12-31' });
    expect(narrowToPeriod({}, '2020-02')).toEqual({ dateFrom: '2020-02-01', dateTo: '2020-02-29' });
    expect(narrowToPeriod({}, '2019-02')).toEqual({ dateFrom: '2019-02-01', dateTo: '2019-02-28' });
    expect(narrowToPeriod({ dateFrom: '2019-06-10', dateTo: '2020-03-31' }, '2019-06')).toEqual({ dateFrom: '2019-06-10', dateTo: '2019-06-30' });
  });

  it('says which periods it spans, one period as one', async () => {
    const request = { q: 'Lubrizol', mode: 'hybrid' as const, filters: {}, page: 1, size: 10 };
    const caption = async (periods: string[]) => {
      const html = String(await CoverageChart({ request, coverage: periods.map((period) => ({ period, count: 3 })), granularity: 'year' })?.toString());
      return /Articles trouvés par année, [^<]*/.exec(html)?.[0];
    };
    expect(await caption(['2019', '2020'])).toBe('Articles trouvés par année, de 2019 à 2020 ');
    expect(await caption(['2020'])).toBe('Articles trouvés par année, en 2020 ');
  });

  it('names periods in French', () => {
    expect(periodLabel('2020')).toBe('2020');
    expect(periodLabel('2020-03')).toBe('mars 2020');
  });
});
