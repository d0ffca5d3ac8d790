import { ArchiveError } from '@archive/core';
import { BadRequestError, MAX_PAGE_SIZE, parseSearchParams, type SearchMode, type SearchRequest, type SearchResponse } from '@archive/search';

/** API parameters that the evaluation sets itself, from the query, `--modes` and `--depth`. */
export const RESERVED_PARAMETERS = ['q', 'mode', 'page', 'size'] as const;

/** One API parameter as a URL would carry it, e.g. `['lang', 'fr']`. */
export type ApiParameter = [name: string, value: string];

/**
 * The search request the API would build from these URL parameters: the evaluation goes through
 * the API's own parameter rules (`parseSearchParams`, i.e. `searchQuerySchema`), so every API
 * parameter, its defaults and its checks apply exactly as they do to a user's search.
 *
 * @example
 * searchRequestFor('incendie', 'hybrid', 1, 100, [['lang', 'fr']]).filters.langs // ['fr']
 */
export function searchRequestFor(q: string, mode: SearchMode, page: number, size: number, parameters: readonly ApiParameter[]): SearchRequest {
  const params = new URLSearchParams(parameters.map(([name, value]): [string, string] => [name, value]));
  params.set('q', q);
  params.set('mode', mode);
  params.set('page', String(page));
  params.set('size', String(size));
  return parseSearchParams(params);
}

/**
 * Checks the extra API parameters once, before any search: reserved names are refused, and the
 * API's own validation names any wrong one.
 */
export function checkParameters(parameters: readonly ApiParameter[]): void {
  for (const [name] of parameters) {
    if ((RESERVED_PARAMETERS as readonly string[]).includes(name)) {
      throw new ArchiveError('BAD_REQUEST', `API parameter ${name}: set by the evaluation itself (from the queries, --modes and --depth)`);
    }
  }
  try {
    searchRequestFor('', 'keyword', 1, 1, parameters);
  } catch (error) {
    if (error instanceof BadRequestError) throw new ArchiveError('BAD_REQUEST', `API parameter ${error.message}`);
    throw error;
  }
}

/** What one query returned in one mode, down to the evaluation depth. */
export interface Ranking {
  ids: string[];
  /** Time spent in the search calls, in milliseconds (several pages when depth > the API's page size). */
  ms: number;
  /** The mode that ran (the API may fall back, e.g. hybrid to keyword without the model). */
  mode: SearchMode;
  notice: string | null;
  /** The search fell back to keywords because semantic search is off (not because `semanticRatio` asked for one half). */
  semanticOff: boolean;
}

/** Runs one search the way the API does and returns the response. */
export type SearchFunction = (request: SearchRequest) => Promise<SearchResponse>;

/**
 * The top `depth` article ids of a query, fetched in pages no larger than the API allows
 * (`MAX_PAGE_SIZE`); each id counts once, at its first rank.
 *
 * @example
 * const { ids, ms } = await rankedIds(service.search.bind(service), 'Brexit vote', 'hybrid', 100, [])
 */
export async function rankedIds(
  search: SearchFunction, q: string, mode: SearchMode, depth: number, parameters: readonly ApiParameter[], now: () => number = () => performance.now(),
): Promise<Ranking> {
  const size = Math.min(depth, MAX_PAGE_SIZE);
  const ids: string[] = [];
  const seen = new Set<string>();
  let ms = 0;
  let ran: SearchMode = mode;
  let notice: string | null = null;
  let semanticOff = false;
  for (let page = 1; ids.length < depth; page++) {
    const request = searchRequestFor(q, mode, page, size, parameters);
    const started = now();
    const response = await search(request);
    ms += now() - started;
    ran = response.mode;
    notice ??= response.notice;
    semanticOff ||= response.notices.includes('SEMANTIC_OFF');
    for (const hit of response.hits) {
      if (!seen.has(hit.id)) {
        seen.add(hit.id);
        ids.push(hit.id);
      }
    }
    if (response.hits.length < size || page * size >= response.total) break;
  }
  return { ids: ids.slice(0, depth), ms, mode: ran, notice, semanticOff };
}
