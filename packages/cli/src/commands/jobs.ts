import { userInfo } from 'node:os';
import type { Config, Logger } from '@archive/core';
import { createProgress } from '@archive/ingest';
import { JobLauncher, runJob } from '@archive/jobs';
import { runAsBatch } from '@archive/runtime';
import { ArticleStore, type Job, type JobKind } from '@archive/store';

/** Who starts a job from the command line, as the job records it. */
const cliActor = () => `cli:${userInfo().username}`;

function withStore<T>(config: Config, logger: Logger, fn: (store: ArticleStore) => Promise<T>): Promise<T> {
  const store = ArticleStore.open(config.dataDir, logger);
  return fn(store).finally(() => store.close());
}

/** One line per job: what a person scanning the list needs. */
function jobLine(job: Job): string {
  const progress = job.progress.total ? ` ${job.progress.done}/${job.progress.total}` : '';
  const when = (job.finishedAt ?? job.startedAt ?? job.createdAt).slice(0, 19).replace('T', ' ');
  return `${job.id}  ${job.kind.padEnd(11)} ${job.state.padEnd(9)} ${(job.phase ?? '').padEnd(9)}${progress}  ${when}${job.error ? `  ${job.error}` : ''}`;
}

/** A progress bar (or log lines off a terminal) that follows a job's phases. */
function progressFollower(logger: Logger): (job: Job) => void {
  const progress = createProgress(logger);
  let phase: string | null = null;
  return (job) => {
    if (job.state !== 'running' && job.state !== 'queued') {
      progress.stop();
      return;
    }
    if (job.phase !== phase) {
      phase = job.phase;
      progress.start(job.phase ?? job.kind, Math.max(1, job.progress.total), 'items');
    }
    progress.update(job.progress.done);
  };
}

function ended(job: Job): number {
  process.stdout.write(`${jobLine(job)}\n`);
  if (job.result) process.stdout.write(`${JSON.stringify(job.result)}\n`);
  return job.state === 'succeeded' ? 0 : 1;
}

/** `archive jobs start KIND`: queues a job and runs it here with a progress bar (or in the background with --detach). */
export async function runJobsStart(kind: JobKind, params: Record<string, unknown>, options: { detach?: boolean }, config: Config, logger: Logger): Promise<number> {
  return withStore(config, logger, async (store) => {
    if (options.detach) {
      const job = new JobLauncher({ config, store, logger }).start(kind, params, cliActor());
      process.stdout.write(`${job.id}\n`);
      return 0;
    }
    const job = store.jobs.create(kind, params, cliActor());
    runAsBatch(config.jobs.batchNice, logger);
    process.stderr.write(`Job ${job.id} (${kind}) started; Ctrl-C stops following, the job goes on at the next start.\n`);
    return ended(await runJob(job.id, { config, store, logger, onProgress: progressFollower(logger) }));
  });
}

/** `archive jobs run ID`: runs a queued or interrupted job in this process (what the server spawns). */
export async function runJobsRun(id: string, config: Config, logger: Logger): Promise<number> {
  return withStore(config, logger, async (store) => ended(await runJob(id, { config, store, logger })));
}

/** `archive jobs resume`: picks up the job a dead process left, here. */
export async function runJobsResume(config: Config, logger: Logger): Promise<number> {
  return withStore(config, logger, async (store) => {
    const orphan = store.jobs.orphan();
    if (!orphan) {
      process.stdout.write('No interrupted job.\n');
      return 0;
    }
    process.stderr.write(`Resuming ${orphan.id} (${orphan.kind}) from ${orphan.phase ?? 'its start'}.\n`);
    return ended(await runJob(orphan.id, { config, store, logger, onProgress: progressFollower(logger) }));
  });
}

export async function runJobsList(config: Config, logger: Logger): Promise<number> {
  return withStore(config, logger, async (store) => {
    const jobs = store.jobs.list();
    process.stdout.write(jobs.length ? `${jobs.map(jobLine).join('\n')}\n` : 'No jobs yet. Start one with: archive jobs start rebuild\n');
    return 0;
  });
}

/** `archive jobs follow ID`: a progress bar until the job ends, wherever it runs. */
export async function runJobsFollow(id: string, config: Config, logger: Logger): Promise<number> {
  return withStore(config, logger, async (store) => {
    const follow = progressFollower(logger);
    for (;;) {
      const job = store.jobs.get(id);
      if (!job) {
        process.stderr.write(`archive: no job with id "${id}"\n`);
        return 1;
      }
      follow(job);
      if (job.state !== 'running' && job.state !== 'queued') return ended(job);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  });
}

export async function runJobsCancel(id: string, config: Config, logger: Logger): Promise<number> {
  return withStore(config, logger, async (store) => {
    const job = new JobLauncher({ config, store, logger }).cancel(id);
    process.stdout.write(`${jobLine(job)}\n${job.state === 'running' ? 'Cancellation asked: the job stops at its next checkpoint.\n' : ''}`);
    return 0;
  });
}
