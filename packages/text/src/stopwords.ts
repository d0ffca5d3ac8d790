/**
 * Function words dropped from queries (never from the index): they match almost every article
 * and would drown the words that carry the need. Folded forms (no diacritics).
 */
export const STOPWORDS = new Set(
  (
    // French (not "notre": Notre-Dame)
    'a au aux avec ce ces cet cette dans de des du elle en et eux il ils je la le les leur leurs lui ma mais me meme mes moi mon ne nos nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos vous y ' +
    'est sont ete etre avoir a ont fait plus sans sous entre vers chez comme donc or ni car si tout tous toute toutes aussi alors quel quelle quels quelles dont ' +
    // English
    'an and are as at be been but by for from has have he her his in into is it its of on or she that the their them there these they this to was were what when where which who will with would about after over than then also'
  ).split(/\s+/).filter(Boolean),
);

/** Query terms without function words; keeps them all when nothing else is left. */
export function contentTerms(terms: string[]): string[] {
  const kept = terms.filter((term) => !STOPWORDS.has(term));
  return kept.length > 0 ? kept : terms;
}
