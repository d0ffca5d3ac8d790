import { decodeHTML } from 'entities';

/** Whitespace and word helpers shared by the extractor modules (pure string functions). */

// NBSP, the Unicode space separators, tabs and line breaks all collapse to one space.
const SPACE_RUN = /[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;
// Invisible characters that would otherwise glue or split words: ZWSP, BOM, soft hyphen.
const INVISIBLE = /[\u200b\ufeff\u00ad]/g;
const WORD = /[\p{L}\p{N}_]+/gu;

/**
 * Collapses every run of whitespace (including NBSP) to one space and trims.
 * @example normalizeSpace('  a\u00a0 b\n c ') // 'a b c'
 */
export function normalizeSpace(text: string): string {
  return text.replace(INVISIBLE, '').replace(SPACE_RUN, ' ').trim();
}

/** Words as the benchmark counts them (Unicode letters, digits, underscore). */
export function words(text: string): string[] {
  return text.match(WORD) ?? [];
}

export function wordCount(text: string): number {
  let count = 0;
  WORD.lastIndex = 0;
  while (WORD.exec(text)) count++;
  return count;
}

/** Joins paragraphs with exactly one blank line, dropping empty ones. */
export function joinParagraphs(paragraphs: readonly string[]): string {
  return paragraphs.map((p) => p.trim()).filter(Boolean).join('\n\n');
}

/** Splits a plain-text body back into paragraphs, normalising each one. */
export function splitParagraphs(text: string): string[] {
  return text
    .split(/\n\s*\n|\r\n\s*\r\n/)
    .map((p) => normalizeSpace(p))
    .filter(Boolean);
}

/**
 * Turns a plain-text field that may contain HTML or line breaks (JSON-LD `articleBody`,
 * descriptions) into paragraphs: blank lines and single line breaks both end a paragraph.
 */
export function textToParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n+/)
    .map((p) => normalizeSpace(p))
    .filter(Boolean);
}

/** Lower-case, accent-free form for comparisons between texts from different sources. */
export function comparable(text: string): string {
  return normalizeSpace(text)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201c\u201d"'`«»]/g, '')
    .replace(/\s*(\.\.\.|…)$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Decodes HTML entities that survive in metadata strings (JSON-LD is not HTML-decoded), with
 * the `entities` package: every named entity of HTML, capitals included (`&Eacute;` is É).
 */
export function decodeEntities(text: string): string {
  // Twice: JSON-LD is sometimes HTML-escaped on top of HTML-escaped text (&amp;quot;).
  return text.includes('&') ? decodeHTML(decodeHTML(text)) : text;
}
