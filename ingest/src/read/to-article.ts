import { z } from 'zod';
import { InputError, type Article, type InputLocation } from '@archive/core';
import { detectLanguage, normalizeInline, normalizeText } from '@archive/text';
import { hashText } from '@archive/store';

const optionalText = z.string().nullish();
const textList = z.union([z.array(z.string()), z.string()]).nullish();

/**
 * What an input record may hold: the fields of `../shared/data` (see its README) and the usual
 * alternatives of other exports (`authors` or `author`, `lead`/`standfirst` for `summary`).
 * Unknown fields are ignored.
 */
const recordSchema = z.object({
  id: z.union([z.string(), z.number()]).nullish(),
  url: optionalText,
  // Old archives and wire copy often have no headline: one is then taken from the text.
  title: optionalText,
  summary: optionalText,
  lead: optionalText,
  standfirst: optionalText,
  body: z.string({ error: 'is missing' }),
  date: optionalText,
  published: optionalText,
  section: optionalText,
  tags: textList,
  author: textList,
  authors: textList,
  lang: optionalText,
});

type RawArticle = z.infer<typeof recordSchema>;

const DAY = /^(\d{4})-(\d{2})-(\d{2})/;

/** `YYYY-MM-DD` from a date or timestamp, checked to be a real calendar day. */
function parseDay(value: string): string | null {
  const match = DAY.exec(value.trim());
  if (!match) return null;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  const ok = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return ok ? match[0] : null;
}

function list(value: string | string[] | null | undefined, separator: RegExp): string[] {
  const items = Array.isArray(value) ? value : value ? value.split(separator) : [];
  return [...new Set(items.map(normalizeInline).filter(Boolean))];
}

/** The id given to a record that has none but a URL. */
export function urlDerivedId(url: string): string {
  return `url-${hashText(url).slice(0, 16)}`;
}

/** Most words of a headline made from the text's opening, for a record without one. */
const HEADLINE_WORDS = 12;

/**
 * A stand-in headline: the text's first sentence, cut after a dozen words with an ellipsis.
 *
 * @example
 * openingWords('THE ALLIES AFTER NASSAU. IN DECEMBER 1960, THE U.S…') // 'THE ALLIES AFTER NASSAU.'
 */
export function openingWords(body: string): string {
  const sentence = /^.+?[.!?](?=\s|$)/u.exec(body.split('\n')[0]!)?.[0] ?? body.split('\n')[0]!;
  const words = sentence.trim().split(/\s+/);
  return words.length > HEADLINE_WORDS ? `${words.slice(0, HEADLINE_WORDS).join(' ')}…` : words.join(' ');
}

function fail(field: string, reason: string, location: InputLocation, code: 'FIELD_MISSING' | 'FIELD_INVALID' = 'FIELD_INVALID'): never {
  throw new InputError(code, reason, { ...location, field });
}

/**
 * Validates and normalises one input record into an article, or throws an `InputError` naming
 * the file, line (or record) and field at fault.
 *
 * Ids: the record's own id; else one derived from its URL; else from its title and date.
 * Language: the record's own code when valid, else identified from the text.
 *
 * @example
 * toArticle({ id: 'a1', title: 'Titre', body: 'Texte…', date: '2020-01-22' }, { file: 'a.jsonl', line: 1 })
 */
export function toArticle(value: unknown, location: InputLocation): Article {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError('FIELD_INVALID', 'a record must be a JSON object', location);
  }
  const parsed = recordSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || 'record';
    const missing = (value as Record<string, unknown>)[String(issue.path[0])] === undefined;
    fail(field, missing ? 'is missing' : `is invalid: ${issue.message}`, location, missing ? 'FIELD_MISSING' : 'FIELD_INVALID');
  }
  const raw: RawArticle = parsed.data;

  const body = normalizeText(raw.body);
  if (!body) fail('body', 'is empty', location, 'FIELD_MISSING');
  const title = normalizeInline(raw.title ?? '') || openingWords(body);
  const summaryText = raw.summary ?? raw.lead ?? raw.standfirst;
  const summary = summaryText ? normalizeInline(summaryText) || null : null;

  let url: string | null = null;
  if (raw.url) {
    try {
      const parsedUrl = new URL(raw.url.trim());
      if (!/^https?:$/.test(parsedUrl.protocol)) throw new Error('not http(s)');
      url = parsedUrl.href;
    } catch {
      fail('url', `is not an http(s) URL: ${JSON.stringify(raw.url)}`, location);
    }
  }

  const published = raw.published?.trim() || null;
  if (published && Number.isNaN(Date.parse(published))) fail('published', `is not a timestamp: ${JSON.stringify(published)}`, location);
  let date: string | null = null;
  if (raw.date) {
    date = parseDay(raw.date);
    if (!date) fail('date', `expected YYYY-MM-DD, got ${JSON.stringify(raw.date)}`, location);
  } else if (published) {
    date = parseDay(published);
  }

  // `fr`, `fr-FR` and `fr_FR` all say French.
  const langCode = raw.lang?.trim() ? /^([a-z]{2})(?:[-_][a-z0-9]{2,8})?$/i.exec(raw.lang.trim()) : null;
  if (raw.lang?.trim() && !langCode) fail('lang', `expected an ISO 639-1 code, got ${JSON.stringify(raw.lang)}`, location);
  const lang = langCode ? langCode[1]!.toLowerCase() : detectLanguage(`${title}\n${summary ?? ''}\n${body}`);

  const id =
    raw.id !== undefined && raw.id !== null && String(raw.id).trim()
      ? String(raw.id).trim()
      : url
        ? urlDerivedId(url)
        : `text-${hashText(title, date).slice(0, 16)}`;

  return {
    id,
    url,
    title,
    summary,
    body,
    // "A et B" / "A and B" bylines name two people; a credit like "Orange avec AFP" stays whole.
    authors: list(raw.authors ?? raw.author, /\s*[,;]\s*|\s+(?:et|and)\s+/),
    date,
    published,
    section: raw.section ? normalizeInline(raw.section).toLowerCase() || null : null,
    tags: list(raw.tags, /\s*[,;]\s*/),
    lang,
    source: location.file ?? null,
  };
}
