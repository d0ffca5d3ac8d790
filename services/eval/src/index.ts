export * from './metrics.ts';
export * from './significance.ts';
export * from './judgements.ts';
export * from './search-requests.ts';
export * from './run-eval.ts';
export * from './summary.ts';
export * from './eval-report.ts';
