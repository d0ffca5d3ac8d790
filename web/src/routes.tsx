/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { ArchiveError } from '@archive/core';
import { BadRequestError, parseSearchParams, type SearchRequest, type SearchResponse, type SearchService } from '@archive/search';
import { ArticlePage } from './article-page.tsx';
import { Layout } from './layout.tsx';
import { SearchPage } from './search-page.tsx';
import { STYLESHEET } from './style.ts';

const EMPTY_REQUEST: SearchRequest = { q: '', mode: 'hybrid', page: 1, size: 10, filters: {} };

/** Only a same-site search page may be the target of the article page's back link. */
function backUrl(referer: string | undefined, host: string | undefined): string {
  if (!referer) return '/';
  try {
    const url = new URL(referer);
    return url.host === host && url.pathname === '/' ? `/${url.search}` : '/';
  } catch {
    return '/';
  }
}

/**
 * The web UI's routes: `/` (search) and `/articles/:id` (an article and its related ones),
 * rendered on the server, so the pages work without JavaScript and every piece of article text
 * is escaped by JSX.
 */
export function webRoutes(service: SearchService): Hono {
  const web = new Hono();

  web.get('/static/style.css', (c) => {
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(STYLESHEET, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  });

  web.get('/', async (c) => {
    let request = EMPTY_REQUEST;
    let response: SearchResponse | null = null;
    let error: string | null = null;
    try {
      request = parseSearchParams(new URL(c.req.url).searchParams);
      response = await service.search(request);
    } catch (caught) {
      if (!(caught instanceof ArchiveError)) throw caught;
      error = caught instanceof BadRequestError ? `Paramètre « ${caught.parameter} » invalide : ${caught.message}` : caught.message;
    }
    return c.html(<SearchPage request={request} response={response} error={error} semanticAvailable={service.semanticAvailable} />, error ? 400 : 200);
  });

  web.get('/articles/:id', async (c) => {
    const id = c.req.param('id');
    const article = service.article(id);
    const related = await service.related(id, 8);
    return c.html(<ArticlePage article={article} related={related} backUrl={backUrl(c.req.header('Referer'), c.req.header('Host'))} />);
  });

  web.onError((error, c) => {
    const status = error instanceof ArchiveError && error.code === 'NOT_FOUND' ? 404 : 500;
    const message = status === 404 ? 'Article introuvable.' : 'Une erreur est survenue.';
    return c.html(
      <Layout title="Archives">
        <p class="error" role="alert">{message}</p>
        <p><a href="/">Retour à la recherche</a></p>
      </Layout>,
      status,
    );
  });
  return web;
}
