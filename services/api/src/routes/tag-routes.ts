import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { parseSearchParams } from '@archive/search';
import type { TagService } from '@archive/tagging';
import { apiRouter, type ApiEnv } from '../api-env.ts';
import { principalWith, requireRole } from '../auth.ts';
import {
  ArticleTagsSchema, AuditSchema, BulkRequestSchema, BulkResultSchema, DuplicatesSchema, HistorySchema, IdParam, MergeRequestSchema,
  MergeResultSchema, OneTagSchema, SuggestionsSchema, TagChangeRequestSchema, VocabularySchema, errors, json,
} from '../schemas.ts';
import { limitQuery } from './search-routes.ts';

const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const editor = { middleware: requireRole<ApiEnv>('editor'), security: [{ bearer: [] }] };

const AuditQuery = z.object({
  since: z.string().datetime({ offset: true, local: false, error: 'expected an ISO 8601 time, e.g. 2026-01-31T00:00:00Z' })
    .or(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD or an ISO 8601 time')).optional()
    .openapi({ param: { name: 'since', in: 'query' }, example: '2026-11-01' }),
  actor: z.string().min(1).max(64).optional().openapi({ param: { name: 'actor', in: 'query' }, description: 'Token name' }),
  after: z.coerce.number().int().min(0).default(0).openapi({ param: { name: 'after', in: 'query' }, description: 'Paging: the `next` of the previous page' }),
  limit: z.coerce.number().int().min(1).max(1000).default(100).openapi({ param: { name: 'limit', in: 'query' } }),
});

const VocabularyQuery = z.object({
  prefix: z.string().max(100).optional().openapi({ param: { name: 'prefix', in: 'query' }, description: 'Start of the tag, any case (autocomplete)' }),
  limit: z.coerce.number().int().min(1).max(1000).default(50).openapi({ param: { name: 'limit', in: 'query' } }),
  offset: z.coerce.number().int().min(0).default(0).openapi({ param: { name: 'offset', in: 'query' } }),
});

/** Editors' routes: tags on an article, bulk, vocabulary, merge, suggestions, history and audit. */
export function tagRoutes(tags: TagService): OpenAPIHono<ApiEnv> {
  const app = apiRouter();

  app.openapi(
    createRoute({
      method: 'post', path: '/api/articles/{id}/tags', summary: "Add and remove tags on one article (editor)", ...editor,
      request: { params: IdParam, ...body(TagChangeRequestSchema) },
      responses: { 200: json(ArticleTagsSchema, "The article's tags after the change"), ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { tags: after } = await tags.change(id, c.req.valid('json'), principalWith(c, 'editor'));
      return c.json({ id, tags: after }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/articles/{id}/history', summary: "One article's tag changes, oldest first",
      request: { params: IdParam },
      responses: { 200: json(HistorySchema, 'The changes'), ...errors(404) },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      return c.json({ id, changes: tags.history(id) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/articles/{id}/tag-suggestions', summary: 'Ranked tag suggestions, each with its reasons',
      request: { params: IdParam, query: limitQuery(50, 10) },
      responses: { 200: json(SuggestionsSchema, 'Suggestions, best first'), ...errors(400, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      return c.json({ id, suggestions: await tags.suggestions(id, c.req.valid('query').limit) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/api/articles/{id}/tag-suggestions/accept', summary: 'Accept a suggestion: add the tag (editor)', ...editor,
      request: { params: IdParam, ...body(OneTagSchema) },
      responses: { 200: json(ArticleTagsSchema, "The article's tags after the change"), ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const result = await tags.accept(id, c.req.valid('json').tag, principalWith(c, 'editor'));
      return c.json({ id, tags: result.tags }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/api/articles/{id}/tag-suggestions/reject', summary: 'Reject a suggestion: never offered again for this article (editor)', ...editor,
      request: { params: IdParam, ...body(OneTagSchema) },
      responses: { 200: json(z.object({ id: z.string(), rejected: z.string() }), 'Recorded'), ...errors(400, 401, 403, 404) },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      return c.json(tags.reject(id, c.req.valid('json').tag, principalWith(c, 'editor')), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/api/tags/bulk', summary: 'Add and remove tags on every article a search matches (editor)', ...editor,
      description: 'Run with dryRun first to get the count, then again with expectedCount set to it: a search that now matches another number is refused with 409.',
      request: body(BulkRequestSchema),
      responses: { 200: json(BulkResultSchema, 'Matched and changed counts'), ...errors(400, 401, 403, 409) },
    }),
    async (c) => {
      const request = c.req.valid('json');
      // The search part is read by the search API's own parser, so both accept the same things.
      const params = new URLSearchParams({ q: request.q, mode: request.mode });
      if (request.from) params.set('from', request.from);
      if (request.to) params.set('to', request.to);
      for (const name of ['section', 'lang', 'author', 'tag'] as const) for (const value of request[name] ?? []) params.append(name, value);
      const search = parseSearchParams(params);
      const result = await tags.bulk(
        { search, add: request.add, remove: request.remove, dryRun: request.dryRun, expectedCount: request.expectedCount },
        principalWith(c, 'editor'),
      );
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/tags', summary: 'The tag vocabulary with usage counts; prefix search for autocomplete',
      request: { query: VocabularyQuery },
      responses: { 200: json(VocabularySchema, 'Tags, most used first'), ...errors(400) },
    }),
    (c) => c.json(tags.vocabulary(c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/tags/duplicates', summary: 'Tags that differ only in case, accents or a plural s/x',
      responses: { 200: json(DuplicatesSchema, 'Groups of likely duplicates') },
    }),
    (c) => c.json({ groups: tags.duplicates() }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/api/tags/merge', summary: 'Merge tags into one, as one audited operation (editor)', ...editor,
      request: body(MergeRequestSchema),
      responses: { 200: json(MergeResultSchema, 'How many articles changed'), ...errors(400, 401, 403) },
    }),
    async (c) => c.json(await tags.merge(c.req.valid('json'), principalWith(c, 'editor')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/audit', summary: 'Tag changes since a time and/or by one token name, oldest first',
      request: { query: AuditQuery },
      responses: { 200: json(AuditSchema, 'Changes; `next` pages on'), ...errors(400) },
    }),
    (c) => {
      const { since, actor, after, limit } = c.req.valid('query');
      const changes = tags.audit({ since, actor, afterId: after, limit });
      return c.json({ changes, next: changes.length === limit ? changes[changes.length - 1]!.id : null }, 200);
    },
  );

  return app;
}
