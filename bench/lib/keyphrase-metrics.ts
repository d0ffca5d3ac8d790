/**
 * Matching and rank measures for keyphrase suggestions. Suggestions and references are
 * normalised by the same function (hyphens and possessives dropped, `analyzeTerms`, a light
 * plural fold), then matched as exact phrases; the same code scores every method.
 */
import { analyzeTerms } from '../../packages/text/src/index.ts';

/** Light plural fold, the same on both sides: "retraites" = "retraite", "journaux" = "journal". */
function foldPlural(term: string): string {
  if (term.length > 4 && term.endsWith('eaux')) return term.slice(0, -1);
  if (term.length > 4 && term.endsWith('aux')) return `${term.slice(0, -3)}al`;
  if (term.length > 3 && /[^s]s$/.test(term)) return term.slice(0, -1);
  return term;
}

/**
 * The comparison form of a phrase. Hyphens inside words are removed ("super-confident" =
 * "superconfident", as the English references were written without punctuation), a possessive
 * "'s" is dropped, then terms are analysed and plural-folded.
 */
export function normalizePhrase(phrase: string): string {
  const text = phrase.replace(/(?<=[\p{L}\p{N}])[-‐‑](?=[\p{L}\p{N}])/gu, '').replace(/['\u2019]s\b/giu, '');
  return analyzeTerms(text).map(foldPlural).join(' ');
}

export interface RankScores {
  p5: number;
  r10: number;
  f10: number;
  /** Precision at R, R = number of distinct references. */
  rprec: number;
}

/** Scores of one ranked suggestion list against the references (both deduplicated once normalised). */
export function rankScores(suggested: string[], references: string[]): RankScores {
  const refs = new Set(references.map(normalizePhrase).filter(Boolean));
  const seen = new Set<string>();
  const ranked: string[] = [];
  for (const phrase of suggested) {
    const key = normalizePhrase(phrase);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    ranked.push(key);
  }
  const hits = (k: number) => ranked.slice(0, k).filter((key) => refs.has(key)).length;
  const p5 = hits(5) / 5;
  const p10 = hits(10) / 10;
  const r10 = refs.size ? hits(10) / refs.size : 0;
  return {
    p5,
    r10,
    f10: p10 + r10 > 0 ? (2 * p10 * r10) / (p10 + r10) : 0,
    rprec: refs.size ? hits(refs.size) / refs.size : 0,
  };
}

export function meanScores(rows: RankScores[]): RankScores {
  const mean = (key: keyof RankScores) => rows.reduce((sum, row) => sum + row[key], 0) / (rows.length || 1);
  return { p5: mean('p5'), r10: mean('r10'), f10: mean('f10'), rprec: mean('rprec') };
}
