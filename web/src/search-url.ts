import type { ArticleFilters, CoverageGranularity, SearchRequest } from '@archive/search';

/**
 * A search as URL parameters, in the names `parseSearchParams` reads. Without `paging`, only
 * what selects the articles (query, mode, filters): what a bulk operation carries.
 */
export function searchParams(request: SearchRequest, options: { paging?: boolean } = {}): URLSearchParams {
  const params = new URLSearchParams();
  if (request.q) params.set('q', request.q);
  if (request.mode !== 'hybrid') params.set('mode', request.mode);
  if (request.semanticRatio !== undefined) params.set('semanticRatio', String(request.semanticRatio));
  if (request.filters.dateFrom) params.set('from', request.filters.dateFrom);
  if (request.filters.dateTo) params.set('to', request.filters.dateTo);
  const lists: [string, string[] | undefined][] = [
    ['section', request.filters.sections], ['lang', request.filters.langs], ['author', request.filters.authors], ['tag', request.filters.tags],
  ];
  for (const [name, values] of lists) for (const value of values ?? []) params.append(name, value);
  if (options.paging !== false) {
    if (request.page > 1) params.set('page', String(request.page));
    if (request.size !== 10) params.set('size', String(request.size));
  }
  return params;
}

/** The UI URL of a search, so that facet links and paging keep every other choice. */
export function searchUrl(request: SearchRequest, changes: Partial<SearchRequest> = {}): string {
  const next = { ...request, ...changes, filters: { ...request.filters, ...changes.filters } };
  const query = searchParams(next).toString();
  return query ? `/?${query}` : '/';
}

/** An article's page, remembering the search it was opened from (for its back link). */
export function articleUrl(id: string, from?: string): string {
  const path = `/articles/${encodeURIComponent(id)}`;
  return from && from !== '/' ? `${path}?from=${encodeURIComponent(from)}` : path;
}

/** A tag's page (every article carrying it). */
export function tagUrl(tag: string, page = 1): string {
  const path = `/tags/${encodeURIComponent(tag)}`;
  return page > 1 ? `${path}?page=${page}` : path;
}

/** Adds `value` to a list filter, or removes it when present. */
export function toggle(values: string[] | undefined, value: string): string[] {
  const list = values ?? [];
  return list.includes(value) ? list.filter((item) => item !== value) : [...list, value];
}

/** Longest date filter, in days, whose coverage chart counts by month (two years, a leap day included). */
const MONTHLY_CHART_DAYS = 731;

/**
 * How finely the search page's coverage chart counts: by month when the date filter spans at
 * most two years, by year otherwise.
 *
 * @example
 * chartGranularity({ dateFrom: '2020-01-01', dateTo: '2020-12-31' }) // 'month'
 */
export function chartGranularity(filters: ArticleFilters): CoverageGranularity {
  if (!filters.dateFrom || !filters.dateTo) return 'year';
  const days = (Date.parse(filters.dateTo) - Date.parse(filters.dateFrom)) / 86_400_000;
  return days <= MONTHLY_CHART_DAYS ? 'month' : 'year';
}

/**
 * The filters with their dates narrowed to one coverage period (`2020` or `2020-03`), never
 * wider than the dates already chosen: where a chart bar leads.
 *
 * @example
 * narrowToPeriod({ sections: ['france'] }, '2020-02') // { sections: ['france'], dateFrom: '2020-02-01', dateTo: '2020-02-29' }
 */
export function narrowToPeriod(filters: ArticleFilters, period: string): ArticleFilters {
  const year = Number(period.slice(0, 4));
  const month = period.length > 4 ? Number(period.slice(5, 7)) : null;
  const start = month ? `${period}-01` : `${period}-01-01`;
  const lastDay = month ? new Date(Date.UTC(year, month, 0)).getUTCDate() : 31;
  const end = month ? `${period}-${String(lastDay).padStart(2, '0')}` : `${period}-12-31`;
  const from = filters.dateFrom && filters.dateFrom > start ? filters.dateFrom : start;
  const to = filters.dateTo && filters.dateTo < end ? filters.dateTo : end;
  return { ...filters, dateFrom: from, dateTo: to };
}
