import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { DUPLICATED_ID, REPUBLISHED_ID, UPDATED_STORY_ID, UNTAGGED_COPY_ID, UNTAGGED_SOURCE_ID, ORANGESUM, ORANGESUM_ARTICLES, ORANGESUM_HTML, SAMPLE_ARCHIVE, runCli, startServer } from './helpers.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    dataDir: string;
    ingestReports: string[];
    /** API tokens by role, created with `archive token create` (named `it-admin`, `it-editor`, `it-reader`). */
    tokens: Record<'admin' | 'editor' | 'reader', string>;
    /** Everything the server wrote to stderr (its logs), as a file. */
    serverLog: string;
    /** A second server of the same archive whose keyword engine is Meilisearch. */
    meiliBaseUrl: string;
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
  const records = gunzipSync(readFileSync(ORANGESUM)).toString('utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
  const original = records.find((record) => record.id === DUPLICATED_ID);
  const duplicates = path.join(dataDir, 'duplicates.json');
  // A tagged society article published again without its tag: what tag suggestions must find.
  const tagged = records.find((record) => record.id === UNTAGGED_SOURCE_ID);
  // An agency update of a story a day later, as a new record: new headline, new toll, a paragraph
  // added. Search and related lists must show the story once.
  const story = records.find((record) => record.id === UPDATED_STORY_ID);
  const update = {
    ...story, id: REPUBLISHED_ID, url: null, date: '2020-07-03', published: null,
    title: 'Mexique: le bilan de l\'attaque d\'un centre de désintoxication s\'alourdit à 27 morts',
    body: `${story.body.replace('il y a 24 personnes sans vie', 'il y a 27 personnes sans vie')}\n\nLe bilan s'est alourdi dans la nuit: trois blessés ont succombé à l'hôpital, ont indiqué vendredi les autorités de l'Etat.`,
  };
  writeFileSync(duplicates, JSON.stringify([
    { ...original, id: `copy-of-${DUPLICATED_ID}`, url: null },
    { ...tagged, id: UNTAGGED_COPY_ID, url: null, tags: [] },
    update,
  ]));
  const reports: string[] = [];
  // The model is the slow part (about 9 passages a second here). To keep the suite well under
  // 15 minutes on a cold machine, the 2,000 OrangeSum articles embed their first passage only
  // (title, standfirst and opening, which measured as good or better for ranking on the topics);
  // the HTML pages and the sample archive embed every passage.
  const runs: { args: string[]; env: NodeJS.ProcessEnv }[] = [
    { args: ['--limit', String(ORANGESUM_ARTICLES), ORANGESUM], env: { ARCHIVE_CHUNK_MAX_PASSAGES: '1' } },
    { args: [path.join(ORANGESUM_HTML, '*.html.gz'), SAMPLE_ARCHIVE, duplicates], env: {} },
  ];
  for (const { args, env } of runs) {
    const result = await runCli(['--data-dir', dataDir, 'ingest', ...args], { env });
    if (result.code !== 0) throw new Error(`ingest failed (${result.code}):\n${result.stderr}`);
    reports.push(result.stderr);
  }
  const tokens = {} as Record<'admin' | 'editor' | 'reader', string>;
  for (const role of ['admin', 'editor', 'reader'] as const) {
    const result = await runCli(['--data-dir', dataDir, 'token', 'create', '--name', `it-${role}`, '--role', role]);
    if (result.code !== 0) throw new Error(`token create failed:\n${result.stderr}`);
    tokens[role] = result.stdout.trim().split('\n').at(-1)!;
  }
  const serverLog = path.join(dataDir, 'server.log');
  const server = await startServer(dataDir, {}, serverLog);
  const meiliServer = await startServer(dataDir, { ARCHIVE_KEYWORD_ENGINE: 'meilisearch' });
  project.provide('meiliBaseUrl', meiliServer.url);
  project.provide('tokens', tokens);
  project.provide('serverLog', serverLog);
  project.provide('baseUrl', server.url);
  project.provide('dataDir', dataDir);
  project.provide('ingestReports', reports);
  return () => {
    server.process.kill('SIGTERM');
    meiliServer.process.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  };
}
