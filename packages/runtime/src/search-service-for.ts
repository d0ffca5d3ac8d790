import type { Logger } from '@archive/core';
import { RelatedArticles, SearchService } from '@archive/search';
import { TagService } from '@archive/tagging';
import type { Archive } from './open-archive.ts';

/**
 * The search service over an opened archive, with the configured fusion settings. Its indexes
 * and model are read from the archive at each use, so a switch of generation reaches it.
 */
export function searchServiceFor(archive: Archive, logger: Logger): SearchService {
  const { search } = archive.config;
  return new SearchService({
    store: archive.store,
    get keywordIndex() {
      return archive.keywordIndex;
    },
    get embedder() {
      return archive.embedder;
    },
    get vectorIndex() {
      return archive.vectorIndex;
    },
    get semanticUnavailable() {
      return archive.semanticUnavailable;
    },
    settings: { rrfK: search.rrfK, keywordWeight: search.keywordWeight, semanticWeight: search.semanticWeight, candidates: search.candidates },
    logger,
  });
}

/** The tagging service over an opened archive and its search service (bulk tagging acts on searches). */
export function tagServiceFor(archive: Archive, search: SearchService, logger: Logger): TagService {
  return new TagService({
    store: archive.store,
    get keywordIndex() {
      return archive.keywordIndex;
    },
    search,
    get vectorIndex() {
      return archive.vectorIndex;
    },
    get modelKey() {
      return archive.modelKey;
    },
    logger,
  });
}

/** Related articles, "read next" and story timelines over an opened archive (indexes read at each use). */
export function relatedArticlesFor(archive: Archive): RelatedArticles {
  return new RelatedArticles({
    store: archive.store,
    get keywordIndex() {
      return archive.keywordIndex;
    },
    get vectorIndex() {
      return archive.vectorIndex;
    },
    get modelKey() {
      return archive.modelKey;
    },
  });
}
