import type { Config, Logger } from '@archive/core';
import type { ArticleStore, Job } from '@archive/store';
import { discardGeneration } from './build-generation.ts';
import { JobCancelledError, jobContext } from './job-context.ts';
import { JOB_RUNNERS } from './job-kinds.ts';

/** How often a running job says it is alive even when a step reports nothing for a while. */
const HEARTBEAT_MS = 3_000;

/**
 * Runs one queued (or interrupted) job in this process to its end: claims it, runs its kind from
 * its last checkpoint, and records how it ended. A failed or cancelled job removes what it built;
 * the live generation is never touched before a job's switch. Resolves with the ended job.
 *
 * @example
 * const job = store.jobs.create('rebuild', {}, 'ops');
 * await runJob(job.id, { config, store, logger });
 */
export async function runJob(id: string, deps: { config: Config; store: ArticleStore; logger: Logger; onProgress?: (job: Job) => void }): Promise<Job> {
  const { store, logger } = deps;
  const job = store.jobs.claim(id, process.pid);
  const ctx = jobContext(job, deps.config, store, logger.child({ job: id, kind: job.kind }), deps.onProgress);
  const heartbeat = setInterval(() => store.jobs.heartbeat(id), HEARTBEAT_MS);
  ctx.logger.info({ resumed: Object.keys(job.checkpoint).length > 0 }, 'job started');
  try {
    if (store.jobs.cancelRequested(id)) throw new JobCancelledError(id);
    const result = await JOB_RUNNERS[job.kind](ctx);
    store.jobs.finish(id, 'succeeded', result);
    ctx.logger.info({ result }, 'job succeeded');
  } catch (error) {
    const cancelled = error instanceof JobCancelledError;
    await discardGeneration(ctx).catch((cleanup: unknown) => ctx.logger.warn({ err: cleanup }, 'could not remove what the job built'));
    store.jobs.finish(id, cancelled ? 'cancelled' : 'failed', null, (error as Error).message);
    if (cancelled) ctx.logger.info('job cancelled');
    else ctx.logger.error({ err: error }, 'job failed');
  } finally {
    clearInterval(heartbeat);
  }
  const ended = store.jobs.get(id)!;
  deps.onProgress?.(ended);
  return ended;
}
