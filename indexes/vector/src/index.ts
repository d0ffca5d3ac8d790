export * from './vector-index.ts';
export { writeFileAtomic } from './atomic-file.ts';
