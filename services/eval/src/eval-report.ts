import type { SearchMode } from '@archive/search';
import type { EvalRun, QueryResult, SkipReason } from './run-eval.ts';
import type { Summary } from './summary.ts';

/** What was searched: enough to tell two reports' archives apart. */
export interface ArchiveInfo {
  articles: number;
  passages: number;
  /** Base name of the data folder (the full path is in `command`). */
  dataDir: string;
  keywordEngine: string;
  modelKey: string;
  semantic: boolean;
}

/** Everything a run measured, as written to `<name>.json`; the Markdown is rendered from it. */
export interface EvalReport {
  name: string;
  /** ISO time of the run. */
  date: string;
  /** The command line that regenerates the report. */
  command: string;
  archive: ArchiveInfo;
  inputs: { queries: { file: string; count: number }; qrels: { file: string; judgements: number } };
  search: { modes: SearchMode[]; depth: number; filters: string[]; parameters: string[] };
  /** Query ids left out, by reason. */
  skipped: Record<SkipReason, string[]>;
  ignored: { absentJudgements: number; unknownQueryIds: string[] };
  notices: EvalRun['notices'];
  refused: EvalRun['refused'];
  summary: Summary;
  queries: QueryResult[];
}

export interface ReportContext {
  name: string;
  date: Date;
  command: string;
  archive: ArchiveInfo;
  inputs: EvalReport['inputs'];
  search: EvalReport['search'];
}

/** Puts a run, its summary and its context together into one report. */
export function buildReport(context: ReportContext, run: EvalRun, summary: Summary): EvalReport {
  const skipped: Record<SkipReason, string[]> = { 'no-judgement': [], 'no-relevant-judgement': [], 'relevant-absent': [] };
  for (const query of run.skipped) skipped[query.reason].push(query.id);
  return {
    ...context,
    date: context.date.toISOString(),
    skipped,
    ignored: { absentJudgements: run.absentJudgements, unknownQueryIds: run.unknownQueryIds },
    notices: run.notices,
    refused: run.refused,
    summary,
    queries: run.results,
  };
}

const count = (value: number) => value.toLocaleString('en-US');
const figure = (value: number) => (Number.isFinite(value) ? value.toFixed(3) : '–');
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '–');
const pValue = (value: number) => (value < 0.0001 ? '< 0.0001' : value.toFixed(4));
const cell = (text: string) => text.replace(/\|/g, '\\|');
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
const table = (header: string[], rows: string[][], align: string[]) =>
  [`| ${header.join(' | ')} |`, `| ${align.join(' | ')} |`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n');

function idList(ids: string[], limit = 40): string {
  return ids.length > limit ? `${ids.slice(0, limit).join(', ')}, … (${ids.length - limit} more)` : ids.join(', ');
}

/**
 * The report as Markdown: archive, set, command line, date, the table per mode (with latency),
 * the significance table and one table per query kind.
 *
 * @example
 * writeFileSync('reports/time-1963.md', formatMarkdown(report));
 */
export function formatMarkdown(report: EvalReport): string {
  const { summary, search } = report;
  const skippedTotal = Object.values(report.skipped).reduce((sum, ids) => sum + ids.length, 0);
  const recallAtDepth = search.depth >= 100 ? 'R@100' : `R@${search.depth}`;
  const metricHeader = ['nDCG@10', 'MRR@10', 'R@10', recallAtDepth];
  const all = summary.groups[0]!;
  const lines: string[] = [];

  lines.push(`# Retrieval evaluation: ${report.name}`, '');
  lines.push(
    `- **Archive**: ${count(report.archive.articles)} articles, ${count(report.archive.passages)} passages, data dir ${code(report.archive.dataDir)} ` +
      `(keyword engine ${report.archive.keywordEngine}; model ${code(report.archive.modelKey)}${report.archive.semantic ? '' : ', not loaded'})`,
    `- **Set**: ${code(report.inputs.queries.file)} (${count(report.inputs.queries.count)} queries), ${code(report.inputs.qrels.file)} (${count(report.inputs.qrels.judgements)} judgements)`,
    `- **Scored**: ${count(all.queries)} queries; skipped ${skippedTotal}: ${report.skipped['no-judgement'].length} without judgement, ` +
      `${report.skipped['no-relevant-judgement'].length} with no relevant judgement, ${report.skipped['relevant-absent'].length} whose relevant articles are all absent from the archive. ` +
      `Judgements on absent articles ignored: ${count(report.ignored.absentJudgements)}` +
      (report.ignored.unknownQueryIds.length ? `; judged query ids with no query: ${report.ignored.unknownQueryIds.length}` : '') + '.' +
      (report.refused.length ? ` Searches refused by the API (scored 0, listed below): ${report.refused.length}.` : ''),
    `- **Search**: modes ${search.modes.join(', ')}; depth ${search.depth}; filters ${search.filters.length ? search.filters.map(code).join(', ') : 'none'}; ` +
      `other API parameters ${search.parameters.length ? search.parameters.map(code).join(', ') : 'none'} (the API's defaults otherwise: near-copies folded)`,
    `- **Date**: ${report.date}`,
    `- **Regenerate**: ${code(report.command)}`,
    '',
  );

  lines.push(`## All queries (${count(all.queries)})`, '');
  lines.push(table(['mode', ...metricHeader, 'p50 ms', 'p95 ms'],
    all.modes.map((mode) => [mode.mode, figure(mode.ndcg10), figure(mode.mrr10), figure(mode.recall10), figure(mode.recall100), ms(mode.latencyMs.p50), ms(mode.latencyMs.p95)]),
    ['---', '---:', '---:', '---:', '---:', '---:', '---:']));
  lines.push('', 'nDCG@10 with graded gains 2^g − 1 and a log2 discount; recall over the relevant articles the archive holds. ' +
    `Latency: the search call(s) of one query for its top ${search.depth} (snippets included), the query's vector already in the model's memory (as for a repeated query).` +
    (summary.firstSearchMs ? ` The first search of each query, which embeds it: p50 ${ms(summary.firstSearchMs.p50)} ms, p95 ${ms(summary.firstSearchMs.p95)} ms (${summary.firstSearchMs.queries} queries, 1 result).` : ''), '');

  const { significance } = summary;
  if (significance.comparisons.length) {
    lines.push('## Significance', '');
    lines.push(`Paired randomisation (sign-flip) test, two-sided, on per-query nDCG@10: exact over every sign assignment when there are at most ${count(significance.rounds)}, ` +
      `else ${count(significance.rounds)} random ones (seed ${significance.seed}). ✱ marks p < ${significance.alpha}.`, '');
    lines.push(table(['comparison', 'queries', 'nDCG@10 A', 'nDCG@10 B', 'A − B', 'p-value', `p < ${significance.alpha}`],
      significance.comparisons.map((c) => [`${c.a} vs ${c.b}`, String(c.n), figure(c.meanA), figure(c.meanB), `${c.meanDifference >= 0 ? '+' : '−'}${Math.abs(c.meanDifference).toFixed(3)}`, pValue(c.pValue), c.significant ? '✱' : '']),
      ['---', '---:', '---:', '---:', '---:', '---:', ':---:']));
    lines.push('');
  }

  if (summary.groups.length > 1) {
    lines.push('## By kind of query', '');
    for (const group of summary.groups.slice(1)) {
      lines.push(`### ${group.group} (${count(group.queries)} ${group.queries === 1 ? 'query' : 'queries'})`, '');
      lines.push(table(['mode', ...metricHeader],
        group.modes.map((mode) => [mode.mode, figure(mode.ndcg10), figure(mode.mrr10), figure(mode.recall10), figure(mode.recall100)]),
        ['---', '---:', '---:', '---:', '---:']));
      lines.push('');
    }
  }

  if (report.refused.length) {
    lines.push('## Queries the search refused', '', 'Answered with an error (HTTP 400 in the API), so scored 0 in that mode, as their user got no results:', '');
    lines.push(...report.refused.map((refusal) => `- ${refusal.id}, ${refusal.mode}: ${refusal.message}`), '');
  }

  // One line per mode: a notice often quotes its query, so the full list is in the JSON rows.
  const notices = search.modes.flatMap((mode) => {
    const queries = report.queries.filter((query) => query.scores[mode]?.notice);
    return queries.length ? [`- ${mode}: ${queries.length} ${queries.length === 1 ? 'query' : 'queries'}, e.g. ${queries[0]!.id}: ${queries[0]!.scores[mode]!.notice}`] : [];
  });
  if (notices.length) lines.push('## Notices from the search', '', ...notices, '');

  if (skippedTotal || report.ignored.unknownQueryIds.length) {
    lines.push('## Left out', '');
    if (report.skipped['no-judgement'].length) lines.push(`- Without judgement: ${idList(report.skipped['no-judgement'])}`);
    if (report.skipped['no-relevant-judgement'].length) lines.push(`- With no relevant judgement: ${idList(report.skipped['no-relevant-judgement'])}`);
    if (report.skipped['relevant-absent'].length) lines.push(`- Relevant articles all absent from the archive: ${idList(report.skipped['relevant-absent'])}`);
    if (report.ignored.unknownQueryIds.length) lines.push(`- Judged query ids with no query in the set: ${idList(report.ignored.unknownQueryIds)}`);
    lines.push('');
  }
  return lines.join('\n');
}
