import type { Logger } from '@archive/core';
import { RelatedArticles, SearchService } from '@archive/search';
import { TagService } from '@archive/tagging';
import type { Archive } from './open-archive.ts';

/**
 * The archive's live parts, read at each use: a service built on this view follows a switch of
 * generation (new indexes, maybe a new model) without being rebuilt. Other fields can be added
 * with `Object.assign`, which keeps these getters.
 */
function liveView(archive: Archive) {
  return {
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
  };
}

/** The search service over an opened archive, with the configured fusion settings. */
export function searchServiceFor(archive: Archive, logger: Logger): SearchService {
  const { search } = archive.config;
  const { fusion, semanticRatio, rrfK, candidates, feedbackArticles, feedbackQueryWeight, leadPassageWeight } = search;
  const settings = { fusion, semanticRatio, rrfK, candidates, feedbackArticles, feedbackQueryWeight, leadPassageWeight };
  return new SearchService(Object.assign(liveView(archive), { settings, logger }));
}

/** The tagging service over an opened archive and its search service (bulk tagging acts on searches). */
export function tagServiceFor(archive: Archive, search: SearchService, logger: Logger): TagService {
  return new TagService(Object.assign(liveView(archive), { search, logger }));
}

/** Related articles, "read next" and story timelines over an opened archive. */
export function relatedArticlesFor(archive: Archive): RelatedArticles {
  return new RelatedArticles(liveView(archive));
}
