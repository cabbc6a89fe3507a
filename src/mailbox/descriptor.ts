// Descriptors and handles: the records the manager works on.
import { MbxMode, type MbxNamespace } from "../../generated/ts/index.js";
import { MessageRing } from "./ring.js";
import type { TapBuffer } from "./taps.js";
import { WaitQueue, type Wait } from "./waits.js";
import { unpinHead, type ZcBuffer } from "./zerocopy.js";

export class Descriptor {
  readonly ring: MessageRing;
  mode = 0;
  /** MODE_FANOUT is set. */
  fanout = false;
  /** With fanout: FANOUT_BLOCK is set (it wins over FANOUT_DROP). */
  block = false;
  /** Sequence number the next queued message takes (mailbox.rule.SEQUENCE). */
  nextSeq = 0;
  /** Largest bytes_used seen. */
  highWater = 0;
  /** Open handles, sorted by (pid, handle id): the order of per-reader events. */
  readonly handles: Handle[] = [];
  /** Pids whose BIND (or declaration) keeps the descriptor alive, ascending. */
  readonly holders: number[] = [];
  readonly waits = new WaitQueue();
  /** Handles switched to taps, by (pid, handle): the order of copies and of snapshot(). */
  readonly taps: Handle[] = [];
  /** Zero-copy buffers pinned by queued messages, oldest first (see zerocopy.ts). */
  pinHead: ZcBuffer | null = null;
  pinTail: ZcBuffer | null = null;

  constructor(
    readonly id: number,
    readonly ns: MbxNamespace,
    readonly name: string,
    readonly owner: number | null,
    /** Canonical target, also the lookup key. */
    readonly target: string,
    /** Bytes this descriptor takes from the name pool. */
    readonly nameCost: number,
    capacity: number,
  ) {
    this.ring = new MessageRing(capacity);
  }

  /** Sequence number of the oldest queued message, or nextSeq when empty. */
  get headSeq(): number {
    return this.nextSeq - this.ring.count;
  }

  /**
   * Drop the oldest queued message, leaving its header loaded in ring.h*. A buffer it
   * pinned returns to the pool (mailbox.rule.ZERO_COPY: consumed or lost by every reader).
   */
  popHead(): void {
    const ring = this.ring;
    if (this.pinHead !== null && this.pinHead.seq === this.nextSeq - ring.count) {
      const b = unpinHead(this);
      b.pool.release(b);
    }
    ring.popHead();
  }

  setMode(mode: number): void {
    this.mode = mode;
    this.fanout = (mode & MbxMode.FANOUT) !== 0;
    this.block = (mode & MbxMode.FANOUT_BLOCK) !== 0;
  }

  get alive(): boolean {
    return this.handles.length > 0 || this.holders.length > 0;
  }

  addHandle(h: Handle): void {
    const a = this.handles;
    let i = a.length;
    while (i > 0 && (a[i - 1]!.pid > h.pid || (a[i - 1]!.pid === h.pid && a[i - 1]!.id > h.id))) i--;
    a.splice(i, 0, h);
  }

  addTap(h: Handle): void {
    const a = this.taps;
    let i = a.length;
    while (i > 0 && (a[i - 1]!.pid > h.pid || (a[i - 1]!.pid === h.pid && a[i - 1]!.id > h.id))) i--;
    a.splice(i, 0, h);
  }

  removeHandle(h: Handle): void {
    const i = this.handles.indexOf(h);
    if (i >= 0) this.handles.splice(i, 1);
  }

  /** Returns false when pid already held it. */
  addHolder(pid: number): boolean {
    const a = this.holders;
    let i = a.length;
    while (i > 0 && a[i - 1]! > pid) i--;
    if (i > 0 && a[i - 1] === pid) return false;
    a.splice(i, 0, pid);
    return true;
  }

  removeHolder(pid: number): void {
    const i = this.holders.indexOf(pid);
    if (i >= 0) this.holders.splice(i, 1);
  }
}

export class Handle {
  /** Non-null while the handle is a tap (mailbox.rule.TAPS). */
  tap: TapBuffer | null = null;
  /** Sent since its last receive, so not a fan-out reader (mailbox.rule.FANOUT_READERS). */
  sent = false;
  /** Fan-out cursor: seq of the last message consumed (or lost). */
  lastSeq = -1;
  /** Ring offset of message lastSeq + 1 while lastSeq >= headSeq (see fanout.ts). */
  nextOff = 0;
  /** Lost fan-out messages: the next receive carries OVERRUN (mailbox.rule.FANOUT_DROP). */
  overrun = false;
  /** The pid's pending wait when it is on this handle. */
  wait: Wait | null = null;

  constructor(
    readonly id: number,
    readonly pid: number,
    readonly desc: Descriptor,
    readonly canRead: boolean,
    readonly canWrite: boolean,
  ) {}

  /** A fan-out reader: read access, not a tap, not sending (mailbox.rule.FANOUT_READERS). */
  get isReader(): boolean {
    return this.canRead && this.tap === null && !this.sent;
  }
}

/** Per-pid state: handle table, handle id counter, pending wait, holds. */
export class PidState {
  readonly handles = new Map<number, Handle>();
  /** Next handle id to try (mailbox.rule.CLOSE: upward from 1, wrapping after 0xFFFF). */
  nextHandle = 1;
  wait: Wait | null = null;
  readonly holds = new Set<Descriptor>();
  /** The handle found last: tasks mostly reuse one handle, so this skips the map. */
  private last: Handle | null = null;

  constructor(readonly pid: number) {}

  find(handle: number): Handle | undefined {
    const last = this.last;
    if (last !== null && last.id === handle) return last;
    const h = this.handles.get(handle);
    if (h !== undefined) this.last = h;
    return h;
  }

  forget(h: Handle): void {
    this.handles.delete(h.id);
    if (this.last === h) this.last = null;
  }
}
