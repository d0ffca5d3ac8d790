/**
 * The article-extraction-benchmark metric: word 4-gram shingles over `\w+` Unicode tokens,
 * per-page tp/fp/fn normalised to sum to 1, precision and recall averaged over pages, F1 the
 * harmonic mean of the two averages, accuracy the share of exact token-sequence matches.
 *
 * @example
 * const page = shingleScores('the cat sat on the mat', 'the cat sat on a mat');
 * summarise([page]).f1;
 */

// Python's `\w` with re.UNICODE: letters, digits (all numeric categories) and underscore.
const TOKEN = /[\p{L}\p{N}_]+/gu;

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** Multiset of n-gram shingles; a text shorter than n gives one shorter shingle (none if empty). */
export function shingles(tokens: readonly string[], n = 4): Map<string, number> {
  const out = new Map<string, number>();
  const last = Math.max(1, tokens.length - n + 1);
  for (let i = 0; i < last; i++) {
    const gram = tokens.slice(i, i + n);
    if (!gram.length) continue;
    const key = gram.join('\u0000');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

export interface PageScore {
  tp: number;
  fp: number;
  fn: number;
  /** Token sequences identical. */
  exact: boolean;
}

export function shingleScores(truth: string, predicted: string, n = 4): PageScore {
  const trueTokens = tokenize(truth);
  const predTokens = tokenize(predicted);
  const t = shingles(trueTokens, n);
  const p = shingles(predTokens, n);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const key of new Set([...t.keys(), ...p.keys()])) {
    const tc = t.get(key) ?? 0;
    const pc = p.get(key) ?? 0;
    tp += Math.min(tc, pc);
    fp += Math.max(0, pc - tc);
    fn += Math.max(0, tc - pc);
  }
  const sum = tp + fp + fn;
  const exact = trueTokens.length === predTokens.length && trueTokens.every((tok, i) => tok === predTokens[i]);
  return sum > 0 ? { tp: tp / sum, fp: fp / sum, fn: fn / sum, exact } : { tp, fp, fn, exact };
}

export function pagePrecision({ tp, fp, fn }: PageScore): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fp === 0) return 0;
  return tp / (tp + fp);
}

export function pageRecall({ tp, fp, fn }: PageScore): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fn === 0) return 0;
  return tp / (tp + fn);
}

export interface Summary {
  f1: number;
  precision: number;
  recall: number;
  accuracy: number;
  pages: number;
}

/** Precision is averaged over pages with a prediction, recall over pages with a truth (as upstream). */
export function summarise(pages: readonly PageScore[]): Summary {
  const withPred = pages.filter((s) => s.tp + s.fp > 0);
  const withTruth = pages.filter((s) => s.tp + s.fn > 0);
  const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const precision = mean(withPred.map(pagePrecision));
  const recall = mean(withTruth.map(pageRecall));
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  const accuracy = pages.length ? pages.filter((s) => s.exact).length / pages.length : 0;
  return { f1, precision, recall, accuracy, pages: pages.length };
}
