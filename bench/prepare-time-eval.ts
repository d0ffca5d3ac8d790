/**
 * TIME 1963 judgements renumbered by position (a diagnostic, until the shared set is fixed).
 *
 * `../shared/data/time-1963-en/qrels.txt` names articles `time-<n>` where n is the judged
 * document's *position* in the upstream 425-document TIME.ALL, while the corpus ids are the
 * upstream `*TEXT` numbers (they start at 017 and have gaps). Scored as given, every mode gets
 * nDCG@10 ≈ 0.01. Evidence: the query words cover 0.51 of a judged article's words when read by
 * position, 0.12 when read by id (0.15 for random articles); q3 (troops in South Viet Nam) points
 * to time-326, an article on British morals. The corpus has 423 of the 425 documents: two are
 * missing between positions 371 and 379 (no judgement falls there), and judgements on positions
 * 424–425 point past it (dropped).
 *
 *   npx tsx bench/prepare-time-eval.ts --out DIR   # writes DIR/qrels-by-position.txt
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';

const { values } = parseArgs({ options: { out: { type: 'string' }, data: { type: 'string' } } });
if (!values.out) throw new Error('--out DIR is required');
const dataDir = values.data ?? path.resolve(import.meta.dirname, '../../shared/data/time-1963-en');

const ids = gunzipSync(readFileSync(path.join(dataDir, 'corpus.jsonl.gz')))
  .toString('utf8')
  .trim()
  .split('\n')
  .map((line) => (JSON.parse(line) as { id: string }).id);

/** The corpus article at upstream position n (1-based), or null past the corpus. */
const atPosition = (n: number) => ids[n <= 370 ? n - 1 : n - 3] ?? null;

const lines: string[] = [];
let dropped = 0;
for (const line of readFileSync(path.join(dataDir, 'qrels.txt'), 'utf8').trim().split('\n')) {
  const [query, zero, id, grade] = line.split(/\s+/) as [string, string, string, string];
  const mapped = atPosition(Number(id.replace('time-', '')));
  if (mapped) lines.push(`${query} ${zero} ${mapped} ${grade}`);
  else dropped++;
}
mkdirSync(values.out, { recursive: true });
writeFileSync(path.join(values.out, 'qrels-by-position.txt'), `${lines.join('\n')}\n`);
console.log(`${lines.length} judgements written to ${path.join(values.out, 'qrels-by-position.txt')}; ${dropped} past the corpus dropped`);
