import {
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
  type EnqueuedTask,
  type Meilisearch,
  type Task,
} from 'meilisearch';
import pRetry from 'p-retry';
import { ArchiveError } from '@archive/core';
import { errorMessage, httpStatus } from './meilisearch-http.ts';

/** How long a task may take: a batch of a thousand long articles takes seconds, a rebuild's swap waits behind it. */
const TASK_TIMEOUT_MS = 10 * 60_000;
const TASK_POLL_MS = 25;

/** Retries of a write (enqueueing or polling a task): the server may restart, or shed load, for a while. */
const WRITE_RETRY = { retries: 6, minTimeout: 200, maxTimeout: 5_000, factor: 2 };
/** Retries of a search: few and short, a user is waiting. */
const READ_RETRY = { retries: 2, minTimeout: 50, maxTimeout: 500, factor: 4 };

function causeCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let cause = error; cause instanceof Error || (cause && typeof cause === 'object'); cause = (cause as { cause?: unknown }).cause) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    if (codes.length > 8) break;
  }
  return codes;
}

/**
 * Whether a failed request is worth trying again: the server could not be reached, dropped the
 * connection, timed out, answered 5xx or asked to slow down (429). A request that is not
 * idempotent (an index swap: twice is a swap back) is retried only when it never reached the
 * server (connection refused, 429, 503).
 */
export function isTransient(error: unknown, idempotent = true): boolean {
  const status = httpStatus(error);
  if (status !== null) return status === 429 || status === 503 || (idempotent && status >= 500);
  if (error instanceof MeilisearchRequestTimeOutError) return idempotent;
  if (error instanceof MeilisearchRequestError) {
    return idempotent || causeCodes(error).some((code) => code === 'ECONNREFUSED');
  }
  return false;
}

/**
 * Runs a request, retrying transient failures with exponential backoff (see `isTransient`).
 *
 * @example
 * const result = await withRetry(() => index.search('economie'), 'read');
 */
export async function withRetry<T>(request: () => Promise<T>, kind: 'read' | 'write', idempotent = true): Promise<T> {
  return pRetry(request, {
    ...(kind === 'read' ? READ_RETRY : WRITE_RETRY),
    shouldRetry: ({ error }) => isTransient(error, idempotent),
  });
}

/** The error a task failure becomes: names the task and what Meilisearch said. */
function taskError(what: string, task: Task): ArchiveError {
  const reason = task.error ? `${task.error.code}: ${task.error.message}` : `status ${task.status}`;
  return new ArchiveError('BACKEND_FAILED', `Meilisearch task ${task.uid} (${task.type}, ${what}) failed: ${reason}`);
}

/**
 * Enqueues a task, waits for it (minutes if need be, never the client's 5 s default) and checks
 * its outcome: `waitTask()` resolves with a failed task rather than throwing, which would let an
 * index diverge silently.
 *
 * @param accept error codes that count as success (e.g. `index_already_exists`)
 * @throws ArchiveError BACKEND_FAILED naming the task and its error
 * @example
 * await runTask(client, 'upload of 1000 articles', () => index.addDocuments(documents), { idempotent: true });
 */
export async function runTask(
  client: Meilisearch,
  what: string,
  enqueue: () => Promise<EnqueuedTask>,
  options: { idempotent: boolean; accept?: string[] } = { idempotent: true },
): Promise<Task> {
  let enqueued: EnqueuedTask;
  try {
    enqueued = await withRetry(enqueue, 'write', options.idempotent);
  } catch (error) {
    throw new ArchiveError('BACKEND_FAILED', `Meilisearch refused ${what}: ${errorMessage(error)}`, { cause: error });
  }
  let task: Task;
  try {
    task = await withRetry(() => client.tasks.waitForTask(enqueued.taskUid, { timeout: TASK_TIMEOUT_MS, interval: TASK_POLL_MS }), 'write');
  } catch (error) {
    throw new ArchiveError('BACKEND_FAILED', `Meilisearch task ${enqueued.taskUid} (${what}) did not finish: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  if (task.status === 'succeeded' || (task.error && options.accept?.includes(task.error.code))) return task;
  throw taskError(what, task);
}
