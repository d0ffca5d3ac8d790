export * from './open-archive.ts';
export * from './search-service-for.ts';
