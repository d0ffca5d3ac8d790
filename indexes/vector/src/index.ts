export * from './vector-index.ts';
export { writeFileAtomic } from './atomic-file.ts';
export { VectorMatrix } from './vector-matrix.ts';
