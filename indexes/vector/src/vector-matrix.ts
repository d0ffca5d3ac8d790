import { inner } from 'simsimd';
import { TopK, grown } from '@archive/core';
import { QuantizedRows } from './quantized-rows.ts';

/** Below this many rows per wanted neighbour, every row is scored exactly at once. */
const EXACT_ONLY_PER_NEIGHBOUR = 4;

/**
 * The index's passage vectors again, unit length, in one growing Float32Array (one row per
 * passage, rows reused after deletions): what an exact search over a few thousand allowed
 * passages reads. hnswlib keeps its own copy but hands a vector back only one at a time and
 * slowly (`getPoint`: a JavaScript array per call), so a filtered search that should be exact
 * cannot read it from there. Costs 4 bytes per dimension and passage (270 MB for 175,000
 * passages of 384 dimensions).
 *
 * A scan reads the rows in memory order and takes each dot product in SimSIMD's native SIMD
 * kernel: 25,000 passages of a year, scattered over the matrix, took 23.5 ms read in label order
 * with a JavaScript loop, 16.1 in memory order, 11.0 with SimSIMD. A scan of many rows first
 * reads their int8 copies (`QuantizedRows`, a quarter of the bytes), then scores exactly only
 * the rows whose error bound leaves them a chance of the top k: the same answer, read faster.
 *
 * @example
 * const matrix = new VectorMatrix(384);
 * matrix.set(17, vector);
 * matrix.nearest(query, [17, 18, 40], 10); // [{ label: 17, similarity: 0.93 }, …]
 */
export class VectorMatrix {
  private data: Float32Array;
  /**
   * Slot + 1 of each label, 0 for none, indexed by label (labels are passage ids: small
   * integers). A typed array, not a Map: a filter's 25,000–50,000 labels are looked up on every
   * first search with it (a Map took 3–6 ms of it).
   */
  private slotPlusOne = new Int32Array(1024);
  private count = 0;
  private readonly labelAt: number[] = [];
  /** The group of each row (the index's article number), -1 for none or a freed row: what `slotsInGroups` reads. */
  private groupAt = new Int32Array(1024).fill(-1);
  private readonly free: number[] = [];
  private used = 0;
  private readonly quantized: QuantizedRows;
  /** Bumped by every write: the slots worked out for a list of labels are kept until then. */
  private version = 0;
  private readonly slotsOfLabels = new WeakMap<object, { version: number; slots: Int32Array }>();
  /** Reused from one scan to the next (see `QuantizedRows`' scratch buffers). */
  private lowerBounds = new Float64Array(0);

  constructor(readonly dimensions: number, capacity = 1024) {
    this.data = new Float32Array(Math.max(1, capacity) * dimensions);
    this.quantized = new QuantizedRows(dimensions);
  }

  get size(): number {
    return this.count;
  }

  has(label: number): boolean {
    return this.slotOf(label) !== undefined;
  }

  /** The group `label` was stored in, -1 for none or an unknown label. */
  groupOf(label: number): number {
    const slot = this.slotOf(label);
    return slot === undefined ? -1 : this.groupAt[slot]!;
  }

  private slotOf(label: number): number | undefined {
    const stored = label < this.slotPlusOne.length ? this.slotPlusOne[label]! : 0;
    return stored === 0 ? undefined : stored - 1;
  }

  /** Stores (or replaces) the vector of `label`, normalised to unit length, in `group` (-1: none). */
  set(label: number, vector: ArrayLike<number>, group = -1): void {
    const dims = this.dimensions;
    if (vector.length !== dims) throw new Error(`vector of ${vector.length} dimensions, expected ${dims}`);
    if (!Number.isInteger(label) || label < 0 || label >= 2 ** 31) throw new Error(`label ${label}: expected an integer from 0 to 2^31 - 1`);
    let slot = this.slotOf(label);
    if (slot === undefined) {
      slot = this.free.pop() ?? this.used++;
      if ((slot + 1) * dims > this.data.length) this.data = grown(this.data, (slot + 1) * dims);
      if (label >= this.slotPlusOne.length) this.slotPlusOne = grown(this.slotPlusOne, label + 1);
      if (slot >= this.groupAt.length) this.groupAt = grown(this.groupAt, slot + 1, -1);
      this.slotPlusOne[label] = slot + 1;
      this.count++;
      this.labelAt[slot] = label;
    }
    this.groupAt[slot] = group;
    this.version++;
    let norm = 0;
    for (let i = 0; i < dims; i++) norm += vector[i]! * vector[i]!;
    norm = Math.sqrt(norm) || 1;
    const offset = slot * dims;
    for (let i = 0; i < dims; i++) this.data[offset + i] = vector[i]! / norm;
    this.quantized.set(slot, this.data.subarray(offset, offset + dims));
  }

  /** The stored (unit-length) vector of `label`, as a view that a later `set` may overwrite; null when absent. */
  row(label: number): Float32Array | null {
    const slot = this.slotOf(label);
    return slot === undefined ? null : this.data.subarray(slot * this.dimensions, (slot + 1) * this.dimensions);
  }

  delete(label: number): void {
    const slot = this.slotOf(label);
    if (slot === undefined) return;
    this.slotPlusOne[label] = 0;
    this.groupAt[slot] = -1;
    this.count--;
    this.free.push(slot);
    this.version++;
  }

  /**
   * The `k` labels among `labels` most similar to `query` (cosine), best first, exactly: the best
   * kept in a heap of size k. Unknown labels are skipped. `everyRowExactly` skips the int8 pass
   * (what a benchmark compares it with).
   */
  nearest(query: ArrayLike<number>, labels: Iterable<number>, k: number, everyRowExactly = false): { label: number; similarity: number }[] {
    return this.nearestInSlots(query, this.orderedSlots(labels), k, everyRowExactly);
  }

  /**
   * The rows whose group `passes` flags (1), in memory order, or null as soon as they are more
   * than `limit`: one pass over two typed arrays (0.3 ms for 170,000 rows), as a filter's mask of
   * articles gives them.
   */
  slotsInGroups(passes: Uint8Array, limit: number): Int32Array | null {
    const groups = this.groupAt;
    // Counted first, so that the list (kept per filter) takes no more memory than it needs.
    let found = 0;
    for (let slot = 0; slot < this.used; slot++) {
      const group = groups[slot]!;
      if (group >= 0 && passes[group] === 1 && ++found > limit) return null;
    }
    const slots = new Int32Array(found);
    found = 0;
    for (let slot = 0; slot < this.used; slot++) {
      const group = groups[slot]!;
      if (group >= 0 && passes[group] === 1) slots[found++] = slot;
    }
    return slots;
  }

  /** `nearest` among rows given by slot, in memory order (see `slotsInGroups`). */
  nearestInSlots(query: ArrayLike<number>, ordered: Int32Array, k: number, everyRowExactly = false): { label: number; similarity: number }[] {
    const dims = this.dimensions;
    const q = new Float32Array(dims);
    let norm = 0;
    for (let i = 0; i < dims; i++) norm += query[i]! * query[i]!;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < dims; i++) q[i] = query[i]! / norm;
    if (k <= 0) return [];
    const top = new TopK<{ label: number; similarity: number }>(k, (a, b) => a.similarity - b.similarity || b.label - a.label);
    const data = this.data;
    const score = (slot: number) => top.offer({ label: this.labelAt[slot]!, similarity: inner(q, data.subarray(slot * dims, (slot + 1) * dims)) });
    if (everyRowExactly || ordered.length <= k * EXACT_ONLY_PER_NEIGHBOUR) {
      for (const slot of ordered) score(slot);
      return top.sorted();
    }
    const { approx, error } = this.quantized.score(q, ordered);
    // At least k rows score no less than the k-th best lower bound, so a row whose upper bound
    // falls below it cannot be among the k best.
    if (this.lowerBounds.length < ordered.length) this.lowerBounds = new Float64Array(ordered.length * 2);
    const lower = this.lowerBounds.subarray(0, ordered.length);
    for (let i = 0; i < ordered.length; i++) lower[i] = approx[i]! - error[i]!;
    const floor = kthLargest(lower, k);
    for (let i = 0; i < ordered.length; i++) if (approx[i]! + error[i]! >= floor) score(ordered[i]!);
    return top.sorted();
  }

  /**
   * The rows of `labels` in memory order: the allowed passages lie scattered over the matrix, and
   * reading them in slot order lets the processor prefetch. Kept for the same list (the same
   * object, as a benchmark passes for every query) until the next write, which also lets the
   * int8 pass read its copy of the rows.
   */
  private orderedSlots(labels: Iterable<number>): Int32Array {
    const kept = this.slotsOfLabels.get(labels);
    if (kept?.version === this.version) return kept.slots;
    const slots: number[] = [];
    for (const label of labels) {
      const slot = this.slotOf(label);
      if (slot !== undefined) slots.push(slot);
    }
    const ordered = Int32Array.from(slots).sort();
    this.slotsOfLabels.set(labels, { version: this.version, slots: ordered });
    return ordered;
  }
}

/** The k-th largest of `values` (k ≤ their count), by a min-heap of the k largest seen. */
function kthLargest(values: Float64Array, k: number): number {
  const heap = values.slice(0, k);
  const down = (from: number) => {
    for (let i = from; ;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < k && heap[left]! < heap[least]!) least = left;
      if (right < k && heap[right]! < heap[least]!) least = right;
      if (least === i) return;
      [heap[i], heap[least]] = [heap[least]!, heap[i]!];
      i = least;
    }
  };
  for (let i = (k >> 1) - 1; i >= 0; i--) down(i);
  for (let i = k; i < values.length; i++) {
    if (values[i]! > heap[0]!) {
      heap[0] = values[i]!;
      down(0);
    }
  }
  return heap[0]!;
}
