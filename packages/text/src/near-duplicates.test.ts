import { describe, expect, it } from 'vitest';
import { shingleSet } from './minhash.ts';
import { compareStories, cosineSimilarity, dayGap, overlapCount } from './near-duplicates.ts';

const STORY = [
  "Deux militaires français ont été tués samedi au Mali lorsque leur véhicule blindé a sauté sur un engin explosif.",
  "Un troisième soldat a été blessé dans l'attaque survenue dans la région de Tessalit, a annoncé l'Elysée.",
  "Le président de la République salue la mémoire de ces soldats morts pour la France dans l'accomplissement de leur mission.",
  "Avec ces deux nouveaux décès, quarante-cinq militaires français ont été tués au Sahel depuis le début de l'intervention en 2013.",
  "La force Barkhane compte environ cinq mille cent hommes déployés dans cinq pays de la bande sahélo-saharienne.",
];
const BOILERPLATE = [
  "Comme chaque vendredi, Bison Futé publie ses prévisions de circulation pour le week-end sur l'ensemble du réseau routier national.",
  "Les automobilistes sont invités à consulter les conditions de circulation avant de prendre la route et à faire une pause toutes les deux heures.",
  "Les prévisions sont établies à partir des données de trafic des années précédentes et des informations transmises par les sociétés d'autoroutes.",
];
const side = (sentences: string[], date: string | null) => ({ shingles: shingleSet(sentences), date });

describe('compareStories', () => {
  it('groups an update (a paragraph added, a figure changed) and a rewrite (sentences reordered, words changed)', () => {
    const original = side(STORY, '2020-09-05');
    const update = side([...STORY.map((s) => s.replace('quarante-cinq', 'quarante-six')), "Une enquête a été ouverte pour déterminer l'origine de l'engin explosif placé sur la route."], '2020-09-06');
    const rewrite = side([STORY[1]!, STORY[0]!.replace('samedi', 'ce samedi'), ...STORY.slice(2).reverse()], '2020-09-05');
    expect(compareStories(original, update)).toMatchObject({ same: true, rejectedBy: null });
    expect(compareStories(original, rewrite).same).toBe(true);
  });

  it('keeps apart recurring formats, stories far apart in time, short texts and dissimilar vectors', () => {
    const saturday = side([...BOILERPLATE, "Samedi, la circulation sera très difficile dans le sens des départs en Auvergne-Rhône-Alpes, classée rouge.", "Les bouchons sont attendus dès six heures du matin sur l'autoroute A7 entre Lyon et Orange.", "Dimanche, le trafic redeviendra fluide partout sauf aux abords de Marseille."], '2019-08-02');
    const nextWeek = side([...BOILERPLATE, "Le week-end du quinze août sera classé orange dans le sens des retours sur tout le territoire.", "Les vacanciers qui rentrent de Bretagne sont appelés à éviter la route nationale entre Rennes et Paris samedi après-midi.", "Un accident sur la A10 a déjà provoqué de longs ralentissements jeudi soir près d'Orléans."], '2019-08-02');
    expect(compareStories(saturday, nextWeek)).toMatchObject({ same: false, rejectedBy: 'containment' });
    expect(compareStories(side(STORY, '2020-09-05'), side(STORY, '2020-10-05'))).toMatchObject({ same: false, rejectedBy: 'date', dayGap: 30 });
    expect(compareStories(side(['Un deux trois quatre cinq.'], null), side(['Un deux trois quatre cinq.'], null)).rejectedBy).toBe('too-short');
    expect(compareStories(side(STORY, null), side(STORY, null), 0.5).rejectedBy).toBe('vectors');
    expect(compareStories(side(STORY, null), side(STORY, null), 0.97).same).toBe(true);
  });
});

describe('helpers', () => {
  it('counts overlaps, day gaps and cosines', () => {
    expect(overlapCount(Uint32Array.of(1, 3, 5, 7), Uint32Array.of(3, 4, 7))).toBe(2);
    expect(dayGap('2020-01-01T10:00:00Z', '2020-01-04')).toBe(3);
    expect(dayGap(null, '2020-01-04')).toBeNull();
    expect(cosineSimilarity(Float32Array.of(1, 0), Float32Array.of(1, 1))).toBeCloseTo(Math.SQRT1_2);
  });
});
