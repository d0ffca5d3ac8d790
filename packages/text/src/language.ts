import { detect } from 'tinyld';

/**
 * Identifies the language of a text (ISO 639-1), or null when the text is too short or the
 * library is unsure. tinyld is used for its direct ISO 639-1 output and its accuracy on short
 * news text; only the first few thousand characters are looked at, which is plenty.
 *
 * @example
 * detectLanguage('Le gouvernement a présenté mercredi sa réforme des retraites.') // 'fr'
 */
export function detectLanguage(text: string): string | null {
  const sample = text.slice(0, 3000);
  if (sample.replace(/[^\p{L}]/gu, '').length < 20) return null;
  const code = detect(sample);
  return code ? code : null;
}
