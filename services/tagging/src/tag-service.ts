import { ArchiveError, NotFoundError, parseTag, type Logger, type Tag } from '@archive/core';
import { syncKeywordIndex, type KeywordIndex } from '@archive/keyword-index';
import { BadRequestError, type SearchRequest, type SearchService } from '@archive/search';
import type { ArticleStore, Principal, StoredArticle, TagChange, TagChangeVia, VocabularyEntry } from '@archive/store';
import type { VectorIndex } from '@archive/vector-index';
import { likelyDuplicates, type DuplicateGroup } from './tag-duplicates.ts';
import { suggestTags, type TagSuggestion } from './suggest-tags.ts';

/** Most articles one bulk operation may change. */
export const MAX_BULK_ARTICLES = 50_000;
/** Most tags one request may add or remove. */
const MAX_TAGS_PER_REQUEST = 50;

export interface TagServiceDeps {
  store: ArticleStore;
  keywordIndex: KeywordIndex;
  search: SearchService;
  vectorIndex: VectorIndex | null;
  logger: Logger;
}

/** Tags to add and remove, as an editor typed them. */
export interface TagRequest {
  add?: string[];
  remove?: string[];
}

export interface BulkTagRequest extends TagRequest {
  search: Pick<SearchRequest, 'q' | 'mode' | 'filters'>;
  /** Count the matching articles, change nothing. */
  dryRun?: boolean;
  /** The count the editor confirmed: when the search now matches another number, nothing is changed. */
  expectedCount?: number;
}

/**
 * What editors do with tags: add and remove them on one article or on every result of a
 * search, see the vocabulary and its likely duplicates, merge tags, read the audit trail, and
 * get suggestions (accept or reject them). Every change is audited under the principal's name
 * and reaches the keyword index before the call returns, so filters and facets show it at once.
 *
 * @example
 * const tags = new TagService({ store, keywordIndex, search, vectorIndex, logger });
 * await tags.change('orangesum-4', { add: ['Retraites'] }, { name: 'alice', role: 'editor' });
 */
export class TagService {
  /** Index catch-ups run one at a time: two editors' writes must not race on the applied change number. */
  private syncing: Promise<unknown> = Promise.resolve();
  private tagged: { mark: string; ids: Set<string> } | null = null;

  constructor(private readonly deps: TagServiceDeps) {}

  private article(id: string): StoredArticle {
    const article = this.deps.store.getArticle(id);
    if (!article) throw new NotFoundError(`no article with id "${id}"`);
    return article;
  }

  /** Brings the keyword index up to the store's last change (tag changes included). */
  private async syncIndexes(): Promise<void> {
    const run = this.syncing.then(() => syncKeywordIndex(this.deps.keywordIndex, this.deps.store, this.deps.logger));
    this.syncing = run.catch(() => undefined);
    await run;
  }

  private operations(request: TagRequest): { add: Tag[]; remove: Tag[] } {
    const add = (request.add ?? []).map(parseTag);
    const remove = (request.remove ?? []).map(parseTag);
    if (add.length + remove.length === 0) throw new BadRequestError('add', 'give at least one tag to add or remove');
    if (add.length + remove.length > MAX_TAGS_PER_REQUEST) {
      throw new BadRequestError('add', `at most ${MAX_TAGS_PER_REQUEST} tags per request (add and remove together)`);
    }
    const removed = new Set(remove.map((tag) => tag.key));
    const both = add.find((tag) => removed.has(tag.key));
    if (both) throw new BadRequestError('remove', `tag "${both.label}" is both added and removed`);
    return { add, remove };
  }

  /** Adds and removes tags on one article; answers its tags afterwards. */
  async change(id: string, request: TagRequest, by: Principal, via: TagChangeVia = 'manual'): Promise<{ id: string; tags: string[]; change: TagChange | null }> {
    const operations = this.operations(request);
    this.article(id);
    const [change] = this.deps.store.tags.change([id], operations, by.name, via);
    await this.syncIndexes();
    return { id, tags: this.article(id).tags, change: change ?? null };
  }

  /**
   * Adds and removes tags on every article a search matches (the set its total counts), in one
   * transaction. A dry run only counts them; `expectedCount` refuses to run (409) when the
   * search no longer matches the number the editor confirmed.
   */
  async bulk(request: BulkTagRequest, by: Principal): Promise<{ matched: number; changed: number; dryRun: boolean }> {
    const operations = this.operations(request);
    const ids = await this.deps.search.matchingIds(request.search, MAX_BULK_ARTICLES + 1);
    if (ids.length > MAX_BULK_ARTICLES) {
      throw new BadRequestError('search', `matches more than ${MAX_BULK_ARTICLES} articles; narrow it with filters`);
    }
    if (request.dryRun) return { matched: ids.length, changed: 0, dryRun: true };
    if (request.expectedCount !== undefined && request.expectedCount !== ids.length) {
      throw new ArchiveError('CONFLICT', `expectedCount: the search now matches ${ids.length} articles, not ${request.expectedCount}; count again`);
    }
    const { q, mode, filters } = request.search;
    const changes = this.deps.store.tags.change(ids, operations, by.name, 'bulk', { search: { q, mode, filters } });
    await this.syncIndexes();
    this.deps.logger.info({ actor: by.name, matched: ids.length, changed: changes.length }, 'bulk tag change');
    return { matched: ids.length, changed: changes.length, dryRun: false };
  }

  /** The tags in use, most used first, optionally those starting with `prefix` (autocomplete). */
  vocabulary(options: { prefix?: string; limit: number; offset?: number }): { total: number; tags: VocabularyEntry[] } {
    return this.deps.store.tags.vocabulary(options);
  }

  /** Tags that are probably one tag spelled several ways (case, accents, plural). */
  duplicates(): DuplicateGroup[] {
    const { tags } = this.deps.store.tags.vocabulary({ limit: 1_000_000 });
    return likelyDuplicates(tags);
  }

  /** Merges tags into one (`from` may include `into`), as one audited operation. */
  async merge(request: { from: string[]; into: string }, by: Principal): Promise<{ into: string; changed: number }> {
    const from = request.from.map(parseTag);
    const into = parseTag(request.into);
    if (from.length === 0) throw new BadRequestError('from', 'give at least one tag to merge');
    const changes = this.deps.store.tags.merge(from, into, by.name);
    await this.syncIndexes();
    this.deps.logger.info({ actor: by.name, from: from.map((tag) => tag.label), into: into.label, changed: changes.length }, 'tags merged');
    return { into: into.label, changed: changes.length };
  }

  history(id: string): TagChange[] {
    this.article(id);
    return this.deps.store.tags.history(id);
  }

  audit(options: { since?: string | null; actor?: string | null; afterId?: number; limit: number }): TagChange[] {
    return this.deps.store.tags.audit(options);
  }

  async suggestions(id: string, limit: number): Promise<TagSuggestion[]> {
    const { store, keywordIndex, vectorIndex } = this.deps;
    return suggestTags(this.article(id), { store, stats: keywordIndex, vectorIndex, taggedIds: () => this.taggedIds() }, limit);
  }

  /** Adds a suggested tag (audited as `suggestion`). */
  async accept(id: string, tag: string, by: Principal): Promise<{ id: string; tags: string[]; change: TagChange | null }> {
    return this.change(id, { add: [tag] }, by, 'suggestion');
  }

  /** Records that a suggestion is wrong for this article: it is not offered again. */
  reject(id: string, tag: string, by: Principal): { id: string; rejected: string } {
    const parsed = parseTag(tag);
    this.article(id);
    this.deps.store.tags.reject(id, parsed, by.name);
    return { id, rejected: parsed.label };
  }

  /** Tagged article ids, recomputed only when the store changed. */
  private taggedIds(): Set<string> {
    const mark = this.deps.store.changeMark();
    if (this.tagged?.mark !== mark) this.tagged = { mark, ids: this.deps.store.tags.taggedArticleIds() };
    return this.tagged.ids;
  }
}
