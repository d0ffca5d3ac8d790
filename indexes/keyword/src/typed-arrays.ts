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
