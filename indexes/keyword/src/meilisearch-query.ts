import type { MatchingStrategies } from 'meilisearch';
import { QuerySyntaxError, tagKey } from '@archive/core';
import type { ArticleFilters } from '@archive/store';
import { operandKey, parseQuery, type QueryOperand } from './query-parser.ts';

/** One Meilisearch query of the set that together make the user's query (see `textQueries`). */
export interface TextQuery {
  q: string;
  matchingStrategy: MatchingStrategies;
  /** Federation weight: how much this query's ranking scores count in the merged list. */
  weight: number;
}

/** Most combinations of OR alternatives sent as separate queries (each is one more search). */
const MAX_COMBINATIONS = 16;

const quote = (operand: QueryOperand) => `"${operand.terms.join(' ')}"`;

/**
 * One Meilisearch `q`: exclusions (`-"…"`), required operands quoted (exact and required),
 * loose words, and the one prefix operand last. Meilisearch completes only the last word, and
 * only when the query does not end with a space: every other query ends with one, so its last
 * word is whole, as in the embedded engine.
 */
function meiliText(exclusions: QueryOperand[], required: QueryOperand[], loose: QueryOperand[]): string {
  const prefixed = [...required, ...loose].findLast((operand) => operand.prefix);
  const parts = [
    ...exclusions.map((operand) => `-${quote(operand)}`),
    ...required.filter((operand) => operand !== prefixed).map(quote),
    ...loose.filter((operand) => operand !== prefixed).map((operand) => operand.terms.join(' ')),
  ];
  return prefixed ? [...parts, prefixed.terms.join(' ')].join(' ') : `${parts.join(' ')} `;
}

/** Most alternatives kept while expanding (a bound on the work for a pathological query). */
const MAX_EXPANSION = 256;

/**
 * The required groups (every one must match, any operand of each) as alternatives of operands
 * that must all match: one way of picking an operand from each group, minus the ways that pick
 * all another one picks and more (absorption: whatever matches them matches it too). So
 * `(a AND b AND c) OR (d AND e)`, six groups of two, is two alternatives, not 64.
 */
function combinations(groups: QueryOperand[][]): QueryOperand[][] {
  const tooMany = () =>
    new QuerySyntaxError(`too many OR alternatives for the Meilisearch engine (more than ${MAX_COMBINATIONS} ways to match)`, 0);
  let picks: QueryOperand[][] = [[]];
  for (const group of groups) {
    const next: QueryOperand[][] = [];
    for (const picked of picks) {
      const keys = new Set(picked.map(operandKey));
      // A pick that already has one of the group's operands needs nothing more from it.
      if (group.some((operand) => keys.has(operandKey(operand)))) next.push(picked);
      else for (const operand of group) next.push([...picked, operand]);
    }
    picks = withoutAbsorbed(next);
    if (picks.length > MAX_EXPANSION) throw tooMany();
  }
  if (picks.length > MAX_COMBINATIONS) throw tooMany();
  return picks;
}

/** The picks that hold no other pick whole, the first of equal ones kept. */
function withoutAbsorbed(picks: QueryOperand[][]): QueryOperand[][] {
  const sets = picks.map((pick) => new Set(pick.map(operandKey)));
  const within = (small: Set<string>, large: Set<string>) => small.size <= large.size && [...small].every((key) => large.has(key));
  return picks.filter((_, i) => !sets.some((other, j) => j !== i && within(other, sets[i]!) && (other.size < sets[i]!.size || j < i)));
}

/**
 * The user's query as Meilisearch queries whose union (a federated multi-search) matches what
 * the embedded engine matches: every required group (one query per combination of OR
 * alternatives), at least one loose word, no excluded word (`-"…"`, Meilisearch's negation).
 *
 * Meilisearch has no OR: its default strategy (`last`) drops words from the end of the query
 * but never the first, so an article with only the last word was never found. Query k holds
 * the loose words from the k-th on, so its first word is the one it requires; the union
 * requires any word. Each query's ranking score already counts the share of its words an
 * article has, and its weight is its share of the user's words, so an article with more of
 * them ranks first, as with BM25 over OR-ed words.
 * With required parts, each query is the required words plus one loose word, all required
 * (`all`), after one query with every word ranking the articles that have them all first.
 * Empty when the query has no word at all; `[{ q: '' }]` for a blank query (browse).
 *
 * @example
 * textQueries('incendie notre dame')
 * // [{ q: 'incendie notre dame ', matchingStrategy: 'last', weight: 1 },
 * //  { q: 'notre dame ', matchingStrategy: 'last', weight: 0.67 }, { q: 'dame ', …, weight: 0.33 }]
 */
export function textQueries(query: string): TextQuery[] {
  const { loose, required, excluded } = parseQuery(query);
  if (loose.length + required.length === 0) return query.trim() ? [] : [{ q: '', matchingStrategy: 'last', weight: 1 }];
  if (required.length === 0) {
    // A prefix word last, where its query can complete it.
    const ordered = [...loose.filter((operand) => !operand.prefix), ...loose.filter((operand) => operand.prefix)];
    return ordered.map((_, k) => ({ q: meiliText(excluded, [], ordered.slice(k)), matchingStrategy: 'last', weight: (ordered.length - k) / ordered.length }));
  }
  return combinations(required).flatMap((picked): TextQuery[] => {
    if (loose.length <= 1) return [{ q: meiliText(excluded, picked, loose), matchingStrategy: 'all', weight: 1 }];
    return [
      { q: meiliText(excluded, picked, loose), matchingStrategy: 'all', weight: 1 },
      ...loose.map((operand) => ({ q: meiliText(excluded, picked, [operand]), matchingStrategy: 'all' as const, weight: 1 / (loose.length + 1) })),
    ];
  });
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
