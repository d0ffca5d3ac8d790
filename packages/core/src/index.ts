export * from './errors.ts';
export * from './article.ts';
export * from './logger.ts';
export * from './config.ts';
export * from './tags.ts';
export * from './top-k.ts';
export * from './grown.ts';
