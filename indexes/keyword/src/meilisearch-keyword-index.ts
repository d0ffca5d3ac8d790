import { createHash } from 'node:crypto';
import { Meilisearch, type Index, type MultiSearchQueryWithFederation, type SearchResponse } from 'meilisearch';
import { ArchiveError, cleanTags } from '@archive/core';
import { analyzedText as analyzed } from '@archive/text';
import type { ArticleFilters } from '@archive/store';
import {
  EMPTY_FACETS,
  filtersForFacet,
  type FacetName,
  type KeywordChanges,
  type KeywordDocument,
  type KeywordIndex,
  type KeywordSearchRequest,
  type KeywordSearchResult,
  type OperandEvidence,
  type PeriodGranularity,
} from './keyword-index.ts';
import { anyOperandQuery, type QueryOperand } from './query-parser.ts';
import { filterExpressions, literal, textQueries, type TextQuery } from './meilisearch-query.ts';
import { articleSettings } from './meilisearch-settings.ts';
import { errorMessage, httpStatus, nodeHttpClient } from './meilisearch-http.ts';
import { runTask, withRetry } from './meilisearch-tasks.ts';

/** What is sent to Meilisearch: analysed text (as for the embedded engine) and filter fields. */
interface MeiliDocument {
  /** Meilisearch ids allow only `[A-Za-z0-9_-]`: other article ids are hashed (see `docId`). */
  docId: string;
  articleId: string;
  /** The store change number of this version (see `versions`). */
  seq: number;
  title: string;
  summary: string;
  body: string;
  meta: string;
  /** `YYYYMMDD` as a number: Meilisearch compares numbers, not date strings. */
  day: number | null;
  year: string | null;
  /** `YYYY-MM`, for coverage over time by month. */
  month: string | null;
  section: string | null;
  lang: string | null;
  /** Lower-cased, for case-blind filters. */
  authors: string[];
  /** Tag labels, for the tag facet. */
  tags: string[];
  /** Tag keys (see `tagKey`), for tag filters. */
  tagKeys: string[];
}

/**
 * The applied change number lives in the articles index itself, as a document no search can
 * return (it has no text, and browsing filters on `articleId EXISTS`): an index swap then
 * carries it along with the documents it describes.
 */
interface StateDocument {
  docId: typeof STATE_DOC_ID;
  appliedSeq: number;
  /** The document layout the index was written with (see `LAYOUT`). */
  layout: number;
}

/**
 * Bump when articles' documents gain or change a field: an index written with another layout
 * reports change 0, so the next sync uploads every article again (layout 2 added `month`).
 * New settings alone would not do: Meilisearch re-indexes the documents it has, as they are.
 */
const LAYOUT = 2;

/** Starts with `_`, which no article's `docId` does. */
const STATE_DOC_ID = '_state';
const IS_ARTICLE = 'articleId EXISTS';
const FACET_FIELDS: Record<FacetName, string> = { section: 'section', lang: 'lang', year: 'year', tag: 'tags' };
const FACET_NAMES = Object.keys(FACET_FIELDS) as FacetName[];
/** Years per facet request when counting months: Meilisearch returns at most 200 values of a facet. */
const YEARS_PER_MONTH_REQUEST = 16;
/** Documents sent per request. */
const UPLOAD_BATCH = 1000;
/** Documents read per request by `versions`. */
const READ_BATCH = 5000;
/** Per HTTP request: a stuck connection fails (and is retried) instead of hanging. */
const REQUEST_TIMEOUT_MS = 60_000;

/** Article ids made of `[A-Za-z0-9_-]` (not starting with `_`) are kept, others hashed. */
function docId(articleId: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9_-]{0,499}$/.test(articleId) ? articleId : `h_${createHash('sha256').update(articleId).digest('hex').slice(0, 40)}`;
}

function toMeiliDocument(doc: KeywordDocument): MeiliDocument {
  return {
    docId: docId(doc.id),
    articleId: doc.id,
    seq: doc.seq,
    title: analyzed(doc.title),
    summary: analyzed(doc.summary),
    body: analyzed(doc.body),
    meta: analyzed([...doc.authors, ...doc.tags, doc.section ?? ''].join(' ')),
    day: doc.date ? Number(doc.date.replaceAll('-', '')) : null,
    year: doc.date?.slice(0, 4) ?? null,
    month: doc.date?.slice(0, 7) ?? null,
    section: doc.section,
    lang: doc.lang,
    authors: doc.authors.map((author) => author.toLowerCase()),
    tags: cleanTags(doc.tags).map((tag) => tag.label),
    tagKeys: cleanTags(doc.tags).map((tag) => tag.key),
  };
}

/** One pool of kept-alive connections for the process. */
const HTTP_CLIENT = nodeHttpClient();

function client(options: { url: string; apiKey: string | null }): Meilisearch {
  return new Meilisearch({ host: options.url, apiKey: options.apiKey ?? undefined, timeout: REQUEST_TIMEOUT_MS, httpClient: HTTP_CLIENT });
}

function failure(what: string, error: unknown): ArchiveError {
  if (error instanceof ArchiveError) return error;
  return new ArchiveError('BACKEND_FAILED', `Meilisearch ${what} failed: ${errorMessage(error)}`, { cause: error });
}

type Hit = { articleId?: string; _rankingScore?: number; _federation?: { weightedRankingScore: number } };

/**
 * The keyword engine on a Meilisearch server, for archives that outgrow one machine. It indexes
 * the same analysed text as the embedded engine (so French elisions and diacritics behave the
 * same) and matches the same articles (every phrase, any loose word: see `textQueries`); it
 * ranks with Meilisearch's rules (see `RANKING_RULES`). Every write is a task whose outcome is
 * checked; transient failures are retried.
 *
 * @example
 * const index = await MeilisearchKeywordIndex.open({ url: 'http://127.0.0.1:7700', apiKey: null });
 * const { total, hits } = await index.search({ query: "l'économie", filters: {}, limit: 10, offset: 0, facets: false });
 */
export class MeilisearchKeywordIndex implements KeywordIndex {
  readonly engine = 'meilisearch';

  private constructor(
    private readonly client: Meilisearch,
    private readonly articles: Index<MeiliDocument>,
  ) {}

  /** Opens (creating it if need be) the index `indexUid` and brings its settings up to date. */
  static async open(options: { url: string; apiKey: string | null; indexUid?: string }): Promise<MeilisearchKeywordIndex> {
    const uid = options.indexUid ?? 'archive_articles';
    const meili = client(options);
    try {
      await withRetry(() => meili.health(), 'write');
      await runTask(meili, `creation of index ${uid}`, () => meili.createIndex(uid, { primaryKey: 'docId' }), {
        idempotent: true,
        accept: ['index_already_exists'],
      });
      const articles = meili.index<MeiliDocument>(uid);
      await runTask(meili, `settings of index ${uid}`, () => articles.updateSettings(articleSettings()));
      return new MeilisearchKeywordIndex(meili, articles);
    } catch (error) {
      throw new ArchiveError('BACKEND_FAILED', `cannot use Meilisearch at ${options.url}: ${errorMessage(error)}`, { cause: error });
    }
  }

  /**
   * Zero-downtime rebuild: `liveUid` now serves what was built in `builtUid` (documents and
   * applied change number alike), and the old index, now under `builtUid`, is deleted. When
   * `liveUid` does not exist yet, `builtUid` is renamed to it.
   *
   * @example
   * const built = await MeilisearchKeywordIndex.open({ ...options, indexUid: 'archive_articles_next' });
   * await syncKeywordIndex(built, store, logger);
   * await MeilisearchKeywordIndex.swapAndDrop(options, 'archive_articles', 'archive_articles_next');
   */
  static async swapAndDrop(options: { url: string; apiKey: string | null }, liveUid: string, builtUid: string): Promise<void> {
    const meili = client(options);
    const exists = async (uid: string) => {
      try {
        await withRetry(() => meili.getIndex(uid), 'read');
        return true;
      } catch (error) {
        if (httpStatus(error) === 404) return false;
        throw failure(`lookup of index ${uid}`, error);
      }
    };
    // Renaming takes the existing index first, the new name second.
    const rename = !(await exists(liveUid));
    // Not idempotent (a second swap swaps back): retried only when the server never got it.
    await runTask(meili, `swap of ${liveUid} and ${builtUid}`, () => meili.swapIndexes([{ indexes: rename ? [builtUid, liveUid] : [liveUid, builtUid], rename }]), {
      idempotent: false,
    });
    if (!rename) await runTask(meili, `deletion of the old index, now ${builtUid}`, () => meili.deleteIndex(builtUid));
  }

  /** Deletes an index (a discarded generation); absent already is fine. */
  static async drop(options: { url: string; apiKey: string | null }, uid: string): Promise<void> {
    const meili = client(options);
    await runTask(meili, `deletion of index ${uid}`, () => meili.deleteIndex(uid));
  }

  get uid(): string {
    return this.articles.uid;
  }

  async appliedSeq(): Promise<number> {
    try {
      const state = (await withRetry(() => this.articles.getDocument(STATE_DOC_ID), 'read')) as unknown as Partial<StateDocument>;
      return state.layout === LAYOUT ? (state.appliedSeq ?? 0) : 0;
    } catch (error) {
      if (httpStatus(error) === 404) return 0;
      throw failure('read of the applied change', error);
    }
  }

  /**
   * Deletions, then upserts; the change number rides in the last upload, so it is recorded in
   * the same task as the documents, and never when a task failed (that throws first).
   */
  async apply(changes: KeywordChanges): Promise<void> {
    const documents: (MeiliDocument | StateDocument)[] = changes.upserts.map(toMeiliDocument);
    documents.push({ docId: STATE_DOC_ID, appliedSeq: changes.seq, layout: LAYOUT });
    if (changes.deletedIds.length) {
      const ids = changes.deletedIds.map(docId);
      await runTask(this.client, `deletion of ${ids.length} articles`, () => this.articles.deleteDocuments(ids));
    }
    for (let start = 0; start < documents.length; start += UPLOAD_BATCH) {
      const batch = documents.slice(start, start + UPLOAD_BATCH);
      await runTask(this.client, `upload of ${batch.length} documents up to change ${changes.seq}`, () =>
        this.articles.addDocuments(batch as MeiliDocument[]),
      );
    }
  }

  async search(request: KeywordSearchRequest): Promise<KeywordSearchResult> {
    const queries = textQueries(request.query);
    if (queries.length === 0) return { total: 0, hits: [], facets: request.facets ? EMPTY_FACETS() : null };
    const filter = filterExpressions(request.filters);
    // Disjunctive facets: a facet whose own filter is set is counted without it, in its own
    // request; the others are counted with the hits.
    const own = request.facets ? FACET_NAMES.filter((name) => hasOwnFilter(request.filters, name)) : [];
    const shared = request.facets ? FACET_NAMES.filter((name) => !own.includes(name)) : [];
    try {
      const blank = queries[0]!.q === '';
      const [main, ...separate] = blank
        ? await this.browse(filter, request, shared, own)
        : await Promise.all([
            this.federated(queries, filter, request.offset, request.limit, shared.map((name) => FACET_FIELDS[name])),
            ...own.map((name) => this.federated(queries, filterExpressions(filtersForFacet(request.filters, name)), 0, 0, [FACET_FIELDS[name]])),
          ]);
      const facets = request.facets ? EMPTY_FACETS() : null;
      if (facets) {
        for (const response of [main!, ...separate]) {
          for (const [field, counts] of Object.entries(response.facets)) Object.assign(facets[facetName(field)], counts);
        }
      }
      const evidence = request.evidence?.length && main!.hits.length ? await this.evidenceOf(request.evidence, main!.hits.map((hit) => hit.id)) : null;
      return { total: main!.total, hits: main!.hits, facets, ...(evidence && { evidence }) };
    } catch (error) {
      throw failure('search', error);
    }
  }

  /** `KeywordSearchRequest.evidence`: the statistics, and one request per operand for its holders among `ids`. */
  private async evidenceOf(operands: QueryOperand[], ids: string[]): Promise<OperandEvidence> {
    const [documents, counts, holders] = await Promise.all([
      this.count(),
      this.documentFrequencies(operands.map((operand) => operand.terms)),
      Promise.all(operands.map((operand) => this.matching(anyOperandQuery([operand]), ids))),
    ]);
    return { documents, frequencies: operands.map((operand, i) => (operand.prefix ? null : counts[i]!)), holders: holders.map((found) => [...found]) };
  }

  /**
   * One federated multi-search over `textQueries`: the union of their matches, ranked by
   * weighted score, with its exact size and facet counts.
   */
  private async federated(queries: TextQuery[], filter: string[], offset: number, limit: number, facets: string[]): Promise<Counted> {
    const uid = this.articles.uid;
    const response = (await withRetry(
      () =>
        this.client.multiSearch({
          federation: { offset, limit, ...(facets.length ? { facetsByIndex: { [uid]: facets } } : {}) },
          queries: queries.map(
            (query): MultiSearchQueryWithFederation => ({
              indexUid: uid,
              q: query.q,
              matchingStrategy: query.matchingStrategy,
              filter,
              attributesToRetrieve: ['articleId'],
              federationOptions: { weight: query.weight },
            }),
          ),
        }),
      'read',
    )) as SearchResponse<MeiliDocument>;
    return {
      total: response.estimatedTotalHits ?? 0,
      hits: (response.hits as Hit[]).map((hit) => ({ id: hit.articleId!, score: hit._federation?.weightedRankingScore ?? 0 })),
      facets: response.facetsByIndex?.[uid]?.distribution ?? {},
    };
  }

  /** A blank query: every article passing the filters, newest first; facets in the same request. */
  private async browse(filter: string[], request: KeywordSearchRequest, shared: FacetName[], own: FacetName[]): Promise<Counted[]> {
    const uid = this.articles.uid;
    const aligned = request.limit > 0 && request.offset % request.limit === 0;
    const facetQuery = (names: FacetName[], facetFilter: string[]) => ({
      indexUid: uid,
      q: '',
      filter: [IS_ARTICLE, ...facetFilter],
      facets: names.map((name) => FACET_FIELDS[name]),
      limit: 0,
    });
    const { results } = await withRetry(
      () =>
        this.client.multiSearch({
          queries: [
            {
              indexUid: uid,
              q: '',
              filter: [IS_ARTICLE, ...filter],
              sort: ['day:desc'],
              attributesToRetrieve: ['articleId'],
              ...(shared.length ? { facets: shared.map((name) => FACET_FIELDS[name]) } : {}),
              // Aligned pages give an exact total; other windows an estimate.
              ...(aligned ? { page: request.offset / request.limit + 1, hitsPerPage: request.limit } : { offset: request.offset, limit: request.limit }),
            },
            ...own.map((name) => facetQuery([name], filterExpressions(filtersForFacet(request.filters, name)))),
          ],
        }),
      'read',
    );
    return results.map((result) => {
      const counted = result as { totalHits?: number; estimatedTotalHits?: number };
      return {
        total: counted.totalHits ?? counted.estimatedTotalHits ?? result.hits.length,
        hits: (result.hits as Hit[]).map((hit) => ({ id: hit.articleId!, score: 0 })),
        facets: result.facetDistribution ?? {},
      };
    });
  }

  /**
   * The `year` (or `month`) facet distribution of the matches. Months are counted in windows of
   * `YEARS_PER_MONTH_REQUEST` years, found from the years first, so that no month is cut off.
   */
  async periods(query: string, filters: ArticleFilters, granularity: PeriodGranularity): Promise<Record<string, number>> {
    const queries = textQueries(query);
    if (queries.length === 0) return {};
    const filter = [IS_ARTICLE, ...filterExpressions(filters)];
    const count = async (extra: string[], field: string) => (await this.federated(queries, [...filter, ...extra], 0, 0, [field])).facets[field] ?? {};
    try {
      const years = await count([], 'year');
      if (granularity === 'year') return years;
      const windows: number[] = [];
      for (const year of Object.keys(years).map(Number).sort((a, b) => a - b)) {
        if (windows.length === 0 || year >= windows.at(-1)! + YEARS_PER_MONTH_REQUEST) windows.push(year);
      }
      const parts = await Promise.all(
        windows.map((first) => count([`day >= ${first * 10000 + 101}`, `day <= ${(first + YEARS_PER_MONTH_REQUEST - 1) * 10000 + 1231}`], 'month')),
      );
      return Object.assign({}, ...parts) as Record<string, number>;
    } catch (error) {
      throw failure('period counts', error);
    }
  }

  async matching(query: string, ids: string[]): Promise<Set<string>> {
    const queries = textQueries(query);
    if (queries.length === 0 || queries[0]!.q === '' || ids.length === 0) return new Set();
    try {
      const result = await this.federated(queries, [`articleId IN [${ids.map(literal).join(', ')}]`], 0, ids.length, []);
      return new Set(result.hits.map((hit) => hit.id));
    } catch (error) {
      throw failure('search', error);
    }
  }

  async count(): Promise<number> {
    try {
      const result = await withRetry(() => this.articles.search('', { filter: IS_ARTICLE, page: 1, hitsPerPage: 0 }), 'read');
      return result.totalHits;
    } catch (error) {
      throw failure('count', error);
    }
  }

  /** Pages through every article document, reading only its id and change number. */
  async versions(): Promise<Map<string, number>> {
    const versions = new Map<string, number>();
    try {
      for (let offset = 0; ; offset += READ_BATCH) {
        const page = await withRetry(
          () => this.articles.getDocuments<Pick<MeiliDocument, 'articleId' | 'seq'>>({ fields: ['articleId', 'seq'], filter: IS_ARTICLE, offset, limit: READ_BATCH }),
          'read',
        );
        for (const doc of page.results) versions.set(doc.articleId, doc.seq);
        if (page.results.length < READ_BATCH) return versions;
      }
    } catch (error) {
      throw failure('read of document versions', error);
    }
  }

  /** Quoted, so that a word counts only itself: no typo, no prefix. */
  async documentFrequencies(phrases: string[][]): Promise<number[]> {
    const clean = phrases.map((terms) => terms.filter((term) => /^[\p{L}\p{N}]+$/u.test(term)));
    // An empty phrase would be a placeholder search (every document): it holds nothing.
    const asked = clean.filter((terms) => terms.length > 0);
    if (asked.length === 0) return phrases.map(() => 0);
    try {
      const { results } = await withRetry(
        () =>
          this.client.multiSearch({
            queries: asked.map((terms) => ({
              indexUid: this.articles.uid,
              q: `"${terms.join(' ')}"`,
              matchingStrategy: 'all' as const,
              attributesToRetrieve: ['articleId'],
              page: 1,
              hitsPerPage: 0,
            })),
          }),
        'read',
      );
      const counts = results.map((result) => (result as { totalHits?: number }).totalHits ?? 0);
      return clean.map((terms) => (terms.length ? counts.shift()! : 0));
    } catch (error) {
      throw failure('document frequencies', error);
    }
  }

  async clear(): Promise<void> {
    await runTask(this.client, `deletion of every document of ${this.articles.uid}`, () => this.articles.deleteAllDocuments());
  }

  async close(): Promise<void> {}
}

/** Hits, total and facet counts of one request. */
interface Counted {
  total: number;
  hits: { id: string; score: number }[];
  facets: Record<string, Record<string, number>>;
}

const facetName = (field: string) => FACET_NAMES.find((name) => FACET_FIELDS[name] === field)!;

/** Whether the filters restrict this facet's own field (its counts then need their own request). */
function hasOwnFilter(filters: ArticleFilters, name: FacetName): boolean {
  return filterExpressions(filtersForFacet(filters, name)).length !== filterExpressions(filters).length;
}
