import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './helpers.ts';

/** The Meilisearch server shipped for these machines (see ../shared/bin/README.md). */
const BINARY = path.resolve(ROOT, '../shared/bin/meilisearch');

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });

/**
 * Starts a real Meilisearch for the run (a throw-away database, a free port, a random master
 * key) and sets MEILISEARCH_URL and MEILISEARCH_KEY for the tests, so that both keyword engines
 * are exercised by the same tests wherever ../shared is. A server given by MEILISEARCH_URL is
 * used as it is.
 */
export default async function setup() {
  if (process.env.MEILISEARCH_URL) return undefined;
  if (!existsSync(BINARY)) throw new Error(`Meilisearch not found at ${BINARY} (../shared/bin): set MEILISEARCH_URL to a server`);
  const dir = mkdtempSync(path.join(tmpdir(), 'meilisearch-'));
  const port = await freePort();
  const key = randomBytes(32).toString('hex');
  const child = spawn(BINARY, ['--db-path', path.join(dir, 'data.ms'), '--http-addr', `127.0.0.1:${port}`, '--master-key', key, '--no-analytics', '--env', 'development'], {
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`Meilisearch exited with ${child.exitCode} before answering`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (attempt > 200) throw new Error(`Meilisearch did not answer on ${url} within 20 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.env.MEILISEARCH_URL = url;
  process.env.MEILISEARCH_KEY = key;
  return () => {
    child.kill('SIGTERM');
    delete process.env.MEILISEARCH_URL;
    delete process.env.MEILISEARCH_KEY;
    rmSync(dir, { recursive: true, force: true });
  };
}
