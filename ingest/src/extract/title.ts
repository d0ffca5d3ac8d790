/** Picks the headline among the page's title sources and strips site-name decorations. */
import { comparable, normalizeSpace } from './text.ts';

const SEPARATOR = /\s+[|\-–—:·»/]\s+|\s*[|·»]\s*/;

export interface TitleSources {
  /** In order of trust: JSON-LD headline, og:title, twitter:title, … */
  declared: (string | null | undefined)[];
  /** Visible `<h1>` texts in page order. */
  headings: string[];
  /** The `<title>` element. */
  documentTitle: string | null;
  siteNames: (string | null | undefined)[];
}

/**
 * @example pickTitle({ declared: ['Big news | The Daily'], headings: ['Big news'], documentTitle: null, siteNames: ['The Daily'] }) // 'Big news'
 */
export function pickTitle(sources: TitleSources): string | null {
  const sites = sources.siteNames.filter((s): s is string => !!s).map(comparable);
  const declared = sources.declared.map((t) => normalizeSpace(t ?? '')).filter((t) => t && !isTruncated(t));
  const candidates = [...declared, ...sources.headings.map(normalizeSpace).filter(Boolean)];
  if (sources.documentTitle) candidates.push(normalizeSpace(sources.documentTitle));
  const first = candidates.find(Boolean);
  if (!first) {
    const truncated = sources.declared.find((t) => t && normalizeSpace(t));
    return truncated ? normalizeSpace(truncated) : null;
  }
  // A visible heading that the declared title merely decorates ("Heading | Site") wins.
  for (const heading of sources.headings.map(normalizeSpace)) {
    if (heading && heading.length < first.length && startsWithThenSeparator(first, heading)) return heading;
  }
  return stripSiteName(first, sites);
}

function isTruncated(title: string): boolean {
  return /(\.\.\.|…)$/.test(title);
}

function startsWithThenSeparator(title: string, prefix: string): boolean {
  if (!title.startsWith(prefix)) return false;
  const rest = title.slice(prefix.length);
  return /^\s*[|\-–—:·»/]/.test(rest);
}

function stripSiteName(title: string, sites: string[]): string {
  const parts = title.split(SEPARATOR);
  if (parts.length < 2) return title;
  const last = parts[parts.length - 1]!;
  const firstPart = parts[0]!;
  if (sites.some((s) => s && comparable(last) === s)) return normalizeSpace(title.slice(0, title.lastIndexOf(last)).replace(/\s*[|\-–—:·»/]\s*$/, ''));
  if (sites.some((s) => s && comparable(firstPart) === s)) return normalizeSpace(title.slice(firstPart.length).replace(/^\s*[|\-–—:·»/]\s*/, ''));
  return title;
}
