import { parentPort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { ArchiveError, QuerySyntaxError } from '@archive/core';
import type { ThreadReply, ThreadRequest } from './keyword-search-threads.ts';
import { SqliteKeywordReader } from './sqlite-keyword-reader.ts';

/** One reading connection per index file (a server keeps the old generation's open for a while after a switch). */
const readers = new Map<string, { db: Database.Database; reader: SqliteKeywordReader }>();

function readerFor(file: string): SqliteKeywordReader {
  let open = readers.get(file);
  if (!open) {
    // Read-only: the index's own process writes it; WAL lets this connection read beside the writer.
    const db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    open = { db, reader: new SqliteKeywordReader(db) };
    readers.set(file, open);
  }
  return open.reader;
}

function answer(request: ThreadRequest): unknown {
  if (request.method === 'close') {
    readers.get(request.file)?.db.close();
    readers.delete(request.file);
    return null;
  }
  const reader = readerFor(request.file);
  return (reader[request.method] as (...args: unknown[]) => unknown).apply(reader, request.args);
}

/** How often an idle thread catches up with the index's writes (see `SqliteKeywordReader.follow`). */
const FOLLOW_MS = 200;

setInterval(() => {
  for (const { reader } of readers.values()) {
    try {
      reader.follow();
    } catch {
      // Left to the next search on that file, which reports what went wrong.
    }
  }
}, FOLLOW_MS).unref();

parentPort!.on('message', (request: ThreadRequest) => {
  let reply: ThreadReply;
  try {
    reply = { id: request.id, value: answer(request) };
  } catch (error) {
    const position = error instanceof QuerySyntaxError ? error.position : null;
    reply = { id: request.id, error: { code: error instanceof ArchiveError ? error.code : null, message: (error as Error).message, position } };
  }
  parentPort!.postMessage(reply);
});
