export * from './search-service.ts';
export * from './search-types.ts';
export * from './fusion.ts';
export * from './snippet.ts';
export * from './search-params.ts';
