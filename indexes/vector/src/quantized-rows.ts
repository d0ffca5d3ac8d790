import { readFileSync } from 'node:fs';

const WASM_PAGE = 65_536;
/** The kernel reads 16 bytes a step: rows are padded with zeros to a multiple of 16 dimensions. */
const LANES = 16;
/** Absolute slack for float rounding in the approximate and the exact scores. */
const ROUNDING = 1e-5;

const kernel = new WebAssembly.Module(readFileSync(new URL('./int8-dot.wasm', import.meta.url)));

interface KernelExports {
  memory: WebAssembly.Memory;
  scores(query: number, base: number, slots: number, count: number, out: number, stride: number, copy: number): void;
}

/**
 * Approximate similarities of some rows to a query, each within `error` of the exact one: views
 * on buffers the next `score` call writes over.
 */
export interface ApproximateScores {
  approx: Float64Array;
  error: Float64Array;
}

/**
 * Unit vectors again at one byte per dimension (each row scaled to its largest component), in
 * WebAssembly memory, scored against a query by one SIMD kernel call (`int8-dot.wat`). An exact
 * scan over scattered rows is bound by memory reads, not arithmetic, so a quarter of the bytes
 * scans about twice as fast; each approximate score comes with a bound on its error (the row's
 * rounding residual and the query's), so the caller can rescore exactly every row that could
 * still be among the best and lose nothing. When the same slots are scanned twice in a row (one
 * filter searched again and again), the second scan also copies its rows side by side, and the
 * scans after it read them in memory order, several times faster than scattered; a filter
 * searched once does not pay for the copy (1.5 ms at 51,778 rows).
 *
 * @example
 * const rows = new QuantizedRows(384);
 * rows.set(0, unitVector);
 * const { approx, error } = rows.score(query, Int32Array.of(0));
 */
export class QuantizedRows {
  private readonly exports: KernelExports;
  private readonly stride: number;
  /** Query (int16) first, then the rows; after them the last scan's rows side by side, its scores and its slots. */
  private readonly rowsAt: number;
  private capacity = 0;
  /** Per slot: the value of one step (largest component ÷ 127). */
  private step = new Float64Array(0);
  /** Per slot: ‖row − step · bytes‖₂, what rounding lost. */
  private residual = new Float64Array(0);
  /** Largest int16 for the query such that no sum of products overflows an int32. */
  private readonly queryMax: number;
  /** Bumped by every write, which makes the copy of a scan's rows stale. */
  private version = 0;
  private gathered: { slots: Int32Array; version: number; copied: boolean } | null = null;
  /**
   * Where scores are written, reused from one scan to the next: a new pair per scan (800 KB for
   * 50,000 rows) made V8 count it as external memory and start marking the whole heap every few
   * dozen filtered searches, which slowed the searches it ran beside by 50–100 ms.
   */
  private scratch = { approx: new Float64Array(0), error: new Float64Array(0) };

  constructor(readonly dimensions: number) {
    this.stride = Math.ceil(dimensions / LANES) * LANES;
    this.rowsAt = Math.ceil((this.stride * 2) / 64) * 64;
    this.queryMax = Math.min(32_767, Math.floor((2 ** 31 - 1) / (127 * this.stride)));
    this.exports = new WebAssembly.Instance(kernel).exports as unknown as KernelExports;
  }

  /** Stores the int8 copy of `unit` (unit length) at `slot`. */
  set(slot: number, unit: ArrayLike<number>): void {
    if (slot >= this.capacity) this.grow(Math.max(slot + 1, this.capacity * 2, 1024));
    let largest = 0;
    for (let d = 0; d < this.dimensions; d++) largest = Math.max(largest, Math.abs(unit[d]!));
    const step = largest / 127 || 1;
    const bytes = new Int8Array(this.exports.memory.buffer, this.rowsAt + slot * this.stride, this.stride);
    let lost = 0;
    for (let d = 0; d < this.dimensions; d++) {
      const byte = Math.round(unit[d]! / step);
      bytes[d] = byte;
      lost += (unit[d]! - byte * step) ** 2;
    }
    this.step[slot] = step;
    this.residual[slot] = Math.sqrt(lost);
    this.version++;
  }

  /**
   * Approximate cosine of `query` (unit length) to each of `slots`, in their order. With q̂ and
   * r̂ the rounded query and row, |q·r − q̂·r̂| ≤ ‖r − r̂‖ (1 + ‖q − q̂‖) + ‖q − q̂‖.
   */
  score(query: ArrayLike<number>, slots: Int32Array): ApproximateScores {
    const count = slots.length;
    const { stride } = this;
    const copyAt = this.rowsAt + this.capacity * stride;
    const outAt = copyAt + count * stride;
    const slotsAt = outAt + count * 4;
    const buffer = this.reserve(slotsAt + count * 4);
    let largest = 0;
    for (let d = 0; d < this.dimensions; d++) largest = Math.max(largest, Math.abs(query[d]!));
    const queryStep = largest / this.queryMax || 1;
    const words = new Int16Array(buffer, 0, this.stride);
    let queryLost = 0;
    for (let d = 0; d < this.dimensions; d++) {
      const word = Math.round(query[d]! / queryStep);
      words[d] = word;
      queryLost += (query[d]! - word * queryStep) ** 2;
    }
    queryLost = Math.sqrt(queryLost);
    // The same slots (the same array) as the last scan, nothing written since.
    const again = this.gathered?.slots === slots && this.gathered.version === this.version;
    if (again && this.gathered!.copied) {
      this.exports.scores(0, copyAt, 0, count, outAt, stride, 0);
    } else {
      // Copied the second time in a row only: a filter searched once would pay for a copy it never reads.
      new Int32Array(buffer, slotsAt, count).set(slots);
      this.exports.scores(0, this.rowsAt, slotsAt, count, outAt, stride, again ? copyAt : 0);
      this.gathered = { slots, version: this.version, copied: again };
    }
    const sums = new Int32Array(buffer, outAt, count);
    if (this.scratch.approx.length < count) this.scratch = { approx: new Float64Array(count * 2), error: new Float64Array(count * 2) };
    const approx = this.scratch.approx.subarray(0, count);
    const error = this.scratch.error.subarray(0, count);
    for (let i = 0; i < count; i++) {
      const slot = slots[i]!;
      approx[i] = sums[i]! * this.step[slot]! * queryStep;
      error[i] = this.residual[slot]! * (1 + queryLost) + queryLost + ROUNDING;
    }
    return { approx, error };
  }

  private grow(capacity: number): void {
    // Room for the rows, and for a scan of all of them (its copy of the rows, scores and slots):
    // growing the memory in a search made V8 start marking the whole heap, slowing that search
    // and the next few by 50–100 ms. Pages a scan never writes are never committed.
    this.reserve(this.rowsAt + capacity * (2 * this.stride + 8));
    const step = new Float64Array(capacity);
    step.set(this.step);
    const residual = new Float64Array(capacity);
    residual.set(this.residual);
    this.step = step;
    this.residual = residual;
    this.capacity = capacity;
    this.version++;
  }

  /** The kernel's memory, grown to at least `bytes` (growing detaches earlier views). */
  private reserve(bytes: number): ArrayBuffer {
    const { memory } = this.exports;
    if (bytes > memory.buffer.byteLength) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / WASM_PAGE));
    return memory.buffer;
  }
}
