/** @jsxImportSource hono/jsx */
import type { SearchRequest, SearchResponse } from '@archive/search';
import { Paging } from './paging.tsx';
import { Layout } from './layout.tsx';
import { counted, metaLine } from './labels.ts';
import { articleUrl, searchUrl, tagUrl } from './search-url.ts';
import { TagLinks } from './tag-editor.tsx';
import type { Viewer } from './web-env.ts';


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
        <Paging page={request.page} size={request.size} total={response.total} link={(page) => tagUrl(tag, page)} />
      </section>
    </Layout>
  );
}
