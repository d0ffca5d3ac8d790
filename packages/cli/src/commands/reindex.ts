import { rmSync } from 'node:fs';
import type { Config, Logger } from '@archive/core';
import { syncKeywordIndex } from '@archive/keyword-index';
import { modelKeyOf, openArchive } from '@archive/runtime';
import { vectorIndexDir } from '@archive/vector-index';

/**
 * Rebuilds both indexes from the store (nothing is embedded again): the keyword index is
 * cleared and replayed, the vector index is dropped and rebuilt from the stored vectors.
 */
export async function runReindex(config: Config, logger: Logger): Promise<{ keyword: number; vectors: number }> {
  rmSync(vectorIndexDir(config.dataDir, modelKeyOf(config)), { recursive: true, force: true });
  const archive = await openArchive(config, logger);
  try {
    await archive.keywordIndex.clear();
    const keyword = await syncKeywordIndex(archive.keywordIndex, archive.store, logger);
    const vectors = archive.vectorIndex?.size ?? 0;
    logger.info({ keyword, vectors }, 'indexes rebuilt from the store');
    return { keyword, vectors };
  } finally {
    await archive.close();
  }
}
