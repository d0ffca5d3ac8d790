import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SHARED_DATA = path.resolve(ROOT, '../shared/data');
export const ORANGESUM = path.join(SHARED_DATA, 'orangesum-fr/articles.jsonl.gz');
export const ORANGESUM_HTML = path.join(SHARED_DATA, 'orangesum-fr/html-sample');
export const SAMPLE_ARCHIVE = path.join(ROOT, 'ingest/sample-archive');
export const ORANGESUM_ARTICLES = 2000;
/** An ingested article that the setup also ingests again, word for word, under another id. */
export const DUPLICATED_ID = 'orangesum-4346';
/** A society article tagged `people` ("La vie de Sylvia Kristel…"), ingested again without its tag under `UNTAGGED_COPY_ID`. */
export const UNTAGGED_SOURCE_ID = 'orangesum-241';
export const UNTAGGED_COPY_ID = 'untagged-copy-of-orangesum-241';
/** A story ("Mexique: au moins 24 morts…") and its agency update a day later under another id. */
export const UPDATED_STORY_ID = 'orangesum-81';
export const REPUBLISHED_ID = 'update-of-orangesum-81';

/**
 * The `archive` command as node arguments: tsx as a loader in the same process (its own CLI
 * would run the program in a child, and a SIGKILL would then miss the process doing the work).
 */
export const CLI = ['--import', 'tsx', path.join(ROOT, 'packages/cli/src/main.ts')];

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the `archive` CLI as a user would, and waits for it to end. */
export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; killAfterMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, ARCHIVE_LOG_LEVEL: 'warn', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = options.killAfterMs ? setTimeout(() => child.kill('SIGKILL'), options.killAfterMs) : null;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Starts `archive serve` on a free port and resolves with its URL once it listens; `logFile` gets its stderr too. */
export function startServer(dataDir: string, env: NodeJS.ProcessEnv = {}, logFile?: string): Promise<{ url: string; process: ChildProcess; stderr: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, '--data-dir', dataDir, 'serve', '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, ARCHIVE_LOG_LEVEL: 'info', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (logFile) appendFileSync(logFile, chunk);
    });
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /running at (http:\/\/\S+)/.exec(stdout);
      if (match) resolve({ url: match[1]!.replace(/\/$/, ''), process: child, stderr: () => stderr });
    });
    child.on('close', (code) => reject(new Error(`server exited with ${code} before listening:\n${stderr}`)));
  });
}

export async function getJson<T = any>(url: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as T };
}

/** Sends JSON with a bearer token (or none) and reads the JSON answer. */
export async function sendJson<T = any>(
  url: string,
  options: { method?: string; token?: string | null; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {};
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(url, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}
