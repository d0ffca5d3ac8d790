/**
 * Resolves each metadata field from the page's sources in order of trust: JSON-LD, then
 * `<meta>` tags (Open Graph, `article:*`, Dublin Core…), then microdata, then visible markup.
 */
import type { CheerioAPI } from 'cheerio';
import type { ExtractedArticle } from '@archive/core';
import { splitAuthors } from './authors.ts';
import { dateFromUrl, parseDate, type ParsedDate } from './dates.ts';
import { toIso6391 } from './language.ts';
import { allMeta, firstMeta, type StructuredData } from './structured-data.ts';
import { normalizeSpace } from './text.ts';
import { pickTitle } from './title.ts';
import { sectionFromUrl, subsectionsFromUrl } from './url-path.ts';

/** The article's fields found in metadata, and the texts that may be its standfirst. */
export interface PageMetadata extends Omit<ExtractedArticle, 'body' | 'summary'> {
  descriptions: string[];
  /** Other declared teaser texts (microdata `headline` that is not the title…). */
  teasers: string[];
}

/** `<meta>` names used for the publication date, most specific first. */
const DATE_META = [
  'article:published_time', 'og:article:published_time', 'article:published', 'datepublished', 'og:published_time',
  'published_time', 'publishdate', 'publish-date', 'publish_date', 'pubdate', 'article.published',
  'parsely-pub-date', 'sailthru.date', 'dc.date.issued', 'dcterms.issued', 'dc.date', 'dcterms.date',
  'dcterms.created', 'date', 'originalpublicationdate', 'article_date_original', 'cxenseparse:recs:publishtime',
  'og:pubdate', 'datecreated', 'creation_date',
];
const MODIFIED_META = ['article:modified_time', 'og:updated_time', 'datemodified', 'dcterms.modified', 'last-modified'];
const AUTHOR_META = ['article:author', 'author', 'og:author', 'byl', 'parsely-author', 'sailthru.author', 'dc.creator', 'dcterms.creator', 'cxenseparse:author', 'twitter:creator'];

export function resolveMetadata($: CheerioAPI, data: StructuredData, pageUrl: string | undefined): PageMetadata {
  const ld = data.jsonLd;
  const url = resolveUrl([data.canonical, firstMeta(data, 'og:url'), ld?.url ?? null], pageUrl);
  const lang = toIso6391(data.htmlLang) ?? toIso6391(firstMeta(data, 'og:locale')) ?? toIso6391(firstMeta(data, 'content-language', 'language', 'dc.language')) ?? toIso6391(ld?.inLanguage);

  const title = pickTitle({
    declared: [ld?.headline, firstMeta(data, 'og:title'), firstMeta(data, 'twitter:title'), firstMeta(data, 'title', 'dc.title', 'sailthru.title', 'parsely-title')],
    headings: $('h1').toArray().map((el) => normalizeSpace($(el).text())).filter((t) => t.length > 0 && t.length < 300).slice(0, 3),
    documentTitle: normalizeSpace($('title').first().text()) || null,
    siteNames: [firstMeta(data, 'og:site_name', 'application-name', 'apple-mobile-web-app-title'), ld?.publisher],
  });

  const descriptions = [ld?.description ?? null, firstMeta(data, 'og:description'), firstMeta(data, 'description', 'twitter:description', 'dc.description'), data.microdata.get('description')?.[0] ?? null]
    .filter((d): d is string => !!d);

  const dateSource = pickDate(data, $, lang);
  const section = sectionFromUrl(url) ?? firstOf(ld?.sections ?? []) ?? firstMeta(data, 'article:section', 'section', 'article-section', 'parsely-section', 'sailthru.section', 'category', 'dc.subject')
    ?? data.microdata.get('articleSection')?.[0] ?? data.breadcrumbs[0] ?? null;

  const declaredTags = firstNonEmpty([
    allMeta(data, 'article:tag'),
    ld?.keywords ?? [],
    splitList(firstMeta(data, 'news_keywords', 'parsely-tags', 'sailthru.tags')),
    splitList(data.microdata.get('keywords')?.[0] ?? null),
    splitList(firstMeta(data, 'keywords')),
  ]);
  const tags = dedupe(declaredTags.length ? declaredTags : subsectionsFromUrl(url));

  return {
    title,
    descriptions,
    teasers: [...allMeta(data, 'headline'), ...(data.microdata.get('headline') ?? [])],
    authors: pickAuthors($, data),
    date: dateSource?.date ?? dateFromUrl(url ?? pageUrl),
    published: dateSource?.published ?? null,
    section: section ? normalizeSpace(section) : null,
    tags,
    lang,
    url,
  };
}

function pickDate(data: StructuredData, $: CheerioAPI, lang: string | null): ParsedDate | null {
  const ld = data.jsonLd;
  const candidates: (string | null | undefined)[] = [ld?.datePublished, ...DATE_META.map((k) => firstMeta(data, k)), data.microdata.get('datePublished')?.[0]];
  const timeEl = $('time[pubdate], time[itemprop~="datePublished"], article time[datetime], time[datetime]').first();
  candidates.push(timeEl.attr('datetime') ?? timeEl.text());
  candidates.push(ld?.dateCreated, data.microdata.get('dateCreated')?.[0], ld?.dateModified, ...MODIFIED_META.map((k) => firstMeta(data, k)));
  for (const candidate of candidates) {
    const parsed = parseDate(candidate, lang);
    if (parsed) return parsed;
  }
  return null;
}

function pickAuthors($: CheerioAPI, data: StructuredData): string[] {
  const sources: string[][] = [
    data.jsonLd?.authors ?? [],
    ...AUTHOR_META.map((k) => allMeta(data, k)),
    data.microdataAuthors,
    $('a[rel~="author"]').toArray().map((el) => $(el).text()),
    $('[class*="byline"], [class*="author-name"], [class*="article-author"]').toArray().slice(0, 3).map((el) => $(el).text()),
  ];
  for (const source of sources) {
    const names = splitAuthors(source);
    if (names.length) return names;
  }
  return [];
}

function resolveUrl(candidates: (string | null)[], base: string | undefined): string | null {
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      const resolved = new URL(candidate, base).toString();
      if (/^https?:/i.test(resolved)) return resolved;
    } catch {
      // not a URL: try the next source
    }
  }
  return base ?? null;
}

function firstOf(values: string[]): string | null {
  return values.find((v) => v.trim()) ?? null;
}

function firstNonEmpty(lists: string[][]): string[] {
  return lists.find((l) => l.some((v) => v.trim())) ?? [];
}

function splitList(value: string | null): string[] {
  return value ? value.split(/\s*[,;|]\s*/).map(normalizeSpace).filter(Boolean) : [];
}

function dedupe(values: string[]): string[] {
  const seen = new Set<string>();
  return values.map(normalizeSpace).filter((v) => {
    const key = v.toLowerCase();
    if (!v || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
