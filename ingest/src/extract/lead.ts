/**
 * Separates the standfirst (lead, chapô) from the body. A standfirst is either marked up as
 * one (class names such as `standfirst`, `chapo`, `lead`), or is the bold opening paragraph of
 * the body; a declared description that merely repeats the opening of the body is not one.
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

/**
 * @example separateLead([{ text: 'Bold lead of eight words here, yes.', emphasised: true }, { text: 'Body…', emphasised: false }], [], null)
 */
export function separateLead(paragraphs: Paragraph[], descriptions: (string | null)[], marked: string | null): LeadSplit {
  const body = [...paragraphs];
  if (marked) {
    const key = comparable(marked);
    const index = body.slice(0, 3).findIndex((p) => comparable(p.text) === key);
    if (index >= 0) body.splice(index, 1);
    return { summary: marked, paragraphs: body };
  }
  const first = body[0];
  const restWords = body.slice(1).reduce((n, p) => n + wordCount(p.text), 0);
  if (first && first.emphasised && wordCount(first.text) >= 8 && restWords >= 20 && !/[:]$/.test(first.text)) {
    return { summary: first.text, paragraphs: body.slice(1) };
  }
  const description = descriptions.map((d) => normalizeSpace(d ?? '')).find((d) => wordCount(d) >= 5) ?? null;
  if (!description) return { summary: null, paragraphs: body };
  const key = comparable(description);
  const opening = comparable(body.slice(0, 2).map((p) => p.text).join(' '));
  // A description that is the body's own opening (often cut with "…") adds nothing.
  if (opening.startsWith(key.slice(0, Math.max(40, Math.floor(key.length * 0.8))))) return { summary: null, paragraphs: body };
  if (/(\.\.\.|…)$/.test(description)) return { summary: null, paragraphs: body };
  return { summary: description, paragraphs: body };
}
