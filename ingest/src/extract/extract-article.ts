/**
 * The HTML news-article extractor: structured data first (JSON-LD, Open Graph and `article:*`
 * meta, microdata), then the article body found by content scoring, with the standfirst, byline
 * and dateline separated from it.
 */
import * as cheerio from 'cheerio';
import { ArchiveError, type ExtractedArticle } from '@archive/core';
import { trimEdges } from './edges.ts';
import { markedLead, separateLead } from './lead.ts';
import { extractMainContent } from './main-content.ts';
import { resolveMetadata } from './metadata.ts';
import { paragraphsOf, type Paragraph } from './paragraphs.ts';
import { readStructuredData } from './structured-data.ts';
import { joinParagraphs, textToParagraphs, wordCount } from './text.ts';

/** Below this the markup extraction is deemed to have failed. */
const MIN_DOM_WORDS = 50;
/** How much longer JSON-LD `articleBody` must be to replace the markup extraction. */
const LD_MARGIN = 1.1;

/**
 * Recovers the article and its metadata from one HTML page.
 *
 * The body is plain text with paragraphs separated by a blank line; navigation, ads, related
 * links, captions, share and newsletter boxes and comments are left out. JSON-LD `articleBody`
 * is used instead of the page's markup only when it is at least as long.
 *
 * @throws ArchiveError `EXTRACTION_EMPTY` when the page has no article text at all.
 * @example
 * const article = extractArticle(html, { url: 'https://example.com/news/story.html' });
 * article.title;  // 'Headline'
 * article.date;   // '2020-01-22'
 * article.body;   // 'First paragraph.\n\nSecond paragraph.'
 */
export function extractArticle(html: string, options: { url?: string } = {}): ExtractedArticle {
  const $ = cheerio.load(html);
  const data = readStructuredData($);
  const meta = resolveMetadata($, data, options.url);
  const marked = markedLead($);

  const dom = extractMainContent(html, $);
  let paragraphs: Paragraph[] = dom.paragraphs;
  const ldBody = data.jsonLd?.articleBody ? jsonLdBody(data.jsonLd.articleBody) : [];
  const ldWords = ldBody.reduce((n, p) => n + wordCount(p), 0);
  // JSON-LD bodies are often cut short: only prefer one that is longer than what the page shows
  // (the page's own markup keeps paragraph breaks and has been cleaned of inserts).
  if (ldWords > 0 && (dom.words < MIN_DOM_WORDS || ldWords >= dom.words * LD_MARGIN)) {
    paragraphs = ldBody.map((text) => ({ text, emphasised: false }));
  }

  paragraphs = trimEdges(paragraphs, { title: meta.title, authors: meta.authors });
  const lead = separateLead(paragraphs, { descriptions: meta.descriptions, teasers: meta.teasers, marked });
  let body = joinParagraphs(lead.paragraphs.map((p) => p.text));
  if (!body) body = joinParagraphs(paragraphs.map((p) => p.text));
  if (!body) {
    throw new ArchiveError('EXTRACTION_EMPTY', `no article text found${options.url ? ` in ${options.url}` : ''}`);
  }
  return {
    title: meta.title,
    summary: lead.summary,
    body,
    authors: meta.authors,
    date: meta.date,
    published: meta.published,
    section: meta.section,
    tags: meta.tags,
    lang: meta.lang,
    url: meta.url,
  };
}

/** JSON-LD `articleBody` is plain text, but some sites put HTML in it. */
function jsonLdBody(text: string): string[] {
  if (/<\/?(?:p|br|div|h[2-6]|li|span|a|em|strong)\b/i.test(text)) {
    const root = cheerio.load(`<body>${text}</body>`)('body')[0];
    return root ? paragraphsOf(root) : [];
  }
  return textToParagraphs(text);
}
