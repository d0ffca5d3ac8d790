import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError } from './errors.ts';

/** The project root (four levels above this file: packages/core/src/config.ts). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where the shared models live beside the project, when they do. */
const SHARED_MODELS_DIR = path.resolve(PROJECT_ROOT, '../shared/models');

/** Passage lengths a re-embedding job may ask for, in model tokens (the API, the jobs page and the job check the same range). */
export const PASSAGE_TOKEN_RANGE = { min: 32, max: 8192 } as const;

const wholeNumber = () => z.coerce.number({ error: 'expected a number' }).int('expected a whole number');
const positiveInt = wholeNumber().positive('expected a number above 0');
const nonNegative = () => z.coerce.number({ error: 'expected a number' }).min(0, 'expected 0 or more');

export const configSchema = z.object({
  dataDir: z.string().min(1),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  model: z.object({
    /** Model id: a folder name under `localDir` (or a hub id when remote loading is allowed). */
    id: z.string().min(1),
    /** Folder holding the model folders; when set, nothing is fetched from the network. */
    localDir: z.string().min(1).nullable(),
    /** transformers.js dtype: the shared model ships only its 8-bit weights. */
    dtype: z.enum(['q8', 'fp32', 'fp16', 'int8', 'uint8', 'q4']),
    batchSize: positiveInt.max(256),
    /** Longest input the model takes, prefix and special tokens included. */
    maxTokens: positiveInt.max(8192),
    /** Set false to run keyword-only on purpose. */
    enabled: z.boolean(),
    /**
     * Threads the model runs on (ONNX Runtime's intra-op pool). Null: one per core, except in
     * `archive serve` (see `forServing`), which embeds one short query at a time on one thread.
     */
    threads: positiveInt.max(64, 'at most 64').nullable(),
    /**
     * Folder of a vector cache shared by every data folder on the machine (demo, tests,
     * benchmarks), so the same text is never embedded twice; null (`off`) to disable.
     */
    cacheDir: z.string().min(1).nullable(),
  }),
  chunk: z.object({
    /** Target passage length in tokens; passages never exceed `model.maxTokens`. */
    targetTokens: positiveInt.max(8192),
    /**
     * Most passages embedded per article, from its start (0: all). News puts what matters
     * first; the keyword index always covers the whole text.
     */
    maxPassages: wholeNumber().min(0, 'expected 0 or more'),
  }),
  search: z.object({
    /**
     * How hybrid search merges its halves: `scores` (each half's normalised scores weighed by
     * what it is worth for the query, see `fuseByScores`) or `rrf` (reciprocal ranks, the
     * baseline it replaced).
     */
    fusion: z.enum(['scores', 'rrf']),
    /** Default share of the semantic half in hybrid search (0 = keyword only, 1 = semantic only). */
    semanticRatio: nonNegative().max(1, 'expected at most 1'),
    rrfK: positiveInt,
    /** Articles each list contributes to hybrid fusion. */
    candidates: positiveInt.max(10_000),
    /** Hybrid: best fused articles whose vectors refine the query for a second semantic pass (0: off). */
    feedbackArticles: wholeNumber().min(0, 'expected 0 or more').max(20, 'expected at most 20'),
    /** Share of the query's own vector in the refined one. */
    feedbackQueryWeight: nonNegative().max(1, 'expected at most 1'),
    /** Share of an article's first passage in its similarity to a query (the rest: its best passage's). */
    leadPassageWeight: nonNegative().max(1, 'expected at most 1'),
    /** hnswlib query breadth; must be at least the number of neighbours asked for. */
    ef: positiveInt.max(10_000),
  }),
  keyword: z.object({
    engine: z.enum(['embedded', 'meilisearch']),
    meilisearchUrl: z.string().url().nullable(),
    meilisearchKey: z.string().nullable(),
    /** Uid of the live Meilisearch index (a rebuild builds `<uid>_<job>` and swaps it in). */
    meilisearchIndex: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'letters, digits, "_" or "-"'),
    /** Embedded engine: worker threads that run searches, so a long full-text pass never stalls other requests (0: none). */
    searchThreads: wholeNumber().min(0, 'expected 0 or more').max(16, 'at most 16'),
  }),
  jobs: z.object({
    /** The only folder an inbox ingest job reads (an API caller never names server paths); default `<dataDir>/inbox`. */
    inboxDir: z.string().min(1).nullable(),
    /** Cron expression of the nightly inbox ingest (5 or 6 fields), or null for none. */
    inboxSchedule: z.string().min(1).nullable(),
    /** CPU priority (nice, 0–19) of batch runs (`archive ingest`, jobs), below the server's: 0 leaves it alone. */
    batchNice: wholeNumber().min(0, 'expected a nice value from 0 to 19').max(19, 'expected a nice value from 0 to 19'),
  }),
  auth: z.object({
    /** Every route needs a token (reader at least); by default reading is open and only writes need one. */
    requireToken: z.boolean({ error: 'expected true or false' }),
  }),
  server: z.object({
    host: z.string().min(1),
    port: wholeNumber().min(0, 'expected a port from 0 to 65535').max(65535, 'expected a port from 0 to 65535'),
    /** Whether `serve` runs a few searches of each kind before it listens (see `warmUpSearches`). */
    warmUp: z.boolean({ error: 'expected true or false' }),
  }),
});

export type Config = z.infer<typeof configSchema>;

/** Deep partial of the configuration, as given by flags or tests. */
export type ConfigOverrides = {
  [K in keyof Config]?: Config[K] extends object ? Partial<Config[K]> : Config[K];
};

/** Environment variables and the configuration path each one sets. */
export const ENV_VARIABLES = {
  ARCHIVE_DATA_DIR: 'dataDir',
  ARCHIVE_LOG_LEVEL: 'logLevel',
  ARCHIVE_MODEL_ID: 'model.id',
  ARCHIVE_MODEL_DIR: 'model.localDir',
  ARCHIVE_MODEL_DTYPE: 'model.dtype',
  ARCHIVE_MODEL_BATCH_SIZE: 'model.batchSize',
  ARCHIVE_MODEL_MAX_TOKENS: 'model.maxTokens',
  ARCHIVE_MODEL_ENABLED: 'model.enabled',
  ARCHIVE_MODEL_THREADS: 'model.threads',
  ARCHIVE_EMBEDDING_CACHE: 'model.cacheDir',
  ARCHIVE_CHUNK_TOKENS: 'chunk.targetTokens',
  ARCHIVE_CHUNK_MAX_PASSAGES: 'chunk.maxPassages',
  ARCHIVE_RRF_K: 'search.rrfK',
  ARCHIVE_FUSION: 'search.fusion',
  ARCHIVE_SEMANTIC_RATIO: 'search.semanticRatio',
  ARCHIVE_SEARCH_CANDIDATES: 'search.candidates',
  ARCHIVE_FEEDBACK_ARTICLES: 'search.feedbackArticles',
  ARCHIVE_FEEDBACK_QUERY_WEIGHT: 'search.feedbackQueryWeight',
  ARCHIVE_LEAD_PASSAGE_WEIGHT: 'search.leadPassageWeight',
  ARCHIVE_HNSW_EF: 'search.ef',
  ARCHIVE_KEYWORD_ENGINE: 'keyword.engine',
  ARCHIVE_SEARCH_THREADS: 'keyword.searchThreads',
  MEILISEARCH_URL: 'keyword.meilisearchUrl',
  MEILISEARCH_KEY: 'keyword.meilisearchKey',
  MEILISEARCH_INDEX: 'keyword.meilisearchIndex',
  ARCHIVE_REQUIRE_TOKEN: 'auth.requireToken',
  ARCHIVE_INBOX_DIR: 'jobs.inboxDir',
  ARCHIVE_INBOX_SCHEDULE: 'jobs.inboxSchedule',
  ARCHIVE_BATCH_NICE: 'jobs.batchNice',
  ARCHIVE_HOST: 'server.host',
  ARCHIVE_PORT: 'server.port',
  ARCHIVE_WARM_UP: 'server.warmUp',
} as const;

function defaults(): Config {
  return {
    dataDir: path.join(PROJECT_ROOT, '.data'),
    logLevel: 'info',
    model: {
      id: 'multilingual-e5-small',
      localDir: existsSync(SHARED_MODELS_DIR) ? SHARED_MODELS_DIR : null,
      dtype: 'q8',
      batchSize: 16,
      maxTokens: 512,
      enabled: true,
      threads: null,
      cacheDir: path.join(PROJECT_ROOT, '.cache', 'embeddings'),
    },
    chunk: { targetTokens: 400, maxPassages: 0 },
    search: { fusion: 'scores', semanticRatio: 0.6, rrfK: 60, candidates: 100, feedbackArticles: 3, feedbackQueryWeight: 0.7, leadPassageWeight: 0.4, ef: 800 },
    keyword: { engine: 'embedded', meilisearchUrl: null, meilisearchKey: null, meilisearchIndex: 'archive_articles', searchThreads: 2 },
    jobs: { inboxDir: null, inboxSchedule: null, batchNice: 10 },
    auth: { requireToken: false },
    server: { host: '127.0.0.1', port: 3000, warmUp: true },
  };
}

function parseEnvValue(raw: string): unknown {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  // Turns off an optional folder or URL (e.g. ARCHIVE_EMBEDDING_CACHE=off).
  if (raw === 'off') return null;
  return raw;
}

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] = { ...(node[key] as Record<string, unknown>) };
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}

/**
 * Builds the configuration from defaults, then environment variables, then explicit overrides
 * (CLI flags), and validates it. Every wrong value is reported at once, each naming the
 * setting, the environment variable that sets it, and what was expected.
 *
 * @example
 * const config = loadConfig({ env: process.env, overrides: { server: { port: 8080 } } });
 */
export function loadConfig(options: { env?: NodeJS.ProcessEnv; overrides?: ConfigOverrides } = {}): Config {
  const env = options.env ?? {};
  const merged = defaults() as unknown as Record<string, unknown>;
  for (const [name, dotted] of Object.entries(ENV_VARIABLES)) {
    const raw = env[name];
    if (raw !== undefined && raw !== '') setPath(merged, dotted, parseEnvValue(raw));
  }
  for (const [key, value] of Object.entries(options.overrides ?? {})) {
    if (value === undefined) continue;
    if (typeof value === 'object' && value !== null) {
      for (const [sub, subValue] of Object.entries(value)) {
        if (subValue !== undefined) setPath(merged, `${key}.${sub}`, subValue);
      }
    } else {
      merged[key] = value;
    }
  }
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const envBySetting = Object.fromEntries(Object.entries(ENV_VARIABLES).map(([k, v]) => [v, k]));
    const lines = result.error.issues.map((issue) => {
      const setting = issue.path.join('.');
      const envName = envBySetting[setting];
      const given = issue.path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown>)?.[key], merged);
      return `- ${setting}${envName ? ` (${envName})` : ''}: ${issue.message}; got ${JSON.stringify(given)}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const config = result.data;
  const dataDir = path.resolve(config.dataDir);
  return { ...config, dataDir, jobs: { ...config.jobs, inboxDir: path.resolve(config.jobs.inboxDir ?? path.join(dataDir, 'inbox')) } };
}
