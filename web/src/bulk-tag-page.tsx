/** @jsxImportSource hono/jsx */
import type { SearchRequest } from '@archive/search';
import { MAX_BULK_ARTICLES } from '@archive/tagging';
import { FORM_TOKEN_FIELD } from './form-guard.ts';
import { Layout } from './layout.tsx';
import { LANGUAGE_NAMES, MODE_LABELS, counted, formatDate } from './labels.ts';
import { searchParams, searchUrl } from './search-url.ts';
import type { Viewer } from './web-env.ts';

/** The search a bulk operation acts on, spelled out, so the editor knows what "every result" is. */
function SearchTerms({ request }: { request: SearchRequest }) {
  const { filters } = request;
  const terms: [string, string][] = [['Requête', request.q ? `« ${request.q} »` : 'toutes les archives']];
  if (request.q) terms.push(['Mode', MODE_LABELS[request.mode] ?? request.mode]);
  if (filters.dateFrom) terms.push(['Du', formatDate(filters.dateFrom)]);
  if (filters.dateTo) terms.push(['Au', formatDate(filters.dateTo)]);
  if (filters.sections?.length) terms.push(['Rubrique', filters.sections.join(', ')]);
  if (filters.langs?.length) terms.push(['Langue', filters.langs.map((lang) => LANGUAGE_NAMES[lang] ?? lang).join(', ')]);
  if (filters.authors?.length) terms.push(['Auteur', filters.authors.join(', ')]);
  if (filters.tags?.length) terms.push(['Étiquette', filters.tags.join(', ')]);
  return (
    <dl class="terms" id="bulk-search">
      {terms.map(([name, value]) => (
        <>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </>
      ))}
    </dl>
  );
}

interface ConfirmProps {
  viewer: Viewer & { formToken: string };
  request: SearchRequest;
  /** Articles the search matches now: what the confirmed operation will act on. */
  count: number;
  add: string;
  remove: string;
  /** Why the page is shown again (count changed, tags refused). */
  message: string | null;
}

/**
 * Step one of tagging every result: the exact count, the tags to add and remove, and a confirm
 * button whose form carries that count, so the server refuses to run if the search has changed.
 */
export function BulkTagConfirmPage({ viewer, request, count, add, remove, message }: ConfirmProps) {
  const back = searchUrl({ ...request, page: 1 });
  const tooMany = count > MAX_BULK_ARTICLES;
  return (
    <Layout title="Étiqueter des résultats — Archives" viewer={viewer}>
      <p>
        <a href={back}>← Retour à la recherche</a>
      </p>
      <section class="panel bulk">
        <h1>Étiqueter les résultats d’une recherche</h1>
        <SearchTerms request={request} />
        {message && <p class="error" role="alert" id="bulk-error">{message}</p>}
        <p class="count-line" id="bulk-count" data-count={String(count)}>
          {tooMany ? `Plus de ${MAX_BULK_ARTICLES.toLocaleString('fr-FR')} articles correspondent` : count === 1 ? '1 article correspond' : `${count.toLocaleString('fr-FR')} articles correspondent`}
        </p>
        {tooMany ? (
          <p class="notice">C’est trop pour une seule opération : affinez la recherche avec des filtres.</p>
        ) : count === 0 ? (
          <p class="notice">Aucun article à étiqueter.</p>
        ) : (
          <form method="post" action="/bulk-tag" id="bulk-tag-form" class="stacked">
            {[...searchParams(request, { paging: false })].map(([name, value]) => (
              <input type="hidden" name={name} value={value} />
            ))}
            <input type="hidden" name="expectedCount" value={String(count)} />
            <input type="hidden" name={FORM_TOKEN_FIELD} value={viewer.formToken} />
            <label for="bulk-add">Étiquettes à ajouter (séparées par des virgules)</label>
            <input type="text" id="bulk-add" name="add" value={add} autocomplete="off" maxlength={2000} />
            <label for="bulk-remove">Étiquettes à retirer (séparées par des virgules)</label>
            <input type="text" id="bulk-remove" name="remove" value={remove} autocomplete="off" maxlength={2000} />
            <button type="submit" id="bulk-confirm">Confirmer pour les {counted(count, 'article')}</button>
          </form>
        )}
      </section>
    </Layout>
  );
}

/** Step two: what changed (articles that already had the tags are matched but not changed). */
export function BulkTagDonePage({ viewer, request, matched, changed }: { viewer: Viewer; request: SearchRequest; matched: number; changed: number }) {
  return (
    <Layout title="Étiquetage terminé — Archives" viewer={viewer}>
      <section class="panel bulk">
        <h1>Étiquetage terminé</h1>
        <p class="count-line" id="bulk-done" data-changed={String(changed)}>
          {changed === 1 ? '1 article modifié' : `${changed.toLocaleString('fr-FR')} articles modifiés`}
        </p>
        {changed === 0 ? (
          <p class="meta">{matched === 1 ? 'L’article correspondant était déjà ainsi étiqueté.' : `Les ${counted(matched, 'article')} correspondants étaient déjà ainsi étiquetés.`}</p>
        ) : (
          changed !== matched && <p class="meta">Sur {counted(matched, 'article')} correspondant à la recherche ; les autres étaient déjà ainsi étiquetés.</p>
        )}
        <p>
          <a href={searchUrl({ ...request, page: 1 })} id="bulk-back">← Retour à la recherche</a>
        </p>
      </section>
    </Layout>
  );
}
