import type { SearchRequest } from '@archive/search';

/** The UI URL of a search, so that facet links and paging keep every other choice. */
export function searchUrl(request: SearchRequest, changes: Partial<SearchRequest> = {}): string {
  const next = { ...request, ...changes, filters: { ...request.filters, ...changes.filters } };
  const params = new URLSearchParams();
  if (next.q) params.set('q', next.q);
  if (next.mode !== 'hybrid') params.set('mode', next.mode);
  if (next.filters.dateFrom) params.set('from', next.filters.dateFrom);
  if (next.filters.dateTo) params.set('to', next.filters.dateTo);
  const lists: [string, string[] | undefined][] = [
    ['section', next.filters.sections], ['lang', next.filters.langs], ['author', next.filters.authors], ['tag', next.filters.tags],
  ];
  for (const [name, values] of lists) for (const value of values ?? []) params.append(name, value);
  if (next.page > 1) params.set('page', String(next.page));
  if (next.size !== 10) params.set('size', String(next.size));
  const query = params.toString();
  return query ? `/?${query}` : '/';
}

/** Adds `value` to a list filter, or removes it when present. */
export function toggle(values: string[] | undefined, value: string): string[] {
  const list = values ?? [];
  return list.includes(value) ? list.filter((item) => item !== value) : [...list, value];
}
