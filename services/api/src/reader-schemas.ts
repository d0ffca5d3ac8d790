import { z } from '@hono/zod-openapi';

/** Shapes of the readers' routes: related articles, "read next" and story timelines. */

const nullableString = z.string().nullable();

const ReasonSchema = z.union([
  z.object({
    kind: z.literal('passages'),
    similarity: z.number(),
    passage: z.string().openapi({ description: "The article's passage closest to the related one" }),
    relatedPassage: z.string(),
  }),
  z.object({ kind: z.literal('terms'), terms: z.array(z.string()).openapi({ description: 'Names both articles mention' }) }),
]);

export const RelatedEntrySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    date: nullableString,
    section: nullableString,
    lang: nullableString,
    similarity: z.number(),
    score: z.number(),
    reason: ReasonSchema,
    versions: z.array(z.string()).openapi({ description: 'Other versions of the same story folded into this entry' }),
  })
  .openapi('RelatedEntry');

export const RelatedSchema = z.object({ id: z.string(), related: z.array(RelatedEntrySchema) }).openapi('Related');

export const RecommendationsRequestSchema = z
  .object({
    read: z.array(z.string().min(1)).min(1).max(50).openapi({ description: 'Ids of the articles just read (nothing is stored)' }),
    limit: z.number().int().min(1).max(50).default(10),
    lang: z.array(z.string().regex(/^[a-z]{2}$/, 'expected two-letter language codes')).max(10).optional()
      .openapi({ description: 'Languages the reader accepts; default: those of the articles read' }),
    diversity: z.number().min(0).max(1).optional(),
    recency: z.number().min(0).max(1).optional(),
  })
  .openapi('RecommendationsRequest');

export const RecommendationsSchema = z.object({ hits: z.array(RelatedEntrySchema) }).openapi('Recommendations');

export const TimelineSchema = z
  .object({
    id: z.string(),
    articles: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        date: nullableString,
        section: nullableString,
        lang: nullableString,
        lead: z.string(),
        similarity: z.number(),
        gapDays: z.number().nullable().openapi({ description: 'Days since the previous entry' }),
        current: z.boolean(),
      }),
    ),
  })
  .openapi('Timeline');
