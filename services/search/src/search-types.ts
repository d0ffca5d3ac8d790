import type { ArticleFilters, StoredArticle } from '@archive/store';
import type { FacetCounts, QueryFeature } from '@archive/keyword-index';

export const SEARCH_MODES = ['hybrid', 'keyword', 'semantic'] as const;
export type SearchMode = (typeof SEARCH_MODES)[number];

/** How finely `coverage` counts a search's matches over time. */
export const COVERAGE_GRANULARITIES = ['year', 'month'] as const;
export type CoverageGranularity = (typeof COVERAGE_GRANULARITIES)[number];

/** Matching articles in one period: `2020` or `2020-03`. */
export interface CoveragePeriod {
  period: string;
  count: number;
}

export interface SearchRequest {
  q: string;
  mode: SearchMode;
  filters: ArticleFilters;
  /** 1-based. */
  page: number;
  size: number;
  /** Also count the matches per period (see `SearchResponse.coverage`). */
  coverage?: CoverageGranularity;
  /** Show each story once (default true): near-copies are folded into the best-ranked one's `versions`. */
  collapse?: boolean;
  /** Hybrid only: the semantic half's share, 0 (keyword only) to 1 (semantic only); the configured default when absent. */
  semanticRatio?: number;
}

/** How a hit was found: its rank in each list (1-based, null where absent) and the fused score. */
export interface ScoreDetails {
  keywordRank: number | null;
  semanticRank: number | null;
  /** Keyword engine score (BM25, higher is better), when the keyword list found it. */
  keywordScore: number | null;
  /** The article's cosine similarity to the query (its best and first passages', see `leadWeighted`), when the semantic list found it. */
  semanticSimilarity: number | null;
  /** Fused score in hybrid mode (see `fuseByScores`); the list's own score otherwise. */
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
  /** Ids of the other versions of this story (near-copies) folded into this hit. */
  versions: string[];
}

/** `SEMANTIC_OFF`: keyword results only, the model is not there; `SYNTAX_KEYWORD_ONLY`: the semantic half ignored some syntax. */
export type SearchNoticeCode = 'SEMANTIC_OFF' | 'SYNTAX_KEYWORD_ONLY';

export interface SearchResponse {
  query: string;
  /** The mode that ran (hybrid falls back to keyword when semantic search is off). */
  mode: SearchMode;
  page: number;
  size: number;
  total: number;
  hits: SearchHit[];
  facets: FacetCounts;
  /** Set when the mode asked for could not run as such (English; `notices` says the same by code). */
  notice: string | null;
  /** What `notice` says, as codes a client words in its own language (with `semanticQuery` and `semanticIgnored`). */
  notices: SearchNoticeCode[];
  tookMs: number;
  /** Hybrid mode: the semantic half's share that ranked these results. */
  semanticRatio?: number;
  /** Semantic and hybrid modes: the plain words that were embedded (no syntax, no excluded words). */
  semanticQuery?: string;
  /** Semantic and hybrid modes: query syntax the semantic half could not use (it applies to keyword matches only). */
  semanticIgnored?: QueryFeature[];
  /**
   * When asked: what the search matches per period, in date order, from the first period with
   * a match to the last, empty periods included as 0 (see `searchCoverage`).
   */
  coverage?: CoveragePeriod[];
}


export type { ArticleFilters, StoredArticle };
