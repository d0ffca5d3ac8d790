/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { DEFAULT_DIVERSITY, acceptedLanguages, type RelatedArticles, type SearchService } from '@archive/search';
import type { Principal } from '@archive/store';
import type { TagService, TagSuggestion } from '@archive/tagging';
import { ArticlePage } from './article-page.tsx';
import { TimelinePage } from './timeline-page.tsx';
import { editorForm } from './editor-guard.tsx';
import { readForm, splitTags } from './form-data.ts';
import { sameOrigin } from './form-guard.ts';
import { refusalMessage } from './refusal.ts';
import { render } from './render.ts';
import { backToSearch } from './safe-redirect.ts';
import { articleUrl } from './search-url.ts';
import { canEdit, viewerOf, type WebContext, type WebEnv } from './web-env.ts';

interface Deps {
  search: SearchService;
  related: RelatedArticles;
  tags: TagService;
}

/** How many related articles the page lists. */
const RELATED = 8;

/** How many suggestions an editor sees on an article. */
const SUGGESTIONS = 8;

/** A refused change, shown on the article page (400) with what the editor had typed. */
interface Refusal {
  error: string;
  addValue: string;
}

async function suggestionsOrNull(c: WebContext, tags: TagService, id: string): Promise<TagSuggestion[] | null> {
  try {
    return await tags.suggestions(id, SUGGESTIONS);
  } catch (error) {
    c.get('logger')?.error({ err: error, articleId: id }, 'tag suggestions failed');
    return null;
  }
}

/** The article page, with the editor's controls when the viewer may edit. */
async function showArticle(c: WebContext, { search, related: relatedArticles, tags }: Deps, id: string, from: string, refusal: Refusal | null = null) {
  const viewer = viewerOf(c);
  const article = search.article(id);
  const editor = canEdit(viewer);
  // Other languages when the reader's browser accepts them (cross-lingual "à lire aussi").
  const langs = acceptedLanguages(undefined, c.req.header('Accept-Language'), [article.lang]);
  const [related, suggestions] = await Promise.all([
    relatedArticles.related(id, { limit: RELATED, langs, recency: 0, diversity: DEFAULT_DIVERSITY, collapse: true }),
    editor ? suggestionsOrNull(c, tags, id) : null,
  ]);
  const editing = editor
    ? {
        form: { articleId: id, formToken: viewer.formToken, from },
        suggestions,
        history: tags.history(id),
        error: refusal?.error ?? null,
        addValue: refusal?.addValue ?? '',
      }
    : null;
  return render(c, <ArticlePage article={article} related={related} backUrl={from} viewer={viewer} editing={editing} />, refusal ? 400 : 200);
}

/**
 * Runs one tag action of an article's forms (behind `editorForm`), then goes back to the
 * article (303, so a reload does not post again); a refused action shows the page with why.
 */
async function tagAction(c: WebContext, deps: Deps, act: (id: string, form: URLSearchParams, by: Principal) => Promise<unknown>) {
  const id = c.req.param('id')!;
  const form = await readForm(c);
  const from = backToSearch(form.get('from'));
  try {
    await act(id, form, c.get('principal')!);
  } catch (error) {
    const message = refusalMessage(error);
    if (message === null) throw error;
    return showArticle(c, deps, id, from, { error: message, addValue: form.get('add') ?? '' });
  }
  return c.redirect(articleUrl(id, from), 303);
}

/**
 * `/articles/:id`: an article for everyone; for editors also its tag editor, suggestions and
 * tag history, and the routes their forms post to.
 */
export function articleRoutes(deps: Deps): Hono<WebEnv> {
  const web = new Hono<WebEnv>();
  const { tags } = deps;

  web.get('/articles/:id', (c) => showArticle(c, deps, c.req.param('id'), backToSearch(c.req.query('from'))));

  web.get('/articles/:id/timeline', (c) => {
    const id = c.req.param('id');
    const page = <TimelinePage article={deps.search.article(id)} entries={deps.related.timeline(id)} viewer={viewerOf(c)} backUrl={backToSearch(c.req.query('from'))} />;
    return render(c, page);
  });

  web.post('/articles/:id/tags', sameOrigin, editorForm, (c) =>
    tagAction(c, deps, (id, form, by) => tags.change(id, { add: splitTags(form.getAll('add')), remove: form.getAll('remove').filter((tag) => tag.trim()) }, by)),
  );
  web.post('/articles/:id/suggestions/accept', sameOrigin, editorForm, (c) => tagAction(c, deps, (id, form, by) => tags.accept(id, form.get('tag') ?? '', by)));
  web.post('/articles/:id/suggestions/reject', sameOrigin, editorForm, async (c) =>
    tagAction(c, deps, async (id, form, by) => tags.reject(id, form.get('tag') ?? '', by)),
  );

  return web;
}
