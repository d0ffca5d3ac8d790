import { ArchiveError, type Config, type Logger } from '@archive/core';
import type { ArticleStore, Job } from '@archive/store';

/** A job stopped because someone cancelled it: it ends `cancelled`, the live generation untouched. */
export class JobCancelledError extends ArchiveError {
  constructor(jobId: string) {
    super('CANCELLED', `job ${jobId} was cancelled`);
  }
}

/**
 * What a running job works with. `report` records progress (and a checkpoint a resumed run
 * starts from), beats the heartbeat that tells other processes it is alive, and throws
 * `JobCancelledError` when a cancellation was asked: jobs call it between batches.
 */
export interface JobContext {
  job: Job;
  config: Config;
  store: ArticleStore;
  logger: Logger;
  report(update: { done: number; total: number; phase?: string; checkpoint?: Record<string, unknown> }): void;
}

export function jobContext(job: Job, config: Config, store: ArticleStore, logger: Logger, onProgress?: (job: Job) => void): JobContext {
  return {
    job, config, store, logger,
    report(update) {
      // A checkpoint adds to the one kept: each phase records its own resume points.
      const checkpoint = update.checkpoint ? { ...job.checkpoint, ...update.checkpoint } : undefined;
      const cancelled = store.jobs.progress(job.id, { ...update, checkpoint });
      if (checkpoint) job.checkpoint = checkpoint;
      onProgress?.(store.jobs.get(job.id)!);
      if (cancelled) throw new JobCancelledError(job.id);
    },
  };
}
