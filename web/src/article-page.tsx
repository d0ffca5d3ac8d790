/** @jsxImportSource hono/jsx */
import type { RelatedArticle, StoredArticle } from '@archive/search';
import { Layout } from './layout.tsx';
import { LANGUAGE_NAMES, formatDate, metaLine } from './labels.ts';

/** One article in full, with the articles related to it. */
export function ArticlePage(props: { article: StoredArticle; related: RelatedArticle[]; backUrl: string }) {
  const { article, related } = props;
  return (
    <Layout title={`${article.title} — Archives`} lang={article.lang ?? 'fr'}>
      <p>
        <a href={props.backUrl}>← Retour à la recherche</a>
      </p>
      <div class="article-layout">
        <article class="full">
          <h1>{article.title}</h1>
          <p class="meta">{metaLine(article)}</p>
          {article.tags.length > 0 && (
            <p class="tags">
              {article.tags.map((tag) => (
                <span>{tag}</span>
              ))}
            </p>
          )}
          {article.summary && <p class="lead">{article.summary}</p>}
          <div class="body">
            {article.body.split('\n\n').map((paragraph) => (
              <p>{paragraph}</p>
            ))}
          </div>
          {article.url && (
            <p class="meta">
              Source : <a href={article.url} rel="noopener noreferrer">{article.url}</a>
            </p>
          )}
        </article>
        <aside class="related" aria-label="À lire aussi">
          <h2>À lire aussi</h2>
          {related.length === 0 ? (
            <p class="meta">Aucun article proche.</p>
          ) : (
            <ol id="related">
              {related.map((item) => (
                <li>
                  <a href={`/articles/${encodeURIComponent(item.id)}`}>{item.title}</a>
                  <div class="meta">
                    {formatDate(item.date)}
                    {item.section && ` · ${item.section}`}
                    {item.lang && item.lang !== article.lang && ` · ${LANGUAGE_NAMES[item.lang] ?? item.lang}`}
                  </div>
                </li>
              ))}
            </ol>
          )}
        </aside>
      </div>
    </Layout>
  );
}
