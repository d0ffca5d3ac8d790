export * from './normalize.ts';
export * from './fold.ts';
export * from './stopwords.ts';
export * from './language.ts';
export * from './minhash.ts';
export * from './near-duplicates.ts';
