/**
 * Wraps the product's embedder to time the model: the ingest pipeline and the search service
 * call it through the `Embedder` interface, so time spent inside `embedPassages` / `embedQuery`
 * is exactly the model's share (tokenising, ONNX run, pooling), nothing else.
 */
import type { Embedder } from '../../packages/embeddings/src/index.ts';

export interface EmbedderTimings {
  passageCalls: number;
  passages: number;
  /** Characters of the passage texts (without the `passage: ` prefix the embedder adds). */
  passageChars: number;
  passageMs: number;
  queryCalls: number;
  queryMs: number;
  /** Duration of the latest `embedQuery` call, for per-search attribution. */
  lastQueryMs: number;
}

export function timedEmbedder(inner: Embedder): { embedder: Embedder; timings: EmbedderTimings } {
  const timings: EmbedderTimings = {
    passageCalls: 0, passages: 0, passageChars: 0, passageMs: 0, queryCalls: 0, queryMs: 0, lastQueryMs: 0,
  };
  const embedder: Embedder = {
    modelKey: inner.modelKey,
    dimensions: inner.dimensions,
    async embedPassages(texts) {
      const started = performance.now();
      try {
        return await inner.embedPassages(texts);
      } finally {
        timings.passageMs += performance.now() - started;
        timings.passageCalls++;
        timings.passages += texts.length;
        for (const text of texts) timings.passageChars += text.length;
      }
    },
    async embedQuery(text) {
      const started = performance.now();
      try {
        return await inner.embedQuery(text);
      } finally {
        timings.lastQueryMs = performance.now() - started;
        timings.queryMs += timings.lastQueryMs;
        timings.queryCalls++;
      }
    },
  };
  return { embedder, timings };
}

/**
 * Empties the embedder's in-memory cache of recent queries (a private `Map` of the product's
 * TransformersEmbedder), so a timed search really embeds its query. Without this, hybrid would
 * reuse the vector semantic mode just computed for the same text. Returns false when the
 * embedder has no such cache (the product changed): timings then may include cache hits.
 */
export function clearQueryCache(embedder: Embedder): boolean {
  const cache = (embedder as unknown as { queryCache?: unknown }).queryCache;
  if (!(cache instanceof Map)) return false;
  cache.clear();
  return true;
}
