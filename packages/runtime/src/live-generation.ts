import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_PASSAGE_SCHEME } from '@archive/store';
import { writeFileAtomic } from '@archive/vector-index';

/**
 * Which generation of the indexes answers searches, and with which model. Indexes are derived
 * from the store and rebuilt beside the live ones by jobs; a job switches by rewriting this
 * pointer atomically (`live.json`, written to a temporary file and renamed), so every process
 * sees either the old generation or the new one, with the model its vectors were made with.
 * (With Meilisearch the live keyword index keeps its uid: a switch swaps the built index into it.)
 */
export interface LiveGeneration {
  /** Folder under `generations/`, or null for the indexes at the top of the data folder (before any job). */
  generation: string | null;
  /** The model (`id@dtype`) of the live vectors; null: the configured one. */
  modelKey: string | null;
  /** The passage scheme the live vectors were made for; null: the default one. */
  passageScheme: string | null;
  switchedAt: string | null;
  /** The job that built it. */
  jobId: string | null;
}

const FILE = 'live.json';
const GENERATIONS = 'generations';

export function readLiveGeneration(dataDir: string): LiveGeneration {
  const file = path.join(dataDir, FILE);
  const initial: LiveGeneration = { generation: null, modelKey: null, passageScheme: null, switchedAt: null, jobId: null };
  if (!existsSync(file)) return initial;
  return { ...initial, ...(JSON.parse(readFileSync(file, 'utf8')) as Partial<LiveGeneration>) };
}

/** Makes `live` the live generation: the commit point of a rebuild or re-embedding job. */
export function switchLiveGeneration(dataDir: string, live: Omit<LiveGeneration, 'switchedAt'>): LiveGeneration {
  const next = { ...live, switchedAt: new Date().toISOString() };
  writeFileAtomic(path.join(dataDir, FILE), JSON.stringify(next, null, 2));
  return next;
}

/** The passage scheme of a generation's vectors. */
export function livePassageScheme(live: LiveGeneration): string {
  return live.passageScheme ?? DEFAULT_PASSAGE_SCHEME;
}

/** The folder holding a generation's embedded indexes (keyword.sqlite, vectors/). */
export function generationDir(dataDir: string, generation: string | null): string {
  return generation ? path.join(dataDir, GENERATIONS, generation) : dataDir;
}

/** The change mark of the live pointer: a process compares it to know when to switch. */
export function liveGenerationMark(dataDir: string): string {
  try {
    return readFileSync(path.join(dataDir, FILE), 'utf8');
  } catch {
    return '';
  }
}

/**
 * Removes generation folders other than the live one (called by a job right after its switch,
 * when no other job can be building), and the top-level indexes once a generation replaced them.
 */
export function removeOldGenerations(dataDir: string): string[] {
  const live = readLiveGeneration(dataDir);
  const removed: string[] = [];
  const root = path.join(dataDir, GENERATIONS);
  if (existsSync(root)) {
    for (const name of readdirSync(root)) {
      if (name === live.generation) continue;
      rmSync(path.join(root, name), { recursive: true, force: true });
      removed.push(name);
    }
  }
  if (live.generation) {
    for (const name of ['keyword.sqlite', 'keyword.sqlite-wal', 'keyword.sqlite-shm', 'vectors']) {
      const file = path.join(dataDir, name);
      if (existsSync(file)) {
        rmSync(file, { recursive: true, force: true });
        removed.push(name);
      }
    }
  }
  return removed;
}
