/**
 * Sections as a site's URLs show them: `/politique/slug.html` → `politique`,
 * `/societe/people/slug.html` → section `societe`, sub-section `people`. Used when the site's
 * URL taxonomy is present, since it is the stable, machine-friendly name of the section.
 */

// Path segments that structure URLs without naming a section.
const GENERIC_SEGMENTS = new Set([
  'news', 'article', 'articles', 'story', 'stories', 'post', 'posts', 'blog', 'blogs', 'p', 'a', 'amp',
  'index', 'content', 'contents', 'archive', 'archives', 'view', 'read', 'page', 'pages', 'doc', 'item',
  'items', 'entry', 'entries', 'node', 'web', 'home', 'www', 'm', 'mobile', 'en', 'fr', 'de', 'es', 'it',
  'pt', 'ru', 'ko', 'ja', 'zh', 'nl', 'en-us', 'en-gb', 'fr-fr', 'wp', 'id', 'html', 'actualites',
  'actualite', 'actu', 'info', 'infos', 'noticias', 'noticia', 'nachrichten', 'notizie', 's', 'c',
]);

// Host labels that are not a site section (`www.`, mobile and language prefixes…).
const GENERIC_HOST_LABELS = new Set(['www', 'www2', 'www1', 'm', 'mobile', 'amp', 'edition', 'news', 'actu', 'beta', 'en', 'fr', 'de', 'es', 'it', 'pt']);

const SLUG = /^[a-z][a-z-]{1,29}$/;

function pathSegments(url: string): { host: string; segments: string[] } | null {
  try {
    const parsed = new URL(url);
    const segments = parsed.pathname.split('/').filter(Boolean).map((s) => decodeURIComponent(s).toLowerCase());
    return { host: parsed.hostname.toLowerCase(), segments };
  } catch {
    return null;
  }
}

/** Leading section-like path segments (the last segment, the article itself, excluded). */
function sectionSegments(url: string): string[] {
  const parts = pathSegments(url);
  if (!parts) return [];
  const out: string[] = [];
  for (const segment of parts.segments.slice(0, -1)) {
    if (/^\d+$/.test(segment)) continue; // dates in paths: /2019/11/19/
    if (!SLUG.test(segment)) break;
    out.push(segment);
  }
  return out;
}

/**
 * @example sectionFromUrl('https://actu.orange.fr/politique/x-CNT1.html') // 'politique'
 * @example sectionFromUrl('https://auto.orange.fr/news/x-CNT1.html') // 'auto'
 */
export function sectionFromUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  const segments = sectionSegments(url);
  const first = segments[0];
  if (first && !GENERIC_SEGMENTS.has(first)) return first;
  // Portals put the section in a sub-domain (auto.example.com/news/…).
  const parts = pathSegments(url);
  const labels = parts?.host.split('.') ?? [];
  if (labels.length >= 3 && (parts?.segments.length ?? 0) >= 1) {
    const label = labels[0]!;
    if (SLUG.test(label) && !GENERIC_HOST_LABELS.has(label)) return label;
  }
  return null;
}

/** Sub-section slugs after the section: `/societe/people/slug` → `['people']`. */
export function subsectionsFromUrl(url: string | null | undefined): string[] {
  if (!url) return [];
  const segments = sectionSegments(url);
  if (!segments[0] || GENERIC_SEGMENTS.has(segments[0])) return [];
  return segments.slice(1).filter((s) => !GENERIC_SEGMENTS.has(s));
}
