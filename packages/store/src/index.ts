export * from './article-store.ts';
export * from './passage-store.ts';
export * from './article-row.ts';
export * from './filter-clause.ts';
export * from './tag-store.ts';
export * from './token-store.ts';
export * from './job-store.ts';
export { hashText } from './hashing.ts';
export { encodeVector, decodeVector } from './vectors.ts';
