export * from './embedder.ts';
