import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { parseSearchParams, searchQuerySchema, type SearchService } from '@archive/search';
import type { StoredArticle } from '@archive/store';
import { apiRouter, type ApiEnv } from '../api-env.ts';
import { ArticleSchema, HealthSchema, IdParam, RelatedSchema, SearchResponseSchema, errors, json } from '../schemas.ts';

const MAX_RELATED = 50;

/** What the API shows of a stored article: no server paths, no internal bookkeeping. */
export function publicArticle(article: StoredArticle): z.infer<typeof ArticleSchema> {
  const { id, url, title, summary, body, authors, date, published, section, tags, sourceTags, lang, createdAt, updatedAt } = article;
  return { id, url, title, summary, body, authors, date, published, section, tags, sourceTags, lang, createdAt, updatedAt };
}

export const limitQuery = (max: number, fallback: number) =>
  z.object({
    limit: z.coerce.number({ error: 'expected a whole number' }).int('expected a whole number').min(1, 'at least 1').max(max, `at most ${max}`).default(fallback)
      .openapi({ param: { name: 'limit', in: 'query' } }),
  });

/** Reading routes: health, search, one article, related articles. */
export function searchRoutes(service: SearchService, health: () => Promise<Record<string, unknown>>): OpenAPIHono<ApiEnv> {
  const app = apiRouter();

  app.openapi(
    createRoute({
      method: 'get', path: '/api/health', summary: 'Counts of articles, passages, vectors and keyword documents',
      responses: { 200: json(HealthSchema, 'The archive is up') },
    }),
    async (c) => c.json({ status: 'ok' as const, semantic: service.semanticAvailable, ...(await health()) }, 200),
  );

  // Described here, validated by parseSearchParams with the same schema: it also reads repeated
  // and comma-separated list parameters, and refuses unknown ones.
  app.openAPIRegistry.registerPath(
    createRoute({
      method: 'get', path: '/api/search', summary: 'Search the archive (hybrid, keyword or semantic)',
      description: 'List parameters (section, lang, author, tag) may repeat or hold comma-separated values. An empty q lists the filtered archive, newest first.',
      request: { query: searchQuerySchema },
      responses: { 200: json(SearchResponseSchema, 'Hits, total and facets'), ...errors(400, 503) },
    }),
  );
  app.get('/api/search', async (c) => c.json(await service.search(parseSearchParams(new URL(c.req.url).searchParams))));

  app.openapi(
    createRoute({
      method: 'get', path: '/api/articles/{id}', summary: 'One article, with its tags',
      request: { params: IdParam },
      responses: { 200: json(ArticleSchema, 'The article'), ...errors(404) },
    }),
    (c) => c.json(publicArticle(service.article(c.req.valid('param').id)), 200),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/articles/{id}/related', summary: 'Articles nearest in meaning, without the article and its exact duplicates',
      request: { params: IdParam, query: limitQuery(MAX_RELATED, 10) },
      responses: { 200: json(RelatedSchema, 'Related articles, nearest first'), ...errors(400, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      return c.json({ id, related: await service.related(id, c.req.valid('query').limit) }, 200);
    },
  );

  return app;
}
