import { closeSync, fsyncSync, openSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Flushes a file (or directory entry) to disk, so a rename that follows is durable. */
export function fsyncPath(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes a file by temp file + fsync + rename: readers see the old or the new file, never half. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, data);
  fsyncPath(temp);
  renameSync(temp, file);
  fsyncPath(path.dirname(file));
}
