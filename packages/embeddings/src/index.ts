export * from './embedder.ts';
export * from './embedding-cache.ts';
