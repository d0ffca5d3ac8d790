import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ArchiveError, ModelUnavailableError, type Config, type Logger } from '@archive/core';
import {
  buildReport, checkParameters, formatMarkdown, readQrels, readQueries, runEval, summarise, type ApiParameter, type EvalReport,
} from '@archive/eval';
import { forServing, openArchive, searchServiceFor } from '@archive/runtime';
import type { SearchMode } from '@archive/search';

export interface EvalCommandOptions {
  queries: string;
  qrels: string;
  /** `key=value` API filters, e.g. `lang=fr`. */
  filter: string[];
  /** Other `key=value` API parameters. */
  param: string[];
  modes: SearchMode[];
  name?: string;
  reportDir?: string;
  depth: number;
}

/** `lang=fr` → `['lang', 'fr']`; the CLI has checked the form. */
function toParameter(pair: string): ApiParameter {
  const at = pair.indexOf('=');
  return [pair.slice(0, at), pair.slice(at + 1)];
}

/** An argument as a POSIX shell reads it back. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command line that runs this evaluation again, with every setting spelled out. */
function commandLine(options: EvalCommandOptions, name: string, config: Config): string {
  const words = ['npm', 'run', '-s', 'archive', '--', '--data-dir', config.dataDir, 'eval', '--queries', options.queries, '--qrels', options.qrels];
  for (const filter of options.filter) words.push('--filter', filter);
  for (const param of options.param) words.push('--param', param);
  words.push('--modes', options.modes.join(','), '--depth', String(options.depth), '--name', name);
  if (options.reportDir) words.push('--report-dir', options.reportDir);
  return words.map(shellWord).join(' ');
}

/** A report's file name from its set name: letters, digits, `.`, `_` and `-` only. */
function fileStem(name: string): string {
  return name.replace(/[^\w.-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'eval';
}

/**
 * `archive eval`: runs the judged queries through the API's search service in each mode,
 * scores them and writes the report (Markdown and JSON under `--report-dir`, or the Markdown on
 * stdout). The input files are read and the parameters checked before the archive is opened,
 * so a typo fails at once. Returns the report.
 */
export async function runEvalCommand(options: EvalCommandOptions, config: Config, logger: Logger): Promise<EvalReport> {
  const queries = readQueries(options.queries);
  const { qrels, judgements } = readQrels(options.qrels);
  const filters = options.filter.map(toParameter);
  const parameters = [...filters, ...options.param.map(toParameter)];
  checkParameters(parameters);
  const name = options.name ?? path.basename(options.queries).replace(/\.jsonl?$/i, '');

  // Searched as a server searches (`forServing`, warmed search threads), so the latencies are its.
  const archive = await openArchive(forServing(config), logger);
  try {
    await archive.keywordIndex.warm?.();
    const articles = archive.store.countArticles();
    if (!articles) throw new ArchiveError('NOT_FOUND', `the archive in ${config.dataDir} holds no article: ingest the corpus first (archive ingest)`);
    if (archive.semanticUnavailable && options.modes.some((mode) => mode !== 'keyword')) {
      throw new ModelUnavailableError(`semantic search is off (${archive.semanticUnavailable}): evaluate with --modes keyword, or make the model available`);
    }
    const service = searchServiceFor(archive, logger);
    const run = await runEval(queries, qrels, { modes: options.modes, depth: options.depth, parameters }, {
      search: (request) => service.search(request),
      presentIds: (ids) => new Set(archive.store.contentHashes(ids).keys()),
      onProgress: (done, total) => {
        if (done % 25 === 0 || done === total) logger.info({ done, total }, 'queries scored');
      },
    });
    if (!run.results.length) {
      const absent = run.skipped.filter((query) => query.reason === 'relevant-absent').length;
      throw new ArchiveError('NOT_FOUND',
        `no query could be scored: of ${queries.length}, ${absent} have their relevant articles all absent from the archive in ${config.dataDir} ` +
          `and ${run.skipped.length - absent} no relevant judgement in ${options.qrels} (is this the archive the judgements are for?)`);
    }
    const report = buildReport({
      name,
      date: new Date(),
      command: commandLine(options, name, config),
      archive: {
        articles, passages: archive.store.passages().countPassages(), dataDir: path.basename(config.dataDir),
        keywordEngine: archive.keywordIndex.engine, modelKey: archive.modelKey, semantic: archive.embedder !== null,
      },
      inputs: { queries: { file: options.queries, count: queries.length }, qrels: { file: options.qrels, judgements } },
      search: { modes: options.modes, depth: options.depth, filters: options.filter, parameters: options.param },
    }, run, summarise(run, options.modes));

    const markdown = formatMarkdown(report);
    if (options.reportDir) {
      mkdirSync(options.reportDir, { recursive: true });
      const stem = path.join(options.reportDir, fileStem(name));
      writeFileSync(`${stem}.md`, markdown);
      writeFileSync(`${stem}.json`, `${JSON.stringify(report, null, 2)}\n`);
      process.stdout.write(`Wrote ${stem}.md and ${stem}.json\n`);
    } else {
      process.stdout.write(markdown);
    }
    return report;
  } finally {
    await archive.close();
  }
}
