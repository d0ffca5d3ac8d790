import { STOPWORDS, analyzeTerms } from '@archive/text';

/** A parsed user query: loose terms and exact phrases, analysed like indexed text. */
export interface ParsedQuery {
  terms: string[];
  phrases: string[][];
}

/**
 * Splits a query into "quoted phrases" and loose words, both folded like indexed text; function
 * words are dropped from the loose words unless nothing else is left.
 *
 * @example
 * parseQuery('"Notre-Dame de Paris" incendie de l’église')
 * // { terms: ['incendie', 'eglise'], phrases: [['notre', 'dame', 'de', 'paris']] }
 */
export function parseQuery(query: string): ParsedQuery {
  const phrases: string[][] = [];
  const loose = query.replace(/["«»]([^"«»]+)["«»]/g, (_, phrase: string) => {
    const terms = analyzeTerms(phrase);
    if (terms.length) phrases.push(terms);
    return ' ';
  });
  const words = analyzeTerms(loose);
  const content = words.filter((term) => !STOPWORDS.has(term));
  // A query made only of function words ("the who") still searches for them.
  const terms = content.length || phrases.length ? content : words;
  return { terms: [...new Set(terms)], phrases };
}

/** Every folded term of the query (phrases included), for highlighting. */
export function queryTerms(parsed: ParsedQuery): string[] {
  return [...new Set([...parsed.terms, ...parsed.phrases.flat()])];
}

/**
 * FTS5 expression: phrases must all match; loose words are OR-ed and ranked by BM25, so articles
 * with more of them (and rarer ones) come first. Null when the query has no term at all.
 */
export function toFtsExpression(parsed: ParsedQuery): string | null {
  const quote = (terms: string[]) => `"${terms.join(' ')}"`;
  const phrases = parsed.phrases.map(quote);
  const loose = parsed.terms.length ? `(${parsed.terms.map((term) => quote([term])).join(' OR ')})` : null;
  const parts = loose ? [...phrases, loose] : phrases;
  return parts.length ? parts.join(' AND ') : null;
}
