import { describe, expect, it } from 'vitest';
import { parseSearchParams } from './search-params.ts';

const parse = (query: string) => parseSearchParams(new URLSearchParams(query));

describe('parseSearchParams', () => {
  it('applies defaults', () => {
    expect(parse('')).toEqual({
      q: '', mode: 'hybrid', page: 1, size: 10, collapse: true,
      filters: { dateFrom: null, dateTo: null, sections: [], langs: [], authors: [], tags: [] },
    });
  });

  it('reads lists repeated or comma-separated, and ignores empty form fields', () => {
    const request = parse('q=incendie&section=france,monde&section=politique&lang=&from=2019-01-01&to=&mode=keyword&page=2&size=20');
    expect(request).toMatchObject({ q: 'incendie', mode: 'keyword', page: 2, size: 20 });
    expect(request.filters).toMatchObject({ sections: ['france', 'monde', 'politique'], langs: [], dateFrom: '2019-01-01', dateTo: null });
  });

  it.each([
    ['mode=fuzzy', 'mode'],
    ['page=0', 'page'],
    ['page=abc', 'page'],
    ['size=1000', 'size'],
    ['size=2.5', 'size'],
    ['from=2020-13-01', 'from'],
    ['from=yesterday', 'from'],
    ['from=2020-02-01&to=2020-01-01', 'from'],
    ['lang=french', 'lang'],
    ['q=a&q=b', 'q'],
    ['colour=red', 'colour'],
    [`q=${'x'.repeat(501)}`, 'q'],
  ])('refuses %s naming %s', (query, parameter) => {
    expect(() => parse(query)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST', parameter }));
  });
});
