/**
 * Reads what a page says about itself in machine-readable form: JSON-LD (schema.org Article
 * types, `@graph`, arrays), `<meta>` tags (Open Graph, `article:*`, Dublin Core, Twitter…),
 * microdata (`itemprop`), `<link rel="canonical">` and `<html lang>`.
 */
import type { CheerioAPI } from 'cheerio';
import { decodeEntities, normalizeSpace } from './text.ts';

/** The schema.org article node of the page, with its fields flattened to plain values. */
export interface JsonLdArticle {
  type: string;
  headline: string | null;
  description: string | null;
  articleBody: string | null;
  authors: string[];
  datePublished: string | null;
  dateCreated: string | null;
  dateModified: string | null;
  sections: string[];
  keywords: string[];
  inLanguage: string | null;
  url: string | null;
  publisher: string | null;
}

export interface StructuredData {
  jsonLd: JsonLdArticle | null;
  /** Section names from a JSON-LD `BreadcrumbList`, home excluded. */
  breadcrumbs: string[];
  /** `<meta>` contents by lower-cased `property`, `name`, `itemprop` or `http-equiv`, in page order. */
  meta: Map<string, string[]>;
  /** Microdata values by `itemprop` (elements, not `<meta>`), in page order. */
  microdata: Map<string, string[]>;
  /** Authors from microdata `itemprop="author"` (nested `name` when present). */
  microdataAuthors: string[];
  canonical: string | null;
  htmlLang: string | null;
}

/** Schema.org types that hold an article. */
const ARTICLE_TYPE = /(?:^|:|\/)(?:\w*Article|BlogPosting|LiveBlogPosting|SocialMediaPosting|DiscussionForumPosting|Report|Review|Recipe|HowTo)$/i;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/**
 * Collects all structured metadata of a parsed page (the DOM is not modified).
 * @example readStructuredData(cheerio.load(html)).meta.get('og:title')
 */
export function readStructuredData($: CheerioAPI): StructuredData {
  const nodes = jsonLdNodes($);
  const byId = new Map<string, JsonObject>();
  for (const node of nodes) {
    const id = node['@id'];
    if (typeof id === 'string') byId.set(id, node);
  }
  return {
    jsonLd: pickArticle(nodes, byId),
    breadcrumbs: breadcrumbs(nodes),
    meta: metaTags($),
    microdata: microdataValues($),
    microdataAuthors: microdataAuthors($),
    canonical: attrOrNull($('link[rel~="canonical"]').first().attr('href')),
    htmlLang: attrOrNull($('html').first().attr('lang') ?? $('html').first().attr('xml:lang')),
  };
}

/** First non-empty value of the first key that has one. */
export function firstMeta(data: StructuredData, ...keys: string[]): string | null {
  for (const key of keys) {
    for (const value of data.meta.get(key) ?? []) {
      if (value) return value;
    }
  }
  return null;
}

export function allMeta(data: StructuredData, key: string): string[] {
  return (data.meta.get(key) ?? []).filter(Boolean);
}

function attrOrNull(value: string | undefined): string | null {
  const v = value ? normalizeSpace(value) : '';
  return v || null;
}

function metaTags($: CheerioAPI): Map<string, string[]> {
  const out = new Map<string, string[]>();
  $('meta').each((_, el) => {
    const attribs = el.attribs;
    const key = attribs['property'] ?? attribs['name'] ?? attribs['itemprop'] ?? attribs['http-equiv'];
    const content = attribs['content'];
    if (!key || content === undefined) return;
    const k = key.trim().toLowerCase();
    const list = out.get(k) ?? [];
    list.push(normalizeSpace(content));
    out.set(k, list);
  });
  return out;
}

function microdataValues($: CheerioAPI): Map<string, string[]> {
  const out = new Map<string, string[]>();
  $('[itemprop]').each((_, el) => {
    if (el.name === 'meta') return; // meta tags are read by metaTags
    const attribs = el.attribs;
    for (const prop of (attribs['itemprop'] ?? '').split(/\s+/)) {
      if (!prop || prop === 'articleBody') continue;
      const value = attribs['content'] ?? attribs['datetime'] ?? (el.name === 'link' || el.name === 'a' ? attribs['href'] : undefined) ?? $(el).text();
      const text = normalizeSpace(value ?? '');
      if (!text || text.length > 400) continue;
      const list = out.get(prop) ?? [];
      list.push(text);
      out.set(prop, list);
    }
  });
  return out;
}

function microdataAuthors($: CheerioAPI): string[] {
  const names: string[] = [];
  $('[itemprop~="author"], [itemprop~="creator"]').each((_, el) => {
    const node = $(el);
    const named = node.find('[itemprop~="name"]').first();
    let value = named.length ? (named.attr('content') ?? named.text()) : (node.attr('content') ?? node.text());
    value = normalizeSpace(value ?? '');
    if (value && value.length <= 120) names.push(value);
  });
  return names;
}

/** Every object found in the page's JSON-LD blocks, `@graph` and arrays flattened. */
function jsonLdNodes($: CheerioAPI): JsonObject[] {
  const out: JsonObject[] = [];
  $('script[type*="ld+json" i]').each((_, el) => {
    const parsed = parseJsonLoose($(el).text());
    if (parsed !== undefined) collectNodes(parsed, out, 0);
  });
  return out;
}

function parseJsonLoose(raw: string): Json | undefined {
  const text = raw.trim().replace(/^<!\[CDATA\[|\]\]>$/g, '').replace(/^<!--|-->$/g, '').trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as Json;
  } catch {
    // Hand-written JSON-LD often has raw line breaks in strings or trailing commas.
    try {
      return JSON.parse(text.replace(/[\u0000-\u001f]+/g, ' ').replace(/,\s*([}\]])/g, '$1')) as Json;
    } catch {
      return undefined;
    }
  }
}

function collectNodes(value: Json, out: JsonObject[], depth: number): void {
  if (depth > 6 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) collectNodes(item, out, depth + 1);
    return;
  }
  out.push(value);
  const graph = value['@graph'];
  if (graph) collectNodes(graph, out, depth + 1);
  // An article is sometimes nested as the page's main entity.
  const main = value['mainEntity'];
  if (main && typeof main === 'object') collectNodes(main, out, depth + 1);
}

function typesOf(node: JsonObject): string[] {
  const type = node['@type'];
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string');
  return [];
}

function pickArticle(nodes: JsonObject[], byId: Map<string, JsonObject>): JsonLdArticle | null {
  let best: { node: JsonObject; type: string; rank: number } | null = null;
  for (const node of nodes) {
    const type = typesOf(node).find((t) => ARTICLE_TYPE.test(t));
    if (!type) continue;
    // Prefer news types, then whichever node carries the most article fields.
    let rank = /News|Reportage/i.test(type) ? 2 : 0;
    for (const field of ['headline', 'articleBody', 'datePublished', 'author']) if (node[field]) rank += 1;
    if (!best || rank > best.rank) best = { node, type, rank };
  }
  if (!best) return null;
  const node = best.node;
  return {
    type: best.type,
    headline: stringOf(node['headline']) ?? stringOf(node['name']),
    description: stringOf(node['description']),
    articleBody: rawStringOf(node['articleBody']),
    authors: personNames(node['author'] ?? node['creator'] ?? null, byId),
    datePublished: stringOf(node['datePublished']),
    dateCreated: stringOf(node['dateCreated']),
    dateModified: stringOf(node['dateModified']),
    sections: stringList(node['articleSection'] ?? null),
    keywords: stringList(node['keywords'] ?? null).flatMap((k) => k.split(/\s*[,;]\s*/)).filter(Boolean),
    inLanguage: languageOf(node['inLanguage'] ?? null),
    url: urlOf(node['url'] ?? null) ?? urlOf(node['mainEntityOfPage'] ?? null),
    publisher: personNames(node['publisher'] ?? null, byId)[0] ?? null,
  };
}

function breadcrumbs(nodes: JsonObject[]): string[] {
  for (const node of nodes) {
    if (!typesOf(node).includes('BreadcrumbList')) continue;
    const items = node['itemListElement'];
    if (!Array.isArray(items)) continue;
    const names = items
      .filter((i): i is JsonObject => !!i && typeof i === 'object' && !Array.isArray(i))
      .sort((a, b) => Number(a['position'] ?? 0) - Number(b['position'] ?? 0))
      .map((i) => {
        const item = i['item'];
        const nested = item && typeof item === 'object' && !Array.isArray(item) ? stringOf(item['name']) : null;
        return stringOf(i['name']) ?? nested;
      })
      .filter((n): n is string => !!n);
    if (names.length && /^(home|accueil|startseite|inicio|início)$/i.test(names[0]!)) names.shift();
    return names;
  }
  return [];
}

/** A JSON-LD text value, entity-decoded and whitespace-normalised. */
function stringOf(value: Json | undefined): string | null {
  const raw = rawStringOf(value);
  return raw ? normalizeSpace(raw) || null : null;
}

/** A JSON-LD text value with its line breaks kept (article bodies). */
function rawStringOf(value: Json | undefined): string | null {
  if (typeof value === 'string') return decodeEntities(value).trim() || null;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    const parts = value.map(rawStringOf).filter((v): v is string => !!v);
    return parts.length ? parts.join('\n\n') : null;
  }
  if (value && typeof value === 'object') return rawStringOf(value['@value'] ?? value['name']);
  return null;
}

function stringList(value: Json): string[] {
  if (Array.isArray(value)) return value.flatMap(stringList);
  const s = stringOf(value);
  return s ? [s] : [];
}

function personNames(value: Json, byId: Map<string, JsonObject>): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => personNames(v, byId));
  if (typeof value === 'string') return [normalizeSpace(decodeEntities(value))].filter(Boolean);
  if (value && typeof value === 'object') {
    let node: JsonObject = value;
    const ref = node['@id'];
    if (!node['name'] && typeof ref === 'string' && byId.has(ref)) node = byId.get(ref)!;
    const name = stringOf(node['name']) ?? [stringOf(node['givenName']), stringOf(node['familyName'])].filter(Boolean).join(' ');
    return name ? [name] : [];
  }
  return [];
}

function languageOf(value: Json): string | null {
  if (Array.isArray(value)) return value.length ? languageOf(value[0]!) : null;
  if (value && typeof value === 'object') return stringOf(value['alternateName']) ?? stringOf(value['name']);
  return stringOf(value);
}

function urlOf(value: Json): string | null {
  if (typeof value === 'string') return /^https?:\/\//i.test(value) ? value.trim() : null;
  if (Array.isArray(value)) return value.length ? urlOf(value[0]!) : null;
  if (value && typeof value === 'object') return urlOf(value['@id'] ?? null) ?? urlOf(value['url'] ?? null);
  return null;
}
