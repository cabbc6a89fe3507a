// Delivery engine: queueing, taking, waits and wakes. The manager validates calls and
// then uses these operations; they assume valid arguments.
//
// Wake order (mailbox.rule.WAKE_ORDER): pump() completes waiting regular receivers
// in FIFO order, then waiting taps in FIFO order, then admits waiting senders in FIFO
// order while their messages fit (mailbox.rule.SEND_WAIT), and repeats while anything
// moved. It runs iteratively, never recursively, and leaves no waiter behind that
// could take a queued message.
import { MAILBOX, MbxStatus } from "../../generated/ts/index.js";
import type { Descriptor, Handle, PidState } from "./descriptor.js";
import type { EventSink } from "./events.js";
import { cursorOffset, dropOldest, reclaim, takeOverrun } from "./fanout.js";
import type { Quotas } from "./quotas.js";
import { copyBytes, type MessageRing } from "./ring.js";
import type { Clock, WaitOp } from "./types.js";
import { CompletionQueue, DeadlineHeap, WaitPool, type Wait } from "./waits.js";
import { pin, pinnedAt, unpinHead, type ZcBuffer } from "./zerocopy.js";

const HDR = MAILBOX.MSG_HEADER_BYTES;

export class Core {
  /** Pid table indexed by pid (u16). */
  readonly pids: (PidState | undefined)[] = new Array<PidState | undefined>(0x10000).fill(undefined);
  readonly heap = new DeadlineHeap();
  readonly pool = new WaitPool();
  readonly completions = new CompletionQueue();
  waitCount = 0;
  private nextWaitId = 1;

  // Result of the last take*(): what a receive reports.
  rLen = 0;
  rFlags = 0;
  rChan = 0;
  rSrc = 0;

  constructor(
    readonly sink: EventSink,
    readonly quotas: Quotas,
    readonly clock: Clock,
  ) {}

  // ---------------------------------------------------------------- queueing

  /**
   * Queue a message that fits, exactly as a new send: seq, mailbox_send, tap copies
   * (mailbox.rule.EVENT_ORDER). Waking is left to the caller (pump).
   */
  enqueue(d: Descriptor, pid: number, handle: number, data: Uint8Array, off: number, len: number, flags: number, chan: number): void {
    const ring = d.ring;
    const seq = d.nextSeq++;
    ring.push(len, flags, pid, chan, data, off);
    if (ring.used > d.highWater) d.highWater = ring.used;
    if (this.sink.active) this.sink.send(pid, d.id, handle, len, flags, chan);
    if (d.taps.length > 0) this.copyToTaps(d, pid, seq, data, off, len, flags, chan);
  }

  /**
   * mailbox.rule.ZERO_COPY: queue the first len bytes of buffer b exactly as enqueue()
   * would, without copying them: the ring takes the header and reserves len bytes (the
   * cost stays len + 8) and b is pinned to the message. Taps still get copies.
   */
  enqueueBuffer(d: Descriptor, pid: number, handle: number, b: ZcBuffer, len: number, flags: number, chan: number): void {
    const ring = d.ring;
    const seq = d.nextSeq++;
    ring.reserve(len, flags, pid, chan);
    pin(d, b, seq);
    if (ring.used > d.highWater) d.highWater = ring.used;
    if (this.sink.active) this.sink.send(pid, d.id, handle, len, flags, chan);
    if (d.taps.length > 0) this.copyToTaps(d, pid, seq, b.bytes, 0, len, flags, chan);
  }

  /** mailbox.rule.TAPS: every tap gets a copy, in the order the taps were enabled. */
  private copyToTaps(d: Descriptor, pid: number, seq: number, data: Uint8Array, off: number, len: number, flags: number, chan: number): void {
    const limit = this.quotas.tapRateLimit;
    const now = limit > 0 ? this.clock.now() : 0;
    for (const t of d.taps) {
      this.quotas.tapDrops += t.tap!.offer(this.sink, pid, t.pid, t.id, d.id, seq, len, flags, chan, data, off, now, limit);
    }
  }

  /**
   * A send succeeded (a hint included): the handle stops being a fan-out reader until it
   * receives a message, which may release what it alone held (mailbox.rule.FANOUT_READERS).
   */
  sent(h: Handle): void {
    if (h.sent) return;
    h.sent = true;
    const d = h.desc;
    if (d.fanout && h.canRead && h.tap === null) reclaim(d);
  }

  /** Make room under FANOUT_DROP by dropping the oldest messages (mailbox.rule.FANOUT_DROP). */
  makeRoom(d: Descriptor, cost: number): void {
    while (!d.ring.fits(cost)) dropOldest(d, this.sink);
  }

  // ---------------------------------------------------------------- taking

  /**
   * Take the next message h can receive into dst (mailbox.rule.RECV: min(maxLen, length)
   * bytes, whole message consumed). Sets r* and returns true, or returns false.
   * Room it frees is for the caller to hand on (pump).
   */
  take(h: Handle, dst: Uint8Array, to: number, maxLen: number): boolean {
    const d = h.desc;
    if (h.sent && this.hasData(h)) {
      // mailbox.rule.FANOUT_READERS: receiving a message makes it a reader again (an
      // empty receive changes nothing). Rejoining can release messages no reader holds
      // any more, e.g. when it is the only reader.
      h.sent = false;
      if (d.fanout && h.tap === null) {
        reclaim(d);
        return this.take(h, dst, to, maxLen);
      }
    }
    if (h.tap !== null) {
      const t = h.tap;
      if (t.ring.count === 0) return false;
      t.shift();
      return this.copied(t.ring, dst, to, maxLen, 0);
    }
    const ring = d.ring;
    if (!d.fanout) {
      // mailbox.rule.SINGLE_READER: any regular reader takes the head.
      if (ring.count === 0) return false;
      if (d.pinHead !== null) return this.takePinnedHead(d, dst, to, maxLen);
      ring.popHead();
      return this.copied(ring, dst, to, maxLen, 0);
    }
    // mailbox.rule.FANOUT_READERS: the oldest queued message with seq > lastSeq
    // (cursorOffset, inlined on this hot path, plus its sequence number).
    const head = d.nextSeq - ring.count;
    let p: number;
    let seq: number;
    if (h.lastSeq < head) {
      if (ring.count === 0) return false;
      p = ring.head;
      seq = head;
    } else {
      seq = h.lastSeq + 1;
      if (seq >= d.nextSeq) return false;
      p = h.nextOff;
    }
    ring.load(p);
    const extra = h.overrun ? takeOverrun(h) : 0;
    const b = d.pinHead === null ? null : pinnedAt(d, seq);
    if (b === null) this.copied(ring, dst, to, maxLen, extra);
    else this.copiedFrom(ring, b.bytes, dst, to, maxLen, extra);
    h.lastSeq = seq;
    h.nextOff = ring.hNext;
    if (seq === head) reclaim(d); // it may have been the last reader holding the head
    return true;
  }

  /** Single-reader take of the head when buffers are pinned: its payload may be in one. */
  private takePinnedHead(d: Descriptor, dst: Uint8Array, to: number, maxLen: number): true {
    const ring = d.ring;
    const b = d.pinHead!.seq === d.headSeq ? unpinHead(d) : null;
    ring.popHead();
    if (b === null) return this.copied(ring, dst, to, maxLen, 0);
    this.copiedFrom(ring, b.bytes, dst, to, maxLen, 0);
    b.pool.release(b); // consumed by its reader (mailbox.rule.ZERO_COPY)
    return true;
  }

  /**
   * mailbox.rule.ZERO_COPY: whether recv_buffer on h would be handed the very buffer of
   * the message it takes next (a regular handle of a single-reader descriptor whose
   * head message was queued by send_buffer); that buffer, or null.
   */
  handover(h: Handle): ZcBuffer | null {
    const d = h.desc;
    const b = d.pinHead;
    if (b === null || d.fanout || h.tap !== null || d.ring.count === 0) return null;
    return b.seq === d.headSeq ? b : null;
  }

  /** Take the head message whose buffer handover() returned: r* set, the buffer unpinned for the caller. */
  takeHandover(h: Handle): ZcBuffer {
    h.sent = false; // as take(): receiving a message makes it a reader again
    const d = h.desc;
    const b = unpinHead(d);
    const ring = d.ring;
    ring.popHead();
    this.rLen = ring.hLen;
    this.rFlags = ring.hFlags;
    this.rChan = ring.hChan;
    this.rSrc = ring.hSrc;
    return b;
  }

  /** copied() for a message whose payload is in a zero-copy buffer. */
  private copiedFrom(ring: MessageRing, src: Uint8Array, dst: Uint8Array, to: number, maxLen: number, extraFlags: number): true {
    const n = maxLen < ring.hLen ? maxLen : ring.hLen;
    copyBytes(src, 0, dst, to, n);
    this.rLen = n;
    this.rFlags = ring.hFlags | extraFlags;
    this.rChan = ring.hChan;
    this.rSrc = ring.hSrc;
    return true;
  }

  private copied(ring: MessageRing, dst: Uint8Array, to: number, maxLen: number, extraFlags: number): true {
    const n = maxLen < ring.hLen ? maxLen : ring.hLen;
    ring.copyOut(dst, to, n);
    this.rLen = n;
    this.rFlags = ring.hFlags | extraFlags;
    this.rChan = ring.hChan;
    this.rSrc = ring.hSrc;
    return true;
  }

  /** Whether h has something to receive (without taking it). */
  hasData(h: Handle): boolean {
    if (h.tap !== null) return h.tap.ring.count > 0;
    return h.desc.fanout ? cursorOffset(h.desc, h) >= 0 : h.desc.ring.count > 0;
  }

  // ---------------------------------------------------------------- waits

  /** mailbox.rule.WAIT: join the tail of the descriptor's wait queue; deadline = now + ms. */
  addWait(ps: PidState, h: Handle, op: WaitOp, timeoutMs: number): Wait {
    const d = h.desc;
    const w = this.pool.take();
    w.waitId = this.nextWaitId++;
    w.pid = ps.pid;
    w.handle = h.id;
    w.descriptor = d.id;
    w.op = op;
    w.h = h;
    w.d = d;
    w.timeoutMs = timeoutMs;
    w.deadline = timeoutMs === MAILBOX.TIMEOUT_INFINITE ? null : this.clock.now() + timeoutMs * 1000;
    d.waits.push(w);
    if (w.deadline !== null) this.heap.push(w);
    ps.wait = w;
    h.wait = w;
    this.waitCount++;
    if (this.sink.active) this.sink.wait(w.pid, d.id, h.id, op, timeoutMs, w.deadline);
    return w;
  }

  /** Take a wait out of every queue (completion, timeout or task exit). */
  private unlink(w: Wait): void {
    w.d!.waits.remove(w);
    this.heap.remove(w);
    this.pids[w.pid]!.wait = null;
    w.h!.wait = null;
    this.waitCount--;
  }

  /** A task exited: its wait disappears without completing (mailbox.rule.TASK_EXIT). */
  cancel(w: Wait): void {
    this.unlink(w);
    this.pool.release(w);
  }

  /**
   * Finish a wait: mailbox_wake (or mailbox_timeout), then the mailbox_recv or
   * mailbox_send of the completed call when it succeeded (mailbox.rule.EVENTS).
   */
  complete(w: Wait, status: MbxStatus, len: number, flags: number, chan: number, src: number): void {
    this.unlink(w);
    w.status = status;
    w.length = len;
    w.flags = flags;
    w.channel = chan;
    w.srcPid = src;
    const sink = this.sink;
    if (sink.active) {
      const type = status === MbxStatus.TIMEOUT ? "mailbox_timeout" : "mailbox_wake";
      sink.wake(type, w.pid, w.descriptor, w.handle, w.op, status, len, flags, chan, src);
      if (status === MbxStatus.OK && w.op === "recv") sink.recv(w.pid, w.descriptor, w.handle, len, flags, chan, src);
    }
    this.completions.push(w);
  }

  /** Complete a waiting receiver with the next message it can take. */
  private deliver(w: Wait): void {
    this.take(w.h!, w.dst!, w.dstOff, w.maxLen);
    this.complete(w, MbxStatus.OK, this.rLen, this.rFlags, this.rChan, this.rSrc);
  }

  /** mailbox.rule.WAKE_ORDER over one descriptor; see the file comment. */
  pump(d: Descriptor): void {
    const waits = d.waits;
    for (;;) {
      if (waits.recvCount > 0) this.wakeReceivers(d);
      if (waits.sendCount === 0) return;
      if (!this.admit(d, waits.firstSender()!)) return;
    }
  }

  private wakeReceivers(d: Descriptor): void {
    // Regular receivers first (single-reader: one per message; fan-out: each with a message) ...
    for (let w = d.waits.head; w !== null; ) {
      const next = w.next;
      if (w.op === "recv" && w.h!.tap === null) {
        if (!d.fanout && d.ring.count === 0) break;
        if (this.hasData(w.h!)) this.deliver(w);
      }
      w = next;
    }
    // ... then taps, never ahead of a regular reader.
    for (let w = d.waits.head; w !== null; ) {
      const next = w.next;
      if (w.op === "recv" && w.h!.tap !== null && w.h!.tap.ring.count > 0) this.deliver(w);
      w = next;
    }
  }

  /**
   * Admit the oldest waiting sender if its message fits (FANOUT_DROP makes it fit):
   * it completes with OK and its message is queued as a new send (mailbox.rule.SEND_WAIT).
   */
  private admit(d: Descriptor, w: Wait): boolean {
    const data = w.payload!;
    const cost = data.length + HDR;
    if (cost > d.ring.cap) {
      // SPEC-GAP: BIND shrank the capacity below a waiting message (bytes_used counts
      // only queued ones). Queued "exactly as a new send" it is MSG_TOO_LARGE, so the
      // wait completes with that status and the message is discarded.
      this.complete(w, MbxStatus.MSG_TOO_LARGE, 0, 0, 0, 0);
      return true;
    }
    const drop = d.fanout && !d.block;
    if (!drop && !d.ring.fits(cost)) return false;
    const { pid, handle, flags, channel } = w;
    const h = w.h!;
    this.complete(w, MbxStatus.OK, data.length, flags, channel, pid);
    if (drop) this.makeRoom(d, cost);
    this.enqueue(d, pid, handle, data, 0, data.length, flags, channel);
    // SPEC-GAP: a waiting send "sends successfully" when it is admitted, so only then
    // does its handle stop being a fan-out reader.
    this.sent(h);
    return true;
  }

  /**
   * mailbox.rule.ZERO_LENGTH: a wake hint completes the first waiting regular receiver
   * (single-reader) or every one (fan-out) with length 0. Taps do not see hints.
   */
  hint(d: Descriptor, pid: number, flags: number, chan: number): void {
    for (let w = d.waits.head; w !== null; ) {
      const next = w.next;
      if (w.op === "recv" && w.h!.tap === null) {
        this.complete(w, MbxStatus.OK, 0, flags, chan, pid);
        if (!d.fanout) return;
      }
      w = next;
    }
  }

  /** mailbox.rule.TIMEOUT_EXPIRY for every wait whose deadline has come. */
  expire(now: number): number {
    let n = 0;
    for (let w = this.heap.peek(); w !== null && w.deadline! <= now; w = this.heap.peek()) {
      this.timeOut(w);
      n++;
    }
    return n;
  }

  /** mailbox.rule.TIMEOUT_EXPIRY for one pending wait. */
  timeOut(w: Wait): void {
    const d = w.d!;
    const sender = w.op === "send";
    this.complete(w, MbxStatus.TIMEOUT, 0, 0, 0, 0);
    // A sender that leaves the head of the queue may let the next one in.
    if (sender) this.pump(d);
  }
}
