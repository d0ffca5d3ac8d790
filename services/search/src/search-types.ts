import type { ArticleFilters, StoredArticle } from '@archive/store';
import type { FacetCounts } from '@archive/keyword-index';

export const SEARCH_MODES = ['hybrid', 'keyword', 'semantic'] as const;
export type SearchMode = (typeof SEARCH_MODES)[number];

export interface SearchRequest {
  q: string;
  mode: SearchMode;
  filters: ArticleFilters;
  /** 1-based. */
  page: number;
  size: number;
}

/** How a hit was found: its rank in each list (1-based, null where absent) and the fused score. */
export interface ScoreDetails {
  keywordRank: number | null;
  semanticRank: number | null;
  /** Keyword engine score (BM25, higher is better), when the keyword list found it. */
  keywordScore: number | null;
  /** Best cosine similarity of one of its passages, when the semantic list found it. */
  semanticSimilarity: number | null;
  /** Reciprocal-rank-fusion score in hybrid mode; the list's own score otherwise. */
  fused: number;
}

export interface SearchHit {
  id: string;
  title: string;
  date: string | null;
  section: string | null;
  authors: string[];
  tags: string[];
  lang: string | null;
  url: string | null;
  /** HTML: escaped text with `<mark>` around matched words. */
  snippet: string;
  score: ScoreDetails;
}

export interface SearchResponse {
  query: string;
  /** The mode that ran (hybrid falls back to keyword when semantic search is off). */
  mode: SearchMode;
  page: number;
  size: number;
  total: number;
  hits: SearchHit[];
  facets: FacetCounts;
  /** Set when the mode asked for could not run as such. */
  notice: string | null;
  tookMs: number;
}

export interface RelatedArticle {
  id: string;
  title: string;
  date: string | null;
  section: string | null;
  lang: string | null;
  similarity: number;
}

export type { ArticleFilters, StoredArticle };
