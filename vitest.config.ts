import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code; integration and browser tests live in tests/ and share one
// ingested archive (tests/global-setup.ts), so they run in one worker, after the unit tests.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'ingest/src/**/*.test.ts', 'indexes/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts', 'web/src/**/*.test.ts'],
          // A real Meilisearch (from ../shared/bin) for the keyword engine contract tests.
          globalSetup: ['tests/meilisearch-setup.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts'],
          globalSetup: ['tests/meilisearch-setup.ts', 'tests/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 1_200_000,
        },
      },
    ],
  },
});
