import { z } from 'zod';
import { ArchiveError } from '@archive/core';
import { COVERAGE_GRANULARITIES, SEARCH_MODES, type SearchRequest } from './search-types.ts';

/** A bad request parameter: the API answers 400 with the parameter's name and the reason. */
export class BadRequestError extends ArchiveError {
  constructor(readonly parameter: string, reason: string) {
    super('BAD_REQUEST', `${parameter}: ${reason}`);
  }
}

const MAX_PAGE = 1000;
export const MAX_PAGE_SIZE = 100;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'not a calendar date');
const list = (item: z.ZodString) => z.array(item).max(50, 'at most 50 values');

/** The search parameters and their rules: what validates requests, and what the API description shows. */
export const searchQuerySchema = z.object({
  q: z.string().max(500, 'at most 500 characters').default(''),
  mode: z.enum(SEARCH_MODES, { error: `expected one of ${SEARCH_MODES.join(', ')}` }).default('hybrid'),
  page: z.coerce.number({ error: 'expected a whole number' }).int('expected a whole number').min(1, 'at least 1').max(MAX_PAGE, `at most ${MAX_PAGE}`).default(1),
  size: z.coerce.number({ error: 'expected a whole number' }).int('expected a whole number').min(1, 'at least 1').max(MAX_PAGE_SIZE, `at most ${MAX_PAGE_SIZE}`).default(10),
  from: day.optional(),
  to: day.optional(),
  section: list(z.string().min(1).max(100)).default([]),
  lang: list(z.string().regex(/^[a-z]{2}$/, 'expected a two-letter language code')).default([]),
  author: list(z.string().min(1).max(200)).default([]),
  tag: list(z.string().min(1).max(200)).default([]),
  coverage: z.enum(COVERAGE_GRANULARITIES, { error: `expected one of ${COVERAGE_GRANULARITIES.join(', ')}` }).optional()
    .describe('Also count the matching articles per year or month (`coverage` in the answer)'),
  semanticRatio: z.coerce.number({ error: 'expected a number from 0 to 1' }).min(0, 'expected a number from 0 to 1').max(1, 'expected a number from 0 to 1').optional()
    .describe('Hybrid mode: share of the semantic half, 0 (keyword only) to 1 (semantic only); default set by the server (measured)'),
  collapse: z.enum(['true', 'false'], { error: 'expected true or false' }).default('true')
    .describe('Show each story once (near-copies folded into `versions`); false lists every version'),
});

const SINGLE = new Set(['q', 'mode', 'page', 'size', 'from', 'to', 'coverage', 'collapse', 'semanticRatio']);
const KNOWN = new Set(Object.keys(searchQuerySchema.shape));

/**
 * Reads a search request from URL query parameters, as the API and the web UI receive them.
 * List parameters (`section`, `lang`, `author`, `tag`) may repeat or hold comma-separated values;
 * empty values are ignored (an empty form field means "any"). Throws `BadRequestError` naming the
 * first wrong parameter; unknown parameters are refused rather than silently ignored.
 *
 * @example
 * parseSearchParams(new URLSearchParams('q=incendie&section=france,monde&from=2019-01-01'))
 */
export function parseSearchParams(params: URLSearchParams, options: { allow?: string[] } = {}): SearchRequest {
  const raw: Record<string, unknown> = {};
  for (const name of new Set(params.keys())) {
    if (!KNOWN.has(name)) {
      if (options.allow?.includes(name)) continue;
      throw new BadRequestError(name, `unknown parameter (known: ${[...KNOWN].join(', ')})`);
    }
    const values = params.getAll(name).map((value) => value.trim());
    if (SINGLE.has(name)) {
      if (values.length > 1) throw new BadRequestError(name, 'given more than once');
      if (values[0] !== '' || name === 'q') raw[name] = values[0];
    } else {
      raw[name] = values.flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean);
    }
  }
  const parsed = searchQuerySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BadRequestError(String(issue.path[0] ?? 'query'), issue.message);
  }
  const { q, mode, page, size, from, to, section, lang, author, tag, coverage, collapse, semanticRatio } = parsed.data;
  if (from && to && from > to) throw new BadRequestError('from', `is after "to" (${from} > ${to})`);
  return {
    q, mode, page, size, collapse: collapse === 'true',
    filters: { dateFrom: from ?? null, dateTo: to ?? null, sections: section, langs: lang, authors: author, tags: tag },
    ...(coverage && { coverage }),
    ...(semanticRatio !== undefined && { semanticRatio }),
  };
}
