/**
 * Trims the furniture that sits at the edges of an article body even inside its container:
 * the repeated headline, the byline ("By Jane Doe", "Par …") and the dateline
 * ("AFP, publié le mercredi 22 janvier 2020 à 19h10").
 */
import { parseDate } from './dates.ts';
import type { Paragraph } from './paragraphs.ts';
import { comparable, wordCount } from './text.ts';

export interface EdgeContext {
  title: string | null;
  authors: string[];
}

const BYLINE = /^(?:by|par|von|por|di|door)\s+\p{Lu}/iu;
const STAMP = /^(?:published|updated|posted|last updated|publié|publie|mis à jour|modifié)(?![\p{L}])/iu;
const DATE_WORDS = /(?<![\p{L}])(?:published|updated|posted|modified|publié|publie|mis à jour|modifié|le)(?![\p{L}])|^(?:on\s)/iu;

/**
 * @example trimEdges([{ text: 'By Jane Doe', emphasised: false }, { text: 'Text.', emphasised: false }], { title: null, authors: [] })
 */
export function trimEdges(paragraphs: Paragraph[], context: EdgeContext): Paragraph[] {
  const title = context.title ? comparable(context.title) : null;
  const authors = context.authors.map(comparable).filter(Boolean);
  const isFurniture = (p: Paragraph): boolean => {
    const words = wordCount(p.text);
    if (words > 25) return false;
    const key = comparable(p.text);
    if (title && key === title) return true;
    if (authors.includes(key)) return true;
    if (words <= 12 && BYLINE.test(p.text)) return true;
    if (words <= 8 && STAMP.test(p.text)) return true;
    if (parseDate(p.text) && (DATE_WORDS.test(p.text) || words <= 8 || authors.some((a) => key.includes(a)))) return true;
    return false;
  };
  let start = 0;
  while (start < Math.min(4, paragraphs.length) && isFurniture(paragraphs[start]!)) start++;
  let end = paragraphs.length;
  while (end > start && paragraphs.length - end < 2 && isFurniture(paragraphs[end - 1]!)) end--;
  return paragraphs.slice(start, end);
}
