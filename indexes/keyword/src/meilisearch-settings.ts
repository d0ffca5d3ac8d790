import type { Settings } from 'meilisearch';

/** Searched fields, most important first: the `attributeRank` rule prefers a title match. */
export const SEARCHABLE_FIELDS = ['title', 'summary', 'body', 'meta'] as const;

/**
 * Ranking (bench/keyword-engines.ts on the orangesum-fr topics). `words` first: an article with
 * more of the query's words comes first, as with BM25 over OR-ed words; then `typo`, so that a
 * word spelled as typed beats a near-miss (`hopital` must not rank an English "hospital" above
 * "hôpital"); then where the words are (title before body) before how close together, which
 * suits news, whose headline names the subject.
 */
export const RANKING_RULES = ['words', 'typo', 'attributeRank', 'proximity', 'wordPosition', 'exactness', 'sort'];

/**
 * Index settings of the articles index. Text arrives analysed (lower case, no diacritics, French
 * elisions removed by `analyzedText`), and the apostrophes stay separators for any raw text.
 *
 * @example
 * await index.updateSettings(articleSettings());
 */
export function articleSettings(): Settings {
  return {
    searchableAttributes: [...SEARCHABLE_FIELDS],
    // `articleId` also tells articles from the state document (which has none).
    filterableAttributes: ['articleId', 'day', 'year', 'month', 'section', 'lang', 'authors', 'tags', 'tagKeys'],
    sortableAttributes: ['day'],
    displayedAttributes: ['articleId', 'seq', 'appliedSeq', 'layout'],
    rankingRules: RANKING_RULES,
    // Stop words are the query parser's job (by the query's language, never inside a phrase).
    stopWords: [],
    // Elided articles (l’, d’, qu’…) are cut off the next word, whichever apostrophe is typed.
    separatorTokens: ["'", '\u2019'],
    typoTolerance: {
      enabled: true,
      // A typo in a short word finds another word; in a long one it is a misspelling.
      minWordSizeForTypos: { oneTypo: 6, twoTypos: 10 },
      // 2019 is not 2018.
      disableOnNumbers: true,
      disableOnAttributes: ['meta'],
    },
    // For `immigr*`: a query completes its last word only when it does not end with a space,
    // and every query without a prefix ends with one (see `textQueries`).
    prefixSearch: 'indexingTime',
    proximityPrecision: 'byWord',
    pagination: { maxTotalHits: 1_000_000 },
    faceting: { maxValuesPerFacet: 200 },
  };
}
