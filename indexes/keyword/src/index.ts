export * from './keyword-index.ts';
export * from './query-parser.ts';
export * from './sqlite-keyword-index.ts';
export * from './sync-keyword-index.ts';
export * from './meilisearch-keyword-index.ts';
