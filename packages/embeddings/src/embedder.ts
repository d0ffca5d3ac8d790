import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { ModelUnavailableError, type Config, type Logger } from '@archive/core';

/** Turns texts into unit-length vectors whose dot product is their cosine similarity. */
export interface Embedder {
  /** Identifies the vectors this embedder makes (model and weights): stored vectors are keyed by it. */
  readonly modelKey: string;
  readonly dimensions: number;
  /** Embeds documents or chunks of them (E5 `passage: ` prefix), in configured batches. */
  embedPassages(texts: string[]): Promise<Float32Array[]>;
  /** Embeds a search query (E5 `query: ` prefix); recent queries are answered from memory. */
  embedQuery(text: string): Promise<Float32Array>;
}

export type ModelConfig = Config['model'];

const QUERY_CACHE_SIZE = 512;

/**
 * Loads the embedding model once (call it once per process and pass the result around).
 * With `localDir` set, the model is read from that folder and nothing is fetched from the
 * network. Throws `ModelUnavailableError` (code `MODEL_UNAVAILABLE`) with a one-line reason
 * when the model cannot be loaded, so callers can fall back to keyword-only search.
 *
 * @example
 * const embedder = await loadEmbedder(config.model, logger);
 * const [vector] = await embedder.embedPassages(['Les pluies ont …']);
 */
export async function loadEmbedder(config: ModelConfig, logger: Logger): Promise<Embedder> {
  if (!config.enabled) throw new ModelUnavailableError('the embedding model is disabled by configuration');
  if (config.localDir) {
    env.allowRemoteModels = false;
    env.localModelPath = config.localDir.endsWith('/') ? config.localDir : `${config.localDir}/`;
  }
  env.allowLocalModels = true;
  const started = performance.now();
  let extractor: FeatureExtractionPipeline;
  try {
    extractor = await pipeline('feature-extraction', config.id, {
      dtype: config.dtype,
      ...(config.threads !== null && { session_options: { intraOpNumThreads: config.threads } }),
    });
  } catch (error) {
    const where = config.localDir ? `in ${config.localDir}` : 'from the model hub';
    throw new ModelUnavailableError(
      `cannot load embedding model "${config.id}" (${config.dtype}) ${where}: ${firstLine(error)}`,
      { cause: error },
    );
  }
  // Truncation follows the tokenizer's limit; lowering it caps the cost of every passage.
  const tokenizer = extractor.tokenizer as unknown as { model_max_length: number };
  tokenizer.model_max_length = Math.min(tokenizer.model_max_length, config.maxTokens);
  logger.info({ model: config.id, dtype: config.dtype, ms: Math.round(performance.now() - started) }, 'embedding model loaded');
  return new TransformersEmbedder(extractor, `${config.id}@${config.dtype}`, config.batchSize);
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!;
}

class TransformersEmbedder implements Embedder {
  readonly dimensions: number;
  private readonly queryCache = new Map<string, Float32Array>();

  constructor(
    private readonly extractor: FeatureExtractionPipeline,
    readonly modelKey: string,
    private readonly batchSize: number,
  ) {
    const config = extractor.model.config as unknown as { hidden_size: number };
    this.dimensions = config.hidden_size;
  }

  async embedPassages(texts: string[]): Promise<Float32Array[]> {
    // Batches of similar lengths waste less work on padding.
    const order = texts.map((_, index) => index).sort((a, b) => texts[a]!.length - texts[b]!.length);
    const vectors = new Array<Float32Array>(texts.length);
    for (let start = 0; start < order.length; start += this.batchSize) {
      const batch = order.slice(start, start + this.batchSize);
      const embedded = await this.embed(batch.map((index) => `passage: ${texts[index]}`));
      batch.forEach((index, position) => (vectors[index] = embedded[position]!));
    }
    return vectors;
  }

  async embedQuery(text: string): Promise<Float32Array> {
    const cached = this.queryCache.get(text);
    if (cached) {
      this.queryCache.delete(text);
      this.queryCache.set(text, cached);
      return cached;
    }
    const [vector] = await this.embed([`query: ${text}`]);
    this.queryCache.set(text, vector!);
    if (this.queryCache.size > QUERY_CACHE_SIZE) this.queryCache.delete(this.queryCache.keys().next().value!);
    return vector!;
  }

  private async embed(texts: string[]): Promise<Float32Array[]> {
    const output = await this.extractor(texts, { pooling: 'mean', normalize: true });
    const data = output.data as Float32Array;
    const dim = this.dimensions;
    return texts.map((_, row) => data.slice(row * dim, (row + 1) * dim));
  }
}
