import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/**
 * The one logger factory. Library code receives a logger; it never creates one nor prints.
 * Logs go to stderr so that commands like `archive extract` keep stdout for their output.
 */
export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  const config: LoggerOptions = { level: options.level ?? 'info', base: { name: options.name ?? 'archive' } };
  return pino(config, pino.destination({ fd: 2, sync: true }));
}

/** A logger that drops everything, for callers that do not care (e.g. one-shot helpers). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
