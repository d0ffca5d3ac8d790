export * from './tag-service.ts';
export * from './suggest-tags.ts';
export * from './neighbour-votes.ts';
export * from './tag-duplicates.ts';
export * from './keyphrases.ts';
