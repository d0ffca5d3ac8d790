import { createHash } from 'node:crypto';
import { Meilisearch, MeilisearchApiError, type Index, type SearchParams } from 'meilisearch';
import { ArchiveError, cleanTags, tagKey } from '@archive/core';
import { analyzedText as analyzed } from '@archive/text';
import type { ArticleFilters } from '@archive/store';
import {
  EMPTY_FACETS,
  filtersForFacet,
  type FacetCounts,
  type FacetName,
  type KeywordChanges,
  type KeywordDocument,
  type KeywordIndex,
  type KeywordSearchRequest,
  type KeywordSearchResult,
} from './keyword-index.ts';
import { parseQuery } from './query-parser.ts';

/** What is sent to Meilisearch: analysed text (as for the embedded engine) and filter fields. */
interface MeiliDocument {
  /** Meilisearch ids allow only `[A-Za-z0-9_-]`: other article ids are hashed (see `docId`). */
  docId: string;
  articleId: string;
  title: string;
  summary: string;
  body: string;
  meta: string;
  /** `YYYYMMDD` as a number: Meilisearch compares numbers, not date strings. */
  day: number | null;
  year: string | null;
  section: string | null;
  lang: string | null;
  /** Lower-cased, for case-blind filters. */
  authors: string[];
  /** Tag labels, for the tag facet. */
  tags: string[];
  /** Tag keys (see `tagKey`), for tag filters. */
  tagKeys: string[];
}

const FACET_FIELDS: Record<FacetName, string> = { section: 'section', lang: 'lang', year: 'year', tag: 'tags' };
const STATE_ID = 'state';
/** Documents sent per request. */
const UPLOAD_BATCH = 1000;

function docId(articleId: string): string {
  return /^[A-Za-z0-9_-]{1,500}$/.test(articleId) ? articleId : `h_${createHash('sha256').update(articleId).digest('hex').slice(0, 40)}`;
}

function toMeiliDocument(doc: KeywordDocument): MeiliDocument {
  return {
    docId: docId(doc.id),
    articleId: doc.id,
    title: analyzed(doc.title),
    summary: analyzed(doc.summary),
    body: analyzed(doc.body),
    meta: analyzed([...doc.authors, ...doc.tags, doc.section ?? ''].join(' ')),
    day: doc.date ? Number(doc.date.replaceAll('-', '')) : null,
    year: doc.date?.slice(0, 4) ?? null,
    section: doc.section,
    lang: doc.lang,
    authors: doc.authors.map((author) => author.toLowerCase()),
    tags: cleanTags(doc.tags).map((tag) => tag.label),
    tagKeys: cleanTags(doc.tags).map((tag) => tag.key),
  };
}

/** A Meilisearch filter string literal. */
const literal = (value: string) => `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

/** Meilisearch filter expressions for the filters (ANDed by Meilisearch when given as an array). */
function filterExpressions(filters: ArticleFilters): string[] {
  const expressions: string[] = [];
  if (filters.dateFrom) expressions.push(`day >= ${Number(filters.dateFrom.replaceAll('-', ''))}`);
  if (filters.dateTo) expressions.push(`day <= ${Number(filters.dateTo.replaceAll('-', ''))}`);
  const inList = (field: string, values: string[] | undefined, lower = false) => {
    if (values?.length) expressions.push(`${field} IN [${values.map((v) => literal(lower ? v.toLowerCase() : v)).join(', ')}]`);
  };
  inList('section', filters.sections);
  inList('lang', filters.langs);
  inList('authors', filters.authors, true);
  if (filters.tags?.length) expressions.push(`tagKeys IN [${filters.tags.map((tag) => literal(tagKey(tag))).join(', ')}]`);
  return expressions;
}

/** The query Meilisearch receives: analysed words, and phrases kept in quotes. */
function meiliQuery(query: string): string {
  const parsed = parseQuery(query);
  return [...parsed.phrases.map((terms) => `"${terms.join(' ')}"`), ...parsed.terms].join(' ');
}

/**
 * The keyword engine on a Meilisearch server, for archives that outgrow one machine. It indexes
 * the same analysed text as the embedded engine (so French elisions and diacritics behave the
 * same), ranks with Meilisearch's own rules (attribute order: title, standfirst, body, meta),
 * and keeps its applied change number in a second index.
 *
 * @example
 * const index = await MeilisearchKeywordIndex.open({ url: 'http://127.0.0.1:7700', apiKey: null });
 */
export class MeilisearchKeywordIndex implements KeywordIndex {
  readonly engine = 'meilisearch';

  private constructor(
    private readonly client: Meilisearch,
    private readonly articles: Index<MeiliDocument>,
    private readonly state: Index<{ id: string; appliedSeq: number }>,
  ) {}

  static async open(options: { url: string; apiKey: string | null; indexUid?: string }): Promise<MeilisearchKeywordIndex> {
    const uid = options.indexUid ?? 'archive_articles';
    const client = new Meilisearch({ host: options.url, apiKey: options.apiKey ?? undefined });
    try {
      await client.health();
      await client.createIndex(uid, { primaryKey: 'docId' }).waitTask();
      await client.createIndex(`${uid}_state`, { primaryKey: 'id' }).waitTask();
      const articles = client.index<MeiliDocument>(uid);
      await articles
        .updateSettings({
          searchableAttributes: ['title', 'summary', 'body', 'meta'],
          filterableAttributes: ['articleId', 'day', 'year', 'section', 'lang', 'authors', 'tags', 'tagKeys'],
          sortableAttributes: ['day'],
          pagination: { maxTotalHits: 1_000_000 },
          faceting: { maxValuesPerFacet: 200 },
        })
        .waitTask();
      return new MeilisearchKeywordIndex(client, articles, client.index(`${uid}_state`));
    } catch (error) {
      throw new ArchiveError('BACKEND_FAILED', `cannot use Meilisearch at ${options.url}: ${(error as Error).message}`, { cause: error });
    }
  }

  async appliedSeq(): Promise<number> {
    try {
      return (await this.state.getDocument(STATE_ID)).appliedSeq;
    } catch (error) {
      if (error instanceof MeilisearchApiError && error.response.status === 404) return 0;
      throw error;
    }
  }

  /** Upserts, then deletions, then the change number: replaying a batch is harmless. */
  async apply(changes: KeywordChanges): Promise<void> {
    const documents = changes.upserts.map(toMeiliDocument);
    for (let start = 0; start < documents.length; start += UPLOAD_BATCH) {
      await this.articles.addDocuments(documents.slice(start, start + UPLOAD_BATCH)).waitTask();
    }
    if (changes.deletedIds.length) await this.articles.deleteDocuments(changes.deletedIds.map(docId)).waitTask();
    await this.state.addDocuments([{ id: STATE_ID, appliedSeq: changes.seq }]).waitTask();
  }

  async search(request: KeywordSearchRequest): Promise<KeywordSearchResult> {
    const q = meiliQuery(request.query);
    if (!q && request.query.trim()) return { total: 0, hits: [], facets: request.facets ? EMPTY_FACETS() : null };
    // Aligned pages give an exact total; other windows an estimate.
    const aligned = request.offset % request.limit === 0;
    const params: SearchParams = {
      filter: filterExpressions(request.filters),
      attributesToRetrieve: ['articleId'],
      showRankingScore: true,
      ...(q ? {} : { sort: ['day:desc'] }),
      ...(aligned ? { page: request.offset / request.limit + 1, hitsPerPage: request.limit } : { offset: request.offset, limit: request.limit }),
    };
    const [result, facets] = await Promise.all([
      this.articles.search(q, params),
      request.facets ? this.facets(q, request.filters) : Promise.resolve(null),
    ]);
    const counted = result as { totalHits?: number; estimatedTotalHits?: number };
    const total = counted.totalHits ?? counted.estimatedTotalHits ?? result.hits.length;
    return {
      total,
      hits: result.hits.map((hit) => ({ id: hit.articleId!, score: q ? (hit._rankingScore ?? 0) : 0 })),
      facets,
    };
  }

  /** Disjunctive facet counts: one query per facet, without that facet's own filter. */
  private async facets(q: string, filters: ArticleFilters): Promise<FacetCounts> {
    const names = Object.keys(FACET_FIELDS) as FacetName[];
    const { results } = await this.client.multiSearch({
      queries: names.map((name) => ({
        indexUid: this.articles.uid,
        q,
        filter: filterExpressions(filtersForFacet(filters, name)),
        facets: [FACET_FIELDS[name]],
        limit: 0,
      })),
    });
    const counts = EMPTY_FACETS();
    names.forEach((name, i) => Object.assign(counts[name], results[i]?.facetDistribution?.[FACET_FIELDS[name]] ?? {}));
    return counts;
  }

  async matching(query: string, ids: string[]): Promise<Set<string>> {
    const q = meiliQuery(query);
    if (!q || ids.length === 0) return new Set();
    const result = await this.articles.search(q, {
      filter: [`articleId IN [${ids.map(literal).join(', ')}]`],
      attributesToRetrieve: ['articleId'],
      limit: ids.length,
    });
    return new Set(result.hits.map((hit) => hit.articleId!));
  }

  async count(): Promise<number> {
    return (await this.articles.getStats()).numberOfDocuments;
  }

  async documentFrequencies(phrases: string[][]): Promise<number[]> {
    if (phrases.length === 0) return [];
    const { results } = await this.client.multiSearch({
      queries: phrases.map((terms) => ({
        indexUid: this.articles.uid,
        q: terms.length > 1 ? `"${terms.join(' ')}"` : (terms[0] ?? ''),
        matchingStrategy: 'all' as const,
        attributesToRetrieve: ['articleId'],
        page: 1,
        hitsPerPage: 1,
      })),
    });
    return results.map((result) => (result as { totalHits?: number }).totalHits ?? 0);
  }

  async clear(): Promise<void> {
    await this.articles.deleteAllDocuments().waitTask();
    await this.state.deleteAllDocuments().waitTask();
  }

  async close(): Promise<void> {}
}
