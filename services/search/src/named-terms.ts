import { STOPWORDS, foldTerm } from '@archive/text';

// A capitalised word (letters, inner hyphens or apostrophes), e.g. "Traoré", "Notre-Dame".
const CAPITALISED = /(^|[^\p{L}\p{N}])(\p{Lu}[\p{L}'’-]{2,})/gu;
// Where a sentence starts: its first word is capitalised whatever it is.
const SENTENCE_START = /(?:^|[.!?:»"]\s+)$/u;

/**
 * The names a text mentions: capitalised words that do not merely open a sentence, folded (no
 * case, no accents), function words left out. Two articles about one story share some (a
 * person, a place, a show), which similar topics on other stories seldom do.
 *
 * @example
 * namedTerms("Mort d'Adama Traoré: les juges veulent entendre deux témoins") // Set { 'adama', 'traore' }
 */
export function namedTerms(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(CAPITALISED)) {
    const start = match.index + match[1]!.length;
    if (SENTENCE_START.test(text.slice(Math.max(0, start - 3), start)) || start === 0) continue;
    for (const part of match[2]!.split(/['’]/)) {
      const folded = foldTerm(part);
      if (folded.length >= 3 && !STOPWORDS.has(folded)) names.add(folded);
    }
  }
  return names;
}
