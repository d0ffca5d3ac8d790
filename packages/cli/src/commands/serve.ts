import { createApp, listen } from '@archive/api';
import { JobLauncher } from '@archive/jobs';
import { warmUpSearches } from '@archive/search';
import { forServing, livePassageScheme, openArchive, relatedArticlesFor, searchServiceFor, tagServiceFor } from '@archive/runtime';
import type { Config, Logger } from '@archive/core';

/**
 * Serves the API and the web UI until the process is stopped; prints the URL on stdout. Follows
 * the live generation (a job's switch), resumes a job a dead process left, and runs the
 * scheduled inbox ingest.
 */
export async function runServe(settings: Config, logger: Logger): Promise<void> {
  const config = forServing(settings);
  const archive = await openArchive(config, logger);
  const stopFollowing = archive.followLiveGeneration();
  const service = searchServiceFor(archive, logger);
  const jobs = new JobLauncher({ config, store: archive.store, logger });
  const app = createApp({
    service,
    related: relatedArticlesFor(archive),
    tags: tagServiceFor(archive, service, logger),
    tokens: archive.store.tokens,
    jobs,
    jobStore: archive.store.jobs,
    requireToken: config.auth.requireToken,
    logger,
    health: async () => ({
      articles: archive.store.countArticles(),
      passages: archive.store.passages(livePassageScheme(archive.live)).countPassages(),
      passageScheme: livePassageScheme(archive.live),
      vectors: archive.vectorIndex?.size ?? 0,
      keywordEngine: archive.keywordIndex.engine,
      keywordDocuments: await archive.keywordIndex.count(),
      semanticUnavailable: archive.semanticUnavailable,
      generation: archive.live.generation,
      modelKey: archive.modelKey,
    }),
  });
  // Readers never meet a cold path: the first searches of each kind run before the server
  // listens, and one request goes through the HTTP layer (routing, parameters, the JSON answer).
  if (config.server.warmUp) {
    await warmUpSearches(service, logger);
    await app.request('/api/search?q=archives&section=france');
  }
  const { url, server } = await listen(app, { host: config.server.host, port: config.server.port });
  process.stdout.write(`Archive search is running at ${url}\n`);
  logger.info({ url, dataDir: config.dataDir }, 'serving');
  jobs.resumeOrphan();
  jobs.scheduleInbox();
  const stop = () => {
    jobs.stop();
    stopFollowing();
    server.close();
    void archive.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
