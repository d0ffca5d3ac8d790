/** Typed arrays the readers hold by rowid or term id. */
type Grown = Int32Array | Uint32Array | Uint16Array | Uint8Array;

/**
 * A copy of `array` with room for at least `size` entries, doubling so that appends stay cheap.
 *
 * @example
 * counts = grown(counts, rowid + 1);
 */
export function grown<A extends Grown>(array: A, size: number): A {
  const copy = new (array.constructor as new (n: number) => A)(Math.max(size, array.length * 2, 4));
  copy.set(array);
  return copy;
}

/**
 * Whether `rowids[from..to)`, ascending, hold `rowid` (a binary search).
 *
 * @example
 * holdsRowid(Int32Array.of(2, 5, 9), 5); // true
 */
export function holdsRowid(rowids: Int32Array, rowid: number, from = 0, to = rowids.length): boolean {
  let low = from;
  let high = to - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (rowids[middle] === rowid) return true;
    if (rowids[middle]! < rowid) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}
