// executive.rule.TIMERS: one heap of finite deadlines — mailbox waits and sleeps —
// ordered by (deadline, sequence of arming). A task has at most one timer (it either
// waits or sleeps), so the heap holds tasks and allocates nothing. Infinite waits
// never enter it.
import { IndexedHeap } from "../common/indexed-heap.js";
import type { Task } from "./task.js";

function before(a: Task, b: Task): boolean {
  return a.timerDeadline < b.timerDeadline || (a.timerDeadline === b.timerDeadline && a.timerSeq < b.timerSeq);
}

export class TimerHeap {
  private readonly heap = new IndexedHeap<Task>(before);
  private seq = 0;

  get size(): number {
    return this.heap.size;
  }

  /** The earliest timer, or null. */
  peek(): Task | null {
    return this.heap.peek();
  }

  /** Arm t's timer for `deadline` µs (re-arming moves it). */
  arm(t: Task, deadline: number): void {
    this.heap.remove(t);
    t.timerDeadline = deadline;
    t.timerSeq = ++this.seq;
    this.heap.push(t);
  }

  /** Remove t's timer if it has one. */
  disarm(t: Task): void {
    this.heap.remove(t);
  }

  /** Take the earliest timer if its deadline is at or before `now`. */
  popDue(now: number): Task | null {
    const t = this.heap.peek();
    if (t === null || t.timerDeadline > now) return null;
    this.heap.remove(t);
    return t;
  }
}
