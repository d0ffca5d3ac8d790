/**
 * A dense number for each article id, given on first sight and never taken back in this process
 * (a deleted article keeps its number, and gets it again if it comes back): what arrays of
 * articles are indexed by. Shared by the store's filter columns and the vector index, so that a
 * filter reaches a passage through two typed-array reads instead of string lookups.
 *
 * @example
 * ordinals.of('a1'); // 0, and 0 again next time
 */
export class ArticleOrdinals {
  private readonly byId = new Map<string, number>();

  /** The number of `id`, given now if it has none. */
  of(id: string): number {
    let ordinal = this.byId.get(id);
    if (ordinal === undefined) {
      ordinal = this.byId.size;
      this.byId.set(id, ordinal);
    }
    return ordinal;
  }

  /** The number of `id`, or undefined if it was never given one. */
  peek(id: string): number | undefined {
    return this.byId.get(id);
  }

  /** How many numbers were given (the next one). */
  get size(): number {
    return this.byId.size;
  }
}

/**
 * The articles that pass a filter: `passes[ordinal]` is 1 for each (numbers beyond its length
 * do not pass). A mask is never changed once made, so its object can key what is derived from it.
 */
export interface ArticleMask {
  readonly passes: Uint8Array;
  /** How many articles pass. */
  readonly count: number;
}
