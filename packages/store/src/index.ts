export * from './article-store.ts';
export { hashText } from './hashing.ts';
export { encodeVector, decodeVector } from './vectors.ts';
