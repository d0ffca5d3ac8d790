/** @jsxImportSource hono/jsx */
import { raw } from 'hono/html';
import type { SearchRequest, SearchResponse } from '@archive/search';
import { CoverageChart } from './coverage-chart.tsx';
import { Paging } from './paging.tsx';
import { Layout } from './layout.tsx';
import { LANGUAGE_NAMES, MODE_LABELS, counted, metaLine, noticesInFrench } from './labels.ts';
import { articleUrl, chartGranularity, searchParams, searchUrl, toggle } from './search-url.ts';
import { TagLinks } from './tag-editor.tsx';
import { canEdit, type Viewer } from './web-env.ts';

interface SearchPageProps {
  request: SearchRequest;
  response: SearchResponse | null;
  error: string | null;
  semanticAvailable: boolean;
  viewer: Viewer;
}

const FACET_TITLES = { section: 'Rubrique', lang: 'Langue', year: 'Année', tag: 'Étiquette' } as const;

function Facets({ request, response }: { request: SearchRequest; response: SearchResponse }) {
  const active = { section: request.filters.sections ?? [], lang: request.filters.langs ?? [], year: [] as string[], tag: request.filters.tags ?? [] };
  const yearOf = request.filters.dateFrom?.slice(0, 4);
  if (yearOf && request.filters.dateFrom === `${yearOf}-01-01` && request.filters.dateTo === `${yearOf}-12-31`) active.year.push(yearOf);
  const link = (facet: keyof typeof FACET_TITLES, value: string) => {
    const filters = request.filters;
    if (facet === 'section') return searchUrl(request, { page: 1, filters: { ...filters, sections: toggle(filters.sections, value) } });
    if (facet === 'lang') return searchUrl(request, { page: 1, filters: { ...filters, langs: toggle(filters.langs, value) } });
    if (facet === 'tag') return searchUrl(request, { page: 1, filters: { ...filters, tags: toggle(filters.tags, value) } });
    const on = active.year.includes(value);
    return searchUrl(request, { page: 1, filters: { ...filters, dateFrom: on ? null : `${value}-01-01`, dateTo: on ? null : `${value}-12-31` } });
  };
  return (
    <aside class="facets" aria-label="Affiner">
      {(Object.keys(FACET_TITLES) as (keyof typeof FACET_TITLES)[]).map((facet) => {
        const entries = Object.entries(response.facets[facet]);
        if (facet === 'year') entries.sort(([a], [b]) => b.localeCompare(a));
        if (entries.length === 0) return null;
        return (
          <section data-facet={facet}>
            <h2>{FACET_TITLES[facet]}</h2>
            <ul>
              {entries.slice(0, 15).map(([value, count]) => (
                <li class={active[facet].includes(value) ? 'active' : ''}>
                  <a href={link(facet, value)}>{facet === 'lang' ? (LANGUAGE_NAMES[value] ?? value) : value}</a>
                  <span class="count">{count.toLocaleString('fr-FR')}</span>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </aside>
  );
}


/**
 * An editor's way to tag every result: a GET to the confirmation page, carrying the search (not
 * the page), so nothing changes before the editor has seen the count and typed the tags.
 */
function BulkTagLink({ request, total }: { request: SearchRequest; total: number }) {
  return (
    <form method="get" action="/bulk-tag" class="bulk-link" id="bulk-tag-link">
      {[...searchParams(request, { paging: false })].map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class="secondary">Étiqueter les {counted(total, 'résultat')}</button>
    </form>
  );
}

function Results({ request, response, viewer }: { request: SearchRequest; response: SearchResponse; viewer: Viewer }) {
  const first = (request.page - 1) * request.size + 1;
  const here = searchUrl(request);
  return (
    <div>
      {canEdit(viewer) && response.total > 0 && <BulkTagLink request={request} total={response.total} />}
      <p class="summary-line" id="result-count">
        {response.total.toLocaleString('fr-FR')} résultat{response.total === 1 ? '' : 's'}
        {response.hits.length > 0 && ` — ${first} à ${first + response.hits.length - 1}`} · mode {MODE_LABELS[response.mode]} ·{' '}
        {response.tookMs} ms
      </p>
      {noticesInFrench(response).map((notice) => (
        <p class="notice">{notice}</p>
      ))}
      <ol class="results">
        {response.hits.map((hit) => (
          <li>
            <h3>
              <a href={articleUrl(hit.id, here)}>{hit.title}</a>
            </h3>
            <div class="meta">{metaLine(hit)}</div>
            <p class="snippet">{raw(hit.snippet)}</p>
            {hit.versions.length > 0 && (
              <p class="versions">
                {hit.versions.length} autre{hit.versions.length > 1 ? 's' : ''} version{hit.versions.length > 1 ? 's' : ''} de cette histoire :{' '}
                {hit.versions.map((id, index) => (
                  <>{index > 0 && ', '}<a href={articleUrl(id, searchUrl(request))}>{index + 1}</a></>
                ))}
              </p>
            )}
            <TagLinks tags={hit.tags} />
            <div class="scores">
              {hit.score.keywordRank !== null && `mots-clés n°${hit.score.keywordRank} `}
              {hit.score.semanticRank !== null && `sémantique n°${hit.score.semanticRank} `}
            </div>
          </li>
        ))}
      </ol>
      <Paging page={request.page} size={request.size} total={response.total} link={(page) => searchUrl(request, { page })} />
    </div>
  );
}

/** The query syntax, folded under the form: what a journalist used to other archives looks for. */
function SyntaxHelp() {
  const rows: [string, string][] = [
    ['"réforme des retraites"', 'l’expression exacte, dans cet ordre'],
    ['-Macron, SAUF "Le Pen"', 'sans les articles qui contiennent ce mot ou cette expression (SAUF ou NOT)'],
    ['immigr*', 'les mots qui commencent par « immigr »'],
    ['Lubrizol OU Rouen', 'l’un ou l’autre (OU ou OR, en capitales)'],
    ['Macron ET retraites', 'les deux (ET ou AND) ; OU lie plus fort : Macron ET retraites OU pensions'],
    ['(grève ET SNCF) OU cheminots', 'les parenthèses groupent, dès que la requête a un ET, OU ou SAUF'],
  ];
  return (
    <details class="syntax-help">
      <summary>Syntaxe de recherche</summary>
      <p>Sans syntaxe, un article qui a l’un des mots est trouvé ; ceux qui en ont le plus, et les plus rares, viennent d’abord. La syntaxe vaut pour les mots-clés ; la recherche par le sens lit les mots simples (les exclusions valent pour les deux).</p>
      <table>
        <tbody>
          {rows.map(([example, meaning]) => (
            <tr>
              <td><code>{example}</code></td>
              <td>{meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** Choices of the semantic share offered in the form (any value from 0 to 1 works in the URL). */
const SEMANTIC_RATIOS: [number, string][] = [[0, '0 — mots-clés seuls'], [0.25, '0,25'], [0.5, '0,5'], [0.75, '0,75'], [1, '1 — sens seul']];

/** The search page: query box, mode switch, filters, facets, results and paging. */
export function SearchPage({ request, response, error, semanticAvailable, viewer }: SearchPageProps) {
  const sections = response ? Object.keys(response.facets.section).sort() : [];
  const chosenSection = request.filters.sections?.[0] ?? '';
  if (chosenSection && !sections.includes(chosenSection)) sections.push(chosenSection);
  return (
    <Layout title={request.q ? `${request.q} — Archives` : 'Archives'} viewer={viewer}>
      <form class="search" method="get" action="/" role="search">
        <div class="query">
          <input type="search" name="q" value={request.q} placeholder="Rechercher dans les archives…" aria-label="Recherche" autofocus />
          <button type="submit">Rechercher</button>
        </div>
        <div class="options">
          <fieldset>
            <legend>Mode</legend>
            {(['hybrid', 'keyword', 'semantic'] as const).map((mode) => (
              <label>
                <input type="radio" name="mode" value={mode} checked={request.mode === mode} disabled={mode !== 'keyword' && !semanticAvailable} />{' '}
                {MODE_LABELS[mode]}
              </label>
            ))}
          </fieldset>
          <label title="Part du sens dans le mode hybride : 0 = mots-clés seuls, 1 = sens seul">
            Sens{' '}
            <select name="semanticRatio" disabled={!semanticAvailable}>
              <option value="">par défaut{response?.semanticRatio !== undefined && request.semanticRatio === undefined ? ` (${response.semanticRatio})` : ''}</option>
              {SEMANTIC_RATIOS.map(([value, label]) => (
                <option value={String(value)} selected={request.semanticRatio === value}>{label}</option>
              ))}
            </select>
          </label>
          <label>
            Du <input type="date" name="from" value={request.filters.dateFrom ?? ''} />
          </label>
          <label>
            au <input type="date" name="to" value={request.filters.dateTo ?? ''} />
          </label>
          <label>
            Rubrique{' '}
            <select name="section">
              <option value="">toutes</option>
              {sections.map((section) => (
                <option value={section} selected={section === chosenSection}>{section}</option>
              ))}
            </select>
          </label>
          <label>
            Langue{' '}
            <select name="lang">
              <option value="">toutes</option>
              {Object.entries(LANGUAGE_NAMES).slice(0, 2).map(([code, name]) => (
                <option value={code} selected={request.filters.langs?.[0] === code}>{name}</option>
              ))}
            </select>
          </label>
        </div>
        <SyntaxHelp />
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      {response?.coverage && (
        <CoverageChart request={request} coverage={response.coverage} granularity={request.coverage ?? chartGranularity(request.filters)} />
      )}
      {response && (
        <div class="layout">
          <Facets request={request} response={response} />
          <Results request={request} response={response} viewer={viewer} />
        </div>
      )}
    </Layout>
  );
}
