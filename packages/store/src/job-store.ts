import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { ArchiveError } from '@archive/core';
import { placeholders } from './sql-lists.ts';

export const JOB_KINDS = ['rebuild', 'incremental', 'reembed', 'ingest'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** A batch job as stored: what it is, how far it got, and how it ended. */
export interface Job {
  id: string;
  kind: JobKind;
  params: Record<string, unknown>;
  state: JobState;
  /** What it is doing now (e.g. `keyword`, `vectors`, `check`, `switch`). */
  phase: string | null;
  progress: { done: number; total: number };
  checkpoint: Record<string, unknown>;
  result: Record<string, unknown> | null;
  error: string | null;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  ownerPid: number | null;
  heartbeatAt: string | null;
  cancelRequested: boolean;
}

interface JobRow {
  id: string;
  kind: JobKind;
  params: string;
  state: JobState;
  phase: string | null;
  progress_done: number;
  progress_total: number;
  checkpoint: string;
  result: string | null;
  error: string | null;
  created_by: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  owner_pid: number | null;
  heartbeat_at: string | null;
  cancel_requested: number;
}

function toJob(row: JobRow): Job {
  return {
    id: row.id, kind: row.kind, params: JSON.parse(row.params) as Record<string, unknown>, state: row.state, phase: row.phase,
    progress: { done: row.progress_done, total: row.progress_total },
    checkpoint: JSON.parse(row.checkpoint) as Record<string, unknown>,
    result: row.result ? (JSON.parse(row.result) as Record<string, unknown>) : null,
    error: row.error, createdBy: row.created_by, createdAt: row.created_at, startedAt: row.started_at, finishedAt: row.finished_at,
    ownerPid: row.owner_pid, heartbeatAt: row.heartbeat_at, cancelRequested: row.cancel_requested === 1,
  };
}

/** A job whose process has not shown a sign of life for this long was interrupted. */
export const JOB_STALE_MS = 15_000;

/** Whether a process with this pid runs on this machine. */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Batch jobs in the store, so that their state survives any process: created `queued`, claimed
 * `running` by the process that runs them (which beats a heartbeat and saves checkpoints), and
 * ended `succeeded`, `failed` or `cancelled`. At most one job is queued or running at a time,
 * enforced by a unique index: a second one is refused with CONFLICT.
 *
 * @example
 * const job = store.jobs.create('rebuild', {}, 'ops');
 * store.jobs.claim(job.id, process.pid);
 */
export class JobStore {
  constructor(private readonly db: Database) {}

  create(kind: JobKind, params: Record<string, unknown>, createdBy: string): Job {
    const id = `job-${new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}-${randomBytes(3).toString('hex')}`;
    try {
      this.db
        .prepare('INSERT INTO jobs (id, kind, params, state, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, kind, JSON.stringify(params), 'queued', createdBy, new Date().toISOString());
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        const active = this.active()!;
        throw new ArchiveError('CONFLICT', `job ${active.id} (${active.kind}) is ${active.state}: one writing job at a time; wait for it or cancel it`);
      }
      throw error;
    }
    return this.get(id)!;
  }

  get(id: string): Job | null {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    return row ? toJob(row) : null;
  }

  /** Jobs, newest first. */
  list(limit = 50): Job[] {
    return (this.db.prepare('SELECT * FROM jobs ORDER BY created_at DESC, id DESC LIMIT ?').all(limit) as JobRow[]).map(toJob);
  }

  /** The queued or running job, if any. */
  active(): Job | null {
    const row = this.db.prepare("SELECT * FROM jobs WHERE state IN ('queued', 'running')").get() as JobRow | undefined;
    return row ? toJob(row) : null;
  }

  /**
   * The active job when no live process runs it (never claimed, its process gone, or silent
   * for longer than `JOB_STALE_MS`): what a starting process resumes.
   */
  orphan(): Job | null {
    const job = this.active();
    if (!job) return null;
    if (job.state === 'queued') return job.ownerPid && processAlive(job.ownerPid) ? null : job;
    const silentFor = Date.now() - Date.parse(job.heartbeatAt ?? job.startedAt ?? job.createdAt);
    return !job.ownerPid || !processAlive(job.ownerPid) || silentFor > JOB_STALE_MS ? job : null;
  }

  /** Marks a job as run by process `pid` (a resumed job keeps its checkpoint). */
  claim(id: string, pid: number): Job {
    const now = new Date().toISOString();
    this.db
      .prepare("UPDATE jobs SET state = 'running', owner_pid = ?, heartbeat_at = ?, started_at = coalesce(started_at, ?) WHERE id = ?")
      .run(pid, now, now, id);
    return this.get(id)!;
  }

  /** Reserves a queued job for process `pid` before it starts (so nobody else resumes it). */
  assign(id: string, pid: number): void {
    this.db.prepare('UPDATE jobs SET owner_pid = ?, heartbeat_at = ? WHERE id = ?').run(pid, new Date().toISOString(), id);
  }

  /** Progress, and optionally a new phase and checkpoint; also a heartbeat. Returns whether cancellation was asked. */
  progress(id: string, update: { done: number; total: number; phase?: string; checkpoint?: Record<string, unknown> }): boolean {
    const sets = ['progress_done = @done', 'progress_total = @total', 'heartbeat_at = @now'];
    if (update.phase !== undefined) sets.push('phase = @phase');
    if (update.checkpoint !== undefined) sets.push('checkpoint = @checkpoint');
    this.db.prepare(`UPDATE jobs SET ${sets.join(', ')} WHERE id = @id`).run({
      id, done: update.done, total: update.total, now: new Date().toISOString(), phase: update.phase ?? null,
      checkpoint: update.checkpoint === undefined ? null : JSON.stringify(update.checkpoint),
    });
    return this.cancelRequested(id);
  }

  /** A sign of life from the job's process. */
  heartbeat(id: string): void {
    this.db.prepare('UPDATE jobs SET heartbeat_at = ? WHERE id = ?').run(new Date().toISOString(), id);
  }

  cancelRequested(id: string): boolean {
    return this.db.prepare('SELECT cancel_requested FROM jobs WHERE id = ?').pluck().get(id) === 1;
  }

  /** Asks a job to stop; a queued job that nobody runs is cancelled at once. */
  requestCancel(id: string): Job | null {
    const job = this.get(id);
    if (!job) return null;
    if (job.state === 'queued' || job.state === 'running') {
      this.db.prepare('UPDATE jobs SET cancel_requested = 1 WHERE id = ?').run(id);
      if (job.state === 'queued' && !(job.ownerPid && processAlive(job.ownerPid))) this.finish(id, 'cancelled', null, 'cancelled before it started');
    }
    return this.get(id);
  }

  finish(id: string, state: 'succeeded' | 'failed' | 'cancelled', result: Record<string, unknown> | null, error: string | null = null): void {
    this.db
      .prepare('UPDATE jobs SET state = ?, result = ?, error = ?, finished_at = ?, heartbeat_at = ? WHERE id = ?')
      .run(state, result ? JSON.stringify(result) : null, error, new Date().toISOString(), new Date().toISOString(), id);
  }

  /** The last job of these kinds that succeeded (incremental jobs start where it ended). */
  lastSucceeded(kinds: JobKind[]): Job | null {
    const row = this.db
      .prepare(`SELECT * FROM jobs WHERE state = 'succeeded' AND kind IN (${placeholders(kinds)}) ORDER BY finished_at DESC LIMIT 1`)
      .get(...kinds) as JobRow | undefined;
    return row ? toJob(row) : null;
  }
}
