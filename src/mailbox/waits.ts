// Pending waits (mailbox.rule.WAIT): one record per waiting call, linked into its
// descriptor's FIFO wait queue and, when finite, into the deadline heap the manager
// reports through nextDeadline(). Records are pooled and double as the Completion
// handed to drainCompletions(), so a wait/wake cycle allocates nothing.
import { IndexedHeap } from "../common/indexed-heap.js";
import type { MbxStatus } from "../../generated/ts/index.js";
import type { Descriptor, Handle } from "./descriptor.js";
import type { Completion, WaitOp } from "./types.js";

export class Wait implements Completion {
  // --- Completion fields (valid once completed) ---
  waitId = 0;
  pid = 0;
  handle = 0;
  descriptor = 0;
  op: WaitOp = "recv";
  status: MbxStatus = 0;
  length = 0;
  flags = 0;
  channel = 0;
  srcPid = 0;

  // --- while pending ---
  h: Handle | null = null;
  d: Descriptor | null = null;
  timeoutMs = 0;
  deadline: number | null = null;
  heapIndex = -1;
  /** recv: where the payload goes when the wait completes. */
  dst: Uint8Array | null = null;
  dstOff = 0;
  maxLen = 0;
  /** send: the copy of the payload taken at call time (mailbox.rule.SEND_WAIT). */
  payload: Uint8Array | null = null;

  // --- links: the descriptor's FIFO, or the pool / completion queue ---
  prev: Wait | null = null;
  next: Wait | null = null;
}

/** FIFO wait queue of one descriptor (mailbox.rule.WAIT: waits join at the tail). */
export class WaitQueue {
  head: Wait | null = null;
  tail: Wait | null = null;
  recvCount = 0;
  sendCount = 0;

  push(w: Wait): void {
    w.prev = this.tail;
    w.next = null;
    if (this.tail === null) this.head = w;
    else this.tail.next = w;
    this.tail = w;
    if (w.op === "send") this.sendCount++;
    else this.recvCount++;
  }

  remove(w: Wait): void {
    if (w.prev === null) this.head = w.next;
    else w.prev.next = w.next;
    if (w.next === null) this.tail = w.prev;
    else w.next.prev = w.prev;
    w.prev = w.next = null;
    if (w.op === "send") this.sendCount--;
    else this.recvCount--;
  }

  /** The oldest waiting sender (FIFO admission, mailbox.rule.SEND_WAIT). */
  firstSender(): Wait | null {
    for (let w = this.head; w !== null; w = w.next) if (w.op === "send") return w;
    return null;
  }
}

function before(a: Wait, b: Wait): boolean {
  return a.deadline! < b.deadline! || (a.deadline === b.deadline && a.waitId < b.waitId);
}

/** Finite waits by (deadline, order of arming) (mailbox.rule.TIMEOUT_EXPIRY); supports removal. */
export class DeadlineHeap extends IndexedHeap<Wait> {
  constructor() {
    super(before);
  }
}

/** Completed waits in completion order, handed to the driver (takeCompletions/drainCompletions). */
export class CompletionQueue {
  head: Wait | null = null;
  tail: Wait | null = null;
  size = 0;

  push(w: Wait): void {
    w.next = null;
    if (this.tail === null) this.head = w;
    else this.tail.next = w;
    this.tail = w;
    this.size++;
  }

  shift(): Wait | null {
    const w = this.head;
    if (w === null) return null;
    this.head = w.next;
    if (this.head === null) this.tail = null;
    w.next = null;
    this.size--;
    return w;
  }

  /** Drop the queued completions of a pid (its task exited before the driver drained them). */
  dropPid(pid: number, release: (w: Wait) => void): void {
    let prev: Wait | null = null;
    for (let w = this.head; w !== null; ) {
      const next: Wait | null = w.next;
      if (w.pid === pid) {
        if (prev === null) this.head = next;
        else prev.next = next;
        if (this.tail === w) this.tail = prev;
        this.size--;
        release(w);
      } else {
        prev = w;
      }
      w = next;
    }
  }
}

/** Free list of wait records. */
export class WaitPool {
  private free: Wait | null = null;

  take(): Wait {
    const w = this.free;
    if (w === null) return new Wait();
    this.free = w.next;
    w.next = null;
    return w;
  }

  release(w: Wait): void {
    w.h = null;
    w.d = null;
    w.dst = null;
    w.payload = null;
    w.heapIndex = -1;
    w.prev = null;
    w.next = this.free;
    this.free = w;
  }
}
