/**
 * Text normalisation applied to every field before it is stored, hashed or indexed, so that the
 * same article always yields the same text: Unicode NFC, one kind of apostrophe and double
 * quote, no invisible characters, single spaces, paragraphs separated by one blank line.
 */

const APOSTROPHES = /[\u2018\u2019\u201A\u201B\u02BC\u2032\u00B4`]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033]/g;
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
// NBSP and narrow NBSP (French typography puts them before « : ; ! ? ») and other spaces.
const SPACES = /[\t\v\f\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/g;

/** Normalises one line or short field: NFC, quotes, spaces; trimmed. */
export function normalizeInline(text: string): string {
  return text
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(APOSTROPHES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(/[\r\n]+/g, ' ')
    .replace(SPACES, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/**
 * Normalises a multi-paragraph text: paragraphs are separated by blank lines in the input
 * (single newlines inside a paragraph become spaces); empty paragraphs are dropped.
 *
 * @example
 * normalizeText('L’été  arrive.\r\n\r\n\r\nIl fait chaud.') // "L'été arrive.\n\nIl fait chaud."
 */
export function normalizeText(text: string): string {
  return splitParagraphs(text.replace(/\r\n?/g, '\n')).join('\n\n');
}

/** The non-empty, normalised paragraphs of a text. */
export function splitParagraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map(normalizeInline)
    .filter((paragraph) => paragraph.length > 0);
}
