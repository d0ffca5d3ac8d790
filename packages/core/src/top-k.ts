/**
 * The `k` best items offered, in a heap whose root is the worst one kept: an item no better than
 * it is turned away in O(1), a better one takes its place in O(log k). For ranking a page out
 * of many matches without sorting them all.
 *
 * @example
 * const top = new TopK<number>(2, (a, b) => a - b);
 * for (const n of [5, 1, 9, 3]) top.offer(n);
 * top.sorted(); // [9, 5]
 */
export class TopK<T> {
  private readonly heap: T[] = [];

  /** `compare(a, b)` is positive when `a` ranks above `b`. */
  constructor(
    private readonly k: number,
    private readonly compare: (a: T, b: T) => number,
  ) {}

  offer(item: T): void {
    const { heap, k } = this;
    if (heap.length < k) {
      heap.push(item);
      this.up(heap.length - 1);
    } else if (k > 0 && this.compare(item, heap[0]!) > 0) {
      heap[0] = item;
      this.down(0);
    }
  }

  /** The items kept, best first. */
  sorted(): T[] {
    return [...this.heap].sort((a, b) => this.compare(b, a));
  }

  private up(i: number): void {
    const { heap } = this;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compare(heap[parent]!, heap[i]!) <= 0) return;
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  }

  private down(i: number): void {
    const { heap } = this;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < heap.length && this.compare(heap[left]!, heap[worst]!) < 0) worst = left;
      if (right < heap.length && this.compare(heap[right]!, heap[worst]!) < 0) worst = right;
      if (worst === i) return;
      [heap[worst], heap[i]] = [heap[i]!, heap[worst]!];
      i = worst;
    }
  }
}
