import cliProgress from 'cli-progress';
import type { Logger } from '@archive/core';

/** Reports the progress of one stage of a long job. */
export interface Progress {
  start(stage: string, total: number, unit: string): void;
  update(done: number, extra?: Record<string, number>): void;
  stop(): void;
}

/** No output: for library callers and tests. */
export const silentProgress: Progress = { start() {}, update() {}, stop() {} };

/**
 * A progress bar with rate and ETA on a terminal (cli-progress), plain log lines every few
 * seconds otherwise (CI logs, pipes), so both read well.
 */
export function createProgress(logger: Logger, stream: NodeJS.WriteStream = process.stderr): Progress {
  return stream.isTTY ? new BarProgress(stream) : new LogProgress(logger);
}

class BarProgress implements Progress {
  private bar: cliProgress.SingleBar | null = null;
  constructor(private readonly stream: NodeJS.WriteStream) {}

  start(stage: string, total: number, unit: string): void {
    this.stop();
    this.bar = new cliProgress.SingleBar(
      {
        stream: this.stream,
        format: `${stage.padEnd(9)} {bar} {percentage}% | {value}/{total} ${unit} | {rate} ${unit}/s{detail} | ETA {eta_formatted}`,
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(total, 0, { rate: '0', detail: '' });
    this.started = performance.now();
  }
  private started = 0;

  update(done: number, extra: Record<string, number> = {}): void {
    const seconds = (performance.now() - this.started) / 1000;
    // Extra counts (e.g. articles read) say more than bytes do.
    const detail = Object.entries(extra).map(([name, count]) => ` | ${count} ${name}`).join('');
    this.bar?.update(done, { rate: seconds > 0 ? (done / seconds).toFixed(1) : '0', detail });
  }

  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}

class LogProgress implements Progress {
  private stage = '';
  private total = 0;
  private unit = '';
  private started = 0;
  private lastLog = 0;
  constructor(private readonly logger: Logger, private readonly everyMs = 5000) {}

  start(stage: string, total: number, unit: string): void {
    Object.assign(this, { stage, total, unit, started: performance.now(), lastLog: performance.now() });
    this.logger.info({ stage, total, unit }, `${stage}: started`);
  }

  update(done: number, extra: Record<string, number> = {}): void {
    const now = performance.now();
    if (now - this.lastLog < this.everyMs) return;
    this.lastLog = now;
    const rate = done / ((now - this.started) / 1000);
    const eta = rate > 0 ? Math.round((this.total - done) / rate) : null;
    this.logger.info({ stage: this.stage, done, total: this.total, rate: Number(rate.toFixed(1)), etaSeconds: eta, ...extra },
      `${this.stage}: ${done}/${this.total} ${this.unit}, ${rate.toFixed(1)}/s`);
  }

  stop(): void {}
}
