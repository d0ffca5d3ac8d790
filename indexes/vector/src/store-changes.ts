import type { ArticleStore, PassageStore } from '@archive/store';
import type { PassageLabels } from './passage-labels.ts';

/** Waiting passages (stored, no vector yet) checked for a vector per plan, lowest ids first (the order ingest embeds them in). */
const PENDING_CHECK = 2000;

/** The store's change counters (`ArticleStore.changeCounters`). */
export type ChangeCounters = { seq: number; vectors: number };

/**
 * Where a vector index stands against the store it is derived from: the store's counters when
 * the two last matched, and the passages stored without a vector then (watched for their vector).
 * `plan` reads what changed since, at the cost of the changes: the passages to remove and to add.
 *
 * @example
 * const changes = new StoreChanges(store, passages, modelKey, held);
 * changes.synced(counters); // after a full pass over the store
 * changes.plan();           // later: { remove: [12], add: [40, 41] }, or null when nothing changed
 */
export class StoreChanges {
  /** The store's counters when the index last matched it (seq -1: never). */
  private counters: ChangeCounters = { seq: -1, vectors: -1 };
  /** Passages stored without a vector yet (passage → article). */
  private readonly pending = new Map<number, string>();

  constructor(
    private readonly store: ArticleStore,
    private readonly passages: PassageStore,
    private readonly modelKey: string,
    private readonly held: PassageLabels,
  ) {}

  /** Whether the index ever matched the store (else only a full pass can plan). */
  get everSynced(): boolean {
    return this.counters.seq >= 0;
  }

  /** Starts a full pass over the store: the counters to commit when it ends, read before it. */
  beginPass(): ChangeCounters {
    this.pending.clear();
    return this.store.changeCounters();
  }

  /** A passage met without a vector during a full pass. */
  waiting(passageId: number, articleId: string): void {
    this.pending.set(passageId, articleId);
  }

  /** A passage the index now holds. */
  added(passageId: number): void {
    this.pending.delete(passageId);
  }

  /** The index matches the store as of these counters. */
  synced(counters: ChangeCounters): void {
    this.counters = counters;
  }

  /** Forgets where the index stood: the next refresh makes a full pass. */
  reset(): void {
    this.counters = { seq: -1, vectors: -1 };
  }

  /**
   * What changed in the store since the last sync, read from the changed articles only (written
   * or deleted after the last change number seen) and from the passages that were waiting for a
   * vector: the labels to remove and the passages to add. Null when nothing changed. Commits the
   * new counters and waiting set; the caller applies the plan.
   */
  plan(): { remove: number[]; add: number[] } | null {
    const { store, modelKey, held, pending } = this;
    const counters = store.changeCounters();
    if (counters.seq === this.counters.seq && counters.vectors === this.counters.vectors) return null;
    const remove: number[] = [];
    const add: number[] = [];
    const changed = counters.seq === this.counters.seq ? [] : store.articlesChangedSince(this.counters.seq);
    if (changed.length) {
      const changedSet = new Set(changed);
      for (const [passageId, articleId] of pending) if (changedSet.has(articleId)) pending.delete(passageId);
      const now = new Map<string, { passageId: number; embedded: boolean }[]>();
      for (const passage of this.passages.passagesOf(modelKey, changed)) {
        if (!now.has(passage.articleId)) now.set(passage.articleId, []);
        now.get(passage.articleId)!.push(passage);
      }
      for (const articleId of changed) {
        const passages = now.get(articleId) ?? [];
        const embedded = new Set(passages.filter((p) => p.embedded).map((p) => p.passageId));
        for (const label of held.ofArticle(articleId)) if (!embedded.has(label)) remove.push(label);
        for (const passage of passages) {
          if (!passage.embedded) pending.set(passage.passageId, articleId);
          else if (!held.has(passage.passageId)) add.push(passage.passageId);
        }
      }
    }
    if (counters.vectors !== this.counters.vectors && pending.size) {
      const waiting = [...pending.keys()].sort((a, b) => a - b).slice(0, PENDING_CHECK);
      const found = new Map(this.passages.passagesById(modelKey, waiting).map((p) => [p.passageId, p]));
      for (const passageId of waiting) {
        const passage = found.get(passageId);
        if (!passage) pending.delete(passageId);
        else if (passage.embedded) {
          pending.delete(passageId);
          if (!held.has(passageId)) add.push(passageId);
        }
      }
    }
    this.counters = counters;
    return { remove, add };
  }
}
