// executive.rule.SCHEDULING: one FIFO of ready tasks per priority level (0 most
// urgent .. MAX_PRIORITY_VALUE), with a bitmap of non-empty levels so finding the most
// urgent ready task is a few word scans. Tasks link intrusively (Task.qNext/qPrev).
import { EXECUTIVE } from "../../generated/ts/index.js";
import { ExecutiveInvariantError } from "./states.js";
import type { Task } from "./task.js";

const LEVELS = EXECUTIVE.MAX_PRIORITY_VALUE + 1;
const WORDS = Math.ceil(LEVELS / 32);

export class ReadyQueues {
  private readonly heads: (Task | null)[] = new Array<Task | null>(LEVELS).fill(null);
  private readonly tails: (Task | null)[] = new Array<Task | null>(LEVELS).fill(null);
  private readonly bits = new Uint32Array(WORDS);
  size = 0;

  /** A task that becomes ready joins the tail of its priority's queue. */
  pushTail(t: Task): void {
    if (t.queued) throw new ExecutiveInvariantError(`task ${t.pid} is already in a ready queue`);
    const p = t.priority;
    const tail = this.tails[p]!;
    t.qPrev = tail;
    t.qNext = null;
    if (tail === null) {
      this.heads[p] = t;
      this.bits[p >>> 5]! |= 1 << (p & 31);
    } else {
      tail.qNext = t;
    }
    this.tails[p] = t;
    t.queued = true;
    this.size++;
  }

  remove(t: Task): void {
    if (!t.queued) return;
    const p = t.priority;
    if (t.qPrev === null) this.heads[p] = t.qNext;
    else t.qPrev.qNext = t.qNext;
    if (t.qNext === null) this.tails[p] = t.qPrev;
    else t.qNext.qPrev = t.qPrev;
    if (this.heads[p] === null) this.bits[p >>> 5]! &= ~(1 << (p & 31));
    t.qNext = t.qPrev = null;
    t.queued = false;
    this.size--;
  }

  /** The most urgent (lowest) non-empty priority level, or -1. */
  mostUrgent(): number {
    const bits = this.bits;
    for (let w = 0; w < WORDS; w++) {
      const b = bits[w]!;
      if (b !== 0) return (w << 5) + (31 - Math.clz32(b & -b));
    }
    return -1;
  }

  /** Take the head of the most urgent level, or null. */
  popMostUrgent(): Task | null {
    const p = this.mostUrgent();
    if (p < 0) return null;
    const t = this.heads[p]!;
    this.remove(t);
    return t;
  }
}
