import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { DUPLICATED_ID, ORANGESUM, ORANGESUM_ARTICLES, ORANGESUM_HTML, SAMPLE_ARCHIVE, runCli, startServer } from './helpers.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    dataDir: string;
    ingestReports: string[];
  }
}

/**
 * Builds the archive every integration test reads, the way a user would: `archive ingest` of
 * 2,000 OrangeSum articles, the 45 OrangeSum HTML pages and the repository's sample archive
 * (French and English) and one duplicate, with the real model, into a temporary data folder;
 * then `archive serve`.
 */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'archive-it-'));
  // An exact duplicate of an ingested article under another id, as a second export would hold:
  // related articles must leave it out. (Same texts, so nothing is embedded twice.)
  const original = gunzipSync(readFileSync(ORANGESUM)).toString('utf8').split('\n').map((line) => line && JSON.parse(line))
    .find((record) => record.id === DUPLICATED_ID);
  const duplicates = path.join(dataDir, 'duplicates.json');
  writeFileSync(duplicates, JSON.stringify([{ ...original, id: `copy-of-${DUPLICATED_ID}`, url: null }]));
  const reports: string[] = [];
  for (const args of [
    ['--limit', String(ORANGESUM_ARTICLES), ORANGESUM],
    [path.join(ORANGESUM_HTML, '*.html.gz'), SAMPLE_ARCHIVE, duplicates],
  ]) {
    const result = await runCli(['--data-dir', dataDir, 'ingest', ...args]);
    if (result.code !== 0) throw new Error(`ingest failed (${result.code}):\n${result.stderr}`);
    reports.push(result.stderr);
  }
  const server = await startServer(dataDir);
  project.provide('baseUrl', server.url);
  project.provide('dataDir', dataDir);
  project.provide('ingestReports', reports);
  return () => {
    server.process.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  };
}
