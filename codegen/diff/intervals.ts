/**
 * Sets of integers as sorted, disjoint, inclusive intervals. Reserved ranges reach
 * 0xFFFFFFFF (vm_error), so they are never expanded into single values.
 */
export type Interval = readonly [from: number, to: number];

export class IntervalSet {
  readonly intervals: readonly Interval[];

  constructor(intervals: Iterable<Interval>) {
    const sorted = [...intervals].filter(([a, b]) => a <= b).sort((x, y) => x[0] - y[0]);
    const out: [number, number][] = [];
    for (const [a, b] of sorted) {
      const last = out[out.length - 1];
      if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
      else out.push([a, b]);
    }
    this.intervals = out;
  }

  static of(values: Iterable<number>): IntervalSet {
    return new IntervalSet([...values].map((v) => [v, v] as const));
  }

  get empty(): boolean {
    return this.intervals.length === 0;
  }

  has(v: number): boolean {
    return this.intervals.some(([a, b]) => v >= a && v <= b);
  }

  /** The interval of this set that holds v. */
  around(v: number): Interval | undefined {
    return this.intervals.find(([a, b]) => v >= a && v <= b);
  }

  minus(other: IntervalSet): IntervalSet {
    let rest: Interval[] = [...this.intervals];
    for (const [c, d] of other.intervals) {
      rest = rest.flatMap(([a, b]): Interval[] => {
        if (d < a || c > b) return [[a, b]];
        const parts: Interval[] = [];
        if (a < c) parts.push([a, c - 1]);
        if (d < b) parts.push([d + 1, b]);
        return parts;
      });
    }
    return new IntervalSet(rest);
  }
}
