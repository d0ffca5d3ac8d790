import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';
import type { Logger } from '@archive/core';

/**
 * Lowers this process's CPU priority (its nice value) for a batch run: an ingest or a job, which
 * share the machine with the server that answers journalists. With two cores, an ingest at the
 * same priority took one core from the searches (keyword p95 × 2.2 during it). On Linux the nice
 * value is per thread: every thread already running is set (Node starts its own before any
 * code runs), and threads started later inherit it. 0 leaves the priority alone.
 *
 * @example
 * runAsBatch(config.jobs.batchNice, logger); // first thing in `archive ingest`
 */
export function runAsBatch(nice: number, logger: Logger): void {
  if (nice === 0) return;
  let threads = [0];
  try {
    threads = readdirSync('/proc/self/task').map(Number);
  } catch {
    // Not Linux: the process as a whole.
  }
  try {
    for (const thread of threads) setPriority(thread, nice);
  } catch (error) {
    logger.warn({ err: error, nice }, 'could not lower the priority of this batch run; it competes with searches at full priority');
  }
}
