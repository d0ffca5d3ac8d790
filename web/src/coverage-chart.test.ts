import { describe, expect, it } from 'vitest';
import { periodLabel } from './coverage-chart.tsx';
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

  it('names periods in French', () => {
    expect(periodLabel('2020')).toBe('2020');
    expect(periodLabel('2020-03')).toBe('mars 2020');
  });
});
