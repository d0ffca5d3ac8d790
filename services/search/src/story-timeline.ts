import { NotFoundError } from '@archive/core';
import type { ArticleStore, StoredArticle } from '@archive/store';
import type { VectorIndex } from '@archive/vector-index';
import { dot } from './mmr.ts';
import { namedTerms } from './named-terms.ts';
import { bestPerArticle, meanVector, PASSAGES_PER_ARTICLE } from './article-similarity.ts';

/**
 * How a story's boundary is decided, each rule checked on OrangeSum timelines read by hand (the
 * Traoré affair, a Top Chef season, a TV show's year: README, "Story timeline"): an article is
 * in the story when
 * - it means nearly the same: cosine similarity of mean passage vectors at least
 *   `STORY_SIMILARITY` (multilingual-e5-small puts same-story articles at 0.88–0.93 and articles
 *   on the same topic but another story at 0.86–0.88);
 * - it names someone or something the story names (a shared capitalised name of three letters
 *   or more, see `namedTerms`), which tells a story from its genre;
 * - it is close in time to the story: within `MAX_GAP_DAYS` of an article already in it, the
 *   story growing outwards from the article in date order (a gap longer than that ends it);
 * - and near-copies (same story group) are always in.
 */
export const STORY_SIMILARITY = 0.875;
export const MAX_GAP_DAYS = 45;
/** Articles looked at around the article: a story longer than this is cut to its nearest part. */
const CANDIDATES = 120;

export interface TimelineEntry {
  id: string;
  title: string;
  date: string | null;
  section: string | null;
  lang: string | null;
  /** The standfirst, or the first paragraph. */
  lead: string;
  similarity: number;
  /** Days since the previous entry (null for the first): long gaps are visible. */
  gapDays: number | null;
  /** Whether this is the article the timeline was asked for. */
  current: boolean;
}

const days = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

function lead(article: StoredArticle): string {
  return article.summary ?? article.body.split('\n\n')[0] ?? '';
}

/**
 * The articles about the same story as `id`, earliest first, the article itself included.
 *
 * @example
 * storyTimeline('orangesum-242', { store, vectorIndex }).map((e) => `${e.date} ${e.title}`)
 */
export function storyTimeline(id: string, deps: { store: ArticleStore; vectorIndex: VectorIndex | null }): TimelineEntry[] {
  const { store, vectorIndex } = deps;
  const article = store.getArticle(id);
  if (!article) throw new NotFoundError(`no article with id "${id}"`);
  const group = store.stories.groupOf(id);
  const copies = new Set(group ? store.stories.members(group) : [id]);
  const similarity = new Map<string, number>([[id, 1]]);
  const vectors = vectorIndex?.articleVectors(id) ?? [];
  if (vectorIndex && vectors.length) {
    vectorIndex.refreshIfStale();
    const centre = meanVector(vectors);
    for (const candidate of bestPerArticle(vectorIndex.search(centre, CANDIDATES * PASSAGES_PER_ARTICLE))) {
      // Article-to-article similarity (mean vectors), not the best single passage.
      const theirs = vectorIndex.articleVectors(candidate.id);
      const value = theirs.length ? dot(centre, meanVector(theirs)) : candidate.similarity;
      if (value >= STORY_SIMILARITY) similarity.set(candidate.id, value);
    }
  }
  const names = namedTerms(`${article.title}. ${article.summary ?? ''} ${article.body.split('\n\n')[0] ?? ''}`);
  const candidates = store.getArticles([...new Set([...similarity.keys(), ...copies])]).filter((other) => {
    if (copies.has(other.id)) return true;
    const theirs = namedTerms(`${other.title}. ${other.summary ?? ''} ${other.body.split('\n\n')[0] ?? ''}`);
    return [...theirs].some((name) => names.has(name));
  });

  // Grow the story outwards from the article in date order; a long silence ends it.
  const dated = candidates.filter((other) => other.date).sort((a, b) => a.date!.localeCompare(b.date!));
  const at = dated.findIndex((other) => other.id === id);
  const kept = new Set<string>(copies);
  if (at >= 0) {
    kept.add(id);
    for (let i = at + 1; i < dated.length && days(dated[i]!.date!) - days(dated[i - 1]!.date!) <= MAX_GAP_DAYS; i++) kept.add(dated[i]!.id);
    for (let i = at - 1; i >= 0 && days(dated[i + 1]!.date!) - days(dated[i]!.date!) <= MAX_GAP_DAYS; i--) kept.add(dated[i]!.id);
  } else {
    for (const other of candidates) kept.add(other.id);
  }
  const entries = candidates
    .filter((other) => kept.has(other.id))
    .sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || a.id.localeCompare(b.id));
  return entries.map((other, index) => {
    const previous = entries[index - 1];
    return {
      id: other.id, title: other.title, date: other.date, section: other.section, lang: other.lang, lead: lead(other),
      similarity: Math.round((similarity.get(other.id) ?? 1) * 1000) / 1000,
      gapDays: previous?.date && other.date ? Math.round(days(other.date) - days(previous.date)) : null,
      current: other.id === id,
    };
  });
}
