import { z } from '@hono/zod-openapi';
import { MAX_TAG_LENGTH } from '@archive/core';
import { ROLES } from '@archive/store';

/**
 * The shapes of the API's requests and answers. Request schemas validate requests; every
 * schema is also what `/api/openapi.json` describes, so the description cannot drift from the code.
 */

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'BAD_REQUEST' }),
      message: z.string(),
      parameter: z.string().optional().openapi({ description: 'The request parameter or body field at fault' }),
      tag: z.string().optional().openapi({ description: 'The tag at fault' }),
      required: z.string().optional().openapi({ description: 'The role the route needs (401, 403)' }),
    }),
  })
  .openapi('Error');

export const IdParam = z.object({ id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' }, example: 'orangesum-4' }) });

const nullableString = z.string().nullable();

export const ArticleSchema = z
  .object({
    id: z.string(),
    url: nullableString,
    title: z.string(),
    summary: nullableString,
    body: z.string(),
    authors: z.array(z.string()),
    date: nullableString.openapi({ description: 'YYYY-MM-DD' }),
    published: nullableString,
    section: nullableString,
    tags: z.array(z.string()).openapi({ description: "The article's tags: source tags with editors' changes applied" }),
    sourceTags: z.array(z.string()).openapi({ description: 'Tags as the source export gave them' }),
    lang: nullableString,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Article');

const ScoreSchema = z.object({
  keywordRank: z.number().nullable(),
  semanticRank: z.number().nullable(),
  keywordScore: z.number().nullable(),
  semanticSimilarity: z.number().nullable(),
  fused: z.number(),
});

export const SearchHitSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    date: nullableString,
    section: nullableString,
    authors: z.array(z.string()),
    tags: z.array(z.string()),
    lang: nullableString,
    url: nullableString,
    snippet: z.string().openapi({ description: 'Escaped HTML; matched words in <mark>' }),
    score: ScoreSchema,
    versions: z.array(z.string()).openapi({ description: 'Other versions of this story (near-copies) folded into this hit' }),
  })
  .openapi('SearchHit');

const FacetValues = z.record(z.string(), z.number());

export const SearchResponseSchema = z
  .object({
    query: z.string(),
    mode: z.enum(['hybrid', 'keyword', 'semantic']),
    page: z.number(),
    size: z.number(),
    total: z.number(),
    hits: z.array(SearchHitSchema),
    facets: z.object({ section: FacetValues, lang: FacetValues, year: FacetValues, tag: FacetValues }),
    notice: nullableString,
    notices: z
      .array(z.enum(['SEMANTIC_OFF', 'SYNTAX_KEYWORD_ONLY']))
      .openapi({ description: '`notice` as codes, for clients that word it in their language: SEMANTIC_OFF (keyword results only), SYNTAX_KEYWORD_ONLY (see semanticIgnored)' }),
    tookMs: z.number(),
    semanticRatio: z.number().optional().openapi({ description: 'Hybrid mode: the semantic share that ranked the results' }),
    semanticQuery: z.string().optional().openapi({ description: 'Semantic and hybrid modes: the plain words that were embedded (no syntax, no excluded words)' }),
    semanticIgnored: z
      .array(z.enum(['phrase', 'exclusion', 'prefix', 'or', 'and', 'group']))
      .optional()
      .openapi({ description: 'Semantic and hybrid modes: query syntax the semantic half could not use (it applies to keyword matches only)' }),
    coverage: z
      .array(z.object({ period: z.string().openapi({ example: '2020-03' }), count: z.number().int() }))
      .optional()
      .openapi({ description: 'With `coverage=year|month`: matching articles per period, in date order, empty periods between the first and last as 0' }),
  })
  .openapi('SearchResponse');


export const HealthSchema = z
  .object({ status: z.literal('ok'), semantic: z.boolean() })
  .catchall(z.unknown())
  .openapi('Health');

const tagList = z.array(z.string().max(MAX_TAG_LENGTH * 4)).max(50);

export const TagChangeRequestSchema = z
  .object({
    add: tagList.optional().openapi({ example: ['Retraites'] }),
    remove: tagList.optional().openapi({ example: [] }),
  })
  .openapi('TagChangeRequest');

export const ArticleTagsSchema = z.object({ id: z.string(), tags: z.array(z.string()) }).openapi('ArticleTags');

export const TagChangeSchema = z
  .object({
    id: z.number(),
    at: z.string().openapi({ description: 'ISO 8601 time' }),
    actor: z.string().openapi({ description: 'Name of the token that made the change' }),
    articleId: z.string(),
    via: z.enum(['manual', 'suggestion', 'bulk', 'merge']),
    before: z.array(z.string()),
    after: z.array(z.string()),
    detail: z.record(z.string(), z.unknown()),
  })
  .openapi('TagChange');

export const HistorySchema = z.object({ id: z.string(), changes: z.array(TagChangeSchema) }).openapi('TagHistory');
export const AuditSchema = z.object({ changes: z.array(TagChangeSchema), next: z.number().nullable() }).openapi('TagAudit');

const ReasonSchema = z.union([
  z.object({
    kind: z.literal('neighbours'),
    message: z.string(),
    share: z.number(),
    articles: z.array(z.object({ id: z.string(), title: z.string(), similarity: z.number() })),
  }),
  z.object({
    kind: z.literal('keyphrase'),
    message: z.string(),
    phrase: z.string(),
    occurrences: z.object({ title: z.number(), summary: z.number(), body: z.number() }),
    quote: z.string(),
  }),
]);

export const SuggestionsSchema = z
  .object({
    id: z.string(),
    suggestions: z.array(z.object({ tag: z.string(), score: z.number(), inVocabulary: z.boolean(), reasons: z.array(ReasonSchema) })),
  })
  .openapi('TagSuggestions');

export const OneTagSchema = z.object({ tag: z.string().max(MAX_TAG_LENGTH * 4).openapi({ example: 'santé' }) }).openapi('OneTag');

export const BulkRequestSchema = z
  .object({
    q: z.string().max(500).default(''),
    mode: z.enum(['hybrid', 'keyword', 'semantic']).default('hybrid'),
    from: z.string().optional(),
    to: z.string().optional(),
    section: z.array(z.string()).max(50).optional(),
    lang: z.array(z.string()).max(50).optional(),
    author: z.array(z.string()).max(50).optional(),
    tag: z.array(z.string()).max(50).optional(),
    add: tagList.optional(),
    remove: tagList.optional(),
    dryRun: z.boolean().default(false).openapi({ description: 'Count the matching articles, change nothing' }),
    expectedCount: z.number().int().min(0).optional().openapi({ description: 'Refuse (409) unless the search still matches this many' }),
  })
  .openapi('BulkTagRequest');

export const BulkResultSchema = z.object({ matched: z.number(), changed: z.number(), dryRun: z.boolean() }).openapi('BulkTagResult');

export const VocabularySchema = z
  .object({
    total: z.number(),
    tags: z.array(z.object({ tag: z.string(), key: z.string(), count: z.number(), variants: z.array(z.string()) })),
  })
  .openapi('TagVocabulary');

export const DuplicatesSchema = z
  .object({
    groups: z.array(z.object({ reason: z.enum(['case', 'accents', 'plural']), tags: z.array(z.object({ tag: z.string(), count: z.number() })) })),
  })
  .openapi('TagDuplicates');

export const MergeRequestSchema = z
  .object({ from: tagList.min(1).openapi({ example: ['economie', 'Économie'] }), into: z.string().openapi({ example: 'économie' }) })
  .openapi('TagMergeRequest');

export const MergeResultSchema = z.object({ into: z.string(), changed: z.number() }).openapi('TagMergeResult');

export const RoleSchema = z.enum(ROLES);

export const TokenSchema = z
  .object({ name: z.string(), role: RoleSchema, createdAt: z.string(), revokedAt: nullableString, lastUsedAt: nullableString })
  .openapi('Token');

export const NewTokenRequestSchema = z.object({ name: z.string().min(1).max(64), role: RoleSchema }).openapi('NewTokenRequest');
export const NewTokenSchema = z
  .object({ name: z.string(), role: RoleSchema, token: z.string().openapi({ description: 'Shown once; only its hash is kept' }) })
  .openapi('NewToken');

/** The JSON answer of a route, described for OpenAPI. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

/** The error answers every route may give. */
export const errors = (...statuses: (400 | 401 | 403 | 404 | 409 | 503)[]) => {
  const text: Record<number, string> = {
    400: 'A parameter, field or tag is invalid (named in the answer)',
    401: 'No token, or an unknown one',
    403: 'The token lacks the role the route needs',
    404: 'No such article (or token)',
    409: 'Conflicts with the current state',
    503: 'Semantic search is off',
  };
  return Object.fromEntries(statuses.map((status) => [status, json(ErrorSchema, text[status]!)]));
};
