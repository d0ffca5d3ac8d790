/**
 * Baseline for keyphrase suggestions: plain TF-IDF top terms. Single words of the whole article
 * (title, standfirst, body alike), the same tag stop words and short-word rule as the product
 * removed, scored tf × log(N / df) with the same corpus statistics.
 */
import { analyzeTerms } from '../../packages/text/src/index.ts';
import { isTagStopword } from '../../services/tagging/src/tag-stopwords.ts';
import type { KeyphraseSource, PhraseStatistics } from '../../services/tagging/src/keyphrases.ts';

export async function tfidfTopTerms(source: KeyphraseSource, stats: PhraseStatistics, limit: number): Promise<string[]> {
  const tf = new Map<string, number>();
  for (const term of analyzeTerms([source.title, source.summary ?? '', source.body].join('\n'))) {
    if (term.length < 3 || isTagStopword(term)) continue;
    tf.set(term, (tf.get(term) ?? 0) + 1);
  }
  const terms = [...tf.keys()];
  const [documents, frequencies] = await Promise.all([stats.count(), stats.documentFrequencies(terms.map((term) => [term]))]);
  return terms
    .map((term, i) => ({ term, score: tf.get(term)! * Math.log(documents / Math.max(1, frequencies[i]!)) }))
    .sort((a, b) => b.score - a.score || a.term.localeCompare(b.term))
    .slice(0, limit)
    .map((entry) => entry.term);
}
