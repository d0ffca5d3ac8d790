/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ArchiveError, QuerySyntaxError } from '@archive/core';
import type { JobLauncher } from '@archive/jobs';
import { BadRequestError, parseSearchParams, type RelatedArticles, type SearchRequest, type SearchResponse, type SearchService } from '@archive/search';
import type { JobStore, TokenStore } from '@archive/store';
import type { TagService } from '@archive/tagging';
import { adminRoutes } from './admin-routes.tsx';
import { articleRoutes } from './article-routes.tsx';
import { MessagePage } from './message-page.tsx';
import { refusalMessage } from './refusal.ts';
import { render } from './render.ts';
import { SearchPage } from './search-page.tsx';
import { sessionRoutes } from './session-routes.tsx';
import { chartGranularity } from './search-url.ts';
import { STYLESHEET } from './style.ts';
import { tagRoutes } from './tag-routes.tsx';
import { viewerOf, type WebContext, type WebEnv } from './web-env.ts';

export type { WebEnv } from './web-env.ts';

const EMPTY_REQUEST: SearchRequest = { q: '', mode: 'hybrid', page: 1, size: 10, filters: {} };

export interface WebDeps {
  search: SearchService;
  related: RelatedArticles;
  tags: TagService;
  tokens: TokenStore;
  /** Starts and cancels batch jobs (each in its own process), for the admins' jobs page. */
  jobs: JobLauncher;
  /** Where the jobs page reads every job's state and progress. */
  jobStore: JobStore;
}

/** The error page: what went wrong in words for the reader; unexpected errors are logged first. */
function errorPage(error: Error, c: WebContext) {
  const viewer = viewerOf(c);
  if (error instanceof HTTPException) {
    // hono's csrf() refuses a post from another origin this way.
    const message = error.status === 403 ? 'Requête refusée : ce formulaire n’a pas été envoyé depuis ce site.' : 'Requête invalide.';
    return render(c, <MessagePage viewer={viewer} message={message} />, error.status);
  }
  if (error instanceof ArchiveError && error.code === 'NOT_FOUND') {
    const message = c.req.path.startsWith('/articles/') ? 'Article introuvable.' : c.req.path.startsWith('/admin/jobs/') ? 'Tâche introuvable.' : 'Page introuvable.';
    return render(c, <MessagePage viewer={viewer} message={message} />, 404);
  }
  const refusal = refusalMessage(error);
  if (refusal !== null) return render(c, <MessagePage viewer={viewer} message={refusal} />, 400);
  const logger = c.get('logger');
  if (logger) logger.error({ err: error, method: c.req.method, path: c.req.path }, 'web page failed');
  else console.error('web page failed', c.req.method, c.req.path, error);
  return render(c, <MessagePage viewer={viewer} message="Une erreur est survenue." />, 500);
}

/**
 * The web UI: search (`/`), articles, tag pages, sign-in, for editors tag editing and bulk
 * tagging, and for admins the batch jobs page (`/admin/jobs`). Rendered on the server, so it works without JavaScript and every piece of article
 * text is escaped by JSX. Expects the API application's `authenticate` middleware to have set
 * `principal` and `sessionId`, and its request logger `logger`.
 */
export function webRoutes({ search, related, tags, tokens, jobs, jobStore }: WebDeps): Hono<WebEnv> {
  const web = new Hono<WebEnv>();

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
      // The page always shows how much the paper wrote on it over time.
      response = await search.search({ ...request, coverage: request.coverage ?? chartGranularity(request.filters) });
    } catch (caught) {
      if (!(caught instanceof ArchiveError)) throw caught;
      error =
        caught instanceof BadRequestError
          ? `Paramètre « ${caught.parameter} » invalide : ${caught.message}`
          : caught instanceof QuerySyntaxError
            ? `Recherche mal formée : ${caught.message}`
            : caught.message;
    }
    const page = <SearchPage request={request} response={response} error={error} semanticAvailable={search.semanticAvailable} viewer={viewerOf(c)} />;
    return render(c, page, error ? 400 : 200);
  });

  web.route('/', sessionRoutes(tokens));
  web.route('/', articleRoutes({ search, related, tags }));
  web.route('/', tagRoutes({ search, tags }));
  web.route('/', adminRoutes({ jobs, jobStore }));

  web.onError(errorPage);
  return web;
}
