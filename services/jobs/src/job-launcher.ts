import { spawn } from 'node:child_process';
import { Cron } from 'croner';
import { ArchiveError, type Config, type Logger } from '@archive/core';
import type { ArticleStore, Job, JobKind } from '@archive/store';

/**
 * Starts jobs in their own process (`archive jobs run ID`), so a long build never stalls the
 * server's requests and a job killed at 3 a.m. does not take the server with it; the store
 * carries their state between the two. Also resumes a job left interrupted, and runs the
 * scheduled inbox ingest.
 *
 * @example
 * const launcher = new JobLauncher({ config, store, logger });
 * const job = launcher.start('rebuild', {}, 'admin'); // 202: it runs in the background
 */
export class JobLauncher {
  private schedule: Cron | null = null;

  constructor(private readonly deps: { config: Config; store: ArticleStore; logger: Logger }) {}

  /** Queues a job and starts its process; CONFLICT (409) while another one is queued or running. */
  start(kind: JobKind, params: Record<string, unknown>, by: string): Job {
    const job = this.deps.store.jobs.create(kind, params, by);
    this.spawn(job.id);
    return job;
  }

  /** Asks a job to stop at its next checkpoint; a queued job nobody runs stops at once. */
  cancel(id: string): Job {
    const job = this.deps.store.jobs.requestCancel(id);
    if (!job) throw new ArchiveError('NOT_FOUND', `no job with id "${id}"`);
    return job;
  }

  /** Resumes the job a dead process left queued or running, if any. */
  resumeOrphan(): Job | null {
    const orphan = this.deps.store.jobs.orphan();
    if (!orphan) return null;
    this.deps.logger.info({ job: orphan.id, kind: orphan.kind, phase: orphan.phase }, 'resuming an interrupted job');
    this.spawn(orphan.id);
    return orphan;
  }

  /** Runs the inbox ingest on the configured cron expression (e.g. `0 3 * * *`, nightly at 3). */
  scheduleInbox(): void {
    const expression = this.deps.config.jobs.inboxSchedule;
    if (!expression) return;
    this.schedule = new Cron(expression, { protect: true, catch: (error) => this.deps.logger.error({ err: error }, 'scheduled job failed') }, () => {
      try {
        const job = this.start('ingest', {}, 'schedule');
        this.deps.logger.info({ job: job.id }, 'scheduled inbox ingest started');
      } catch (error) {
        this.deps.logger.warn({ err: error }, 'scheduled inbox ingest not started');
      }
    });
    this.deps.logger.info({ schedule: expression, next: this.schedule.nextRun()?.toISOString() }, 'inbox ingest scheduled');
  }

  stop(): void {
    this.schedule?.stop();
  }

  private spawn(id: string): void {
    const { config, store, logger } = this.deps;
    // The same program as this one (node, its loader flags, the CLI entry point), another command.
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, '--data-dir', config.dataDir, 'jobs', 'run', id], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: process.env,
    });
    store.jobs.assign(id, child.pid ?? process.pid);
    child.on('exit', (code, signal) => {
      const job = store.jobs.get(id);
      if (job && (job.state === 'running' || job.state === 'queued')) {
        logger.warn({ job: id, code, signal }, 'job process ended before the job did; it will resume on the next start');
      }
    });
  }
}
