/**
 * Per-element text measures (length, link text, commas, words) computed once per DOM state and
 * memoised, so scoring stays linear in the page size.
 */
import { childNodes, isElement, isText, tagOf, type DomElement, type DomNode } from './dom.ts';
import { NON_TEXT_TAGS } from './paragraphs.ts';

export interface TextStats {
  /** Characters of whitespace-collapsed text. */
  length: number;
  /** Characters inside links (same-page `#` links count for less: they are often footnotes). */
  linkLength: number;
  words: number;
  commas: number;
}

const WORD = /[\p{L}\p{N}_]+/gu;
const COMMA = /[,،、，]/g;

export class TextStatsCache {
  private readonly cache = new Map<DomElement, TextStats>();

  of(el: DomElement): TextStats {
    const cached = this.cache.get(el);
    if (cached) return cached;
    const stats: TextStats = { length: 0, linkLength: 0, words: 0, commas: 0 };
    for (const child of childNodes(el)) addNode(this, child, stats);
    if (tagOf(el) === 'a') {
      const href = el.attribs['href'] ?? '';
      stats.linkLength = href.startsWith('#') ? stats.length * 0.3 : stats.length;
    }
    this.cache.set(el, stats);
    return stats;
  }

  linkDensity(el: DomElement): number {
    const stats = this.of(el);
    return stats.length ? Math.min(1, stats.linkLength / stats.length) : 0;
  }

  /** Forget everything: call after the DOM changed. */
  clear(): void {
    this.cache.clear();
  }
}

function addNode(cache: TextStatsCache, node: DomNode, into: TextStats): void {
  if (isText(node)) {
    const text = node.data.replace(/\s+/g, ' ');
    const trimmed = text.trim();
    if (!trimmed) return;
    into.length += trimmed.length + 1;
    into.words += trimmed.match(WORD)?.length ?? 0;
    into.commas += trimmed.match(COMMA)?.length ?? 0;
    return;
  }
  if (!isElement(node)) return;
  if (NON_TEXT_TAGS.has(tagOf(node))) return;
  const stats = cache.of(node);
  into.length += stats.length;
  into.linkLength += stats.linkLength;
  into.words += stats.words;
  into.commas += stats.commas;
}
