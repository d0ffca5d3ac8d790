/**
 * Candidate keyphrases of one text field: runs of content words split at stop words and
 * punctuation, 1 to 4 words, optionally linked by "de", "des", "d'", "à", "en", "of"…
 * ("réforme des retraites", "déclaration d'intérêts", "conflict of interest"). Hyphenated
 * compounds ("Jean-Paul", "Pas-de-Calais", "États-Unis") are one word. Terms are those of
 * `analyzeTerms` (folded, elisions removed), so they can be looked up in the keyword index.
 */
import { foldTerm } from '@archive/text';
import { isTagStopword, PHRASE_LINKS } from './tag-stopwords.ts';

export type Field = 'title' | 'summary' | 'body';

// The same word pattern and elisions as @archive/text's analyser, so terms agree with it.
const WORD = /[\p{L}\p{N}]+(?:['\u2019][\p{L}\p{N}]+)*/gu;
const ELISIONS = new Set(['l', 'd', 'j', 'm', 'n', 's', 't', 'c', 'qu', 'jusqu', 'lorsqu', 'puisqu', 'quoiqu']);
/** Link sequences allowed inside a phrase (folded, space-joined). */
const LINK_SEQUENCES = new Set(['de', 'du', 'des', 'd', 'a', 'au', 'aux', 'en', 'de la', 'de l', 'of']);
const MAX_CONTENT_WORDS = 4;

/** One word of the text: a hyphenated compound counts as one. */
export interface Word {
  /** Analysed terms (elided article excluded). */
  terms: string[];
  /** The word as written, elided article excluded ("intérêts" of "d'intérêts"). */
  surface: string;
  start: number;
  end: number;
  /** Elided article before the word ("d", "l", "qu"), folded; null when none. */
  elision: string | null;
  /** Punctuation (anything but spaces) between the previous word and this one. */
  breakBefore: boolean;
  /** First word of a sentence, a quotation or a field: its capital says nothing. */
  sentenceInitial: boolean;
  capitalised: boolean;
  kind: 'content' | 'link' | 'stop';
}

interface Token {
  term: string;
  start: number;
  end: number;
  elision: string | null;
}

function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    let offset = match.index;
    const parts = match[0].split(/['\u2019]/);
    let elision: string | null = null;
    const folded = parts.map(foldTerm);
    let first = 0;
    if (parts.length > 1 && ELISIONS.has(folded[0]!)) {
      elision = folded[0]!;
      offset += parts[0]!.length + 1;
      first = 1;
    }
    for (let i = first; i < parts.length; i++) {
      const part = parts[i]!;
      if (part) out.push({ term: folded[i]!, start: offset, end: offset + part.length, elision: i === first ? elision : null });
      offset += part.length + 1;
    }
  }
  return out;
}

const SENTENCE_END = /[.!?…:;«»"“”—–]|\n/;

/** The words of a text, hyphenated compounds joined. */
export function splitWords(text: string): Word[] {
  const words: Word[] = [];
  let previousEnd = 0;
  let current: Word | null = null;
  for (const token of tokens(text)) {
    const gap = text.slice(previousEnd, token.elision ? token.start - token.elision.length - 1 : token.start);
    previousEnd = token.end;
    // Joined to the previous word by a hyphen (no space, no elision in between): same compound.
    if (current && !token.elision && /^[-‐‑]$/.test(gap)) {
      current.terms.push(token.term);
      current.end = token.end;
      current.surface = text.slice(current.start, current.end);
      continue;
    }
    // Possessive or inner apostrophe ("Anton's", "aujourd'hui"): a piece of the same word.
    if (current && !token.elision && /^['\u2019]$/.test(gap)) {
      current.terms.push(token.term);
      current.end = token.end;
      current.surface = text.slice(current.start, current.end);
      continue;
    }
    if (current) words.push(current);
    const breakBefore = words.length === 0 ? true : /[^\s]/u.test(gap);
    current = {
      terms: [token.term],
      surface: text.slice(token.start, token.end),
      start: token.start,
      end: token.end,
      elision: token.elision,
      breakBefore,
      sentenceInitial: words.length === 0 || SENTENCE_END.test(gap),
      capitalised: false,
      kind: 'stop',
    };
  }
  if (current) words.push(current);
  words.forEach((word, i) => {
    // A possessive "'s" is not part of the name ("Anton's" → "Anton") and ends the phrase.
    if (word.terms.length > 1 && word.terms[word.terms.length - 1] === 's' && /['\u2019]s$/iu.test(word.surface)) {
      word.terms.pop();
      word.surface = word.surface.slice(0, -2);
      word.end -= 2;
      if (words[i + 1]) words[i + 1]!.breakBefore = true;
    }
    word.capitalised = /^\p{Lu}/u.test(word.surface);
    word.kind = classify(word);
  });
  return words;
}

function classify(word: Word): Word['kind'] {
  const joined = word.terms.join('');
  if (word.terms.length === 1 && PHRASE_LINKS.has(word.terms[0]!)) {
    // "à" links ("vie au travail" has "au"), the verb "a" does not.
    if (word.terms[0] === 'a' && word.surface !== 'à') return 'stop';
    return 'link';
  }
  if (word.terms.every(isTagStopword) || isTagStopword(joined) || isTagStopword(word.terms.join('-'))) return 'stop';
  // Very short words: only acronyms written in capitals ("UE", "PS").
  if (joined.length < 3 && !/^\p{Lu}{2}$/u.test(word.surface)) return 'stop';
  // A compound must start and end with a content term ("a-t-il", "dit-il" are stop words).
  if (word.terms.length > 1 && (isTagStopword(word.terms[0]!) && word.terms[0]!.length < 3 || isTagStopword(word.terms[word.terms.length - 1]!) && !word.capitalised)) return 'stop';
  return 'content';
}

/** One occurrence of a candidate phrase in a field. */
export interface CandidateOccurrence {
  field: Field;
  /** Offsets of the phrase in the field's text. */
  start: number;
  end: number;
  /** Index of its first word among the field's words. */
  wordIndex: number;
  words: Word[];
}

/** Every candidate phrase occurrence of a field's words. */
export function candidateOccurrences(field: Field, words: Word[]): CandidateOccurrence[] {
  const out: CandidateOccurrence[] = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i]!.kind !== 'content') continue;
    let content = 0;
    let links: string[] = [];
    for (let j = i; j < words.length; j++) {
      const word = words[j]!;
      if (j > i && word.breakBefore) break;
      if (word.kind === 'stop') break;
      if (word.kind === 'link') {
        links.push(word.terms[0]!);
        if (!LINK_SEQUENCES.has(links.join(' '))) break;
        continue;
      }
      // Content word: its elided article is a link ("d'intérêts") unless it starts the phrase.
      if (j > i && word.elision) {
        links.push(word.elision);
        if (!LINK_SEQUENCES.has(links.join(' '))) break;
      }
      content += 1;
      if (content > MAX_CONTENT_WORDS) break;
      links = [];
      out.push({ field, start: words[i]!.start, end: word.end, wordIndex: i, words: words.slice(i, j + 1) });
    }
  }
  return out;
}

/** Analysed terms of a phrase occurrence (what `analyzeTerms` gives for its text). */
export function phraseTerms(words: Word[]): string[] {
  return words.flatMap((word) => word.terms);
}
