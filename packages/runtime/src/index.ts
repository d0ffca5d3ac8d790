export * from './open-archive.ts';
