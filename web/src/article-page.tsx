/** @jsxImportSource hono/jsx */
import type { RelatedEntry, StoredArticle } from '@archive/search';
import type { TagChange } from '@archive/store';
import type { TagSuggestion } from '@archive/tagging';
import { Layout } from './layout.tsx';
import { LANGUAGE_NAMES, formatDate, metaLine } from './labels.ts';
import { articleUrl } from './search-url.ts';
import { Suggestions, TagEditor, TagHistory, TagLinks, type FormContext } from './tag-editor.tsx';
import type { Viewer } from './web-env.ts';

/** What an editor gets on top of the article: the controls, and the outcome of a refused change. */
export interface ArticleEditing {
  form: FormContext;
  suggestions: TagSuggestion[] | null;
  history: TagChange[];
  /** Why the last change was refused (the page then answers 400). */
  error: string | null;
  /** What the editor had typed in the add box, given back after a refusal. */
  addValue: string;
}

interface ArticlePageProps {
  article: StoredArticle;
  related: RelatedEntry[];
  backUrl: string;
  viewer: Viewer;
  /** Null for readers and anonymous visitors: they see the tags, no form. */
  editing: ArticleEditing | null;
}

/** One article in full, with the articles related to it, and for editors its tag controls. */
export function ArticlePage({ article, related, backUrl, viewer, editing }: ArticlePageProps) {
  return (
    <Layout title={`${article.title} — Archives`} lang={article.lang ?? 'fr'} viewer={viewer}>
      <p>
        <a href={backUrl} id="back-to-search">← Retour à la recherche</a>
      </p>
      {editing?.error && <p class="error" role="alert" id="tag-error">{editing.error}</p>}
      <div class="article-layout">
        <div class="article-column">
          <article class="full">
            <h1>{article.title}</h1>
            <p class="meta">{metaLine(article)}</p>
            {editing ? <TagEditor tags={article.tags} form={editing.form} addValue={editing.addValue} /> : <TagLinks tags={article.tags} />}
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
          {editing && (
            <div class="editing">
              <Suggestions suggestions={editing.suggestions} form={editing.form} />
              <TagHistory changes={editing.history} />
            </div>
          )}
        </div>
        <aside class="related" aria-label="À lire aussi">
          <h2>À lire aussi</h2>
          <p class="meta"><a href={`/articles/${encodeURIComponent(article.id)}/timeline${backUrl !== '/' ? `?from=${encodeURIComponent(backUrl)}` : ''}`} id="timeline-link">Chronologie de l’histoire →</a></p>
          {related.length === 0 ? (
            <p class="meta">Aucun article proche.</p>
          ) : (
            <ol id="related">
              {related.map((item) => (
                <li>
                  <a href={articleUrl(item.id, backUrl)}>{item.title}</a>
                  <div class="meta">
                    {formatDate(item.date)}
                    {item.section && ` · ${item.section}`}
                    {item.lang && item.lang !== article.lang && ` · ${LANGUAGE_NAMES[item.lang] ?? item.lang}`}
                    {item.versions.length > 0 && ` · ${item.versions.length} autre${item.versions.length > 1 ? 's' : ''} version${item.versions.length > 1 ? 's' : ''}`}
                  </div>
                  <div class="reason">
                    {item.reason.kind === 'passages' ? `Passage proche : « ${item.reason.relatedPassage} »` : item.reason.terms.length ? `En commun : ${item.reason.terms.join(', ')}` : ''}
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
