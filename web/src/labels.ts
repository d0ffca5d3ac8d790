/** Display names of the facet values the UI knows; anything else shows as is. */
export const LANGUAGE_NAMES: Record<string, string> = { fr: 'français', en: 'anglais', de: 'allemand', es: 'espagnol', it: 'italien' };

export const MODE_LABELS: Record<string, string> = { hybrid: 'Hybride', keyword: 'Mots-clés', semantic: 'Sémantique' };

export function formatDate(date: string | null): string {
  if (!date) return 'date inconnue';
  const parsed = new Date(`${date}T12:00:00Z`);
  return parsed.toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** The line under a title: date · section · authors · language. */
export function metaLine(article: { date: string | null; section: string | null; authors: string[]; lang: string | null }): string {
  const parts = [formatDate(article.date), article.section, article.authors.join(', '), article.lang && (LANGUAGE_NAMES[article.lang] ?? article.lang)];
  return parts.filter(Boolean).join(' · ');
}
