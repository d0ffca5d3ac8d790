/**
 * Exact nearest-article search over every stored passage vector: the baseline the HNSW index
 * (indexes/vector) is measured against in bench/ingest-and-search.ts.
 *
 * All vectors sit in one Float32Array (row-major, one row per passage); a query is a dot product
 * with every row (vectors are unit length, so that is the cosine), the best passage per article,
 * then the k best articles. No approximation, so its article list is the ground truth for recall.
 */
import type { ArticleStore } from '../packages/store/src/index.ts';

export interface ArticleScore {
  articleId: string;
  /** Cosine similarity of the article's best passage. */
  similarity: number;
}

export class BruteForceIndex {
  /** Scratch space for one query: best similarity per article (reused, so no allocation per query). */
  private readonly best: Float64Array;

  private constructor(
    /** passages × dimensions, row-major. */
    private readonly matrix: Float32Array,
    readonly dimensions: number,
    /** Article ordinal of each passage row. */
    private readonly passageArticle: Int32Array,
    /** Article id of each ordinal. */
    private readonly articleIds: string[],
  ) {
    this.best = new Float64Array(articleIds.length);
  }

  /** Number of passage vectors. */
  get size(): number {
    return this.passageArticle.length;
  }

  get articles(): number {
    return this.articleIds.length;
  }

  /** Bytes held by the vector matrix. */
  get bytes(): number {
    return this.matrix.byteLength;
  }

  /**
   * Reads every passage that has a vector for `modelKey` from the store (the same set the vector
   * index holds after `sync`) into one matrix.
   */
  static load(store: ArticleStore, modelKey: string, dimensions: number): BruteForceIndex {
    const articleOf = store.passages().embeddedPassageIds(modelKey);
    const passages = store.passages().embeddedPassages(modelKey, [...articleOf.keys()]);
    const matrix = new Float32Array(passages.length * dimensions);
    const passageArticle = new Int32Array(passages.length);
    const ordinalOf = new Map<string, number>();
    const articleIds: string[] = [];
    passages.forEach((passage, row) => {
      if (passage.vector.length !== dimensions) {
        throw new Error(`passage ${passage.passageId} has ${passage.vector.length} dimensions, expected ${dimensions}`);
      }
      matrix.set(passage.vector, row * dimensions);
      let ordinal = ordinalOf.get(passage.articleId);
      if (ordinal === undefined) {
        ordinal = articleIds.length;
        ordinalOf.set(passage.articleId, ordinal);
        articleIds.push(passage.articleId);
      }
      passageArticle[row] = ordinal;
    });
    return new BruteForceIndex(matrix, dimensions, passageArticle, articleIds);
  }

  /** The `k` articles whose best passage is closest to `query` (unit length), best first. */
  search(query: Float32Array, k: number): ArticleScore[] {
    const { matrix, dimensions, passageArticle, best } = this;
    if (query.length !== dimensions) throw new Error(`query has ${query.length} dimensions, expected ${dimensions}`);
    best.fill(-Infinity);
    const rows = passageArticle.length;
    for (let row = 0, offset = 0; row < rows; row++, offset += dimensions) {
      let dot = 0;
      for (let j = 0; j < dimensions; j++) dot += matrix[offset + j]! * query[j]!;
      const article = passageArticle[row]!;
      if (dot > best[article]!) best[article] = dot;
    }
    return this.topArticles(Math.min(k, best.length));
  }

  /** Partial selection of the k best articles: a small sorted list, cheaper than sorting all of them. */
  private topArticles(k: number): ArticleScore[] {
    const { best } = this;
    if (k <= 0) return [];
    const ordinals: number[] = [];
    const scores: number[] = [];
    for (let article = 0; article < best.length; article++) {
      const score = best[article]!;
      if (ordinals.length === k && score <= scores[k - 1]!) continue;
      let at = ordinals.length === k ? k - 1 : ordinals.length;
      while (at > 0 && scores[at - 1]! < score) {
        scores[at] = scores[at - 1]!;
        ordinals[at] = ordinals[at - 1]!;
        at--;
      }
      scores[at] = score;
      ordinals[at] = article;
    }
    return ordinals.map((ordinal, i) => ({ articleId: this.articleIds[ordinal]!, similarity: scores[i]! }));
  }
}
