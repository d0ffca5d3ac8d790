import { describe, expect, it } from 'vitest';
import { LSH_BANDS, MINHASH_SIZE, bandKeys, estimatedJaccard, minhashSignature, shingleSet } from './minhash.ts';
import { overlapCount } from './near-duplicates.ts';

const SENTENCES = [
  "Le gouvernement a présenté mercredi son projet de réforme des retraites au Conseil des ministres.",
  "Le texte prévoit un système universel par points qui remplacera les quarante-deux régimes existants.",
  "Les syndicats ont appelé à une nouvelle journée de grève nationale jeudi prochain.",
  "Selon le ministère, plus de huit cent mille personnes ont manifesté dans toute la France.",
  "L'opposition dénonce une réforme injuste qui pénalisera d'abord les carrières longues.",
  "Le Premier ministre a assuré que l'âge légal de départ resterait fixé à soixante-deux ans.",
];

describe('shingleSet', () => {
  it('gives the same set whatever the order of sentences, case, accents and elisions', () => {
    const text = SENTENCES.join(' ');
    const reordered = [...SENTENCES].reverse().join('\n\n');
    expect([...shingleSet([reordered])]).toEqual([...shingleSet([text])]);
    expect([...shingleSet([text.toUpperCase()])]).toEqual([...shingleSet([text])]);
    expect([...shingleSet(["L'économie française."])]).toEqual([...shingleSet(['economie francaise.'])]);
  });

  it('cuts sentences into 4-word shingles, a short sentence into one, and skips one-word ones', () => {
    expect(shingleSet(['Vidéo.', 'Un deux trois.', 'un deux trois quatre cinq six']).length).toBe(1 + 3);
    expect([...shingleSet(['b a c d e'])]).toEqual([...shingleSet(['b a c d e'])].sort((x, y) => x - y));
  });
});

describe('minhashSignature and bandKeys', () => {
  it('estimates the Jaccard similarity of two sets', () => {
    const a = shingleSet([SENTENCES.join(' ')]);
    const b = shingleSet([SENTENCES.slice(0, 4).join(' ')]);
    const exact = overlapCount(a, b) / (a.length + b.length - overlapCount(a, b));
    expect(minhashSignature(a)).toHaveLength(MINHASH_SIZE);
    expect(Math.abs(estimatedJaccard(minhashSignature(a), minhashSignature(b)) - exact)).toBeLessThan(0.15);
    expect(estimatedJaccard(minhashSignature(a), minhashSignature(a))).toBe(1);
  });

  it('puts identical and near-identical texts in a shared bucket, unrelated ones in none', () => {
    const keys = (text: string) => bandKeys(minhashSignature(shingleSet([text])));
    const original = keys(SENTENCES.join(' '));
    const edited = keys(SENTENCES.join(' ').replace('mercredi', 'mardi'));
    const other = keys('La météo annonce des orages violents sur le sud-ouest du pays pour ce week-end prolongé.');
    expect(original).toHaveLength(LSH_BANDS);
    expect(original.some((key, band) => key === edited[band])).toBe(true);
    expect(original.some((key, band) => key === other[band])).toBe(false);
    expect(keys('')).toHaveLength(LSH_BANDS);
  });
});
