import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createProgress, formatReport, ingest, type IngestReport } from '@archive/ingest';
import { openArchive } from '@archive/runtime';
import type { Config, Logger } from '@archive/core';

export interface IngestCommandOptions {
  embed: boolean;
  limit?: number;
}

/**
 * Runs one ingestion into the configured archive and writes its full report (every rejection)
 * as JSON under `<data-dir>/reports/`. Returns the report.
 */
export async function runIngest(inputs: string[], options: IngestCommandOptions, config: Config, logger: Logger): Promise<IngestReport> {
  const archive = await openArchive(options.embed ? config : { ...config, model: { ...config.model, enabled: false } }, logger);
  try {
    const report = await ingest(inputs, {
      store: archive.store,
      keywordIndex: archive.keywordIndex,
      embedder: archive.embedder,
      vectorIndex: archive.vectorIndex,
      modelKey: archive.modelKey,
      chunk: { ...config.chunk, maxTokens: config.model.maxTokens },
      logger,
      progress: createProgress(logger),
    }, { limit: options.limit });
    const reportsDir = path.join(config.dataDir, 'reports');
    mkdirSync(reportsDir, { recursive: true });
    const reportFile = path.join(reportsDir, `ingest-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
    process.stderr.write(`${formatReport(report)}\nFull report: ${reportFile}\n`);
    return report;
  } finally {
    await archive.close();
  }
}
