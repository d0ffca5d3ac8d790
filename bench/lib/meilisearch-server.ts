import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * The Meilisearch server a benchmark uses: MEILISEARCH_URL / MEILISEARCH_KEY from the environment,
 * or else the shared server (`../shared/bin/start-meilisearch`) started in a temporary folder,
 * which `stop` kills and removes.
 */
export function meilisearchServer(prefix: string): { url: string; apiKey: string | null; stop: () => void } {
  if (process.env.MEILISEARCH_URL) return { url: process.env.MEILISEARCH_URL, apiKey: process.env.MEILISEARCH_KEY ?? null, stop: () => {} };
  const dbDir = mkdtempSync(path.join(tmpdir(), prefix));
  const printed = execFileSync(path.resolve(ROOT, '../shared/bin/start-meilisearch'), [dbDir], { encoding: 'utf8' });
  const env = Object.fromEntries(printed.trim().split('\n').map((line) => line.split('=', 2) as [string, string]));
  return {
    url: env.MEILISEARCH_URL!,
    apiKey: env.MEILISEARCH_KEY ?? null,
    stop: () => {
      process.kill(Number(env.MEILISEARCH_PID));
      rmSync(dbDir, { recursive: true, force: true });
    },
  };
}
