import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_PASSAGE_SCHEME } from '@archive/store';
import { writeFileAtomic } from './atomic-file.ts';

const FORMAT_VERSION = 1;

/** What is written beside the HNSW file: which labels it holds and whose they are. */
export interface IndexMeta {
  formatVersion: number;
  modelKey: string;
  /** The passage scheme whose passages it holds (absent in indexes saved before schemes: the default one). */
  passageScheme?: string;
  dimensions: number;
  /** The HNSW file these labels belong to; a new name on every save. */
  indexFile: string;
  /** Passage ids (the HNSW labels) and, at the same position, their article ids. */
  labels: number[];
  articleIds: string[];
  /** Points of the graph marked deleted (absent in older files: then counted at the next sync). */
  deletedPoints?: number;
}

/** What an index folder must have been built for to be read. */
export interface IndexSpace {
  modelKey: string;
  passageScheme: string;
  dimensions: number;
}

const metaFile = (dir: string) => path.join(dir, 'meta.json');

/** A new HNSW file name for the next save: never the name of the file the metadata points to now. */
export const newIndexFileName = () => `index-${Date.now()}-${process.pid}.hnsw`;

/**
 * The folder's metadata: null when there is none, 'other' when it was written for another model,
 * passage scheme, dimension or format (the index is then rebuilt from the store). Throws when
 * the file cannot be read or parsed.
 */
export function readIndexMeta(dir: string, space: IndexSpace): IndexMeta | 'other' | null {
  const file = metaFile(dir);
  if (!existsSync(file)) return null;
  const meta = JSON.parse(readFileSync(file, 'utf8')) as IndexMeta;
  const scheme = meta.passageScheme ?? DEFAULT_PASSAGE_SCHEME;
  const same = meta.formatVersion === FORMAT_VERSION && meta.modelKey === space.modelKey && scheme === space.passageScheme && meta.dimensions === space.dimensions;
  return same ? meta : 'other';
}

/**
 * The commit point of a save, once the HNSW file is written and synced under its new name: the
 * metadata that points to it (temp file + rename), then older HNSW files and leftovers removed.
 * A crash before the rename leaves the previous index readable.
 */
export function commitIndexFile(dir: string, meta: Omit<IndexMeta, 'formatVersion'>): void {
  writeFileAtomic(metaFile(dir), JSON.stringify({ formatVersion: FORMAT_VERSION, ...meta } satisfies IndexMeta));
  for (const file of readdirSync(dir)) {
    if (file !== meta.indexFile && (file.endsWith('.hnsw') || file.endsWith('.tmp'))) rmSync(path.join(dir, file), { force: true });
  }
}
