import { describe, expect, it } from 'vitest';
import { analyzeTerms } from '@archive/text';
import { extractKeyphrases, quoteAround, type PhraseStatistics } from './keyphrases.ts';
import { candidateOccurrences, splitWords } from './keyphrase-candidates.ts';
import { isTagStopword } from './tag-stopwords.ts';

/**
 * Corpus statistics of a fake 10,000-article archive: a few words are everywhere, the rest
 * rare. Records every batch it is asked, to check that one call serves an article.
 */
function fakeStats(common: Record<string, number> = {}): PhraseStatistics & { calls: string[][][] } {
  const calls: string[][][] = [];
  return {
    calls,
    count: async () => 10_000,
    documentFrequencies: async (phrases) => {
      calls.push(phrases);
      return phrases.map((terms) => (terms.length === 1 ? (common[terms[0]!] ?? 20) : 3));
    },
  };
}

const DELEVOYE = {
  title: "Déclaration d'intérêts : Delevoye entendu mercredi en audition libre",
  summary:
    "L'ex-haut commissaire aux retraites, Jean-Paul Delevoye, a été interrogé mercredi à Nanterre par les policiers chargés de l'enquête sur sa déclaration d'intérêts non conforme.",
  body: [
    "Au lendemain d'une perquisition à son domicile de Bapaume (Pas-de-Calais), M. Delevoye a été auditionné le 15 janvier 2019 comme suspect libre par les enquêteurs.",
    "Jean-Paul Delevoye avait omis de mentionner treize mandats dans sa déclaration d'intérêts, dont plusieurs rémunérés. La réforme des retraites a été présentée en décembre.",
    "Il a démissionné en décembre. Selon son avocat, M. Delevoye a toujours été de bonne foi sur sa déclaration d'intérêts et la réforme des retraites.",
  ].join('\n\n'),
  lang: 'fr',
};

describe('extractKeyphrases', () => {
  it('finds the names and topics of a French article, never dates, days or auxiliaries', async () => {
    // Document counts as a 10,000-article French archive would give them.
    const stats = fakeStats({
      enquete: 1200, policiers: 600, retraites: 400, reforme: 700, declaration: 700, interets: 500, libre: 900, entendu: 600,
      audition: 200, charges: 1500, commissaire: 500, conforme: 200, interroge: 400, domicile: 500, suspect: 300, avocat: 900,
      enqueteurs: 500, presentee: 800, omis: 150, mentionner: 150, mandats: 150, remuneres: 100, foi: 200, auditionne: 40,
    });
    const phrases = await extractKeyphrases(DELEVOYE, stats, { limit: 12 });
    const shown = phrases.map((phrase) => phrase.phrase);
    expect(shown).toContain('Jean-Paul Delevoye');
    expect(shown).toContain("déclaration d'intérêts");
    expect(shown).toContain('réforme des retraites');
    expect(shown.indexOf('Jean-Paul Delevoye')).toBeLessThan(3);
    for (const banned of ['mercredi', '2019', 'a été', 'été', 'janvier', 'décembre', 'lendemain', 'M', 'selon']) {
      expect(shown.map((phrase) => phrase.toLowerCase())).not.toContain(banned);
    }
    // Never a phrase that starts or ends with a stop word.
    for (const phrase of phrases) {
      const words = phrase.phrase.split(' ').map((word) => analyzeTerms(word).join(''));
      expect(isTagStopword(words[0]!)).toBe(false);
      expect(isTagStopword(words.at(-1)!)).toBe(false);
    }
    // One batched call to the index for the whole article.
    expect(stats.calls).toHaveLength(1);
  });

  it('gives the reason: counts per field and a short quote of the first occurrence', async () => {
    const phrases = await extractKeyphrases(DELEVOYE, fakeStats(), { limit: 10 });
    const declaration = phrases.find((phrase) => phrase.phrase === "déclaration d'intérêts")!;
    expect(declaration.terms).toEqual(analyzeTerms("déclaration d'intérêts"));
    expect(declaration.occurrences).toEqual({ title: 1, summary: 1, body: 2 });
    expect(declaration.quoteField).toBe('title');
    expect(declaration.quote).toContain("Déclaration d'intérêts");
    const name = phrases.find((phrase) => phrase.phrase === 'Jean-Paul Delevoye')!;
    expect(name.properNoun).toBe(true);
    expect(name.quote.length).toBeLessThanOrEqual(125);
    expect(name.quote).toContain('Jean-Paul Delevoye');
    for (const phrase of phrases) expect(phrase.quote.length).toBeLessThanOrEqual(125);
  });

  it('ranks by corpus rarity: a word in every article loses to a rarer one', async () => {
    const rare = await extractKeyphrases(DELEVOYE, fakeStats({ perquisition: 5 }), { limit: 30 });
    const everywhere = await extractKeyphrases(DELEVOYE, fakeStats({ perquisition: 9_999 }), { limit: 30 });
    const rank = (list: typeof rare) => list.findIndex((phrase) => phrase.phrase === 'perquisition');
    expect(rank(rare)).toBeGreaterThanOrEqual(0);
    expect(rank(everywhere) === -1 || rank(everywhere) > rank(rare)).toBe(true);
  });

  it('handles English: proper names whole, no possessive, no generic verbs or months', async () => {
    const phrases = await extractKeyphrases(
      {
        title: 'Daniel Craig will do Stieg Larsson justice, says producer',
        summary: null,
        body:
          "Daniel Craig will do Stieg Larsson justice, film producer Soren Staermose said on Monday. The 007 star has been filming " +
          "David Fincher's remake of The Girl With The Dragon Tattoo. Craig is extremely popular, the film producer said in April. " +
          "Stieg Larsson's novels sold 65 million copies, and Larsson fans said they were very happy.",
        lang: 'en',
      },
      fakeStats({ film: 400, star: 300 }),
      { limit: 12 },
    );
    const shown = phrases.map((phrase) => phrase.phrase);
    expect(shown).toContain('Stieg Larsson');
    expect(shown).toContain('Daniel Craig');
    expect(shown).toContain('film producer');
    for (const banned of ['said', 'says', 'Monday', 'April', 'extremely', '007', 'million', 'very happy', "Larsson's"]) expect(shown).not.toContain(banned);
    // A first name never comes alone when it only occurs inside the full name.
    expect(shown).not.toContain('Daniel');
    expect(shown).not.toContain('Stieg');
  });

  it('returns nothing for an article without content words, and honours the limit', async () => {
    expect(await extractKeyphrases({ title: 'Le 12 mai 2019', summary: null, body: 'Il a été dit que cela est.', lang: 'fr' }, fakeStats())).toEqual([]);
    expect(await extractKeyphrases(DELEVOYE, fakeStats(), { limit: 3 })).toHaveLength(3);
  });
});

describe('candidates', () => {
  it('splits at stop words and punctuation, links with de/des/d\', keeps compounds whole', () => {
    const words = splitWords("La réforme des retraites, selon Jean-Paul Delevoye (Pas-de-Calais), et l'âge pivot.");
    const phrases = candidateOccurrences('body', words).map((occurrence) => occurrence.words.map((word) => word.surface).join(' '));
    expect(phrases).toContain('réforme des retraites');
    expect(phrases).toContain('Jean-Paul Delevoye');
    expect(phrases).toContain('Pas-de-Calais');
    expect(phrases).toContain('âge pivot');
    expect(phrases).not.toContain('retraites selon');
    expect(phrases).not.toContain('Delevoye Pas-de-Calais');
    expect(phrases.some((phrase) => phrase.startsWith('des ') || phrase.endsWith(' des'))).toBe(false);
  });

  it('gives the same terms as the keyword analyser', () => {
    const text = "L'école d'économie de Jean-Paul à l'Élysée : aujourd'hui, Anton's 2,000-year-old coral";
    expect(splitWords(text).flatMap((word) => word.terms).filter((term) => term !== 's')).toEqual(
      analyzeTerms(text).filter((term) => term !== 's'),
    );
  });
});

describe('stop words', () => {
  it('rejects function words, days, months, numbers, generic verbs and adverbs, keeps topics', () => {
    for (const term of ['a', 'ete', 'mercredi', 'janvier', 'monday', 'april', '2019', '12e', 'said', 'declare', 'deplora', 'extremely', 'recemment']) {
      expect(isTagStopword(term)).toBe(true);
    }
    for (const term of ['retraites', 'gouvernement', 'family', 'coral', 'delevoye', 'g20']) expect(isTagStopword(term)).toBe(false);
  });

  it('quotes at most about 120 characters around the phrase', () => {
    const text = `${'Avant. '.repeat(40)}La réforme des retraites est au cœur du débat. ${'Après. '.repeat(40)}`;
    const start = text.indexOf('réforme');
    const quote = quoteAround(text, start, start + 'réforme des retraites'.length);
    expect(quote).toContain('réforme des retraites');
    expect(quote.length).toBeLessThanOrEqual(125);
  });
});
