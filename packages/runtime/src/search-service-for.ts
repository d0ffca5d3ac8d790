import type { Logger } from '@archive/core';
import { SearchService } from '@archive/search';
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
