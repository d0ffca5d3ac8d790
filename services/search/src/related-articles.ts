import { NotFoundError } from '@archive/core';
import type { KeywordIndex } from '@archive/keyword-index';
import type { ArticleFilters, ArticleStore, StoredArticle } from '@archive/store';
import type { VectorIndex } from '@archive/vector-index';
import { foldVersions } from './fold-versions.ts';
import { maximalMarginalRelevance, dot } from './mmr.ts';
import { namedTerms } from './named-terms.ts';
import { bestPerArticle, meanVector, PASSAGES_PER_ARTICLE } from './article-similarity.ts';
import { storyTimeline, type TimelineEntry } from './story-timeline.ts';

/** Why an article is offered: the closest pair of passages, or the names both mention. */
export type RelatedReason =
  | { kind: 'passages'; similarity: number; passage: string; relatedPassage: string }
  | { kind: 'terms'; terms: string[] };

export interface RelatedEntry {
  id: string;
  title: string;
  date: string | null;
  section: string | null;
  lang: string | null;
  /** Cosine similarity of the two articles (mean passage vectors); 0 from the keyword fallback. */
  similarity: number;
  /** What ranked it: similarity, with the recency preference applied. */
  score: number;
  reason: RelatedReason;
  /** Other versions of the same story (near-copies) folded into this entry. */
  versions: string[];
}

export interface RelatedOptions {
  limit: number;
  /** Languages the reader accepts; null: any (cross-lingual). */
  langs: string[] | null;
  dateFrom?: string | null;
  dateTo?: string | null;
  sections?: string[];
  /** 0 (none) to 1: how much newer articles are preferred. */
  recency: number;
  /** 0 (none) to 1: how much the list avoids articles like those already in it (MMR). */
  diversity: number;
  /** Fold near-copies of one story into one entry (default); false lists each. */
  collapse: boolean;
}

export interface RelatedDeps {
  store: ArticleStore;
  keywordIndex: KeywordIndex;
  vectorIndex: VectorIndex | null;
}

/**
 * Default diversification (maximal marginal relevance, 0 = none). Measured by
 * bench/related-articles.ts on bbc-news-en (same-section precision@5 of 300 lists; the plain
 * nearest-neighbour list, exact duplicates included, 0.930): 0.927 at 0, 0.923 at 0.1, 0.911 at
 * 0.2. A little variety costs little topical precision; near-copies are folded in any case.
 */
export const DEFAULT_DIVERSITY = 0.1;

/** Candidates gathered per wanted entry, before filters, folding and diversification. */
const CANDIDATES_PER_ENTRY = 6;
/** Excerpt length of a passage in a reason. */
const EXCERPT = 180;
/** Half-life, in days, of the recency preference. */
const RECENCY_HALF_LIFE_DAYS = 365;

const excerpt = (text: string) => (text.length > EXCERPT ? `${text.slice(0, EXCERPT).replace(/\s+\S*$/, '')}…` : text);

/**
 * Related articles for one article, and "read next" for a reader's history: nearest articles by
 * meaning (mean passage vectors), filtered (languages the reader accepts, date window, sections),
 * with a recency preference, diversified by maximal marginal relevance, with near-copies of one
 * story shown once, and each entry's reason (the closest pair of passages, or shared names).
 *
 * @example
 * const related = new RelatedArticles(deps).related('orangesum-4', { limit: 5, langs: ['fr'], recency: 0, diversity: 0.3, collapse: true });
 */
export class RelatedArticles {
  constructor(private readonly deps: RelatedDeps) {}

  private article(id: string): StoredArticle {
    const article = this.deps.store.getArticle(id);
    if (!article) throw new NotFoundError(`no article with id "${id}"`);
    return article;
  }

  related(id: string, options: RelatedOptions): Promise<RelatedEntry[]> {
    return this.nearest([this.article(id)], options);
  }

  /** The articles about the same story, earliest first (see `storyTimeline`). */
  timeline(id: string): TimelineEntry[] {
    return storyTimeline(id, this.deps);
  }

  /** "Read next": articles related to what was just read as a whole, none of it nor its near-copies. */
  readNext(ids: string[], options: RelatedOptions): Promise<RelatedEntry[]> {
    return this.nearest(ids.map((id) => this.article(id)), options);
  }

  private async nearest(read: StoredArticle[], options: RelatedOptions): Promise<RelatedEntry[]> {
    const { store, vectorIndex } = this.deps;
    const excluded = new Set<string>();
    for (const article of read) {
      excluded.add(article.id);
      for (const id of store.duplicateIds(article)) excluded.add(id);
      const group = store.stories.groupOf(article.id);
      if (group) for (const id of store.stories.members(group)) excluded.add(id);
    }
    const readUrls = new Set(read.map((article) => article.url).filter(Boolean));
    const filters: ArticleFilters = {
      langs: options.langs ?? [], dateFrom: options.dateFrom ?? null, dateTo: options.dateTo ?? null, sections: options.sections ?? [],
    };
    const wanted = (options.limit + excluded.size) * CANDIDATES_PER_ENTRY;
    const readVectors = read.map((article) => vectorIndex?.articleVectors(article.id) ?? []).filter((vectors) => vectors.length > 0);

    let candidates: { id: string; similarity: number }[];
    if (vectorIndex && readVectors.length > 0) {
      vectorIndex.refreshIfStale();
      const query = meanVector(readVectors.map((vectors) => meanVector(vectors)));
      candidates = bestPerArticle(vectorIndex.search(query, wanted * PASSAGES_PER_ARTICLE, store.filtered.mask(filters) ?? undefined));
    } else {
      const result = await this.deps.keywordIndex.search({ query: read.map((article) => article.title).join(' '), filters, limit: wanted, offset: 0, facets: false });
      candidates = result.hits.map((hit) => ({ id: hit.id, similarity: 0 }));
    }
    const articles = new Map(store.getArticles(candidates.map((c) => c.id)).map((article) => [article.id, article]));
    const kept = candidates.filter((c) => !excluded.has(c.id) && articles.has(c.id) && !readUrls.has(articles.get(c.id)!.url));

    // One entry per story: the best-ranked member stands for its near-copies.
    const entries = foldVersions(kept, options.collapse ? store.stories.groupsOf(kept.map((c) => c.id)) : new Map());
    const versions = new Map(entries.map((entry) => [entry.id, entry.versions]));

    const now = Date.now();
    const scored = entries.map((candidate) => {
      const article = articles.get(candidate.id)!;
      const ageDays = article.date ? Math.max(0, (now - Date.parse(article.date)) / 86_400_000) : Infinity;
      const freshness = Number.isFinite(ageDays) ? 0.5 ** (ageDays / RECENCY_HALF_LIFE_DAYS) : 0;
      const score = candidate.similarity * (1 - options.recency) + freshness * options.recency;
      const vectors = vectorIndex?.articleVectors(candidate.id) ?? [];
      return { id: candidate.id, score, similarity: candidate.similarity, vector: vectors.length ? meanVector(vectors) : null };
    });
    const ranked = maximalMarginalRelevance(
      scored.sort((a, b) => b.score - a.score),
      options.limit,
      1 - options.diversity,
    );
    // What the reasons compare the entries with, read once.
    const readPassages = read.flatMap((article) => vectorIndex?.passagesWithVectors(article.id) ?? []);
    const readNames = new Set(read.flatMap((article) => [...namedTerms(`${article.title}. ${article.summary ?? ''} ${article.body}`)]));
    return ranked.map((entry) => {
      const article = articles.get(entry.id)!;
      const { id, title, date, section, lang } = article;
      return {
        id, title, date, section, lang,
        similarity: Math.round(entry.similarity * 1000) / 1000,
        score: Math.round(entry.score * 1000) / 1000,
        reason: this.reason(readPassages, readNames, article),
        versions: versions.get(entry.id) ?? [],
      };
    });
  }

  /** The closest pair of passages of the read articles and the related one, or the names they share. */
  private reason(readPassages: { text: string; vector: Float32Array }[], readNames: Set<string>, related: StoredArticle): RelatedReason {
    let best: Extract<RelatedReason, { kind: 'passages' }> | null = null;
    for (const other of this.deps.vectorIndex?.passagesWithVectors(related.id) ?? []) {
      for (const mine of readPassages) {
        const similarity = dot(mine.vector, other.vector);
        if (!best || similarity > best.similarity) {
          best = { kind: 'passages', similarity: Math.round(similarity * 1000) / 1000, passage: excerpt(mine.text), relatedPassage: excerpt(other.text) };
        }
      }
    }
    if (best) return best;
    const names = namedTerms(`${related.title}. ${related.summary ?? ''}`);
    return { kind: 'terms', terms: [...readNames].filter((name) => names.has(name)) };
  }
}

/**
 * The languages a reader accepts: the `lang` parameter (`any`: all), else the primary subtags
 * of Accept-Language (`fr-FR,fr;q=0.9,en;q=0.8` → fr, en), else `fallback` (the articles' own).
 */
export function acceptedLanguages(lang: string | undefined, acceptLanguage: string | undefined, fallback: (string | null)[]): string[] | null {
  if (lang) return lang === 'any' ? null : lang.split(',').map((code) => code.trim()).filter(Boolean);
  const accepted = (acceptLanguage ?? '')
    .split(',')
    .map((part) => part.trim().split(';')[0]!.split('-')[0]!.toLowerCase())
    .filter((code) => /^[a-z]{2}$/.test(code));
  if (accepted.length) return [...new Set(accepted)];
  const own = fallback.filter((code): code is string => Boolean(code));
  return own.length ? [...new Set(own)] : null;
}
