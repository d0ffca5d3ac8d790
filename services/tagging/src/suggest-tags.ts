import { tagKey } from '@archive/core';
import type { ArticleStore, StoredArticle } from '@archive/store';
import type { VectorIndex } from '@archive/vector-index';
import { extractKeyphrases, type Keyphrase, type PhraseStatistics } from './keyphrases.ts';
import { neighbourVotes, type NeighbourVote, type Voter } from './neighbour-votes.ts';

/** Why a tag is suggested: votes of similar tagged articles, or a keyphrase of the article. */
export type SuggestionReason =
  | { kind: 'neighbours'; message: string; share: number; articles: Voter[] }
  | { kind: 'keyphrase'; message: string; phrase: string; occurrences: Keyphrase['occurrences']; quote: string };

export interface TagSuggestion {
  tag: string;
  score: number;
  /** Whether some article already carries this tag (else it would be a new tag). */
  inVocabulary: boolean;
  reasons: SuggestionReason[];
}

export interface SuggestDeps {
  store: ArticleStore;
  stats: PhraseStatistics;
  /** Null without a model: suggestions then come from keyphrases alone. */
  vectorIndex: VectorIndex | null;
  /** Ids of tagged articles (the voters), cached by the caller between store changes. */
  taggedIds: () => Set<string>;
}

/**
 * Keyphrase scores are scaled into [0, KEYPHRASE_WEIGHT]; neighbour votes are shares in [0, 1].
 * A tag that a quarter or more of the similar articles carry outranks a phrase the article
 * merely repeats; a phrase comes first when the neighbours disagree or there are none. On the
 * OrangeSum sub-section task (bench/tag-suggestions.ts) the top suggestion was right 75.1 % of
 * the time at 0.25, 73.4 % at 0.35 and 68.6 % at 0.5. A phrase already in use as a tag counts more.
 */
const KEYPHRASE_WEIGHT = 0.25;
const VOCABULARY_BONUS = 1.5;
/** Neighbour votes below this share are noise from one distant article. */
const MIN_SHARE = 0.1;

/**
 * Ranked tag suggestions for one article, from two sources merged by tag key: votes of its
 * nearest tagged articles and its own keyphrases against corpus statistics. Tags it already
 * has, tags rejected for it and tags an editor removed from it are never offered.
 *
 * @example
 * const suggestions = await suggestTags(article, deps, 10);
 * // [{ tag: 'santé', score: 0.93, inVocabulary: true, reasons: [{ kind: 'neighbours', … }, { kind: 'keyphrase', … }] }, …]
 */
export async function suggestTags(article: StoredArticle, deps: SuggestDeps, limit: number): Promise<TagSuggestion[]> {
  const { store } = deps;
  const skip = new Set([...article.tags.map(tagKey), ...store.tags.declinedKeys(article.id)]);
  const votes = deps.vectorIndex
    ? neighbourVotes(article, { store, vectorIndex: deps.vectorIndex, taggedIds: deps.taggedIds() })
    : [];
  const keyphrases = await extractKeyphrases(article, deps.stats, { limit: Math.max(limit, 10) });

  const suggestions = new Map<string, TagSuggestion>();
  for (const vote of votes) {
    if (vote.score < MIN_SHARE || skip.has(vote.tag.key)) continue;
    suggestions.set(vote.tag.key, { tag: vote.tag.label, score: vote.score, inVocabulary: true, reasons: [neighbourReason(vote)] });
  }
  const best = Math.max(0, ...keyphrases.map((phrase) => phrase.score));
  const keys = keyphrases.map((phrase) => tagKey(phrase.phrase));
  const inUse = store.tags.labelsOf(keys);
  keyphrases.forEach((phrase, index) => {
    const key = keys[index]!;
    if (skip.has(key) || best <= 0) return;
    const label = inUse.get(key);
    const score = (phrase.score / best) * KEYPHRASE_WEIGHT * (label ? VOCABULARY_BONUS : 1);
    const existing = suggestions.get(key);
    if (existing) {
      existing.score += score;
      existing.reasons.push(keyphraseReason(phrase));
    } else {
      suggestions.set(key, { tag: label ?? phrase.phrase, score, inVocabulary: Boolean(label), reasons: [keyphraseReason(phrase)] });
    }
  });
  return [...suggestions.values()]
    .map((suggestion) => ({ ...suggestion, score: Math.round(suggestion.score * 1000) / 1000 }))
    .sort((a, b) => b.score - a.score || a.tag.localeCompare(b.tag))
    .slice(0, limit);
}

// Messages are in French, the newsroom's language; the structured fields carry the same facts.
function neighbourReason(vote: NeighbourVote): SuggestionReason {
  const share = Math.round(vote.score * 100);
  const names = vote.voters.slice(0, 3).map((voter) => `« ${voter.title} »`).join(', ');
  return {
    kind: 'neighbours',
    message: `Porté par ${vote.voters.length} des articles étiquetés les plus proches (${share} % de leur poids), dont ${names}`,
    share: Math.round(vote.score * 1000) / 1000,
    articles: vote.voters,
  };
}

const FIELD_NAMES = { title: 'titre', summary: 'chapô', body: 'texte' } as const;

function keyphraseReason(phrase: Keyphrase): SuggestionReason {
  const where = (['title', 'summary', 'body'] as const)
    .filter((field) => phrase.occurrences[field] > 0)
    .map((field) => `${FIELD_NAMES[field]} ×${phrase.occurrences[field]}`)
    .join(', ');
  return {
    kind: 'keyphrase',
    message: `Expression clé « ${phrase.phrase} » (${where}), plus présente ici que dans le reste des archives : « ${phrase.quote} »`,
    phrase: phrase.phrase,
    occurrences: phrase.occurrences,
    quote: phrase.quote,
  };
}
