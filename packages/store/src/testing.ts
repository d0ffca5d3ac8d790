import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { silentLogger } from '@archive/core';
import { ArticleStore } from './article-store.ts';

/**
 * For tests: before each test, a store of its own in a new temporary folder, handed to `use`;
 * after it, the store closed and the folder removed.
 *
 * @example
 * let store: ArticleStore;
 * eachWithTempStore('tags-', (opened) => (store = opened));
 */
export function eachWithTempStore(prefix: string, use: (store: ArticleStore, dir: string) => void): void {
  let dir = '';
  let store: ArticleStore | null = null;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), prefix));
    store = ArticleStore.open(dir, silentLogger());
    use(store, dir);
  });
  afterEach(() => {
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });
}
