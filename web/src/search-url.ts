import type { SearchRequest } from '@archive/search';

/**
 * A search as URL parameters, in the names `parseSearchParams` reads. Without `paging`, only
 * what selects the articles (query, mode, filters): what a bulk operation carries.
 */
export function searchParams(request: SearchRequest, options: { paging?: boolean } = {}): URLSearchParams {
  const params = new URLSearchParams();
  if (request.q) params.set('q', request.q);
  if (request.mode !== 'hybrid') params.set('mode', request.mode);
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
