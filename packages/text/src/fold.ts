/**
 * Term analysis shared by indexing and querying, so both sides agree on what a word is:
 * lower case, no diacritics (`école` = `ecole`), French elisions removed (`l'économie` and
 * `l’économie` both give `economie`).
 */

// Elided words that attach to the next word with an apostrophe in French (and "o'" is not one).
const ELISIONS = new Set(['l', 'd', 'j', 'm', 'n', 's', 't', 'c', 'qu', 'jusqu', 'lorsqu', 'puisqu', 'quoiqu']);

// A word: letters, digits and inner apostrophes or hyphens are split later.
const WORD = /[\p{L}\p{N}]+(?:['\u2019][\p{L}\p{N}]+)*/gu;

/**
 * Letters that SQLite's `unicode61` tokenizer folds (as the keyword index sees them) and that
 * decomposition and lower case leave alone: the micro sign, final sigma, long s and the Greek
 * symbol forms. Folded here too, so that the terms kept in memory are the full-text index's.
 */
const ALSO_FOLDED: Record<string, string> = { µ: 'μ', ς: 'σ', ſ: 's', ϐ: 'β', ϑ: 'θ', ϕ: 'φ', ϖ: 'π', ϰ: 'κ', ϱ: 'ρ', ϵ: 'ε' };
const ALSO_FOLDED_PATTERN = new RegExp(`[${Object.keys(ALSO_FOLDED).join('')}]`, 'gu');

/**
 * Folded forms of the words seen lately. Folding is pure and news text repeats its words, so a
 * lookup replaces a decomposition and two replacements: highlighting ten results' bodies went
 * from 3.1 to 2.0 ms a search at 100,000 articles (CPU profile of 160 hybrid searches).
 * Emptied when full.
 */
const FOLDED = new Map<string, string>();
const FOLDED_MAX = 100_000;

/** Lower case without diacritics: the form in which terms are compared. */
export function foldTerm(word: string): string {
  let folded = FOLDED.get(word);
  if (folded === undefined) {
    folded = word.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().replace(ALSO_FOLDED_PATTERN, (letter) => ALSO_FOLDED[letter]!);
    if (FOLDED.size >= FOLDED_MAX) FOLDED.clear();
    FOLDED.set(word, folded);
  }
  return folded;
}

/** Removes a French elided prefix: `l'economie` → `economie`, `aujourd'hui` stays. */
function stripElision(folded: string): string[] {
  const parts = folded.split(/['\u2019]/);
  if (parts.length === 1) return parts;
  const [head, ...rest] = parts;
  if (ELISIONS.has(head!)) return rest.length === 1 ? rest : [rest.join("'")];
  return [parts.join("'")];
}

export interface TermOccurrence {
  /** Folded term. */
  term: string;
  /** Offsets of the whole word in the original text (elided prefix included). */
  start: number;
  end: number;
}

/**
 * Every term of a text with its position in the original string, for highlighting; only those
 * `keep` accepts when given (a snippet wants the query's few terms out of a body's thousand).
 */
export function termOccurrences(text: string, keep?: (term: string) => boolean): TermOccurrence[] {
  const occurrences: TermOccurrence[] = [];
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    const start = match.index;
    const end = start + word.length;
    // Most words have no apostrophe: no elision to strip, nothing to split.
    if (!word.includes("'") && !word.includes('\u2019')) {
      const term = foldTerm(word);
      if (term && (!keep || keep(term))) occurrences.push({ term, start, end });
      continue;
    }
    for (const term of stripElision(foldTerm(word))) {
      for (const piece of term.split("'")) if (piece && (!keep || keep(piece))) occurrences.push({ term: piece, start, end });
    }
  }
  return occurrences;
}

/**
 * The folded terms of a text, in order.
 *
 * @example
 * analyzeTerms("L’école d'économie") // ['ecole', 'economie']
 */
export function analyzeTerms(text: string): string[] {
  return termOccurrences(text).map((occurrence) => occurrence.term);
}

/** The folded terms of a text joined by spaces: what keyword engines index and receive. */
export function analyzedText(text: string | null | undefined): string {
  return text ? analyzeTerms(text).join(' ') : '';
}
