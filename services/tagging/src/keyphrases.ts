/**
 * Keyphrase tag suggestions from the article itself, against corpus statistics: candidate
 * phrases (runs of content words, see keyphrase-candidates.ts) are scored by field-weighted
 * frequency (title > standfirst > body, with a bonus for an early first mention) times their
 * inverse document frequency in the archive's keyword index, then deduplicated (plural forms,
 * sub-phrases that never occur alone, a surname after the full name). Each suggestion carries
 * its reason: where it occurs and a short quote.
 */
import type { KeywordIndex } from '@archive/keyword-index';
import { candidateOccurrences, splitWords, type CandidateOccurrence, type Field, type Word } from './keyphrase-candidates.ts';

/** Corpus statistics: the archive's keyword index answers both. */
export type PhraseStatistics = Pick<KeywordIndex, 'count' | 'documentFrequencies'>;

export interface KeyphraseSource {
  title: string;
  summary: string | null;
  body: string;
  lang: string | null;
}

export interface Keyphrase {
  /** Surface form as written: proper nouns keep their case, common words are lower-cased. */
  phrase: string;
  /** Analysed terms (`analyzeTerms`), the comparison form. */
  terms: string[];
  /** Higher is better. */
  score: number;
  occurrences: { title: number; summary: number; body: number };
  /** A short excerpt (at most about 120 characters) around the first occurrence. */
  quote: string;
  /** Field of the first occurrence (title, then standfirst, then body). */
  quoteField: Field;
  /** Documents of the archive that contain the phrase, and the archive's size. */
  documentFrequency: number;
  documents: number;
  /** Every word is a proper noun or acronym ("Jean-Paul Delevoye", "SUD-PTT"). */
  properNoun: boolean;
}

/** Scoring constants; measured with bench/tag-suggestions.ts. */
export interface KeyphraseTuning {
  titleWeight: number;
  summaryWeight: number;
  bodyWeight: number;
  /** Extra weight of a first body mention at the very start, fading to nothing at the end. */
  earlyBonus: number;
  /** Exponent of the weighted frequency (below 1 damps repetition). */
  frequencyExponent: number;
  /** Multiplier per extra content word of a phrase. */
  lengthFactor: number;
  /** Multiplier of proper-noun phrases. */
  properBonus: number;
  /** A common (not proper) phrase of several words needs this many mentions, or one in the title or standfirst. */
  minPhraseMentions: number;
  /** A longer name inherits the mentions of its last word ("Jean-Paul Delevoye" … "Delevoye"). */
  nameInheritance: boolean;
  /** The surname is then not suggested on its own. */
  absorbSurname: boolean;
  /**
   * Weight of the phrase's own IDF against the mean IDF of its words (1 = the phrase's only).
   * A phrase is always rarer than its words, so its own IDF alone overrates it.
   */
  phraseIdfShare: number;
  /** Added to every IDF: above 0, frequent words keep some weight. */
  idfOffset: number;
}

export const DEFAULT_TUNING: KeyphraseTuning = {
  titleWeight: 3,
  summaryWeight: 2,
  bodyWeight: 1,
  earlyBonus: 0.5,
  frequencyExponent: 1,
  lengthFactor: 0.7,
  properBonus: 1,
  minPhraseMentions: 2,
  nameInheritance: true,
  absorbSurname: false,
  phraseIdfShare: 0.5,
  idfOffset: 1,
};

export interface KeyphraseOptions {
  /** Suggestions returned (default 10). */
  limit?: number;
  tuning?: Partial<KeyphraseTuning>;
}

const FIELDS: Field[] = ['title', 'summary', 'body'];
const QUOTE_LENGTH = 120;

interface Candidate {
  key: string;
  /** Terms looked up in the index: those of the most frequent spelling. */
  terms: string[];
  occurrences: (CandidateOccurrence & { text: string })[];
  counts: Record<Field, number>;
  contentWords: number;
  properNoun: boolean;
  surface: string;
  weight: number;
  df: number;
  score: number;
}

/** Light plural fold used to merge "retraite" and "retraites", "journal" and "journaux". */
export function foldPlural(term: string): string {
  if (term.length > 4 && term.endsWith('aux')) return `${term.slice(0, -3)}al`;
  if (term.length > 4 && term.endsWith('eaux')) return term.slice(0, -1);
  if (term.length > 3 && /[^s]s$/.test(term)) return term.slice(0, -1);
  return term;
}

/**
 * The article's keyphrases, best first, with why: counts per field and a quote. One call to
 * `stats.documentFrequencies` with every candidate.
 *
 * @example
 * const phrases = await extractKeyphrases(article, keywordIndex, { limit: 10 });
 * phrases[0] // { phrase: 'Jean-Paul Delevoye', occurrences: { title: 0, summary: 1, body: 3 }, quote: '…', … }
 */
export async function extractKeyphrases(source: KeyphraseSource, stats: PhraseStatistics, options: KeyphraseOptions = {}): Promise<Keyphrase[]> {
  const tuning = { ...DEFAULT_TUNING, ...options.tuning };
  const limit = options.limit ?? 10;
  const texts: Record<Field, string> = { title: source.title ?? '', summary: source.summary ?? '', body: source.body ?? '' };
  const words: Record<Field, Word[]> = { title: splitWords(texts.title), summary: splitWords(texts.summary), body: splitWords(texts.body) };
  const proper = properTerms(words);

  // Gather candidates, merged by their plural-folded terms.
  const candidates = new Map<string, Candidate>();
  /** Single words seen outside a longer name at least once ("Thierry" of "Thierry Roland" is not). */
  const standalone = new Set<string>();
  for (const field of FIELDS) {
    const inName = nameWords(words[field], proper);
    for (const occurrence of candidateOccurrences(field, words[field])) {
      if (occurrence.words.length === 1 && !inName.has(occurrence.wordIndex)) standalone.add(occurrence.words[0]!.terms.map(foldPlural).join(' '));
      const terms = occurrence.words.flatMap((word) => word.terms);
      const key = terms.map(foldPlural).join(' ');
      let candidate = candidates.get(key);
      if (!candidate) {
        const content = occurrence.words.filter((word) => word.kind === 'content');
        candidate = {
          key, terms, occurrences: [], counts: { title: 0, summary: 0, body: 0 },
          contentWords: content.length,
          properNoun: content.every((word) => isProper(word, proper)),
          surface: '', weight: 0, df: 0, score: 0,
        };
        candidates.set(key, candidate);
      }
      candidate.occurrences.push({ ...occurrence, text: texts[field].slice(occurrence.start, occurrence.end) });
      candidate.counts[field] += 1;
    }
  }

  const bodyLength = Math.max(1, texts.body.length);
  const fieldWeight: Record<Field, number> = { title: tuning.titleWeight, summary: tuning.summaryWeight, body: tuning.bodyWeight };
  const weightOf = (candidate: Candidate) => {
    let weight = 0;
    for (const occurrence of candidate.occurrences) weight += fieldWeight[occurrence.field];
    const firstBody = candidate.occurrences.find((occurrence) => occurrence.field === 'body');
    if (firstBody) weight += tuning.earlyBonus * (1 - firstBody.start / bodyLength);
    return weight;
  };
  for (const candidate of candidates.values()) candidate.weight = weightOf(candidate);

  // A full name takes the mentions of its surname ("Jean-Paul Delevoye" … "M. Delevoye"): the most
  // mentioned full name for each surname. The surname alone stays a candidate unless
  // absorbSurname (measured: absorbing it costs 2 points of P@5 on English, gains 1 on French).
  const absorbed = new Set<string>();
  const surnameOf = new Map<Candidate, Candidate>();
  if (tuning.nameInheritance) {
    const fullNames = new Map<string, Candidate>();
    for (const candidate of candidates.values()) {
      if (!candidate.properNoun || candidate.contentWords < 2 || candidate.occurrences[0]!.words.length !== candidate.contentWords) continue;
      const lastKey = candidate.key.split(' ').at(-1)!;
      const best = fullNames.get(lastKey);
      if (!best || candidate.occurrences.length > best.occurrences.length) fullNames.set(lastKey, candidate);
    }
    for (const [lastKey, candidate] of fullNames) {
      const last = candidates.get(lastKey);
      if (!last || !last.properNoun) continue;
      if (last.weight > candidate.weight) candidate.weight = last.weight;
      if (tuning.absorbSurname) absorbed.add(lastKey);
      else surnameOf.set(candidate, last);
    }
  }

  const eligible = [...candidates.values()].filter((candidate) => {
    if (absorbed.has(candidate.key)) return false;
    if (candidate.contentWords === 1) return !candidate.properNoun || standalone.has(candidate.key);
    const mentions = candidate.occurrences.length;
    if (mentions >= tuning.minPhraseMentions) return true;
    return candidate.properNoun && candidate.counts.title + candidate.counts.summary > 0;
  });
  if (eligible.length === 0) return [];

  // One batch: every candidate phrase, then the content words of the longer ones.
  const wordTerms = [...new Set(eligible.filter((c) => c.contentWords > 1).flatMap((c) => contentTerms(c)))];
  const [documents, frequencies] = await Promise.all([
    stats.count(),
    stats.documentFrequencies([...eligible.map((c) => c.terms), ...wordTerms.map((term) => term.split(' '))]),
  ]);
  const idfOf = (df: number) => Math.log((documents + 1) / (df + 1)) + tuning.idfOffset;
  const wordIdf = new Map(wordTerms.map((term, i) => [term, idfOf(frequencies[eligible.length + i] ?? 0)]));
  eligible.forEach((candidate, i) => {
    candidate.df = frequencies[i] ?? 0;
    let idf = idfOf(candidate.df);
    if (candidate.contentWords > 1) {
      const words = contentTerms(candidate).map((term) => wordIdf.get(term)!);
      const mean = words.reduce((sum, value) => sum + value, 0) / words.length;
      idf = tuning.phraseIdfShare * idf + (1 - tuning.phraseIdfShare) * mean;
    }
    candidate.score =
      candidate.weight ** tuning.frequencyExponent *
      idf *
      tuning.lengthFactor ** (candidate.contentWords - 1) *
      (candidate.properNoun ? tuning.properBonus : 1);
  });
  // The full name ranks just above its surname.
  for (const [name, surname] of surnameOf) if (surname.score >= name.score) name.score = surname.score * 1.001;
  eligible.sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));

  // Greedy selection: a sub-phrase that never occurs outside a selected phrase adds nothing.
  const selected: Candidate[] = [];
  for (const candidate of eligible) {
    if (selected.length >= limit) break;
    const redundant = selected.some(
      (other) => containsPhrase(other.key, candidate.key) && candidate.occurrences.length <= other.occurrences.length,
    );
    if (redundant) continue;
    // A longer phrase replaces a selected sub-phrase that occurs only inside it.
    for (let i = selected.length - 1; i >= 0; i--) {
      const other = selected[i]!;
      if (containsPhrase(candidate.key, other.key) && other.occurrences.length <= candidate.occurrences.length) selected.splice(i, 1);
    }
    selected.push(candidate);
  }

  return selected.map((candidate) => {
    const first = candidate.occurrences[0]!;
    return {
      phrase: surfaceForm(candidate, proper),
      terms: candidate.terms,
      score: Math.round(candidate.score * 1000) / 1000,
      occurrences: { ...candidate.counts },
      quote: quoteAround(texts[first.field], first.start, first.end),
      quoteField: first.field,
      documentFrequency: candidate.df,
      documents,
      properNoun: candidate.properNoun,
    };
  });
}

/** The content words of a candidate, each as its terms joined by spaces ("jean paul"). */
function contentTerms(candidate: Candidate): string[] {
  return candidate.occurrences[0]!.words.filter((word) => word.kind === 'content').map((word) => word.terms.join(' '));
}

function containsPhrase(longer: string, shorter: string): boolean {
  return longer !== shorter && ` ${longer} `.includes(` ${shorter} `);
}

/**
 * Folded terms that the article writes with a capital where the capital is not forced (not
 * sentence-initial; the title only when it is not in Title Case): proper nouns and acronyms.
 */
function properTerms(words: Record<Field, Word[]>): Set<string> {
  const tally = new Map<string, { upper: number; lower: number }>();
  const count = (list: Word[]) => {
    for (const word of list) {
      if (word.kind !== 'content' || word.sentenceInitial) continue;
      const key = word.terms.join(' ');
      const entry = tally.get(key) ?? { upper: 0, lower: 0 };
      if (word.capitalised) entry.upper += 1;
      else entry.lower += 1;
      tally.set(key, entry);
    }
  };
  count(words.summary);
  count(words.body);
  const titleContent = words.title.filter((word) => word.kind === 'content' && word.terms.join('').length > 3);
  const titleCase = titleContent.length >= 3 && titleContent.filter((word) => word.capitalised).length / titleContent.length > 0.6;
  if (!titleCase) count(words.title);
  const proper = new Set<string>();
  for (const [key, { upper, lower }] of tally) if (upper > lower) proper.add(key);
  // A capitalised first word of a sentence, never written in lower case, right before a proper
  // word, starts a name ("Daniel Craig said…").
  for (const field of FIELDS) {
    const list = words[field];
    for (let i = list.length - 2; i >= 0; i--) {
      const word = list[i]!;
      const next = list[i + 1]!;
      const key = word.terms.join(' ');
      if (word.kind !== 'content' || !word.capitalised || !word.sentenceInitial || (tally.get(key)?.lower ?? 0) > 0) continue;
      if (next.kind === 'content' && !next.breakBefore && proper.has(next.terms.join(' '))) proper.add(key);
    }
  }
  // Acronyms and compounds with an inner capital ("SUD-PTT", "Pas-de-Calais") are proper wherever they stand.
  for (const field of FIELDS) {
    for (const word of words[field]) {
      if (word.kind === 'content' && (/^\p{Lu}[\p{Lu}\p{N}-]+$/u.test(word.surface) || /^\p{Lu}.*-\p{Lu}/u.test(word.surface))) proper.add(word.terms.join(' '));
    }
  }
  return proper;
}

/** Indexes of the words that belong to a name of several proper words ("Thierry Roland"). */
function nameWords(words: Word[], proper: Set<string>): Set<number> {
  const inName = new Set<number>();
  let runStart = 0;
  for (let i = 0; i <= words.length; i++) {
    const word = words[i];
    const continues = word && word.kind === 'content' && isProper(word, proper) && (i === runStart || !word.breakBefore);
    if (continues) continue;
    if (i - runStart >= 2) for (let j = runStart; j < i; j++) inName.add(j);
    runStart = word && word.kind === 'content' && isProper(word, proper) ? i : i + 1;
  }
  return inName;
}

function isProper(word: Word, proper: Set<string>): boolean {
  return proper.has(word.terms.join(' '));
}

/** The most frequent spelling; proper words keep their case, the others are lower-cased. */
function surfaceForm(candidate: Candidate, proper: Set<string>): string {
  const spellings = new Map<string, { count: number; occurrence: CandidateOccurrence }>();
  for (const occurrence of candidate.occurrences) {
    const text = occurrence.words.map((word) => (isProper(word, proper) ? word.surface : word.surface.toLowerCase()));
    // Rebuild with the original separators (spaces, elided articles).
    let phrase = text[0]!;
    for (let i = 1; i < occurrence.words.length; i++) {
      const word = occurrence.words[i]!;
      const elided = word.elision ? `${word.elision}'` : '';
      phrase += ` ${elided}${text[i]}`;
    }
    const entry = spellings.get(phrase) ?? { count: 0, occurrence };
    entry.count += occurrence.field === 'title' ? 0.5 : 1;
    spellings.set(phrase, entry);
  }
  return [...spellings.entries()].sort((a, b) => b[1].count - a[1].count)[0]![0];
}

/** An excerpt of at most about 120 characters around [start, end), cut at word boundaries. */
export function quoteAround(text: string, start: number, end: number): string {
  if (text.length <= QUOTE_LENGTH) return text.replace(/\s+/g, ' ').trim();
  const room = Math.max(0, QUOTE_LENGTH - (end - start));
  let from = Math.max(0, start - Math.floor(room / 3));
  // Start at the sentence if it begins within the window.
  const before = text.slice(from, start);
  const sentence = before.search(/[.!?]\s+[^.!?]*$/);
  if (sentence >= 0) from += sentence + before.slice(sentence).search(/\s\S/) + 1;
  let to = Math.min(text.length, from + QUOTE_LENGTH);
  if (from > 0) from = Math.min(start, text.indexOf(' ', from) + 1 || from);
  if (to < text.length) to = Math.max(end, text.lastIndexOf(' ', to));
  const excerpt = text.slice(from, to).replace(/\s+/g, ' ').trim();
  return `${from > 0 && !/[.!?]\s*$/.test(text.slice(0, from)) ? '…' : ''}${excerpt}${to < text.length ? '…' : ''}`;
}
