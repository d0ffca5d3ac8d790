import type { OpenAPIHono } from '@hono/zod-openapi';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { Logger } from '@archive/core';
import type { RelatedArticles, SearchService } from '@archive/search';
import type { JobLauncher } from '@archive/jobs';
import type { JobStore, TokenStore } from '@archive/store';
import type { TagService } from '@archive/tagging';
import { webRoutes } from '@archive/web';
import { apiRouter, type ApiEnv } from './api-env.ts';
import { authenticate } from './auth.ts';
import { errorResponse } from './errors.ts';
import { searchRoutes } from './routes/search-routes.ts';
import { tagRoutes } from './routes/tag-routes.ts';
import { jobRoutes } from './routes/job-routes.ts';
import { tokenRoutes } from './routes/token-routes.ts';

export interface AppOptions {
  service: SearchService;
  related: RelatedArticles;
  tags: TagService;
  tokens: TokenStore;
  jobs: JobLauncher;
  jobStore: JobStore;
  logger: Logger;
  /** Store and index figures for `/api/health`. */
  health: () => Promise<Record<string, unknown>>;
  /** Every route needs at least a reader token (the sign-in page and the stylesheet excepted). */
  requireToken?: boolean;
}

/** Paths open even when every route needs a token: what it takes to sign in. */
const OPEN_PATHS = new Set(['/signin', '/static/style.css', '/api/health', '/api/openapi.json']);

/**
 * The HTTP application: the JSON API under `/api` (described at `/api/openapi.json`) and the
 * web UI beside it. Every request gets a request id (header `X-Request-Id`) that is on each of
 * its log lines; log lines carry the path, never the query string or credentials.
 *
 * @example
 * const app = createApp({ service, tags, tokens: store.tokens, logger, health });
 * serve({ fetch: app.fetch, port: 3000 });
 */
export function createApp({ service, related, tags, tokens, jobs, jobStore, logger, health, requireToken = false }: AppOptions): OpenAPIHono<ApiEnv> {
  const app = apiRouter();
  app.use(requestId());
  app.use(async (c, next) => {
    const started = performance.now();
    const requestLogger = logger.child({ reqId: c.get('requestId') });
    c.set('logger', requestLogger);
    await next();
    requestLogger.info(
      { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started), actor: c.get('principal')?.name },
      'request',
    );
  });
  app.use(secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'self'"], styleSrc: ["'self'"], scriptSrc: ["'self'"], formAction: ["'self'"] } }));
  app.use(authenticate(tokens, { requireToken, exempt: (path) => OPEN_PATHS.has(path) }));
  app.onError(errorResponse);

  app.route('/', searchRoutes(service, related, health));
  app.route('/', tagRoutes(tags));
  app.route('/', tokenRoutes(tokens));
  app.route('/', jobRoutes(jobs, jobStore));
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http', scheme: 'bearer', description: 'An API token (`archive token create`); reading needs none unless the archive requires it',
  });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Newsroom archive search API', version: '1.0.0', description: 'Search, articles, related articles, tags, suggestions, audit trail, tokens and batch jobs.' },
  });

  app.all('/api/*', (c) => c.json({ error: { code: 'NOT_FOUND', message: `no API route ${c.req.method} ${c.req.path}` } }, 404));

  app.route('/', webRoutes({ search: service, related, tags, tokens, jobs, jobStore }));
  app.notFound((c) => c.text('Not found', 404));
  return app;
}
