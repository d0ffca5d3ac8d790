/**
 * OrangeSum sub-section tags as a tag-suggestion task: every society article carries one
 * sub-section tag (`people`, `fait-divers`, `sante`, …). A fifth of them (fixed seed) are
 * ingested with the tag hidden; for each of those, is the top suggestion the hidden tag?
 * Baseline in the same run: always the most frequent visible tag.
 *
 * The archive is built through the product (`archive ingest`, the model embedding each
 * article's first passage, as the integration tests do; the machine-wide embedding cache makes
 * a second run fast), and suggestions come from the same TagService the API uses.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createLogger, loadConfig, tagKey } from '../../packages/core/src/index.ts';
import { openArchive, searchServiceFor, tagServiceFor } from '../../packages/runtime/src/index.ts';
import { seededRandom } from './stats.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ORANGESUM = path.resolve(import.meta.dirname, '../../../shared/data/orangesum-fr/articles.jsonl.gz');
const HIDDEN_SHARE = 0.2;
const SEED = 20261130;

export interface SectionTagResult {
  articles: number;
  hidden: number;
  ours: { top1: number; top3: number; neighboursOnlyTop1: number };
  baseline: { tag: string; top1: number };
  seconds: number;
  examples: { id: string; title: string; hidden: string; suggestions: { tag: string; score: number; reasons: string[] }[] }[];
}

export async function sectionTagEval(dataDir: string): Promise<SectionTagResult> {
  const started = performance.now();
  const records = gunzipSync(readFileSync(ORANGESUM)).toString('utf8').split('\n').filter(Boolean)
    .map((line) => JSON.parse(line) as { id: string; title: string; section: string; tags: string[] })
    .filter((record) => record.section === 'societe' && record.tags.length === 1);
  const random = seededRandom(SEED);
  const hidden = new Map<string, string>();
  const order = records.map((record) => ({ record, key: random() })).sort((a, b) => a.key - b.key);
  for (const { record } of order.slice(0, Math.round(records.length * HIDDEN_SHARE))) hidden.set(record.id, record.tags[0]!);
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'orangesum-societe-hidden.jsonl');
  writeFileSync(file, `${records.map((record) => JSON.stringify(hidden.has(record.id) ? { ...record, tags: [] } : record)).join('\n')}\n`);
  execFileSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['packages/cli/src/main.ts', '--data-dir', dataDir, '--log-level', 'warn', 'ingest', file], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ARCHIVE_CHUNK_MAX_PASSAGES: '1' },
  });

  const counts = new Map<string, number>();
  for (const record of records) if (!hidden.has(record.id)) counts.set(record.tags[0]!, (counts.get(record.tags[0]!) ?? 0) + 1);
  const [baselineTag] = [...counts].sort((a, b) => b[1] - a[1])[0]!;

  const logger = createLogger({ level: 'warn' });
  const archive = await openArchive(loadConfig({ env: process.env, overrides: { dataDir, logLevel: 'warn' } }), logger);
  const tags = tagServiceFor(archive, searchServiceFor(archive, logger), logger);
  let top1 = 0;
  let top3 = 0;
  let neighboursOnly = 0;
  let baseline = 0;
  const examples: SectionTagResult['examples'] = [];
  for (const [id, tag] of hidden) {
    const suggestions = await tags.suggestions(id, 5);
    const keys = suggestions.map((suggestion) => tagKey(suggestion.tag));
    if (keys[0] === tagKey(tag)) top1++;
    if (keys.slice(0, 3).includes(tagKey(tag))) top3++;
    const byVotes = suggestions.filter((s) => s.reasons.some((r) => r.kind === 'neighbours'))
      .sort((a, b) => share(b) - share(a));
    if (byVotes[0] && tagKey(byVotes[0].tag) === tagKey(tag)) neighboursOnly++;
    if (baselineTag === tag) baseline++;
    if (examples.length < 3) {
      const article = archive.store.getArticle(id)!;
      examples.push({
        id, title: article.title, hidden: tag,
        suggestions: suggestions.map((s) => ({ tag: s.tag, score: s.score, reasons: s.reasons.map((r) => r.message) })),
      });
    }
  }
  await archive.close();
  const n = hidden.size;
  const rate = (value: number) => Math.round((value / n) * 1000) / 1000;
  return {
    articles: records.length,
    hidden: n,
    ours: { top1: rate(top1), top3: rate(top3), neighboursOnlyTop1: rate(neighboursOnly) },
    baseline: { tag: baselineTag, top1: rate(baseline) },
    seconds: Math.round((performance.now() - started) / 100) / 10,
    examples,
  };
}

const share = (suggestion: { reasons: { kind: string; share?: number }[] }) =>
  suggestion.reasons.find((reason) => reason.kind === 'neighbours')?.share ?? 0;
