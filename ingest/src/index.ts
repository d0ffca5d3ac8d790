export * from './pipeline/ingest.ts';
export * from './pipeline/ingest-report.ts';
export * from './pipeline/progress.ts';
export * from './chunk/chunk-article.ts';
export { extractArticle } from './extract/extract-article.ts';
export { expandInputs, inputFormat } from './read/input-files.ts';
