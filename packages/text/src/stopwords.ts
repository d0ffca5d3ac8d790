import { eng, fra } from 'stopword';
import { detectLanguage } from './language.ts';
import { foldTerm } from './fold.ts';

/**
 * Function words dropped from the loose words of a query (never from the index or a phrase):
 * they match almost every article and would drown the words that carry the need. The lists are
 * the `stopword` package's (kept up to date upstream), folded like indexed terms, plus the
 * prepositions and pronouns of the standard Snowball English list that it lacks ("during" made
 * an English query match any English article).
 */
const fold = (words: readonly string[]) => new Set(words.flatMap((word) => foldTerm(word).split(/['\u2019]/)).filter(Boolean));

const ENGLISH_SUPPLEMENT = `against among across above below during without within until upon onto toward towards
  whom whose why again further once off down own nor ours yours itself themselves myself yourself herself ourselves
  does doing having isn aren wasn weren hasn haven hadn doesn don didn won wouldn shan shouldn cannot couldn mustn
  s t ll re ve d m its just per via`.split(/\s+/);

// "notre" and "votre" stay searchable: Notre-Dame, and the lists are for loose words only.
const FRENCH_KEPT = new Set(['notre', 'votre']);
const FRENCH_SUPPLEMENT = `aussi alors comme donc dont entre or ni car si tout tous toute toutes plus sous vers chez
  quand lors ainsi contre selon depuis pendant apres avant cela ceci celui celle ceux celles leurs`.split(/\s+/);

export const STOPWORDS_BY_LANGUAGE: Readonly<Record<QueryLanguage, ReadonlySet<string>>> = {
  fr: new Set([...fold(fra), ...fold(FRENCH_SUPPLEMENT)].filter((word) => !FRENCH_KEPT.has(word))),
  en: fold([...eng, ...ENGLISH_SUPPLEMENT]),
};

/** The languages whose analysis the engine knows. */
export type QueryLanguage = 'fr' | 'en';

/**
 * French function words that are also English words ("car bomb", "son", "pour"): they are
 * dropped from a French query but say nothing about the query's language.
 */
const NOT_A_VOTE = new Set(['car', 'son', 'or', 'pour', 'ton', 'mon', 'as', 'sale', 'sont', 'fut', 'est']);

/** Every stop word of every language: for text whose language is not known (named terms, tags). */
export const STOPWORDS: ReadonlySet<string> = new Set([...STOPWORDS_BY_LANGUAGE.fr, ...STOPWORDS_BY_LANGUAGE.en]);

/**
 * The languages a query is written in, as far as its words say. Function words decide first
 * (`the`, `of` → English; `le`, `des` → French), since a language detector is unreliable on
 * four words; a longer query without them goes to the detector; otherwise both.
 *
 * @example
 * queryLanguages('masks shortage during the epidemic') // ['en']
 * queryLanguages('pénurie de masques')                 // ['fr']
 * queryLanguages('Macron Merkel')                      // ['fr', 'en']
 */
export function queryLanguages(terms: readonly string[], text = terms.join(' ')): QueryLanguage[] {
  const votes = (language: QueryLanguage) => terms.filter((term) => STOPWORDS_BY_LANGUAGE[language].has(term) && !NOT_A_VOTE.has(term)).length;
  const french = votes('fr');
  const english = votes('en');
  if (french !== english) return french > english ? ['fr'] : ['en'];
  if (terms.length >= 4) {
    const detected = detectLanguage(text);
    if (detected === 'fr' || detected === 'en') return [detected];
  }
  return ['fr', 'en'];
}

/**
 * Whether a folded term is a function word in the query's language(s). When the language is
 * unsure, only a word that is a function word in every candidate language is dropped: "car"
 * (French "because") and "son" stay searchable in "car bomb" or "son of".
 */
export function isQueryStopword(term: string, languages: readonly QueryLanguage[]): boolean {
  return languages.every((language) => STOPWORDS_BY_LANGUAGE[language].has(term));
}

/**
 * Query terms without the function words of their language; keeps them all when nothing else
 * is left ("the who" still searches for the band).
 *
 * @example
 * contentTerms(['incendie', 'de', 'notre', 'dame']) // ['incendie', 'notre', 'dame']
 */
export function contentTerms(terms: string[], languages: readonly QueryLanguage[] = queryLanguages(terms)): string[] {
  const kept = terms.filter((term) => !isQueryStopword(term, languages));
  return kept.length > 0 ? kept : terms;
}
