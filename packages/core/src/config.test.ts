import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('layers defaults, environment and overrides', () => {
    const config = loadConfig({
      env: { ARCHIVE_PORT: '8080', ARCHIVE_RRF_K: '30', ARCHIVE_MODEL_ENABLED: 'false', ARCHIVE_EMBEDDING_CACHE: 'off', ARCHIVE_WARM_UP: 'false' },
      overrides: { server: { port: 9090 }, dataDir: 'relative/dir' },
    });
    expect(config.server).toEqual({ host: '127.0.0.1', port: 9090, warmUp: false });
    expect(config.search.rrfK).toBe(30);
    expect(config.model.enabled).toBe(false);
    expect(config.model.cacheDir).toBeNull();
    expect(config.dataDir).toMatch(/^\/.*relative\/dir$/);
    expect(config.model.threads).toBeNull();
    expect(loadConfig({ env: { ARCHIVE_MODEL_THREADS: '1' } }).model.threads).toBe(1);
  });

  it('reports every wrong value with its variable and what was expected', () => {
    const attempt = () =>
      loadConfig({ env: { ARCHIVE_PORT: 'eighty', ARCHIVE_LOG_LEVEL: 'loud', ARCHIVE_MODEL_BATCH_SIZE: '0', ARCHIVE_MODEL_THREADS: '0', MEILISEARCH_URL: 'not a url', ARCHIVE_WARM_UP: 'yes' } });
    expect(attempt).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('server.port (ARCHIVE_PORT)');
      expect(message).toContain('got "eighty"');
      expect(message).toContain('server.warmUp (ARCHIVE_WARM_UP): expected true or false; got "yes"');
      expect(message).toContain('logLevel (ARCHIVE_LOG_LEVEL)');
      expect(message).toContain('model.batchSize (ARCHIVE_MODEL_BATCH_SIZE)');
      expect(message).toContain('model.threads (ARCHIVE_MODEL_THREADS)');
      expect(message).toContain('keyword.meilisearchUrl (MEILISEARCH_URL)');
    }
  });
});
