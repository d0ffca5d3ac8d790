export * from './archive-check.ts';
export * from './build-generation.ts';
export * from './job-context.ts';
export * from './job-kinds.ts';
export * from './job-launcher.ts';
export * from './run-job.ts';
