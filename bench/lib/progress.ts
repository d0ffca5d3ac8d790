/**
 * Progress for long benchmark stages (embedding 15,000 articles takes over an hour): one line on
 * stderr at most every `everyMs`, so it reads the same on a terminal and in a log file, and
 * never touches stdout (which carries the results).
 */
import type { Progress } from '../../ingest/src/index.ts';

export function lineProgress(label: string, everyMs = 30_000): Progress {
  let stage = '';
  let total = 0;
  let unit = '';
  let started = 0;
  let lastLine = 0;
  const line = (done: number) => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 && total > done ? ` ETA ${formatDuration((total - done) / rate)}` : '';
    process.stderr.write(`${label} ${stage}: ${done}/${total} ${unit}, ${rate.toFixed(1)}/s, ${formatDuration(seconds)} elapsed${eta}\n`);
  };
  return {
    start(name, size, units) {
      stage = name;
      total = size;
      unit = units;
      started = performance.now();
      lastLine = started;
    },
    update(done) {
      const now = performance.now();
      if (now - lastLine < everyMs) return;
      lastLine = now;
      line(done);
    },
    stop() {},
  };
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(0)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
