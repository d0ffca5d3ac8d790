/** Language codes as pages declare them (`fr-FR`, `fr_FR`, `fra`, `French`) → ISO 639-1 (`fr`). */

// ISO 639-2/3 and English names for the languages a newsroom archive is likely to meet.
const ALIASES: Record<string, string> = {
  fra: 'fr', fre: 'fr', french: 'fr', francais: 'fr', eng: 'en', english: 'en', deu: 'de', ger: 'de',
  german: 'de', spa: 'es', spanish: 'es', ita: 'it', italian: 'it', por: 'pt', portuguese: 'pt',
  rus: 'ru', russian: 'ru', kor: 'ko', korean: 'ko', jpn: 'ja', japanese: 'ja', zho: 'zh', chi: 'zh',
  chinese: 'zh', nld: 'nl', dut: 'nl', dutch: 'nl', ara: 'ar', arabic: 'ar', pol: 'pl', tur: 'tr',
};

/**
 * @example toIso6391('fr_FR') // 'fr'
 * @example toIso6391('x-default') // null
 */
export function toIso6391(value: string | null | undefined): string | null {
  if (!value) return null;
  const first = value.split(',')[0]!.trim().toLowerCase();
  const primary = first.split(/[-_\s]/)[0] ?? '';
  if (/^[a-z]{2}$/.test(primary)) return primary;
  return ALIASES[primary] ?? ALIASES[first] ?? null;
}
