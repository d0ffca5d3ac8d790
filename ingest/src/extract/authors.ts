/**
 * Turns bylines and author fields into a clean list of names: "By A and B" → [A, B],
 * "Par A et B" → [A, B]; credit lines such as "Orange avec AFP" stay one author.
 */
import { normalizeSpace } from './text.ts';

const LEADING_LABEL = /^(?:(?:written|posted|reported|story|text|words|photos?)\s+by|by|par|von|por|di|door|auteur|author|autor|autore|byline|texte|écrit par|ecrit par|publié par|publie par)\s*[:\-–—]?\s+/i;
const CONJUNCTION = /\s*(?:,|;|\s&\s|\s+(?:and|et|und|y|e|en|i)\s+)\s*/i;

/**
 * Splits and cleans author strings from any number of sources, deduplicated, in order.
 * @example splitAuthors(['By Jane Doe and John Roe']) // ['Jane Doe', 'John Roe']
 * @example splitAuthors(['Orange avec AFP']) // ['Orange avec AFP']
 */
export function splitAuthors(values: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const value of values) {
    for (const name of splitOne(value)) {
      const key = name.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(name);
    }
  }
  return out;
}

function splitOne(raw: string): string[] {
  let text = normalizeSpace(raw);
  if (!text || /^(?:https?:)?\/\//i.test(text) || /^www\./i.test(text)) return [];
  text = text
    .replace(/\S+@\S+\.\S+/g, ' ') // e-mail addresses
    .replace(/(?:^|\s)@\w+/g, ' ') // social handles
    .replace(/\s*[|•·]\s*.*$/, '') // "Name | Site" suffixes
    .replace(/\s+(?:updated|published|posted|mis à jour|publié|le)\s+(?:on\s+)?\d.*$/iu, '')
    .replace(/\s*\b(?:updated|published|posted)\b.*$/i, '');
  text = normalizeSpace(text);
  while (LEADING_LABEL.test(text)) text = text.replace(LEADING_LABEL, '');
  const parts = text.split(CONJUNCTION).map(tidy).filter(Boolean);
  // Only split when every piece still looks like a name; otherwise keep the credit whole.
  const split = parts.length > 1 && parts.every((p) => /^[\p{Lu}\d]/u.test(p)) ? parts : [tidy(text)];
  return split.map((p) => p.replace(LEADING_LABEL, '')).filter(isPlausibleName);
}

function tidy(part: string): string {
  return normalizeSpace(part.replace(/^[\s,;:.\-–—]+|[\s,;:\-–—]+$/g, ''));
}

function isPlausibleName(name: string): boolean {
  if (!name || name.length > 80) return false;
  const words = name.split(' ').length;
  if (words > 8) return false;
  if (!/\p{L}/u.test(name)) return false;
  return !/^(?:by|par|and|et|admin|administrator|unknown|null|undefined|none)$/i.test(name);
}
