/**
 * Date parsing for publication dates as pages write them: ISO 8601, Unix timestamps, numeric
 * day/month orders, and month names in English, French, German, Spanish, Italian, Portuguese
 * and Dutch. The calendar date is taken as written (no time-zone shift).
 */

export interface ParsedDate {
  /** `YYYY-MM-DD`. */
  date: string;
  /** Full ISO 8601 timestamp when the input carried a time, else null. */
  published: string | null;
}

const MONTHS: Record<string, number> = {};
const MONTH_NAMES: string[][] = [
  ['january', 'jan', 'janvier', 'janv', 'januar', 'jaenner', 'enero', 'ene', 'gennaio', 'gen', 'janeiro', 'januari'],
  ['february', 'feb', 'fevrier', 'fev', 'fevr', 'februar', 'febrero', 'febbraio', 'fevereiro', 'februari'],
  ['march', 'mar', 'mars', 'maerz', 'marz', 'marzo', 'marco', 'maart', 'mrt'],
  ['april', 'apr', 'avril', 'avr', 'abril', 'abr', 'aprile'],
  ['may', 'mai', 'mayo', 'maggio', 'mag', 'maio', 'mei'],
  ['june', 'jun', 'juin', 'juni', 'junio', 'giugno', 'giu', 'junho'],
  ['july', 'jul', 'juillet', 'juil', 'juli', 'julio', 'luglio', 'lug', 'julho'],
  ['august', 'aug', 'aout', 'agosto', 'ago', 'augustus'],
  ['september', 'sep', 'sept', 'septembre', 'septiembre', 'settembre', 'set', 'setembro'],
  ['october', 'oct', 'octobre', 'oktober', 'okt', 'octubre', 'ottobre', 'ott', 'outubro', 'out'],
  ['november', 'nov', 'novembre', 'noviembre', 'novembro'],
  ['december', 'dec', 'decembre', 'dezember', 'dez', 'diciembre', 'dic', 'dicembre', 'dezembro'],
];
MONTH_NAMES.forEach((names, index) => {
  for (const name of names) MONTHS[name] = index + 1;
});
const MONTH_ALT = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');
const DAY_MONTH_YEAR = new RegExp(`(?<![\\p{L}\\d])(\\d{1,2})(?:er|st|nd|rd|th|º|°)?\\.?\\s*(?:de\\s+)?(${MONTH_ALT})(?![\\p{L}])\\.?,?\\s*(?:de\\s+)?(\\d{4})(?!\\d)`, 'u');
const MONTH_DAY_YEAR = new RegExp(`(?<![\\p{L}])(${MONTH_ALT})(?![\\p{L}])\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?!\\d)`, 'u');

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?/i;

/**
 * Parses a date string into `YYYY-MM-DD` (+ the full timestamp when it has a time).
 * @example parseDate('2020-01-22T19:10:00+01:00') // { date: '2020-01-22', published: '2020-01-22T19:10:00+01:00' }
 * @example parseDate('mercredi 22 janvier 2020 à 19h10')?.date // '2020-01-22'
 */
export function parseDate(input: string | null | undefined, lang?: string | null): ParsedDate | null {
  if (!input) return null;
  const text = input.trim();
  if (!text) return null;

  const iso = ISO.exec(text);
  if (iso) {
    const date = ymd(iso[1]!, iso[2]!, iso[3]!);
    if (!date) return null;
    let published: string | null = null;
    if (iso[4] !== undefined) {
      const zone = iso[7] ? normaliseZone(iso[7]) : '';
      published = `${date}T${pad(iso[4])}:${iso[5]}:${iso[6] ?? '00'}${zone}`;
    }
    return { date, published };
  }

  const epoch = /^(\d{10}|\d{13})$/.exec(text);
  if (epoch) {
    const ms = epoch[1]!.length === 10 ? Number(epoch[1]) * 1000 : Number(epoch[1]);
    const d = new Date(ms);
    const year = d.getUTCFullYear();
    if (year < 1990 || year > 2100) return null;
    return { date: d.toISOString().slice(0, 10), published: d.toISOString().replace('.000Z', 'Z') };
  }

  const compact = /^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?$/.exec(text);
  if (compact) {
    const date = ymd(compact[1]!, compact[2]!, compact[3]!);
    return date ? { date, published: null } : null;
  }

  const folded = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  const withZone = (date: string): ParsedDate => ({ date, published: timestampWithZone(text, date) });

  const yearFirst = /(?<!\d)(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?!\d)/.exec(folded);
  if (yearFirst) {
    const date = ymd(yearFirst[1]!, yearFirst[2]!, yearFirst[3]!);
    if (date) return withZone(date);
  }

  const dmy = DAY_MONTH_YEAR.exec(folded);
  if (dmy) {
    const date = ymd(dmy[3]!, String(MONTHS[dmy[2]!]), dmy[1]!);
    if (date) return withZone(date);
  }
  const mdy = MONTH_DAY_YEAR.exec(folded);
  if (mdy) {
    const date = ymd(mdy[3]!, String(MONTHS[mdy[1]!]), mdy[2]!);
    if (date) return withZone(date);
  }

  const numeric = /(?<!\d)(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?!\d)/.exec(folded);
  if (numeric) {
    const a = Number(numeric[1]);
    const b = Number(numeric[3]);
    // Day first unless impossible, except `/` in English pages (US order).
    const monthFirst = b > 12 || (a <= 12 && numeric[2] === '/' && (lang ?? '').toLowerCase().startsWith('en'));
    const date = monthFirst ? ymd(numeric[4]!, numeric[1]!, numeric[3]!) : ymd(numeric[4]!, numeric[3]!, numeric[1]!);
    if (date) return withZone(date);
  }
  return null;
}

/** Finds a `/2019/11/19/` (or `/2019-11-19`) date in a URL path. */
export function dateFromUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  const m = /\/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:[/-]|$)/.exec(url);
  return m ? ymd(m[1]!, m[2]!, m[3]!) : null;
}

function ymd(year: string, month: string, day: string): string | null {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  if (!Number.isInteger(y) || y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return null;
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > daysInMonth) return null;
  return `${String(y).padStart(4, '0')}-${pad(String(m))}-${pad(String(d))}`;
}

function pad(value: string): string {
  return value.padStart(2, '0');
}

function normaliseZone(zone: string): string {
  if (/^z$/i.test(zone)) return 'Z';
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  return m ? `${m[1]}${m[2]}:${m[3] ?? '00'}` : '';
}

// Textual dates (RFC 2822 and the like) only get a timestamp when their zone is explicit,
// so the result never depends on the machine's time zone.
function timestampWithZone(text: string, date: string): string | null {
  if (!/\d{1,2}:\d{2}/.test(text) || !/(?:\b(?:GMT|UTC|Z)\b|[+-]\d{4}\b)/.test(text)) return null;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return null;
  const iso = new Date(ms).toISOString().replace('.000Z', 'Z');
  // Keep it only if it agrees with the written calendar date (no surprise day shift in `date`).
  return iso.slice(0, 10) === date || Math.abs(Date.parse(date) - ms) < 36 * 3600 * 1000 ? iso : null;
}
