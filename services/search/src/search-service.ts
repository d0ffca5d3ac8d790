import { ArchiveError, NotFoundError, type Logger } from '@archive/core';
import type { Embedder } from '@archive/embeddings';
import {
  EMPTY_FACETS, anyOperandQuery, hasSearchTerms, parseQuery, queryTerms, type FacetCounts, type KeywordIndex, type ParsedQuery, type QueryFeature,
} from '@archive/keyword-index';
import type { ArticleFilters, ArticleMask, ArticleStore, StoredArticle } from '@archive/store';
import type { VectorIndex } from '@archive/vector-index';
import { bestPerArticle, leadWeighted, meanVector, PASSAGES_PER_ARTICLE } from './article-similarity.ts';
import { searchCoverage } from './coverage.ts';
import { foldVersions } from './fold-versions.ts';
import { fuseByScores, reciprocalRankFusion, type SemanticCandidate } from './fusion.ts';
import { evidenceOperands, keywordEvidence } from './keyword-evidence.ts';
import { PassingCache } from './passing-cache.ts';
import type {
  CoverageGranularity, CoveragePeriod, ScoreDetails, SearchHit, SearchMode, SearchNoticeCode, SearchRequest, SearchResponse,
} from './search-types.ts';
import { highlightSnippet } from './snippet.ts';

export interface SearchSettings {
  /** `scores`: `fuseByScores` with keyword evidence; `rrf`: reciprocal rank fusion (the baseline). */
  fusion: 'scores' | 'rrf';
  /** Share of the semantic half when the request gives none (0 keyword only … 1 semantic only). */
  semanticRatio: number;
  rrfK: number;
  /** Articles each list contributes to fusion. */
  candidates: number;
  /** Hybrid: top fused articles whose vectors refine the query for a second semantic pass (0: none). */
  feedbackArticles: number;
  /** Share of the query's own vector in the refined one (the rest: the feedback articles' mean). */
  feedbackQueryWeight: number;
  /** Share of an article's first passage in its final similarity (the rest: its best passage's); see `leadWeighted`. */
  leadPassageWeight: number;
}

export interface SearchServiceDeps {
  store: ArticleStore;
  keywordIndex: KeywordIndex;
  embedder: Embedder | null;
  vectorIndex: VectorIndex | null;
  settings: SearchSettings;
  logger: Logger;
  /** Why semantic search is off, when it is. */
  semanticUnavailable?: string | null;
}

const DEFAULT_SNIPPET_WORDS = 32;
/** Results ranked from the top when folding near-copies (deeper pages fold within themselves). */
const FOLD_WINDOW = 2000;
/** Extra results fetched beyond a page so that folding still fills it. */
const FOLD_SLACK = 20;

/**
 * Searches the archive by keywords (BM25), by meaning (nearest passages in the vector index,
 * articles then ranked as wholes), or both fused (hybrid, `fuseByScores`), and finds related articles. Results are articles,
 * not passages; snippets show the matched words.
 *
 * @example
 * const service = new SearchService({ store, keywordIndex, embedder, vectorIndex, settings, logger });
 * const { total, hits } = await service.search({ q: 'incendie Notre-Dame', mode: 'hybrid', filters: {}, page: 1, size: 10 });
 */
export class SearchService {
  /** The articles recent filters let through, read again only after a write. */
  private readonly passing: PassingCache;

  constructor(private readonly deps: SearchServiceDeps) {
    this.passing = new PassingCache(deps.store);
  }

  /** Whether semantic (and so hybrid) search can run. */
  get semanticAvailable(): boolean {
    return this.deps.embedder !== null && this.deps.vectorIndex !== null;
  }

  async search(request: SearchRequest): Promise<SearchResponse> {
    const started = performance.now();
    const q = request.q.trim();
    let mode = request.mode;
    const notices: SearchNoticeCode[] = [];
    if (mode !== 'keyword' && !this.semanticAvailable) {
      if (mode === 'semantic') {
        throw new ArchiveError('MODEL_UNAVAILABLE', `semantic search is off: ${this.deps.semanticUnavailable ?? 'no embedding model'}`);
      }
      mode = 'keyword';
      notices.push('SEMANTIC_OFF');
    }
    // Read first: a malformed query is refused (400) whatever the mode.
    const parsed = parseQuery(q);
    // Without words there is nothing to mean: list the filtered archive, newest first.
    if (!hasSearchTerms(parsed)) mode = 'keyword';
    const ratio = request.semanticRatio ?? this.deps.settings.semanticRatio;
    // The ratio's ends are the single modes, exactly.
    if (mode === 'hybrid' && ratio === 0) mode = 'keyword';
    if (mode === 'hybrid' && ratio === 1) mode = 'semantic';

    const offset = (request.page - 1) * request.size;
    // Folding near-copies needs the ranking from the top, so that a story shown on an earlier page
    // is not shown again; past a window deep pages fold within themselves only.
    const collapse = request.collapse !== false;
    const fromTop = collapse && offset + request.size * 2 + FOLD_SLACK <= FOLD_WINDOW;
    const [window, coverage] = await Promise.all([
      this.page(mode, q, parsed, ratio, request.filters, fromTop ? 0 : offset, fromTop ? offset + request.size * 2 + FOLD_SLACK : request.size),
      request.coverage ? this.coverage(q, parsed, mode, request.filters, request.coverage) : undefined,
    ]);
    const ranked = collapse ? foldVersions(window.items, this.deps.store.stories.groupsOf(window.items.map((item) => item.id))) : window.items.map((item) => ({ ...item, versions: [] }));
    const items = fromTop ? ranked.slice(offset, offset + request.size) : ranked;

    const terms = queryTerms(parsed);
    const articles = new Map(this.deps.store.getArticles(items.map((item) => item.id)).map((a) => [a.id, a]));
    const hits = items.flatMap((item): SearchHit[] => {
      const article = articles.get(item.id);
      return article ? [toHit(article, terms, item.score, item.versions)] : [];
    });
    // The syntax the semantic half cannot use (it reads the query as plain words).
    const ignored = mode === 'keyword' ? null : parsed.features.filter((feature) => feature !== 'exclusion');
    if (ignored?.length) notices.push('SYNTAX_KEYWORD_ONLY');
    const notice = noticeInEnglish(notices, { unavailable: this.deps.semanticUnavailable ?? null, semanticText: parsed.semanticText, ignored: ignored ?? [] });
    return {
      query: q, mode, page: request.page, size: request.size, total: window.total, hits, facets: window.facets, notice, notices,
      tookMs: Math.round((performance.now() - started) * 10) / 10,
      ...(mode === 'hybrid' && { semanticRatio: ratio }),
      ...(ignored && { semanticQuery: parsed.semanticText, semanticIgnored: ignored }),
      ...(coverage && { coverage }),
    };
  }

  /** One window of the ranking, in the mode that runs. */
  private page(mode: SearchMode, q: string, parsed: ParsedQuery, ratio: number, filters: ArticleFilters, offset: number, size: number): Promise<Page> {
    if (mode === 'keyword') return this.keywordPage(q, filters, offset, size);
    if (mode === 'semantic') return this.semanticPage(parsed, filters, offset, size);
    return this.hybridPage(q, parsed, ratio, filters, offset, size);
  }

  /** The search's matches per period (see `searchCoverage`), for the mode that runs. */
  private coverage(q: string, parsed: ParsedQuery, mode: SearchMode, filters: ArticleFilters, granularity: CoverageGranularity): Promise<CoveragePeriod[]> {
    const { keywordIndex, store } = this.deps;
    const semantic = this.semanticAvailable ? (limit: number) => this.semanticMatches(parsed, filters, limit) : null;
    return searchCoverage({ keywordIndex, store, semantic }, { q, mode, filters }, granularity);
  }

  private async keywordPage(q: string, filters: ArticleFilters, offset: number, size: number): Promise<Page> {
    const result = await this.deps.keywordIndex.search({ query: q, filters, limit: size, offset, facets: true });
    return {
      total: result.total,
      facets: result.facets ?? EMPTY_FACETS(),
      items: result.hits.map((hit, index) => ({
        id: hit.id,
        score: { keywordRank: offset + index + 1, semanticRank: null, keywordScore: hit.score, semanticSimilarity: null, fused: hit.score },
      })),
    };
  }

  private async semanticPage(parsed: ParsedQuery, filters: ArticleFilters, offset: number, size: number): Promise<Page> {
    const { embedder, settings } = this.deps;
    // Candidates by their best passage, then ranked as wholes, against the same vector.
    const vector = embedder && parsed.semanticText ? embedder.embedQuery(parsed.semanticText) : undefined;
    const found = await this.semanticMatches(parsed, filters, settings.candidates, vector);
    const candidates = vector && found.length > 0 ? this.rescoredMatches(await vector, found.map((candidate) => candidate.id), found.length) : found;
    return {
      total: candidates.length,
      facets: this.facetsOf(candidates.map((candidate) => candidate.id)),
      items: candidates.slice(offset, offset + size).map((candidate, index) => ({
        id: candidate.id,
        score: {
          keywordRank: null, semanticRank: offset + index + 1, keywordScore: null,
          semanticSimilarity: candidate.similarity, fused: candidate.similarity,
        },
      })),
    };
  }

  /**
   * Hybrid: the top keyword and semantic candidates fused (`fuseByScores`, or reciprocal rank
   * as configured), the semantic half counting `ratio`. The result set is every keyword match
   * plus the semantic candidates the keywords missed, so `total` and the facets count both, and
   * paging past the fused head continues with the remaining keyword matches in BM25 order.
   */
  private async hybridPage(q: string, parsed: ParsedQuery, ratio: number, filters: ArticleFilters, offset: number, size: number): Promise<Page> {
    const { keywordIndex, settings, embedder, vectorIndex } = this.deps;
    // The keyword evidence's statistics come with the hits, read in the same pass.
    const operands = settings.fusion === 'rrf' ? [] : evidenceOperands(parsed);
    const keywordSearch = keywordIndex.search({
      query: q, filters, limit: settings.candidates, offset: 0, facets: true, ...(operands.length > 0 && { evidence: operands }),
    });
    // Embedded once: the feedback pass below starts from the same vector, and rescores what both
    // halves found (the filters applied already).
    const queryVector = embedder && vectorIndex && parsed.semanticText ? embedder.embedQuery(parsed.semanticText) : undefined;
    const [keyword, firstSemantic] = await Promise.all([keywordSearch, this.semanticMatches(parsed, filters, settings.candidates, queryVector)]);
    const keywordHitIds = keyword.hits.map((hit) => hit.id);
    const evidence = keywordEvidence(keywordHitIds, keyword.evidence);
    let semantic = firstSemantic;
    const fuse = (semanticList: SemanticCandidate[]) =>
      settings.fusion === 'rrf'
        ? reciprocalRankFusion(
            [
              { ids: keywordHitIds, weight: 2 * (1 - ratio) },
              { ids: semanticList.map((candidate) => candidate.id), weight: 2 * ratio },
            ],
            settings.rrfK,
          )
        : fuseByScores(keyword.hits, semanticList, evidence, ratio);
    const keywordIds = new Set(keywordHitIds);
    // Which semantic candidates outside the keyword head match the words all the same (for the
    // total and the facets). The feedback pass keeps its candidates among the first list and the
    // keyword hits, so the first list's are asked now, while it runs.
    const alsoKeyword = keywordIndex.matching(q, firstSemantic.map((candidate) => candidate.id).filter((id) => !keywordIds.has(id)));
    // Awaited below; not left unheard if the feedback pass fails first.
    alsoKeyword.catch(() => {});
    // Fused first by best passages: that picks the feedback articles (better seeds, measured, than
    // whole-article similarities: docs/evaluation.md).
    let fused = fuse(semantic);
    const refined = queryVector && (await this.refinedQueryVector(await queryVector, fused.slice(0, settings.feedbackArticles).map((item) => item.id)));
    if (refined) {
      semantic = this.rescoredMatches(refined, [...firstSemantic.map((candidate) => candidate.id), ...keywordIds], settings.candidates);
      fused = fuse(semantic);
    } else if (queryVector && settings.leadPassageWeight > 0 && firstSemantic.length > 0) {
      // No feedback pass: the candidates are still ranked as wholes, as in semantic mode.
      semantic = this.rescoredMatches(await queryVector, firstSemantic.map((candidate) => candidate.id), settings.candidates);
      fused = fuse(semantic);
    }
    const semanticIds = new Set(semantic.map((candidate) => candidate.id));
    const notInKeywordHead = semantic.map((candidate) => candidate.id).filter((id) => !keywordIds.has(id));
    const alsoKeywordMatches = await alsoKeyword;
    const semanticOnly = notInKeywordHead.filter((id) => !alsoKeywordMatches.has(id));
    const facets = mergeFacets(keyword.facets ?? EMPTY_FACETS(), this.facetsOf(semanticOnly));

    const keywordScore = new Map(keyword.hits.map((hit) => [hit.id, hit.score]));
    const similarity = new Map(semantic.map((candidate) => [candidate.id, candidate.similarity]));
    const items: PageItem[] = fused.slice(offset, offset + size).map((item) => ({
      id: item.id,
      score: {
        keywordRank: item.ranks[0] ?? null,
        semanticRank: item.ranks[1] ?? null,
        keywordScore: keywordScore.get(item.id) ?? null,
        semanticSimilarity: similarity.get(item.id) ?? null,
        fused: item.score,
      },
    }));
    const wanted = offset + size - Math.max(offset, fused.length);
    if (wanted > 0 && keyword.total > keyword.hits.length) {
      // Beyond the fused head: the keyword matches ranked after the candidates, minus those
      // the semantic list already placed in the head.
      const skip = Math.max(0, offset - fused.length);
      const rest = await keywordIndex.search({
        query: q, filters, limit: skip + wanted + semanticIds.size, offset: keyword.hits.length, facets: false,
      });
      rest.hits
        .map((hit, index) => ({ hit, rank: keyword.hits.length + index + 1 }))
        .filter(({ hit }) => !semanticIds.has(hit.id))
        .slice(skip, skip + wanted)
        .forEach(({ hit, rank }) =>
          items.push({
            id: hit.id,
            score: { keywordRank: rank, semanticRank: null, keywordScore: hit.score, semanticSimilarity: null, fused: 0 },
          }),
        );
    }
    return { total: keyword.total + semanticOnly.length, facets, items };
  }

  /**
   * Every article a search matches, in result order: the set its `total` counts (keyword
   * matches, plus in hybrid and semantic mode the semantic candidates), at most `limit`. What
   * bulk operations on "all the results" act on.
   */
  async matchingIds(request: Pick<SearchRequest, 'q' | 'mode' | 'filters'>, limit: number): Promise<string[]> {
    const q = request.q.trim();
    const parsed = parseQuery(q);
    const mode = !hasSearchTerms(parsed) || !this.semanticAvailable ? 'keyword' : request.mode;
    const keywordIds = async () =>
      mode === 'semantic'
        ? []
        : (await this.deps.keywordIndex.search({ query: q, filters: request.filters, limit, offset: 0, facets: false })).hits.map((hit) => hit.id);
    const [keyword, semantic] = await Promise.all([
      keywordIds(),
      mode === 'keyword' ? Promise.resolve([]) : this.semanticMatches(parsed, request.filters, this.deps.settings.candidates),
    ]);
    return [...new Set([...keyword, ...semantic.map((candidate) => candidate.id)])].slice(0, limit);
  }

  /**
   * The semantic half of a parsed query: the nearest articles to its plain words, minus those
   * that contain an excluded word or phrase (exclusion is the one piece of syntax that can
   * apply to any result, through the keyword index).
   */
  private async semanticMatches(
    parsed: ParsedQuery, filters: ArticleFilters, limit: number, vector?: Float32Array | Promise<Float32Array>,
  ): Promise<SemanticCandidate[]> {
    const candidates = await this.semanticCandidates(vector ?? parsed.semanticText, filters, limit);
    if (parsed.excluded.length === 0 || candidates.length === 0) return candidates;
    const excluded = await this.deps.keywordIndex.matching(anyOperandQuery(parsed.excluded), candidates.map((candidate) => candidate.id));
    return candidates.filter((candidate) => !excluded.has(candidate.id));
  }

  /**
   * Articles scored exactly against a vector, every passage of each, as wholes (`leadWeighted`),
   * best first: how semantic search ranks its candidates, and the feedback pass's second list
   * (the articles both halves found, against the refined vector). For the latter, a second
   * search of the whole index found no better (nDCG@10 on the five shared sets equal or up to 0.002 higher, recall@100 within 0.004
   * either way) and cost an HNSW walk (2.3 ms at 169,081 passages) or, with a broad filter, a
   * second scan of its rows; this costs the candidates' few hundred passages whatever the
   * archive's size. Both halves applied the filters and the excluded words already.
   */
  private rescoredMatches(vector: Float32Array, ids: string[], limit: number): SemanticCandidate[] {
    const { vectorIndex } = this.deps;
    if (!vectorIndex) return [];
    const passages = vectorIndex.passagesOf(new Set(ids));
    return leadWeighted(vectorIndex.exactSearch(vector, passages.length, passages), this.deps.settings.leadPassageWeight).slice(0, limit);
  }

  /**
   * Pseudo-relevance feedback (Rocchio in the embedding space): the query's vector moved toward
   * the mean vector of the best fused articles. Those are mostly found by both halves, so the
   * second semantic pass learns the archive's own words for the need (the French articles an
   * English query found, the names a keyword hit carries). Null without feedback articles.
   */
  private async refinedQueryVector(query: Float32Array, ids: string[]): Promise<Float32Array | null> {
    const { vectorIndex, settings } = this.deps;
    if (!vectorIndex || ids.length === 0) return null;
    const articles = ids.map((id) => vectorIndex.articleVectors(id)).filter((vectors) => vectors.length > 0).map(meanVector);
    if (articles.length === 0) return null;
    const feedback = meanVector(articles);
    const weight = settings.feedbackQueryWeight;
    return meanVector([query.map((value) => value * weight), feedback.map((value) => value * (1 - weight))]);
  }

  /** Articles nearest to the query by meaning, best first (best passage per article). */
  private async semanticCandidates(q: string | Float32Array | Promise<Float32Array>, filters: ArticleFilters, limit: number): Promise<SemanticCandidate[]> {
    const { embedder, vectorIndex } = this.deps;
    if (!embedder || !vectorIndex || q === '') return [];
    // The model runs on its own threads: the filter is read meanwhile.
    const embedding = typeof q === 'string' ? embedder.embedQuery(q) : Promise.resolve(q);
    let allowed: ArticleMask | null;
    try {
      allowed = this.passing.read(filters);
    } catch (error) {
      embedding.catch(() => {});
      throw error;
    }
    if (allowed?.count === 0) {
      embedding.catch(() => {});
      return [];
    }
    const vector = await embedding;
    vectorIndex.refreshIfStale();
    return bestPerArticle(vectorIndex.search(vector, limit * PASSAGES_PER_ARTICLE, allowed ?? undefined)).slice(0, limit);
  }

  /** Facet counts of a set of articles, read from the store. */
  private facetsOf(ids: string[]): FacetCounts {
    const counts = EMPTY_FACETS();
    for (const fields of this.deps.store.facetFields(ids)) {
      for (const facet of ['section', 'lang', 'year'] as const) {
        const value = fields[facet];
        if (value) counts[facet][value] = (counts[facet][value] ?? 0) + 1;
      }
      for (const tag of fields.tags) counts.tag[tag] = (counts.tag[tag] ?? 0) + 1;
    }
    return counts;
  }

  /** One article as stored, or `NotFoundError`. */
  article(id: string): StoredArticle {
    const article = this.deps.store.getArticle(id);
    if (!article) throw new NotFoundError(`no article with id "${id}"`);
    return article;
  }
}

interface PageItem {
  id: string;
  score: ScoreDetails;
}

interface Page {
  total: number;
  facets: FacetCounts;
  items: PageItem[];
}

/** The API's `notice`: each notice code as an English sentence (the web page words them in French). */
function noticeInEnglish(codes: SearchNoticeCode[], context: { unavailable: string | null; semanticText: string; ignored: QueryFeature[] }): string | null {
  const names: Record<QueryFeature, string> = { phrase: 'exact phrases', prefix: 'prefixes (*)', or: 'OR', and: 'AND', exclusion: 'exclusions', group: 'parentheses' };
  const sentences: Record<SearchNoticeCode, () => string> = {
    SEMANTIC_OFF: () => `Keyword results only: semantic search is off (${context.unavailable ?? 'no embedding model'}).`,
    SYNTAX_KEYWORD_ONLY: () =>
      `Meaning search read the query as plain words ("${context.semanticText}"): ${context.ignored.map((feature) => names[feature]).join(', ')} apply to keyword matches only.`,
  };
  return codes.length ? codes.map((code) => sentences[code]()).join(' ') : null;
}

function mergeFacets(a: FacetCounts, b: FacetCounts): FacetCounts {
  const merged = EMPTY_FACETS();
  for (const source of [a, b]) {
    for (const facet of Object.keys(merged) as (keyof FacetCounts)[]) {
      for (const [value, count] of Object.entries(source[facet])) merged[facet][value] = (merged[facet][value] ?? 0) + count;
    }
  }
  return merged;
}

function toHit(article: StoredArticle, terms: string[], score: ScoreDetails, versions: string[]): SearchHit {
  // The snippet comes from the standfirst or body, whichever shows more of the query.
  const fromBody = highlightSnippet(article.body, terms, { words: DEFAULT_SNIPPET_WORDS });
  const fromSummary = article.summary ? highlightSnippet(article.summary, terms, { words: DEFAULT_SNIPPET_WORDS }) : '';
  const marks = (html: string) => html.split('<mark>').length;
  const snippet = fromSummary && marks(fromSummary) >= marks(fromBody) ? fromSummary : fromBody;
  const { id, title, date, section, authors, tags, lang, url } = article;
  return { id, title, date, section, authors, tags, lang, url, snippet, score, versions };
}
