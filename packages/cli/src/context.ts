import { createLogger, loadConfig, type Config, type ConfigOverrides, type Logger } from '@archive/core';

/** Options every command takes. */
export interface GlobalOptions {
  dataDir?: string;
  logLevel?: string;
}

/** Configuration (defaults < environment < flags) and the process's one logger. */
export function commandContext(options: GlobalOptions, overrides: ConfigOverrides = {}): { config: Config; logger: Logger } {
  const config = loadConfig({
    env: process.env,
    overrides: { ...overrides, dataDir: options.dataDir ?? overrides.dataDir, logLevel: (options.logLevel ?? overrides.logLevel) as Config['logLevel'] },
  });
  return { config, logger: createLogger({ level: config.logLevel }) };
}
