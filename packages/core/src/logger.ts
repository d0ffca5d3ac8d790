import { pino, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/**
 * The one logger factory. Library code receives a logger; it never creates one nor prints.
 * Logs go to stderr so that commands like `archive extract` keep stdout for their output: as
 * readable lines when stderr is a terminal (a person reads them), as JSON lines otherwise (files,
 * pipes and log collectors read those).
 */
export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  const config: LoggerOptions = { level: options.level ?? 'info', base: { name: options.name ?? 'archive' } };
  if (process.stderr.isTTY) {
    return pino(config, pretty({ destination: 2, sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,name' }));
  }
  return pino(config, pino.destination({ fd: 2, sync: true }));
}

/** A logger that drops everything, for callers that do not care (e.g. one-shot helpers). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
