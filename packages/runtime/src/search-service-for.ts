import type { Logger } from '@archive/core';
import { SearchService } from '@archive/search';
import { TagService } from '@archive/tagging';
import type { Archive } from './open-archive.ts';

/** The search service over an opened archive, with the configured fusion settings. */
export function searchServiceFor(archive: Archive, logger: Logger): SearchService {
  const { search } = archive.config;
  return new SearchService({
    store: archive.store,
    keywordIndex: archive.keywordIndex,
    embedder: archive.embedder,
    vectorIndex: archive.vectorIndex,
    settings: { rrfK: search.rrfK, keywordWeight: search.keywordWeight, semanticWeight: search.semanticWeight, candidates: search.candidates },
    logger,
    semanticUnavailable: archive.semanticUnavailable,
  });
}

/** The tagging service over an opened archive and its search service (bulk tagging acts on searches). */
export function tagServiceFor(archive: Archive, search: SearchService, logger: Logger): TagService {
  return new TagService({
    store: archive.store,
    keywordIndex: archive.keywordIndex,
    search,
    vectorIndex: archive.vectorIndex,
    modelKey: archive.embedder?.modelKey ?? archive.modelKey,
    logger,
  });
}
