import type { SearchResponse } from '@archive/search';
/** Display names of the facet values the UI knows; anything else shows as is. */
export const LANGUAGE_NAMES: Record<string, string> = { fr: 'français', en: 'anglais', de: 'allemand', es: 'espagnol', it: 'italien' };

export const MODE_LABELS: Record<string, string> = { hybrid: 'Hybride', keyword: 'Mots-clés', semantic: 'Sémantique' };

const SYNTAX_NAMES: Record<NonNullable<SearchResponse['semanticIgnored']>[number], string> = {
  phrase: 'les expressions exactes', prefix: 'les débuts de mots (*)', or: 'OU', and: 'ET', exclusion: 'les exclusions', group: 'les parenthèses',
};

/** The search's notices in French, from their codes (the API's `notice` is in English). */
export function noticesInFrench(response: Pick<SearchResponse, 'notices' | 'semanticQuery' | 'semanticIgnored'>): string[] {
  return response.notices.map((code) =>
    code === 'SEMANTIC_OFF'
      ? 'Résultats par mots-clés seulement : la recherche par le sens est indisponible.'
      : `La recherche par le sens a lu la requête comme des mots simples (« ${response.semanticQuery ?? ''} ») : ` +
        `${(response.semanticIgnored ?? []).map((feature) => SYNTAX_NAMES[feature]).join(', ')} ne valent que pour les mots-clés.`,
  );
}

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

export const ROLE_LABELS: Record<string, string> = { reader: 'lecteur', editor: 'éditeur', admin: 'administrateur' };

/** How a tag change was made, as the history shows it. */
export const VIA_LABELS: Record<string, string> = { manual: 'à la main', suggestion: 'suggestion acceptée', bulk: 'en masse', merge: 'fusion' };

/** A moment of the audit trail, in Paris time (the newsroom's). */
export function formatDateTime(iso: string): string {
  const parsed = new Date(iso);
  if (Number.isNaN(parsed.getTime())) return iso;
  return parsed.toLocaleString('fr-FR', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Paris' });
}

/** "1 article", "2 articles": French plural of a counted noun (0 and 1 take the singular). */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${count.toLocaleString('fr-FR')} ${Math.abs(count) < 2 ? singular : plural}`;
}
