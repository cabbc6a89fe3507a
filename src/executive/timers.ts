// executive.rule.TIMERS: one heap of finite deadlines — mailbox waits and sleeps —
// ordered by (deadline, sequence of arming). A task has at most one timer (it either
// waits or sleeps), so the heap holds tasks and allocates nothing. Infinite waits
// never enter it.
import type { Task } from "./task.js";

function before(a: Task, b: Task): boolean {
  return a.timerDeadline < b.timerDeadline || (a.timerDeadline === b.timerDeadline && a.timerSeq < b.timerSeq);
}

export class TimerHeap {
  private readonly items: Task[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  /** The earliest timer, or null. */
  peek(): Task | null {
    return this.items[0] ?? null;
  }

  /** Arm t's timer for `deadline` µs (re-arming moves it). */
  arm(t: Task, deadline: number): void {
    if (t.heapIndex >= 0) this.disarm(t);
    t.timerDeadline = deadline;
    t.timerSeq = ++this.seq;
    t.heapIndex = this.items.length;
    this.items.push(t);
    this.up(t.heapIndex);
  }

  /** Remove t's timer if it has one. */
  disarm(t: Task): void {
    const i = t.heapIndex;
    if (i < 0) return;
    const last = this.items.pop()!;
    t.heapIndex = -1;
    if (last === t) return;
    this.items[i] = last;
    last.heapIndex = i;
    this.up(i);
    this.down(last.heapIndex);
  }

  /** Take the earliest timer if its deadline is at or before `now`. */
  popDue(now: number): Task | null {
    const t = this.items[0];
    if (t === undefined || t.timerDeadline > now) return null;
    this.disarm(t);
    return t;
  }

  private up(i: number): void {
    const a = this.items;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(a[i]!, a[p]!)) break;
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
      if (l < a.length && before(a[l]!, a[m]!)) m = l;
      if (r < a.length && before(a[r]!, a[m]!)) m = r;
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
