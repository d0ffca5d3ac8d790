import { anyOperandQuery, type KeywordIndex, type ParsedQuery } from '@archive/keyword-index';

/** BM25's IDF, the weight of a word found in `df` of `n` articles. */
const idf = (df: number, n: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));


/**
 * For each article, the share of the query's weight its words match: every word or phrase the
 * query looks for, and every pair of neighbouring words as typed ("maisons de retraite"),
 * weighs its IDF in the archive; an article with all of them scores 1, one with only a common
 * word little, one with the words but not as typed less (a sequential dependence model in
 * the spirit of Metzler & Croft, 2005). One keyword lookup per word or pair, restricted to
 * `ids`. Empty when the query has a single word or phrase (every keyword hit then has all of it).
 * `ids` may still be coming (the keyword search's hits): the weights are read meanwhile.
 *
 * @example
 * await keywordEvidence(index, parseQuery('masks shortage epidemic'), ids)
 * // Map { 'en-12' => 1, 'en-40' => 0.31, … }
 */
export async function keywordEvidence(index: KeywordIndex, parsed: ParsedQuery, ids: string[] | Promise<string[]>): Promise<Map<string, number>> {
  const words = [...parsed.loose, ...parsed.required.flat()];
  const evidence = new Map<string, number>();
  if (words.length < 2) return evidence;
  const operands = [...words, ...parsed.pairs];
  const statistics = Promise.all([index.count(), index.documentFrequencies(operands.map((operand) => operand.terms))]);
  // Not awaited when the hits fail or are none: nothing is left to reject unheard.
  statistics.catch(() => {});
  const hits = await ids;
  if (hits.length === 0) return evidence;
  const [[articles, frequencies], matches] = await Promise.all([
    statistics,
    index.matchingEach(operands.map((operand) => anyOperandQuery([operand])), hits),
  ]);
  // A prefix has no frequency of its own: it weighs as much as the query's other words on average.
  const exact = operands.map((operand, i) => (operand.prefix ? null : idf(frequencies[i] ?? 0, articles)));
  const known = exact.filter((weight): weight is number => weight !== null);
  const fallback = known.length ? known.reduce((sum, weight) => sum + weight, 0) / known.length : 1;
  const weights = exact.map((weight) => weight ?? fallback);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  for (const id of hits) {
    const matched = weights.reduce((sum, weight, i) => sum + (matches[i]!.has(id) ? weight : 0), 0);
    evidence.set(id, total > 0 ? matched / total : 1);
  }
  return evidence;
}
