import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { BadRequestError, DEFAULT_DIVERSITY, acceptedLanguages, parseSearchParams, searchQuerySchema, type RelatedArticles, type RelatedOptions, type SearchService } from '@archive/search';
import type { StoredArticle } from '@archive/store';
import { apiRouter, type ApiEnv } from '../api-env.ts';
import { RecommendationsRequestSchema, RecommendationsSchema, RelatedSchema, TimelineSchema } from '../reader-schemas.ts';
import { ArticleSchema, HealthSchema, IdParam, SearchResponseSchema, errors, json } from '../schemas.ts';

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


const splitList = (value: string) => value.split(',').map((item) => item.trim()).filter(Boolean);

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((value) => {
    const time = Date.parse(`${value}T00:00:00Z`);
    return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
  }, 'not a calendar date');
const share = (fallback: number) => z.coerce.number({ error: 'expected a number from 0 to 1' }).min(0, 'at least 0').max(1, 'at most 1').default(fallback);
const RelatedQuery = z.object({
  limit: limitQuery(MAX_RELATED, 10).shape.limit,
  lang: z.string().regex(/^(any|[a-z]{2}(,[a-z]{2})*)$/, 'expected language codes (fr,en) or any').optional().openapi({ param: { name: 'lang', in: 'query' } }),
  from: day.optional().openapi({ param: { name: 'from', in: 'query' } }),
  to: day.optional().openapi({ param: { name: 'to', in: 'query' } }),
  section: z.string().max(500).optional().openapi({ param: { name: 'section', in: 'query' }, description: 'Comma-separated sections' }),
  recency: share(0).openapi({ param: { name: 'recency', in: 'query' }, description: '0 to 1: preference for newer articles' }),
  diversity: share(DEFAULT_DIVERSITY).openapi({ param: { name: 'diversity', in: 'query' }, description: '0 to 1: maximal marginal relevance' }),
  collapse: z.enum(['true', 'false'], { error: 'expected true or false' }).default('true').transform((value) => value === 'true')
    .openapi({ param: { name: 'collapse', in: 'query' } }),
});

/** Reading routes: health, search, one article, related articles, timelines and "read next". */
export function searchRoutes(service: SearchService, related: RelatedArticles, health: () => Promise<Record<string, unknown>>): OpenAPIHono<ApiEnv> {
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
      method: 'get', path: '/api/articles/{id}/related',
      summary: 'Related articles: filtered, diversified, one entry per story, each with its reason',
      description:
        'Languages: `lang` (comma-separated, or `any` for every language); without it, those of the Accept-Language header, else the article\'s own. ' +
        'Near-copies of the article are never listed; other stories\' near-copies are folded into one entry (`versions`) unless `collapse=false`.',
      request: { params: IdParam, query: RelatedQuery },
      responses: { 200: json(RelatedSchema, 'Related articles, best first'), ...errors(400, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const query = c.req.valid('query');
      const article = service.article(id);
      const options: RelatedOptions = {
        limit: query.limit, recency: query.recency, diversity: query.diversity, collapse: query.collapse,
        langs: acceptedLanguages(query.lang, c.req.header('Accept-Language'), [article.lang]),
        dateFrom: query.from ?? null, dateTo: query.to ?? null, sections: query.section ? splitList(query.section) : [],
      };
      if (options.dateFrom && options.dateTo && options.dateFrom > options.dateTo) throw new BadRequestError('from', `is after "to"`);
      return c.json({ id, related: await related.related(id, options) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/articles/{id}/timeline', summary: "The story's articles in date order, the earliest coverage first, the article included",
      request: { params: IdParam },
      responses: { 200: json(TimelineSchema, 'The timeline'), ...errors(404) },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      return c.json({ id, articles: related.timeline(id) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/api/recommendations', summary: '"Read next": articles related to those just read, none of them nor their near-copies, diversified',
      description: 'Nothing is stored: the reader\'s history is the request.',
      request: { body: { content: { 'application/json': { schema: RecommendationsRequestSchema } }, required: true } },
      responses: { 200: json(RecommendationsSchema, 'Recommendations, best first'), ...errors(400, 404) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const read = body.read.map((id) => service.article(id));
      const hits = await related.readNext(body.read, {
        limit: body.limit, recency: body.recency ?? 0, diversity: body.diversity ?? DEFAULT_DIVERSITY, collapse: true,
        langs: body.lang?.length ? body.lang : acceptedLanguages(undefined, c.req.header('Accept-Language'), read.map((article) => article.lang)),
      });
      return c.json({ hits }, 200);
    },
  );

  return app;
}
