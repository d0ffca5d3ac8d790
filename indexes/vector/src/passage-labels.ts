/**
 * The passages a vector index holds, by HNSW label (the passage id), each with its article, and
 * each article's passages: what a search names its hits with and what a filtered search scans.
 * `version` moves whenever a passage comes or goes, so that lists worked out from the labels
 * (a filter's rows) know when they are stale.
 *
 * @example
 * const labels = new PassageLabels();
 * labels.add(12, 'ouest-france-1');
 * labels.passagesOf(['ouest-france-1']); // [12]
 */
export class PassageLabels {
  private readonly articleByLabel = new Map<number, string>();
  private readonly labelsByArticle = new Map<string, number[]>();
  private changes = 0;

  /** How many passages are held. */
  get size(): number {
    return this.articleByLabel.size;
  }

  /** Moves on every `add` and `remove`. */
  get version(): number {
    return this.changes;
  }

  has(label: number): boolean {
    return this.articleByLabel.has(label);
  }

  /** The article of a passage held, else undefined. */
  articleOf(label: number): string | undefined {
    return this.articleByLabel.get(label);
  }

  add(label: number, articleId: string): void {
    this.changes++;
    this.articleByLabel.set(label, articleId);
    const labels = this.labelsByArticle.get(articleId);
    if (labels) labels.push(label);
    else this.labelsByArticle.set(articleId, [label]);
  }

  /** Forgets a passage; false when it was not held. */
  remove(label: number): boolean {
    const articleId = this.articleByLabel.get(label);
    if (articleId === undefined) return false;
    this.changes++;
    this.articleByLabel.delete(label);
    const labels = this.labelsByArticle.get(articleId)?.filter((other) => other !== label);
    if (labels?.length) this.labelsByArticle.set(articleId, labels);
    else this.labelsByArticle.delete(articleId);
    return true;
  }

  /** One article's passages held (none: empty). */
  ofArticle(articleId: string): readonly number[] {
    return this.labelsByArticle.get(articleId) ?? [];
  }

  /** The passages held of these articles. */
  passagesOf(articleIds: Iterable<string>): number[] {
    const labels: number[] = [];
    for (const id of articleIds) for (const label of this.ofArticle(id)) labels.push(label);
    return labels;
  }

  /** Every passage held, with its article (a copy). */
  toMap(): Map<number, string> {
    return new Map(this.articleByLabel);
  }
}
