import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { NotFoundError, PASSAGE_TOKEN_RANGE } from '@archive/core';
import type { JobLauncher } from '@archive/jobs';
import { JOB_KINDS, JOB_STATES, type JobStore } from '@archive/store';
import { apiRouter, type ApiEnv } from '../api-env.ts';
import { principalWith, requireRole } from '../auth.ts';
import { errors, json } from '../schemas.ts';

const admin = { middleware: requireRole<ApiEnv>('admin'), security: [{ bearer: [] }] };

export const JobSchema = z
  .object({
    id: z.string(),
    kind: z.enum(JOB_KINDS),
    state: z.enum(JOB_STATES),
    phase: z.string().nullable(),
    progress: z.object({ done: z.number(), total: z.number() }),
    params: z.record(z.string(), z.unknown()),
    result: z.record(z.string(), z.unknown()).nullable(),
    error: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    cancelRequested: z.boolean(),
    /** Items a second, and seconds left at that pace, while it runs. */
    rate: z.number().nullable(),
    etaSeconds: z.number().nullable(),
  })
  .openapi('Job');

const day = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'expected a date YYYY-MM-DD or an ISO 8601 time');
const JobRequestSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('rebuild') }).strict(),
    z.object({ kind: z.literal('incremental'), since: day.optional() }).strict(),
    z.object({
      kind: z.literal('reembed'),
      model: z.string().min(1).max(200).optional(),
      dtype: z.enum(['q8', 'fp32', 'fp16', 'int8', 'uint8', 'q4']).optional(),
      /** Other passage settings: the archive is cut again into passages of this length (model tokens). */
      targetTokens: z.number().int().min(PASSAGE_TOKEN_RANGE.min).max(PASSAGE_TOKEN_RANGE.max).optional(),
      /** Passages kept per article, from its start (0: all). */
      maxPassages: z.number().int().min(0).max(1000).optional(),
    }).strict(),
    z.object({ kind: z.literal('ingest') }).strict(),
  ])
  .openapi('JobRequest', { description: 'An ingest job reads only the configured inbox folder: no path can be given.' });

type StoredJob = NonNullable<ReturnType<JobStore['get']>>;

/** A job as the API shows it, with its pace while it runs. */
export function publicJob(job: StoredJob): z.infer<typeof JobSchema> {
  const { id, kind, state, phase, progress, params, result, error, createdBy, createdAt, startedAt, finishedAt, cancelRequested } = job;
  const seconds = startedAt ? (Date.now() - Date.parse(startedAt)) / 1000 : 0;
  const rate = state === 'running' && seconds > 0 && progress.done > 0 ? Math.round((progress.done / seconds) * 10) / 10 : null;
  const etaSeconds = rate && progress.total > progress.done ? Math.round((progress.total - progress.done) / rate) : null;
  return { id, kind, state, phase, progress, params, result, error, createdBy, createdAt, startedAt, finishedAt, cancelRequested, rate, etaSeconds };
}

const IdParam = z.object({ id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' } }) });

/** Admin routes: batch jobs (started, listed, followed, cancelled). */
export function jobRoutes(launcher: JobLauncher, jobs: JobStore): OpenAPIHono<ApiEnv> {
  const app = apiRouter();
  const get = (id: string) => {
    const job = jobs.get(id);
    if (!job) throw new NotFoundError(`no job with id "${id}"`);
    return job;
  };

  app.openapi(
    createRoute({
      method: 'post', path: '/api/jobs', summary: 'Start a job: rebuild, incremental, reembed or ingest (admin)', ...admin,
      request: { body: { content: { 'application/json': { schema: JobRequestSchema } }, required: true } },
      responses: { 202: json(z.object({ id: z.string(), state: z.enum(JOB_STATES) }), 'Queued; follow it at /api/jobs/{id}'), ...errors(400, 401, 403, 409) },
    }),
    (c) => {
      const { kind, ...params } = c.req.valid('json');
      const job = launcher.start(kind, params, principalWith(c, 'admin').name);
      return c.json({ id: job.id, state: job.state }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/jobs', summary: 'Jobs, newest first (admin)', ...admin,
      responses: { 200: json(z.object({ jobs: z.array(JobSchema) }), 'Jobs'), ...errors(401, 403) },
    }),
    (c) => c.json({ jobs: jobs.list().map(publicJob) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/jobs/{id}', summary: 'One job: state, phase, progress, rate, ETA, errors (admin)', ...admin,
      request: { params: IdParam },
      responses: { 200: json(JobSchema, 'The job'), ...errors(401, 403, 404) },
    }),
    (c) => c.json(publicJob(get(c.req.valid('param').id)), 200),
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/api/jobs/{id}/cancel', summary: 'Ask a job to stop; the live generation stays as it is (admin)', ...admin,
      request: { params: IdParam },
      responses: { 200: json(JobSchema, 'The job, cancelled or stopping'), ...errors(401, 403, 404) },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      get(id);
      return c.json(publicJob(launcher.cancel(id)), 200);
    },
  );

  return app;
}
