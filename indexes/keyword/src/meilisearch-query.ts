import type { MatchingStrategies } from 'meilisearch';
import { tagKey } from '@archive/core';
import type { ArticleFilters } from '@archive/store';
import { parseQuery } from './query-parser.ts';

/** One Meilisearch query of the set that together make the user's query (see `textQueries`). */
export interface TextQuery {
  q: string;
  matchingStrategy: MatchingStrategies;
  /** Federation weight: how much this query's ranking scores count in the merged list. */
  weight: number;
}

const quote = (terms: string[]) => `"${terms.join(' ')}"`;

/**
 * The user's query as Meilisearch queries whose union (a federated multi-search) matches what
 * the embedded engine matches: every "quoted phrase", and at least one loose word.
 *
 * Meilisearch has no OR: its default strategy (`last`) drops words from the end of the query
 * but never the first, so an article with only the last word was never found. Query k holds
 * the loose words from the k-th on, so its first word is the one it requires; the union
 * requires any word. Each query's ranking score already counts the share of its words an
 * article has, and its weight is its share of the user's words, so an article with more of
 * them ranks first, as with BM25 over OR-ed words.
 * With phrases, each query is the phrases plus one word, all required (`all`), after one
 * query with every word ranking the articles that have them all first.
 * Empty when the query has no word at all; `[{ q: '' }]` for a blank query (browse).
 *
 * @example
 * textQueries('incendie notre dame')
 * // [{ q: 'incendie notre dame', matchingStrategy: 'last', weight: 1 },
 * //  { q: 'notre dame', matchingStrategy: 'last', weight: 0.67 }, { q: 'dame', …, weight: 0.33 }]
 */
export function textQueries(query: string): TextQuery[] {
  const { terms, phrases } = parseQuery(query);
  if (terms.length === 0 && phrases.length === 0) return query.trim() ? [] : [{ q: '', matchingStrategy: 'last', weight: 1 }];
  if (phrases.length === 0) {
    return terms.map((_, k) => ({ q: terms.slice(k).join(' '), matchingStrategy: 'last', weight: (terms.length - k) / terms.length }));
  }
  const required = phrases.map(quote).join(' ');
  if (terms.length === 0) return [{ q: required, matchingStrategy: 'all', weight: 1 }];
  return [
    { q: `${required} ${terms.join(' ')}`, matchingStrategy: 'all', weight: 1 },
    ...terms.map((term) => ({ q: `${required} ${term}`, matchingStrategy: 'all' as const, weight: 1 / (terms.length + 1) })),
  ];
}

/** A Meilisearch filter string literal. */
export const literal = (value: string) => `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

/**
 * Meilisearch filter expressions for the filters (ANDed by Meilisearch when given as an array).
 *
 * @example
 * filterExpressions({ sections: ['france'], dateFrom: '2019-01-01' }) // ['day >= 20190101', 'section IN ["france"]']
 */
export function filterExpressions(filters: ArticleFilters): string[] {
  const expressions: string[] = [];
  if (filters.dateFrom) expressions.push(`day >= ${Number(filters.dateFrom.replaceAll('-', ''))}`);
  if (filters.dateTo) expressions.push(`day <= ${Number(filters.dateTo.replaceAll('-', ''))}`);
  const inList = (field: string, values: string[] | undefined, lower = false) => {
    if (values?.length) expressions.push(`${field} IN [${values.map((v) => literal(lower ? v.toLowerCase() : v)).join(', ')}]`);
  };
  inList('section', filters.sections);
  inList('lang', filters.langs);
  inList('authors', filters.authors, true);
  if (filters.tags?.length) expressions.push(`tagKeys IN [${filters.tags.map((tag) => literal(tagKey(tag))).join(', ')}]`);
  return expressions;
}
