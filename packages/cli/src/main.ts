#!/usr/bin/env node
import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import { ArchiveError } from '@archive/core';
import { runAsBatch } from '@archive/runtime';
import { commandContext, type GlobalOptions } from './context.ts';
import { runDemo } from './commands/demo.ts';
import { runExtract } from './commands/extract.ts';
import { runIngest } from './commands/ingest.ts';
import { runServe } from './commands/serve.ts';
import { runCheck } from './commands/check.ts';
import { runJobsCancel, runJobsFollow, runJobsList, runJobsResume, runJobsRun, runJobsStart } from './commands/jobs.ts';
import { runTokenCreate, runTokenList, runTokenRevoke } from './commands/token.ts';
import { runEvalCommand, type EvalCommandOptions } from './commands/eval.ts';
import { JOB_KINDS, ROLES, type JobKind, type Role } from '@archive/store';
import { EVAL_MODES } from '@archive/eval';
import type { SearchMode } from '@archive/search';

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('expected a positive whole number');
  return number;
}

/** Collects a repeatable `key=value` option. */
function keyValue(value: string, previous: string[]): string[] {
  if (!/^[A-Za-z][\w-]*=/.test(value)) throw new InvalidArgumentError('expected key=value, e.g. lang=fr');
  return [...previous, value];
}

/** `semantic,keyword` → the modes in report order. */
function modeList(value: string): SearchMode[] {
  const asked = value.split(',').map((mode) => mode.trim()).filter(Boolean);
  const unknown = asked.filter((mode) => !EVAL_MODES.includes(mode as SearchMode));
  if (!asked.length || unknown.length) throw new InvalidArgumentError(`expected a comma-separated list of ${EVAL_MODES.join(', ')}`);
  return EVAL_MODES.filter((mode) => asked.includes(mode));
}

/** Results per query: the API's pages are fetched in turn, up to its page limit. */
function depth(value: string): number {
  const number = positiveInteger(value);
  if (number > 1000) throw new InvalidArgumentError('at most 1000');
  return number;
}

function port(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65535) throw new InvalidArgumentError('expected a port from 0 to 65535');
  return number;
}

const program = new Command('archive')
  .description('Newsroom archive search: ingest articles, search them by keywords and by meaning, find related ones.')
  .option('--data-dir <dir>', 'folder of the store and indexes (env ARCHIVE_DATA_DIR; default: .data in the project)')
  .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (env ARCHIVE_LOG_LEVEL)')
  .showHelpAfterError()
  .addHelpText('after', `
Environment: every setting has a variable (ARCHIVE_MODEL_DIR, ARCHIVE_PORT, ARCHIVE_RRF_K, …); see README.md.
Examples:
  archive ingest ../shared/data/orangesum-fr/articles.jsonl.gz 'pages/**/*.html.gz'
  archive serve --port 8080
  archive extract page.html.gz`);

program
  .command('ingest')
  .description('ingest files, directories and glob patterns (.jsonl, .jsonl.gz, .json, .html, .html.gz)')
  .argument('<paths...>', 'files, directories (read recursively) or quoted glob patterns')
  .option('--no-embed', 'store and keyword-index only; embed later by running ingest again')
  .option('--limit <n>', 'stop after this many records', positiveInteger)
  .addHelpText('after', `
Re-ingesting unchanged articles costs nothing; a changed article replaces its old passages.
Bad records are reported (file, line, field, reason) and skipped; the full report is written to
<data-dir>/reports/. Stopping at any point and running again resumes the work.`)
  .action(async (paths: string[], options: { embed: boolean; limit?: number }, command: Command) => {
    const { config, logger } = commandContext(command.optsWithGlobals<GlobalOptions>());
    runAsBatch(config.jobs.batchNice, logger);
    await runIngest(paths, options, config, logger);
  });

program
  .command('serve')
  .description('serve the search API and the web UI')
  .option('--port <port>', 'port to listen on; 0 picks a free one (env ARCHIVE_PORT, default 3000)', port)
  .option('--host <host>', 'address to listen on (env ARCHIVE_HOST, default 127.0.0.1)')
  .action(async (options: { port?: number; host?: string }, command: Command) => {
    const { config, logger } = commandContext(command.optsWithGlobals<GlobalOptions>(), { server: { port: options.port, host: options.host } });
    await runServe(config, logger);
  });

program
  .command('extract')
  .description('print the article extracted from one HTML page (plain or .gz) as JSON; touches no store')
  .argument('<file>', 'HTML file')
  .action((file: string) => runExtract(file));

program
  .command('reindex')
  .description('rebuild both indexes from the store into a new generation, then switch (a rebuild job; no re-embedding)')
  .action(async (_options: unknown, command: Command) => {
    const { config, logger } = commandContext(command.optsWithGlobals<GlobalOptions>());
    process.exitCode = await runJobsStart('rebuild', {}, {}, config, logger);
  });

interface JobStartOptions {
  since?: string;
  model?: string;
  dtype?: string;
  targetTokens?: number;
  maxPassages?: number;
  detach?: boolean;
}

const jobs = program
  .command('jobs')
  .description('batch jobs: start, list, follow, cancel (rebuild, incremental, reembed, ingest)')
  .addHelpText('after', `
Kinds:
  rebuild       both indexes from the store into a new generation, checked, then switched atomically
  incremental   the articles changed since --since DATE (or since the last job) indexed again
  reembed       every passage with another model (--model, --dtype) and/or cut another way
                (--target-tokens, --max-passages), then a new generation; the query model and
                the passages switch with their vectors
  ingest        the files of the inbox folder (ARCHIVE_INBOX_DIR, default <data-dir>/inbox)
One job runs at a time. Searches keep being served by the live generation until the switch.
A job interrupted (killed, machine restarted) resumes from its last checkpoint on the next
\`archive serve\` or \`archive jobs resume\`.`);

jobs
  .command('start')
  .description('start a job and follow it with a progress bar (exit 0 when it succeeds)')
  .addArgument(new Argument('<kind>', 'what to do').choices(JOB_KINDS))
  .option('--since <date>', 'incremental: articles changed since this date or time')
  .option('--model <id>', 'reembed: model folder name')
  .option('--dtype <dtype>', 'reembed: weights (e.g. q8)')
  .option('--target-tokens <n>', 'reembed: passage length aimed at, in model tokens', positiveInteger)
  .option('--max-passages <n>', 'reembed: passages kept per article, from its start (0: all)', (value: string) => (value === '0' ? 0 : positiveInteger(value)))
  .option('--detach', 'run it in the background and print its id')
  .action(async (kind: JobKind, options: JobStartOptions, command: Command) => {
    const { config, logger } = commandContext(command.optsWithGlobals<GlobalOptions>());
    const { detach, ...given } = options;
    const params = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
    process.exitCode = await runJobsStart(kind, params, { detach: options.detach }, config, logger);
  });

jobs
  .command('list')
  .description('jobs, newest first: id, kind, state, phase, progress')
  .action(async (_options: unknown, command: Command) => {
    const { config, logger } = commandContext(command.optsWithGlobals<GlobalOptions>());
    process.exitCode = await runJobsList(config, logger);
  });

jobs
  .command('follow')
  .description('follow a job (started anywhere) with a progress bar until it ends')
  .argument('<id>', 'job id')
  .action(async (id: string, _options: unknown, command: Command) => {
    const { config, logger } = commandContext(command.optsWithGlobals<GlobalOptions>());
    process.exitCode = await runJobsFollow(id, config, logger);
  });

jobs
  .command('cancel')
  .description('ask a job to stop; what it built is removed, the live generation stays')
  .argument('<id>', 'job id')
  .action(async (id: string, _options: unknown, command: Command) => {
    const { config, logger } = commandContext(command.optsWithGlobals<GlobalOptions>());
    process.exitCode = await runJobsCancel(id, config, logger);
  });

jobs
  .command('resume')
  .description('resume, here, a job whose process died')
  .action(async (_options: unknown, command: Command) => {
    const { config, logger } = commandContext(command.optsWithGlobals<GlobalOptions>());
    runAsBatch(config.jobs.batchNice, logger);
    process.exitCode = await runJobsResume(config, logger);
  });

jobs
  .command('run', { hidden: true })
  .description('run a queued job in this process (what the server starts)')
  .argument('<id>', 'job id')
  .action(async (id: string, _options: unknown, command: Command) => {
    const { config, logger } = commandContext(command.optsWithGlobals<GlobalOptions>());
    runAsBatch(config.jobs.batchNice, logger);
    process.exitCode = await runJobsRun(id, config, logger);
  });

program
  .command('check')
  .description('check that the store and the live indexes agree; exit 0 if they do, 1 otherwise')
  .option('--repair', 'mend the differences, then check again')
  .action(async (options: { repair?: boolean }, command: Command) => {
    const { config, logger } = commandContext(command.optsWithGlobals<GlobalOptions>());
    process.exitCode = await runCheck(options, config, logger);
  });

const token = program
  .command('token')
  .description('API tokens: create (shown once), list, revoke')
  .addHelpText('after', `
Requests carry a token as "Authorization: Bearer TOKEN"; the web UI signs in with one.
Roles: reader (read when the archive requires a token), editor (tags), admin (tokens, jobs).`);

token
  .command('create')
  .description('create a token; prints it alone on the last line of stdout (only a hash is kept)')
  .requiredOption('--name <name>', 'who or what uses it: the audit trail records this name')
  .addOption(new Option('--role <role>', 'what it may do').choices(ROLES).makeOptionMandatory())
  .action((options: { name: string; role: Role }, command: Command) => {
    const { config, logger } = commandContext(command.optsWithGlobals<GlobalOptions>());
    runTokenCreate(options.name, options.role, config, logger);
  });

token
  .command('list')
  .description('list tokens (names, roles, last use; never the secrets)')
  .action((_options: unknown, command: Command) => {
    const { config, logger } = commandContext(command.optsWithGlobals<GlobalOptions>());
    runTokenList(config, logger);
  });

token
  .command('revoke')
  .description('revoke a token and close its web sessions')
  .argument('<name>', 'the token name')
  .action((name: string, _options: unknown, command: Command) => {
    const { config, logger } = commandContext(command.optsWithGlobals<GlobalOptions>());
    if (!runTokenRevoke(name, config, logger)) process.exitCode = 1;
  });

program
  .command('eval')
  .description('measure retrieval quality on judged queries: nDCG@10, MRR@10, recall, latency per mode, and paired significance')
  .requiredOption('--queries <file>', 'JSONL, one query a line: {"id", "query" (or "text"), "kind"?, "lang"?}')
  .requiredOption('--qrels <file>', 'TREC judgements, "<query id> 0 <article id> <grade>" a line; grade 1 or more is relevant')
  .addOption(new Option('--filter <key=value>', 'API filter on every search, e.g. lang=fr for a cross-lingual set (repeatable)').argParser(keyValue).default([], 'none'))
  .addOption(new Option('--param <key=value>', 'any other API search parameter, e.g. collapse=false (repeatable)').argParser(keyValue).default([], 'none'))
  .addOption(new Option('--modes <list>', 'search modes to run and compare').argParser(modeList).default([...EVAL_MODES], EVAL_MODES.join(',')))
  .option('--name <name>', 'name of the set in the report and of its files (default: the queries file name)')
  .option('--report-dir <dir>', 'write <name>.md and <name>.json there (default: print the Markdown on stdout)')
  .option('--depth <n>', 'results taken per query and mode (Recall@100 needs 100)', depth, 100)
  .addHelpText('after', `
Each query runs through the API's own search (its parameter rules and defaults, near-copies
folded) in each mode. Judgements on articles absent from the archive are ignored; queries with
no judgement, or whose relevant articles are all absent, are skipped and counted. The report
gives nDCG@10 (gains 2^g - 1), MRR@10, Recall@10, Recall@100 and p50/p95 latency per mode, the
same by query "kind", and a paired randomisation test (10,000 rounds, seed 42) of hybrid vs
keyword, hybrid vs semantic and semantic vs keyword on per-query nDCG@10.
Examples:
  archive --data-dir /tmp/eval/time eval --name time-1963 --report-dir reports \\
    --queries ../shared/data/time-1963-en/queries.jsonl --qrels ../shared/data/time-1963-en/qrels.txt
  # English headlines → French articles (files written by bench/prepare-wmt-eval.ts)
  archive --data-dir /tmp/eval/wmt eval --name wmt-en-fr --filter lang=fr \\
    --queries /tmp/eval/wmt-set/queries-en.jsonl --qrels /tmp/eval/wmt-set/qrels-en-fr.txt`)
  .action(async (options: EvalCommandOptions, command: Command) => {
    const { config, logger } = commandContext(command.optsWithGlobals<GlobalOptions>());
    await runEvalCommand(options, config, logger);
  });

program
  .command('demo')
  .description('ingest the sample archive, then serve the UI (what the README\'s first command runs)')
  .option('--port <port>', 'port to listen on (default 3000)', port)
  .option('--articles <n>', 'OrangeSum articles to ingest (default 2000)', positiveInteger)
  .action(async (options: { port?: number; articles?: number }, command: Command) => {
    const { config, logger } = commandContext(command.optsWithGlobals<GlobalOptions>(), { server: { port: options.port } });
    await runDemo(config, logger, options.articles);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Expected failures get one clear line and a non-zero exit, not a stack trace.
  if (error instanceof ArchiveError) {
    process.stderr.write(`archive: ${error.message} [${error.code}]\n`);
    process.exit(1);
  }
  throw error;
}
