import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, type Config, type Logger } from '@archive/core';
import { runIngest } from './ingest.ts';
import { runServe } from './serve.ts';

const ORANGESUM = path.resolve(PROJECT_ROOT, '../shared/data/orangesum-fr');
/** The sample written for this project, committed in the repository. */
export const SAMPLE_ARCHIVE = path.join(PROJECT_ROOT, 'ingest/sample-archive');
export const DEMO_ORANGESUM_ARTICLES = 2000;

/**
 * The demo: ingests a sample archive (2,000 OrangeSum articles and its 45 HTML pages when the
 * shared data is beside the project, and always the repository's own small sample), then serves.
 * Ingestion is incremental, so running the demo again starts serving at once.
 */
export async function runDemo(config: Config, logger: Logger, articles = DEMO_ORANGESUM_ARTICLES): Promise<void> {
  if (existsSync(ORANGESUM)) {
    await runIngest([path.join(ORANGESUM, 'articles.jsonl.gz')], { embed: true, limit: articles }, config, logger);
    await runIngest([path.join(ORANGESUM, 'html-sample/*.html.gz'), SAMPLE_ARCHIVE], { embed: true }, config, logger);
  } else {
    logger.info({ missing: ORANGESUM }, 'shared data not found: the demo uses the repository sample only');
    await runIngest([SAMPLE_ARCHIVE], { embed: true }, config, logger);
  }
  await runServe(config, logger);
}
