import type { OperandEvidence, ParsedQuery, QueryOperand } from '@archive/keyword-index';

/** BM25's IDF, the weight of a word found in `df` of `n` articles. */
const idf = (df: number, n: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));

/**
 * What the keyword evidence weighs: every word or phrase the query looks for, and every pair of
 * neighbouring words as typed ("maisons de retraite"). None when the query has a single word or
 * phrase (every keyword hit then has all of it). The keyword search reads their statistics
 * among its hits in the same pass (`KeywordSearchRequest.evidence`).
 */
export function evidenceOperands(parsed: ParsedQuery): QueryOperand[] {
  const words = [...parsed.loose, ...parsed.required.flat()];
  return words.length < 2 ? [] : [...words, ...parsed.pairs];
}

/**
 * For each keyword hit, the share of the query's weight its words match: each operand
 * (`evidenceOperands`) weighs its IDF in the archive; an article with all of them scores 1, one
 * with only a common word little, one with the words but not as typed less (a sequential
 * dependence model in the spirit of Metzler & Croft, 2005). Empty without statistics (a query
 * without operands).
 *
 * @example
 * const operands = evidenceOperands(parseQuery('masks shortage epidemic'));
 * const result = await index.search({ query, filters: {}, limit: 200, offset: 0, facets: true, evidence: operands });
 * keywordEvidence(result.hits.map((hit) => hit.id), result.evidence) // Map { 'en-12' => 1, 'en-40' => 0.31, … }
 */
export function keywordEvidence(hits: string[], statistics: OperandEvidence | undefined): Map<string, number> {
  if (!statistics) return new Map();
  const { documents, frequencies, holders } = statistics;
  // A prefix has no frequency of its own: it weighs as much as the query's other words on average.
  const exact = frequencies.map((frequency) => (frequency === null ? null : idf(frequency, documents)));
  const known = exact.filter((weight): weight is number => weight !== null);
  const fallback = known.length ? known.reduce((sum, weight) => sum + weight, 0) / known.length : 1;
  const weights = exact.map((weight) => weight ?? fallback);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const matched = new Map(hits.map((id) => [id, 0]));
  holders.forEach((ids, i) => {
    for (const id of ids) matched.set(id, matched.get(id)! + weights[i]!);
  });
  return new Map([...matched].map(([id, weight]) => [id, total > 0 ? weight / total : 1]));
}
