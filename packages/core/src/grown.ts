/** Typed arrays held by row, label or article number, grown as those come. */
type Growable = Int32Array | Uint32Array | Uint16Array | Uint8Array | Float32Array;

/**
 * A copy of `array` with room for `size` entries at least (doubling, so that growing one entry
 * at a time stays linear), the new entries set to `fill`.
 *
 * @example
 * counts = grown(counts, rowid + 1);
 * slots = grown(slots, label + 1, -1);
 */
export function grown<A extends Growable>(array: A, size: number, fill = 0): A {
  const copy = new (array.constructor as new (n: number) => A)(Math.max(size, array.length * 2, 4));
  if (fill !== 0) copy.fill(fill, array.length);
  copy.set(array);
  return copy;
}
