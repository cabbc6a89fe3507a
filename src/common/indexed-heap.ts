/** What an IndexedHeap keeps: its slot in the heap, -1 when out of it. */
export interface HeapItem {
  heapIndex: number;
}

/**
 * Binary min-heap whose items remember their slot, so any item can be removed in
 * O(log n) without a search; it allocates nothing beyond the backing array. The
 * executive's timer heap and the mailbox manager's deadline heap are both one.
 */
export class IndexedHeap<T extends HeapItem> {
  private readonly items: T[] = [];

  /** `before(a, b)`: a comes out first. Must be a strict total order over the items. */
  constructor(private readonly before: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  /** The first item, or null. */
  peek(): T | null {
    return this.items[0] ?? null;
  }

  push(x: T): void {
    x.heapIndex = this.items.length;
    this.items.push(x);
    this.up(x.heapIndex);
  }

  /** Take x out if it is in the heap. */
  remove(x: T): void {
    const i = x.heapIndex;
    if (i < 0) return;
    const last = this.items.pop()!;
    x.heapIndex = -1;
    if (last === x) return;
    this.items[i] = last;
    last.heapIndex = i;
    this.up(i);
    this.down(last.heapIndex);
  }

  private up(i: number): void {
    const a = this.items;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(a[i]!, a[p]!)) break;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    const a = this.items;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && this.before(a[l]!, a[m]!)) m = l;
      if (r < a.length && this.before(a[r]!, a[m]!)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(i: number, j: number): void {
    const a = this.items;
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
    a[i]!.heapIndex = i;
    a[j]!.heapIndex = j;
  }
}
