/** @jsxImportSource hono/jsx */
import type { SearchRequest, SearchResponse } from '@archive/search';
import { Layout } from './layout.tsx';
import { counted, metaLine } from './labels.ts';
import { articleUrl, searchUrl, tagUrl } from './search-url.ts';
import { TagLinks } from './tag-editor.tsx';
import type { Viewer } from './web-env.ts';

/** Page links of the tag page (same look as the search page's). */
function TagPaging({ tag, request, response }: { tag: string; request: SearchRequest; response: SearchResponse }) {
  const pages = Math.min(1000, Math.ceil(response.total / request.size));
  if (pages <= 1) return null;
  const around = [...new Set([1, request.page - 2, request.page - 1, request.page, request.page + 1, request.page + 2, pages])]
    .filter((page) => page >= 1 && page <= pages)
    .sort((a, b) => a - b);
  return (
    <nav class="pages" aria-label="Pages">
      {request.page > 1 && <a href={tagUrl(tag, request.page - 1)} rel="prev">← Précédente</a>}
      {around.map((page) => (page === request.page ? <span class="current">{page}</span> : <a href={tagUrl(tag, page)}>{page}</a>))}
      {request.page < pages && <a href={tagUrl(tag, request.page + 1)} rel="next">Suivante →</a>}
    </nav>
  );
}

/**
 * Every article carrying a tag, newest first. Its articles link back to the equivalent search
 * (the tag as a filter), where the rest of the filters can narrow it.
 */
export function TagPage({ tag, request, response, viewer }: { tag: string; request: SearchRequest; response: SearchResponse; viewer: Viewer }) {
  const asSearch = searchUrl({ ...request, page: 1, size: 10 });
  const first = (request.page - 1) * request.size + 1;
  return (
    <Layout title={`${tag} — Étiquette — Archives`} viewer={viewer}>
      <p>
        <a href="/">← Retour à la recherche</a>
      </p>
      <section class="panel tag-page">
        <h1>
          Étiquette : <span id="tag-name">{tag}</span>
        </h1>
        <p class="summary-line" id="tag-count">
          {counted(response.total, 'article')}
          {response.hits.length > 0 && response.total > response.hits.length && ` — ${first} à ${first + response.hits.length - 1}`} ·{' '}
          <a href={asSearch}>Affiner dans la recherche</a>
        </p>
        {response.total === 0 ? (
          <p class="meta">Aucun article ne porte cette étiquette.</p>
        ) : (
          <ol class="results" id="tag-articles">
            {response.hits.map((hit) => (
              <li>
                <h3>
                  <a href={articleUrl(hit.id, asSearch)}>{hit.title}</a>
                </h3>
                <div class="meta">{metaLine(hit)}</div>
                <TagLinks tags={hit.tags} />
              </li>
            ))}
          </ol>
        )}
        <TagPaging tag={tag} request={request} response={response} />
      </section>
    </Layout>
  );
}
