/**
 * Data handling for the tag-suggestion benchmark: reading the shared JSONL sets, and building an
 * archive through the product's own CLI (`archive ingest --no-embed`) with the evaluated
 * articles' reference tags removed, so that no reference leaks into the corpus statistics.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface ReferenceArticle {
  id: string;
  title: string;
  summary: string | null;
  body: string;
  lang: string | null;
  /** Reference keyphrases. */
  tags: string[];
  [field: string]: unknown;
}

const ROOT = path.resolve(import.meta.dirname, '../..');

export function readJsonlGz<T>(file: string): T[] {
  return gunzipSync(readFileSync(file))
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

/**
 * Ingests `articles` (tags emptied) plus optional background export files into `dataDir` with
 * the CLI, without embeddings. Unchanged articles cost nothing, so running again is quick.
 */
export function ingestWithoutTags(
  dataDir: string,
  articles: ReferenceArticle[],
  background: string[] = [],
): { rejected: number; report: string | null } {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'evaluated-untagged.jsonl');
  writeFileSync(file, articles.map((article) => JSON.stringify({ ...article, tags: [] })).join('\n') + '\n');
  const tsx = path.join(ROOT, 'node_modules/.bin/tsx');
  const run = spawnSync(tsx, ['packages/cli/src/main.ts', '--data-dir', dataDir, '--log-level', 'warn', 'ingest', '--no-embed', file, ...background], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ARCHIVE_MODEL_ENABLED: 'false' },
  });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
  if (run.status !== 0) throw new Error(`archive ingest failed (${run.status ?? run.signal}):\n${output.slice(-4000)}`);
  // The ingest report, without the list of rejected records (articles without a body).
  const rejected = output.split('\n').filter((line) => /^\s+\[[A-Z_]+\]/.test(line)).length;
  const report = output.split('\n').find((line) => line.startsWith('Full report:'));
  return { rejected, report: report?.replace('Full report: ', '') ?? null };
}
