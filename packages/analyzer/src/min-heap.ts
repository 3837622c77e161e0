/**
 * A binary min-heap of (cost, vertex) pairs in typed arrays, ordered by cost then vertex
 * number (so ties break on ids). Dijkstra pushes one pair per improvement; keeping them in two
 * typed arrays instead of boxed [cost, vertex] tuples in mnemonist's generic Heap took a
 * reverse search over a 71k-vertex graph from 54 ms to 44 ms (docs/performance.md).
 */
export class MinHeap {
  private keys: Float64Array;
  private values: Int32Array;
  size = 0;

  constructor(capacity = 1024) {
    this.keys = new Float64Array(capacity);
    this.values = new Int32Array(capacity);
  }

  private less(i: number, j: number): boolean {
    const a = this.keys[i]!;
    const b = this.keys[j]!;
    return a < b || (a === b && this.values[i]! < this.values[j]!);
  }

  private swap(i: number, j: number): void {
    const k = this.keys[i]!;
    this.keys[i] = this.keys[j]!;
    this.keys[j] = k;
    const v = this.values[i]!;
    this.values[i] = this.values[j]!;
    this.values[j] = v;
  }

  push(key: number, value: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2);
      keys.set(this.keys);
      this.keys = keys;
      const values = new Int32Array(this.size * 2);
      values.set(this.values);
      this.values = values;
    }
    let i = this.size++;
    this.keys[i] = key;
    this.values[i] = value;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** The smallest pair's key; call before pop. */
  peekKey(): number {
    return this.keys[0]!;
  }

  /** Removes the smallest pair and returns its value. */
  pop(): number {
    const top = this.values[0]!;
    const last = --this.size;
    if (last > 0) {
      this.keys[0] = this.keys[last]!;
      this.values[0] = this.values[last]!;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < last && this.less(l, m)) m = l;
        if (r < last && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}
