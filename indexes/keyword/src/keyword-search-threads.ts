import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ArchiveError, QuerySyntaxError, type ErrorCode } from '@archive/core';
import type { SqliteKeywordReader } from './sqlite-keyword-reader.ts';

/** The reader methods the threads run. */
export type ReaderMethod = 'search' | 'periods' | 'matching' | 'documentFrequencies' | 'count' | 'warm';

export interface ThreadRequest {
  id: number;
  /** The index file to read (a generation's `keyword.sqlite`). */
  file: string;
  /** A reader method, or `close`: close the connection to `file`. */
  method: ReaderMethod | 'close';
  args: unknown[];
}

/** An answer, or the error thrown, as its class can be made again here (a malformed query keeps its position). */
export type ThreadReply = { id: number; value: unknown } | { id: number; error: { code: string | null; message: string; position: number | null } };

function rebuiltError(error: Extract<ThreadReply, { error: unknown }>['error']): ArchiveError {
  if (error.position !== null) return new QuerySyntaxError(error.message, error.position);
  return new ArchiveError((error.code ?? 'BACKEND_FAILED') as ErrorCode, error.message);
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** One worker thread and the requests it has not answered yet. */
class SearchThread {
  private worker: Worker | null = null;
  private nextId = 1;
  readonly pending = new Map<number, Pending>();
  /** File and query of the last search sent here: this thread still holds its matches. */
  lastQuery: string | null = null;

  send(file: string, method: ThreadRequest['method'], args: unknown[]): Promise<unknown> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Referenced while a request is out, so that a short-lived command waits for its answer.
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ id, file, method, args } satisfies ThreadRequest);
    });
  }

  get started(): boolean {
    return this.worker !== null;
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    // A plain-JavaScript entry that registers the TypeScript loader in the thread, then loads the reader.
    const worker = new Worker(new URL('./keyword-search-worker.mjs', import.meta.url));
    worker.unref();
    worker.on('message', (reply: ThreadReply) => this.settle(reply));
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) => {
      this.worker = null;
      this.failAll(new ArchiveError('BACKEND_FAILED', `a keyword search thread stopped (exit code ${code})`));
    });
    this.worker = worker;
    return worker;
  }

  private settle(reply: ThreadReply): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker?.unref();
    if ('error' in reply) waiting.reject(rebuiltError(reply.error));
    else waiting.resolve(reply.value);
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}

/**
 * Worker threads that run the embedded keyword engine's reads (search, facets, periods, matching)
 * on read-only connections of their own, one per index file, so that a full-text pass over tens
 * of thousands of matches never stalls the event loop that serves every other request, and a
 * cheap search runs beside an expensive one on the other core. Each request goes to the thread
 * with the fewest waiting, or to the one holding the matches of the same words (the next page,
 * a facet clicked, a hybrid search's checks) when it is no busier; threads start on first use
 * and do not keep the process alive.
 *
 * @example
 * const threads = KeywordSearchThreads.shared(2);
 * const result = await threads.call('/var/lib/archive/keyword.sqlite', 'search', [request]);
 */
export class KeywordSearchThreads {
  private static instance: KeywordSearchThreads | null = null;
  private readonly threads: SearchThread[];

  private constructor(count: number) {
    this.threads = Array.from({ length: Math.max(1, count) }, () => new SearchThread());
  }

  /** The process's search threads (`count` of them the first time; later calls share those). */
  static shared(count = Math.min(2, availableParallelism())): KeywordSearchThreads {
    KeywordSearchThreads.instance ??= new KeywordSearchThreads(count);
    return KeywordSearchThreads.instance;
  }

  call<M extends ReaderMethod>(file: string, method: M, args: Parameters<SqliteKeywordReader[M]>): Promise<ReturnType<SqliteKeywordReader[M]>> {
    const query = method === 'search' ? (args[0] as { query: string }).query : method === 'periods' || method === 'matching' ? (args[0] as string) : null;
    const least = this.threads.reduce((best, thread) => (thread.pending.size < best.pending.size ? thread : best));
    // Its full-text matches are kept by the thread that last read them: the same words go there unless it is busier.
    const key = query === null ? null : `${file}\n${query}`;
    const holding = key === null ? undefined : this.threads.find((thread) => thread.lastQuery === key && thread.pending.size <= least.pending.size);
    const thread = holding ?? least;
    if (key !== null && method !== 'matching') thread.lastQuery = key;
    return thread.send(file, method, args) as Promise<ReturnType<SqliteKeywordReader[M]>>;
  }

  /**
   * Has every thread open `file`, read its documents' columns and load the postings now, so that
   * the first searches a server answers do not pay for it (about 3 s at 100,000 documents).
   * Resolves when every thread is done; rejects when one failed (its searches then read FTS5).
   */
  async warm(file: string): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.send(file, 'warm', [])));
  }

  /** Closes the threads' connections to `file` (its index is being closed). */
  async release(file: string): Promise<void> {
    await Promise.all(this.threads.filter((thread) => thread.started).map((thread) => thread.send(file, 'close', [])));
  }
}
