import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SHARED_DATA, getJson, runCli } from './helpers.ts';

const TOPICS = path.join(SHARED_DATA, 'orangesum-fr-topics/topics.jsonl');
const QRELS = path.join(SHARED_DATA, 'orangesum-fr-topics/qrels.txt');
const MODES = ['keyword', 'semantic', 'hybrid'];

/** The figures of a mode's row in the first table of the Markdown that has one. */
function modeRow(markdown: string, mode: string): number[] {
  const row = new RegExp(`^\\| ${mode} \\| (.+) \\|$`, 'm').exec(markdown);
  expect(row, `no row for ${mode}`).not.toBeNull();
  return row![1]!.split(' | ').map(Number);
}

describe('archive eval', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'archive-eval-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('scores the judged topics in each mode and writes a Markdown and a JSON report', async () => {
    const dataDir = inject('dataDir');
    const reportDir = path.join(dir, 'reports');
    const result = await runCli(['--data-dir', dataDir, 'eval', '--queries', TOPICS, '--qrels', QRELS, '--name', 'orangesum topics', '--report-dir', reportDir]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(path.join(reportDir, 'orangesum-topics.md'));
    const markdown = readFileSync(path.join(reportDir, 'orangesum-topics.md'), 'utf8');
    const report = JSON.parse(readFileSync(path.join(reportDir, 'orangesum-topics.json'), 'utf8'));

    // What the report must say: archive, set, command line, date.
    expect(markdown).toContain('# Retrieval evaluation: orangesum topics');
    expect(markdown).toContain(`${report.archive.articles.toLocaleString('en-US')} articles, ${report.archive.passages.toLocaleString('en-US')} passages, data dir \`${path.basename(dataDir)}\``);
    expect(markdown).toContain(`eval --queries ${TOPICS} --qrels ${QRELS}`);
    expect(markdown).toMatch(/\*\*Date\*\*: \d{4}-\d{2}-\d{2}T/);
    // A row per mode: nDCG@10, MRR@10, R@10 and R@100 between 0 and 1, then p50 and p95 in ms.
    for (const mode of MODES) {
      const [ndcg, mrr, r10, r100, p50, p95] = modeRow(markdown, mode);
      for (const figure of [ndcg, mrr, r10, r100]) expect(figure! >= 0 && figure! <= 1, `${mode}: ${figure}`).toBe(true);
      expect(p50).toBeGreaterThan(0);
      expect(p95).toBeGreaterThanOrEqual(p50!);
    }
    for (const comparison of ['hybrid vs keyword', 'hybrid vs semantic', 'semantic vs keyword']) {
      expect(markdown).toMatch(new RegExp(`^\\| ${comparison} \\| \\d+ \\| .* \\| (< 0\\.0001|[01]\\.\\d{4}) \\| (✱)? \\|$`, 'm'));
    }
    expect(markdown).toContain('### crosslingual');

    // The test archive holds 2,000 of the 15,000 articles: topics with no relevant article in it
    // are skipped and counted, the others scored, one JSON row each.
    const topics = readFileSync(TOPICS, 'utf8').trim().split('\n').length;
    const skipped = Object.values(report.skipped as Record<string, string[]>).flat();
    expect(skipped.length).toBeGreaterThan(0);
    expect(report.queries.length + skipped.length).toBe(topics);
    expect(markdown).toContain(`**Scored**: ${report.queries.length} queries; skipped ${skipped.length}:`);
    for (const row of report.queries) {
      expect(row.relevant).toBeGreaterThan(0);
      for (const mode of MODES) expect(row.scores[mode].ndcg10 >= 0 && row.scores[mode].ndcg10 <= 1, `${row.id} ${mode}`).toBe(true);
    }
    // A skipped topic's relevant articles are really absent from the archive.
    const baseUrl = inject('baseUrl');
    const relevant = readFileSync(QRELS, 'utf8').trim().split('\n').map((line) => line.split(/\s+/)).filter(([, , , grade]) => Number(grade) > 0);
    const absentTopic = report.skipped['relevant-absent'][0];
    for (const [, , id] of relevant.filter(([topic]) => topic === absentTopic)) {
      expect((await getJson(`${baseUrl}/api/articles/${id}`)).status).toBe(404);
    }
    // The figures measure what the API returns for the same search.
    const first = report.queries[0];
    const api = (await getJson(`${baseUrl}/api/search?mode=keyword&size=100&q=${encodeURIComponent(first.query)}`)).body;
    expect(first.scores.keyword.top10).toEqual(api.hits.slice(0, 10).map((hit: { id: string }) => hit.id));
  });

  it('prints the Markdown on stdout and applies filters and API parameters', async () => {
    const result = await runCli([
      '--data-dir', inject('dataDir'), 'eval', '--queries', TOPICS, '--qrels', QRELS, '--modes', 'keyword', '--filter', 'lang=en', '--param', 'collapse=false', '--depth', '20',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('# Retrieval evaluation: topics');
    expect(result.stdout).toContain('filters `lang=en`; other API parameters `collapse=false`');
    // French articles only are judged: filtered on English, nothing relevant is found.
    expect(modeRow(result.stdout, 'keyword').slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(result.stdout).not.toContain('| semantic |');
    expect(result.stdout).toContain('| R@20 |');
  });

  it('names the file and line of a malformed judgement, and exits non-zero', async () => {
    const qrels = path.join(dir, 'broken-qrels.txt');
    writeFileSync(qrels, 'T01 0 orangesum-1 2\nT01 0 orangesum-2 1\nT01 0 orangesum-3\n');
    const result = await runCli(['--data-dir', inject('dataDir'), 'eval', '--queries', TOPICS, '--qrels', qrels]);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim()).toBe(
      `archive: ${qrels}:3: expected "<query id> 0 <article id> <grade>" (4 columns, a whole-number grade), got "T01 0 orangesum-3" [FIELD_INVALID]`,
    );
  });

  it('names a missing file, and a wrong API parameter', async () => {
    const missing = path.join(dir, 'no-such-queries.jsonl');
    let result = await runCli(['--data-dir', inject('dataDir'), 'eval', '--queries', missing, '--qrels', QRELS]);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim()).toBe(`archive: ${missing}: no such file or directory [INPUT_UNREADABLE]`);
    result = await runCli(['--data-dir', inject('dataDir'), 'eval', '--queries', TOPICS, '--qrels', QRELS, '--filter', 'lang=french']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('API parameter lang: expected a two-letter language code [BAD_REQUEST]');
  });
});
