import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { Logger } from '@archive/core';
import { BadRequestError, parseSearchParams, type SearchService } from '@archive/search';
import { webRoutes } from '@archive/web';
import { errorResponse } from './errors.ts';

export interface AppEnv {
  Variables: { logger: Logger; requestId: string };
}

export interface AppOptions {
  service: SearchService;
  logger: Logger;
  /** Store and index figures for `/api/health`. */
  health: () => Promise<Record<string, unknown>>;
}

const MAX_RELATED = 50;

function relatedLimit(value: string | undefined): number {
  if (value === undefined || value === '') return 10;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RELATED) {
    throw new BadRequestError('limit', `expected a whole number from 1 to ${MAX_RELATED}`);
  }
  return limit;
}

/**
 * The HTTP application: the JSON API under `/api` and the web UI beside it. Every request gets
 * a request id (header `X-Request-Id`) that is on each of its log lines.
 *
 * @example
 * const app = createApp({ service, logger, health });
 * serve({ fetch: app.fetch, port: 3000 });
 */
export function createApp({ service, logger, health }: AppOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.use(async (c, next) => {
    const started = performance.now();
    const requestLogger = logger.child({ reqId: c.get('requestId') });
    c.set('logger', requestLogger);
    await next();
    requestLogger.info(
      { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) },
      'request',
    );
  });
  app.use(secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'self'"], styleSrc: ["'self'"], scriptSrc: ["'self'"] } }));
  app.onError(errorResponse);

  app.get('/api/health', async (c) => c.json({ status: 'ok', semantic: service.semanticAvailable, ...(await health()) }));

  app.get('/api/search', async (c) => {
    const request = parseSearchParams(new URL(c.req.url).searchParams);
    return c.json(await service.search(request));
  });

  app.get('/api/articles/:id', (c) => c.json(service.article(c.req.param('id'))));

  app.get('/api/articles/:id/related', async (c) => {
    const id = c.req.param('id');
    const related = await service.related(id, relatedLimit(c.req.query('limit')));
    return c.json({ id, related });
  });

  app.all('/api/*', (c) => c.json({ error: { code: 'NOT_FOUND', message: `no API route ${c.req.method} ${c.req.path}` } }, 404));

  app.route('/', webRoutes(service));
  app.notFound((c) => c.text('Not found', 404));
  return app;
}
