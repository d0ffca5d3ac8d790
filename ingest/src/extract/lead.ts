/**
 * Finds the standfirst (lead, chapô). A standfirst marked up as one (class names such as
 * `standfirst`, `chapo`, `lead`) or set apart as a bold opening followed by a line break is
 * taken out of the body; otherwise the declared description serves as summary, completed from
 * the opening paragraph when the page cut it short.
 */
import type { CheerioAPI } from 'cheerio';
import type { Paragraph } from './paragraphs.ts';
import { comparable, normalizeSpace, wordCount } from './text.ts';

const LEAD_HINTS = /(?:^|[\s_-])(?:standfirst|chapo|chapeau|chapô|lede|lead|leadin|intro|dek|deck|strapline|subheadline|sub-headline|subtitle|sub-title|summary|excerpt|abstract)(?:$|[\s_-])/i;
// Lead-like class names that also appear in teasers and navigation.
const NOT_LEAD_CONTEXT = /related|teaser|card|promo|nav|menu|footer|sidebar|list|item|comment|newsletter/i;

export interface LeadSplit {
  summary: string | null;
  paragraphs: Paragraph[];
}

/** Text of the first element marked up as a standfirst, if any (reads the unmodified page). */
export function markedLead($: CheerioAPI): string | null {
  let found: string | null = null;
  $('p, div, h2, span, section, header').each((_, el) => {
    if (found) return false;
    const hints = `${el.attribs['class'] ?? ''} ${el.attribs['id'] ?? ''}`;
    if (!LEAD_HINTS.test(hints) || NOT_LEAD_CONTEXT.test(hints)) return undefined;
    if ($(el).closest('nav, aside, footer, li, [class*="related"], [class*="teaser"]').length) return undefined;
    const text = normalizeSpace($(el).text());
    const words = wordCount(text);
    if (words >= 6 && words <= 120) found = text;
    return undefined;
  });
  return found;
}

/** Declared texts that may describe the article: descriptions, teasers (possibly cut with "…"). */
export interface LeadHints {
  descriptions: string[];
  /** Other declared short texts (e.g. a microdata `headline` used as a teaser). */
  teasers: string[];
  /** A standfirst marked up as such, from {@link markedLead}. */
  marked: string | null;
}

const ELLIPSIS = /\s*(?:\.\.\.|…|\[…\]|\[\.\.\.\])\s*$/;

/**
 * Splits the standfirst off the body paragraphs.
 * @example separateLead(paragraphs, { descriptions: ['First words of the lead…'], teasers: [], marked: null })
 */
export function separateLead(paragraphs: Paragraph[], hints: LeadHints): LeadSplit {
  const body = [...paragraphs];
  if (hints.marked) return { summary: hints.marked, paragraphs: body };
  const first = body[0];
  if (!first) return { summary: null, paragraphs: body };
  const restWords = body.slice(1).reduce((n, p) => n + wordCount(p.text), 0);
  const firstWords = wordCount(first.text);
  const firstKey = comparable(first.text);

  // A bold opening cut off from the text that follows by a line break is a standfirst.
  if (first.emphasised && first.brokenOff && firstWords >= 8 && restWords >= 20 && !/:$/.test(first.text)) {
    return { summary: first.text, paragraphs: body.slice(1) };
  }
  // Otherwise the summary is the declared description, completed from the body when the page
  // cut it short ("…"). The opening paragraph stays in the body: it is article text too.
  for (const teaser of [...hints.descriptions, ...hints.teasers]) {
    if (!ELLIPSIS.test(teaser)) continue;
    const key = comparable(teaser.replace(ELLIPSIS, ''));
    if (wordCount(key) >= 5 && key.length < firstKey.length && firstKey.startsWith(key)) {
      return { summary: first.text, paragraphs: body };
    }
  }
  const description = hints.descriptions.map((d) => normalizeSpace(d)).find((d) => wordCount(d) >= 5) ?? null;
  // A description as long as an article is a copy of the body, not a summary.
  if (!description || wordCount(description) > 80) return { summary: null, paragraphs: body };
  return { summary: description, paragraphs: body };
}
