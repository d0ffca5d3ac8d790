export * from './open-archive.ts';
export * from './search-service-for.ts';
export * from './live-generation.ts';
export * from './batch-priority.ts';
