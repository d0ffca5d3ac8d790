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
  const words = wordSpans(text);
  if (words.length === 0) return '';
  const wanted = new Set(terms);
  const marks = termOccurrences(text, (term) => wanted.has(term));
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

/** Whitespace as `\s` has it (the characters a text's words are cut at). */
const SPACE = /\s/;

/**
 * Start and end of every run of non-space characters, read character by character: a body's
 * thousand words as regular-expression matches took a fifth of a snippet's time.
 */
function wordSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 32;
    // ASCII is decided here; beyond it, the few Unicode spaces by the expression.
    const space = code < 128 ? code === 32 || (code >= 9 && code <= 13) : SPACE.test(text[i]!);
    if (space) {
      if (start >= 0) spans.push({ start, end: i });
      start = -1;
    } else if (start < 0) start = i;
  }
  return spans;
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
