import { termOccurrences } from '@archive/text';

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

  // Slide a window of `options.words` words; keep the one with the most distinct terms.
  let bestStart = 0;
  if (marks.length) {
    let bestScore = -1;
    for (let first = 0; first < words.length; first++) {
      const from = words[first]!.start;
      const to = words[Math.min(words.length, first + options.words) - 1]!.end;
      const inside = marks.filter((mark) => mark.start >= from && mark.end <= to);
      const score = new Set(inside.map((mark) => mark.term)).size * 1000 + inside.length;
      if (score > bestScore) {
        bestScore = score;
        bestStart = first;
      }
      if (first + options.words >= words.length) break;
    }
    // The earliest best window may open with unrelated words: start three words before its
    // first match instead, so the match reads in context (later matches stay inside).
    const firstMark = marks.find((mark) => mark.start >= words[bestStart]!.start);
    const markWord = firstMark ? words.findIndex((word) => word.end >= firstMark.end) : bestStart;
    bestStart = Math.max(bestStart, Math.min(markWord - 3, words.length - options.words));
  }
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
