import { termOccurrences, type TermOccurrence } from '@archive/text';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

export interface SnippetOptions {
  /** Length of the window, in words. */
  words: number;
}

/**
 * The passage of `text` that holds the most distinct query terms, HTML-escaped, with the
 * matched words wrapped in `<mark>`. Matching uses the index's analysis, so `ecole` marks
 * `l'École`. Without any match, the start of the text. Ellipses mark cut ends.
 *
 * @example
 * highlightSnippet("Réforme de l'école <b>", ['ecole'], { words: 30 })
 * // "Réforme de <mark>l&#39;école</mark> &lt;b&gt;"
 */
export function highlightSnippet(text: string, terms: string[], options: SnippetOptions = { words: 30 }): string {
  const words = [...text.matchAll(/\S+/g)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
  if (words.length === 0) return '';
  const wanted = new Set(terms);
  const marks = termOccurrences(text).filter((occurrence) => wanted.has(occurrence.term));
  const bestStart = marks.length ? bestWindowStart(words, marks, options.words) : 0;
  const last = Math.min(words.length, bestStart + options.words) - 1;
  const from = words[bestStart]!.start;
  const to = words[last]!.end;

  let html = '';
  let cursor = from;
  for (const mark of marks) {
    if (mark.start < cursor || mark.end > to) continue;
    html += `${escapeHtml(text.slice(cursor, mark.start))}<mark>${escapeHtml(text.slice(mark.start, mark.end))}</mark>`;
    cursor = mark.end;
  }
  html += escapeHtml(text.slice(cursor, to));
  return `${bestStart > 0 ? '… ' : ''}${html}${last < words.length - 1 ? ' …' : ''}`;
}

/**
 * First word of the window of `size` words holding the most distinct terms (then the most
 * matches), opened three words before its first match so the match reads in context. One pass
 * over the matches with a sliding window: the cost grows with matches, not with text length.
 */
function bestWindowStart(words: { start: number; end: number }[], marks: TermOccurrence[], size: number): number {
  // Word index of each match (matches and words are both in text order).
  const markWords: number[] = [];
  let word = 0;
  for (const mark of marks) {
    while (words[word]!.end < mark.end) word++;
    markWords.push(word);
  }
  // The shown window opens three words early, so count matches over the rest of it.
  const reach = Math.max(1, size - 3);
  const counts = new Map<string, number>();
  let end = 0;
  let bestScore = -1;
  let bestFirstMark = 0;
  for (let first = 0; first < marks.length; first++) {
    while (end < marks.length && markWords[end]! < markWords[first]! + reach) {
      counts.set(marks[end]!.term, (counts.get(marks[end]!.term) ?? 0) + 1);
      end++;
    }
    const score = counts.size * 1000 + (end - first);
    if (score > bestScore) {
      bestScore = score;
      bestFirstMark = first;
    }
    const term = marks[first]!.term;
    const left = counts.get(term)! - 1;
    if (left === 0) counts.delete(term);
    else counts.set(term, left);
  }
  return Math.max(0, Math.min(markWords[bestFirstMark]! - 3, words.length - size));
}
