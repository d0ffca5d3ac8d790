import type { VocabularyEntry } from '@archive/store';
import { foldTerm } from '@archive/text';

/** Tags of the vocabulary that are probably one tag spelled several ways. */
export interface DuplicateGroup {
  /** What the spellings differ by. */
  reason: 'case' | 'accents' | 'plural';
  tags: { tag: string; count: number }[];
}

/** A word without its plural ending (`s`, `x`), when something is left. */
const singular = (word: string) => (word.length > 3 && /[sx]$/.test(word) ? word.slice(0, -1) : word);

/**
 * Groups vocabulary entries that differ only in case (spellings sharing one key), in accents
 * (`économie` / `economie`) or in a plural `s`/`x` on any word (`élection` / `élections`,
 * `réseau social` / `réseaux sociaux`). The most used spelling comes first in each group.
 *
 * @example
 * likelyDuplicates([{ tag: 'Santé', key: 'santé', count: 9, variants: ['SANTÉ'] }, { tag: 'sante', key: 'sante', count: 2, variants: [] }])
 * // [{ reason: 'case', tags: [{ tag: 'Santé', … }, { tag: 'SANTÉ', … }] }, { reason: 'accents', tags: [{ tag: 'Santé', count: 9 }, { tag: 'sante', count: 2 }] }]
 */
export function likelyDuplicates(vocabulary: VocabularyEntry[]): DuplicateGroup[] {
  const groups: DuplicateGroup[] = [];
  for (const entry of vocabulary) {
    if (entry.variants.length) {
      groups.push({ reason: 'case', tags: [entry.tag, ...entry.variants].map((tag) => ({ tag, count: entry.count })) });
    }
  }
  const byLooseKey = new Map<string, VocabularyEntry[]>();
  for (const entry of vocabulary) {
    const loose = foldTerm(entry.key).split(' ').map(singular).join(' ');
    byLooseKey.set(loose, [...(byLooseKey.get(loose) ?? []), entry]);
  }
  for (const entries of byLooseKey.values()) {
    if (entries.length < 2) continue;
    const folded = new Set(entries.map((entry) => foldTerm(entry.key)));
    groups.push({
      reason: folded.size === 1 ? 'accents' : 'plural',
      tags: entries.sort((a, b) => b.count - a.count).map((entry) => ({ tag: entry.tag, count: entry.count })),
    });
  }
  return groups;
}
