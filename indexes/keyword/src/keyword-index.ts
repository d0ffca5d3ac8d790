import type { ArticleFilters } from '@archive/store';
import type { QueryOperand } from './query-parser.ts';

/** What a keyword engine indexes of an article. */
export interface KeywordDocument {
  id: string;
  /** The store change number of this version of the article: what `archive check` compares. */
  seq: number;
  title: string;
  summary: string | null;
  body: string;
  authors: string[];
  tags: string[];
  section: string | null;
  lang: string | null;
  /** `YYYY-MM-DD` */
  date: string | null;
}

export type FacetName = 'section' | 'lang' | 'year' | 'tag';
/** Counts per facet value; tag counts are keyed by the tag's most used spelling. */
export type FacetCounts = Record<FacetName, Record<string, number>>;

/** The length of time `periods` counts by: a calendar year (`2020`) or month (`2020-03`). */
export type PeriodGranularity = 'year' | 'month';

export interface KeywordSearchRequest {
  /** The query as the user typed it: words, and "quoted phrases". */
  query: string;
  filters: ArticleFilters;
  limit: number;
  offset: number;
  /** Whether to count facets (each facet ignores its own filter, so other values stay visible). */
  facets: boolean;
  /**
   * Words and phrases whose weight in the index and whose holders among the hits the result
   * should carry (`evidence`): hybrid search's keyword evidence, read in the same pass as the
   * hits instead of in later requests.
   */
  evidence?: QueryOperand[];
}

/** The statistics behind each hit's keyword evidence (see `KeywordSearchRequest.evidence`). */
export interface OperandEvidence {
  /** Documents in the index: the N of each operand's IDF. */
  documents: number;
  /** Documents holding each operand, in order; null for a prefix (no frequency of its own). */
  frequencies: (number | null)[];
  /** For each operand, the hits holding it. */
  holders: string[][];
}

export interface KeywordHit {
  id: string;
  /** Engine relevance score, higher is better; comparable only within one result list. */
  score: number;
}

export interface KeywordSearchResult {
  total: number;
  hits: KeywordHit[];
  facets: FacetCounts | null;
  /** When the request asked for it and there are hits. */
  evidence?: OperandEvidence;
}

/** A batch of store changes to apply, up to and including store change `seq`. */
export interface KeywordChanges {
  upserts: KeywordDocument[];
  deletedIds: string[];
  seq: number;
}

/**
 * The keyword engine contract, implemented by the embedded SQLite FTS5 engine (default, no
 * server) and by the Meilisearch adapter. Engines are derived from the store: they remember the
 * last store change they applied so that they catch up after a crash or a missed batch.
 */
export interface KeywordIndex {
  readonly engine: string;
  /** The last store change applied (0 when empty). */
  appliedSeq(): Promise<number>;
  /** Applies changes atomically with the new applied change number. */
  apply(changes: KeywordChanges): Promise<void>;
  search(request: KeywordSearchRequest): Promise<KeywordSearchResult>;
  /** Which of `ids` match `query` (used to merge semantic results into keyword counts). */
  matching(query: string, ids: string[]): Promise<Set<string>>;
  /**
   * How many articles match `query` and `filters` in each period of their date, as `YYYY` or
   * `YYYY-MM` → count (periods without matches absent; undated articles not counted). A blank
   * query counts every article that passes the filters. Counted by the engine from the date
   * fields, never by reading text.
   *
   * @example
   * await index.periods('incendie', { sections: ['france'] }, 'month') // { '2019-04': 12, '2019-05': 3 }
   */
  periods(query: string, filters: ArticleFilters, granularity: PeriodGranularity): Promise<Record<string, number>>;
  count(): Promise<number>;
  /** Article id → store change number of every indexed document (for `archive check`). */
  versions(): Promise<Map<string, number>>;
  /**
   * For each phrase (analysed terms, as `analyzeTerms` gives them), how many documents contain
   * it: the corpus statistics behind keyphrase suggestions.
   */
  documentFrequencies(phrases: string[][]): Promise<number[]>;
  /** Drops everything, for a rebuild. */
  clear(): Promise<void>;
  /**
   * Reads now what the first search would (a server calls it when it starts serving an index;
   * short commands do not). Resolves once done; a server need not wait, searches queue behind it.
   */
  warm?(): Promise<void>;
  close(): Promise<void>;
}

export const EMPTY_FACETS = (): FacetCounts => ({ section: {}, lang: {}, year: {}, tag: {} });

/** The filters a facet's counts use: all but the facet's own, so its other values stay visible. */
export function filtersForFacet(filters: ArticleFilters, facet: FacetName): ArticleFilters {
  if (facet === 'section') return { ...filters, sections: [] };
  if (facet === 'lang') return { ...filters, langs: [] };
  if (facet === 'tag') return { ...filters, tags: [] };
  return { ...filters, dateFrom: null, dateTo: null };
}
