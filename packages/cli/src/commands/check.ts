import { silentLogger, type Config, type Logger } from '@archive/core';
import { checkIndexes, repairIndexes } from '@archive/jobs';
import { cutArticle } from '@archive/ingest';
import { generationDir, liveModelConfig, livePassageScheme, openKeywordIndex, readLiveGeneration } from '@archive/runtime';
import { ArticleStore } from '@archive/store';
import { VectorIndex, vectorIndexDir } from '@archive/vector-index';

/**
 * `archive check [--repair]`: compares the store with the live generation's indexes (article set
 * and versions, one vector per embedded passage), prints each difference, and with `--repair`
 * mends them and checks again. Exit code 0 when they agree, 1 otherwise. The indexes are opened
 * as they are on disk, without the catch-up a server does on start, so nothing is hidden.
 */
export async function runCheck(options: { repair?: boolean }, config: Config, logger: Logger): Promise<number> {
  const store = ArticleStore.open(config.dataDir, logger);
  const live = readLiveGeneration(config.dataDir);
  const dir = generationDir(config.dataDir, live.generation);
  const model = liveModelConfig(config, live);
  const modelKey = `${model.id}@${model.dtype}`;
  const passageScheme = livePassageScheme(live);
  const space = { modelKey, passageScheme };
  const keyword = await openKeywordIndex(config, { dir, meilisearchIndex: config.keyword.meilisearchIndex });
  const dimensions = store.vectorDimensions(modelKey);
  const vectors = dimensions
    ? await VectorIndex.open({
      dir: vectorIndexDir(dir, modelKey, passageScheme), store, modelKey, passageScheme, dimensions, ef: config.search.ef, logger: silentLogger(), syncOnOpen: false,
    })
    : null;
  try {
    let report = await checkIndexes(store, keyword, vectors, space);
    const print = () => {
      process.stdout.write(
        `Store: ${report.articles} articles, ${report.passagesWithVectors} passages (scheme ${passageScheme}) with a ${modelKey} vector (${report.passagesWithoutVector} without yet).\n` +
          `Live generation ${live.generation ?? '(initial)'}: keyword index ${report.keywordDocuments} documents (${keyword.engine}), vector index ${report.vectors} vectors.\n`,
      );
      for (const difference of report.differences.slice(0, 200)) process.stdout.write(`- ${difference.index} ${difference.kind}: ${difference.detail}\n`);
      if (report.differences.length > 200) process.stdout.write(`… and ${report.differences.length - 200} more\n`);
      process.stdout.write(report.differences.length ? `${report.differences.length} differences.\n` : 'The store and the live indexes agree.\n');
    };
    print();
    if (options.repair && report.differences.length) {
      const scheme = store.passageSchemes().find((candidate) => candidate.key === passageScheme) ?? store.livePassageScheme();
      const configured = { ...config.chunk, maxTokens: model.maxTokens };
      await repairIndexes(store, keyword, vectors, report.differences, { passageScheme, cut: (article) => cutArticle(article, scheme, configured) });
      process.stdout.write('Repaired; checking again.\n');
      report = await checkIndexes(store, keyword, vectors, space);
      print();
    }
    return report.differences.length ? 1 : 0;
  } finally {
    await keyword.close();
    store.close();
  }
}
