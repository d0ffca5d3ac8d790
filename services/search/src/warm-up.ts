import type { Logger } from '@archive/core';
import type { ArticleFilters } from '@archive/store';
import type { SearchService } from './search-service.ts';
import type { SearchHit, SearchMode } from './search-types.ts';

/** Titles of the newest articles searched in each mode. */
const SAMPLE_ARTICLES = 3;

/**
 * Runs the searches a newsroom starts its day with, on the archive's own newest articles: their
 * titles in every mode, then with each kind of filter their fields give (a year, a section, a
 * language, a tag, an author, a year and a section), with and without words, and a second page.
 * A new server's first requests of each kind took 20–100 ms more while V8 compiled their paths
 * and the filters' columns and masks were first read; a server runs this before it listens, so
 * that no reader pays for it. Failures are logged, never thrown: a server that cannot warm up
 * still serves. Resolves with the number of searches run.
 *
 * @example
 * await warmUpSearches(service, logger); // before `listen`
 */
export async function warmUpSearches(service: SearchService, logger: Logger): Promise<number> {
  const started = performance.now();
  let searches = 0;
  const search = async (q: string, mode: SearchMode, filters: ArticleFilters = {}, page = 1) => {
    searches++;
    return service.search({ q, mode, filters, page, size: 10 });
  };
  try {
    const newest = (await search('', 'keyword')).hits.filter((hit) => /[\p{L}\p{N}]/u.test(hit.title)).slice(0, SAMPLE_ARTICLES);
    if (newest.length === 0) return searches;
    const modes: SearchMode[] = service.semanticAvailable ? ['keyword', 'semantic', 'hybrid'] : ['keyword'];
    // As plain words: a title's quotes, brackets or dashes would read as query syntax.
    const titles = newest.map((hit) => hit.title.replace(/[^\p{L}\p{N}'’\s]/gu, ' ').toLowerCase());
    for (const title of titles) for (const mode of modes) await search(title, mode);
    for (const filters of filtersOf(newest[0]!)) {
      await search('', 'keyword', filters);
      await search(titles.at(-1)!, modes.at(-1)!, filters);
    }
    await search(titles[0]!, modes.at(-1)!, {}, 2);
    logger.info({ searches, ms: Math.round(performance.now() - started) }, 'search paths warmed up');
  } catch (error) {
    logger.warn({ err: error, searches }, 'could not warm up the search paths: the first searches will be slower');
  }
  return searches;
}

/** Each kind of filter an article's fields give, alone, and a year with a section. */
function filtersOf(article: SearchHit): ArticleFilters[] {
  const year = article.date?.slice(0, 4);
  const dates = year ? { dateFrom: `${year}-01-01`, dateTo: `${year}-12-31` } : null;
  const candidates: (ArticleFilters | null)[] = [
    dates,
    article.section ? { sections: [article.section] } : null,
    article.lang ? { langs: [article.lang] } : null,
    article.tags[0] ? { tags: [article.tags[0]] } : null,
    article.authors[0] ? { authors: [article.authors[0]] } : null,
    dates && article.section ? { ...dates, sections: [article.section] } : null,
  ];
  return candidates.filter((filters): filters is ArticleFilters => filters !== null);
}
