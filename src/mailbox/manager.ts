// The reference mailbox manager: the one API the executive (SVC layer) and the
// conformance adapter drive. It knows nothing of the VM, threads or guest memory:
// every call names its pid, time comes from the injected clock, and a call that has
// to wait returns MBX_PENDING and finishes later as a Completion. See README.md.
//
// Every call validates all of its arguments before it changes anything, so invalid
// input returns its status and leaves the manager as it was (RULINGS general rule 4).
import { MAILBOX, MbxFn, MbxMode, MbxNamespace, MbxStatus, PROFILES, type ProfileInfo } from "../../generated/ts/index.js";
import type { MailboxSnapshot } from "../../generated/ts/types/mailbox-snapshot.js";
import type { MailboxStats } from "../../generated/ts/types/mailbox-stats.js";
import { Core } from "./core.js";
import type { Descriptor, Handle, PidState } from "./descriptor.js";
import { EventSink } from "./events.js";
import { catchUp, cursorOffset, reclaim, remapCursors, resetCursors } from "./fanout.js";
import { Quotas } from "./quotas.js";
import { Registry } from "./registry.js";
import { buildSnapshot, buildStats } from "./stats.js";
import { TapBuffer } from "./taps.js";
import { TargetResolver } from "./target.js";
import { MBX_PENDING, type CallOutputs, type CallStatus, type Clock, type Completion, type MailboxManagerOptions, type WaitInfo } from "./types.js";
import type { Wait } from "./waits.js";
import { BufferPool, ZC_FN_NONE } from "./zerocopy.js";

const HDR = MAILBOX.MSG_HEADER_BYTES;
/** Mode bits BIND accepts (mailbox.rule.BIND: only assigned bits). */
const MODE_ASSIGNED = Object.values(MbxMode).reduce((a, b) => a | b, 0);

function isU16(x: unknown): x is number {
  return typeof x === "number" && (x & 0xffff) === x;
}

/** A non-negative integer usable as a buffer index or length. */
function isIndex(x: unknown): x is number {
  return typeof x === "number" && x >>> 0 === x;
}

export class MailboxManager {
  /** Outputs of the last call (fast path); see CallOutputs. */
  readonly out: CallOutputs = {
    handle: 0,
    descriptor: 0,
    length: 0,
    flags: 0,
    channel: 0,
    srcPid: 0,
    depth: 0,
    bytesUsed: 0,
    nextLen: 0,
    waitId: 0,
    buffer: 0,
  };
  readonly profile: ProfileInfo;
  private readonly clock: Clock;
  private readonly sink: EventSink;
  private readonly quotas: Quotas;
  private readonly core: Core;
  private readonly registry: Registry;
  private readonly targets = new TargetResolver();
  private readonly zc: BufferPool;

  constructor(options: MailboxManagerOptions) {
    const profile = PROFILES[options.profile];
    if (profile === undefined) throw new RangeError(`unknown mailbox profile ${String(options.profile)}`);
    this.profile = profile;
    this.clock = options.clock;
    this.sink = new EventSink(options.onEvent);
    this.quotas = new Quotas(profile, this.sink);
    this.core = new Core(this.sink, this.quotas, this.clock);
    this.registry = new Registry(this.quotas, this.core.pids);
    this.zc = new BufferPool(profile.limits.zc_buffers, profile.limits.zc_buffer_bytes, this.sink);
  }

  // ------------------------------------------------------------------ OPEN / BIND

  /**
   * OPEN: a handle on the target's descriptor, creating it with the profile default
   * capacity and mode 0 if missing (mailbox.rule.OPEN_CREATES). out.handle.
   */
  open(pid: number, target: string, flags: number): MbxStatus {
    if (!isU16(pid)) return this.fail(pid, MbxFn.OPEN, MbxStatus.INVALID_ARGUMENT, null, "pid out of range");
    if (!isU16(flags)) return this.fail(pid, MbxFn.OPEN, MbxStatus.INVALID_ARGUMENT, null, "flags out of range");
    const t = this.targets;
    if (!t.resolve(pid, target)) return this.fail(pid, MbxFn.OPEN, MbxStatus.INVALID_TARGET, null, "malformed target");
    // mailbox.rule.ACCESS: flags & 3 give the access, 0 meaning RDWR; other bits are ignored.
    let access = flags & MAILBOX.OPEN_ACCESS_MASK;
    if (t.ns === MbxNamespace.PID && t.owner !== pid && pid !== 0) {
      // mailbox.rule.PID_ISOLATION: others may only write to pid:N.
      if (access === 0) access = MbxMode.WRONLY;
      else if ((access & MbxMode.RDONLY) !== 0) return this.fail(pid, MbxFn.OPEN, MbxStatus.ACCESS_DENIED, null, "read access to another task's pid: inbox");
    }
    if (access === 0) access = MbxMode.RDWR;
    const ps = this.core.pids[pid];
    if (!this.quotas.canOpen(pid, ps?.handles.size ?? 0)) return this.fail(pid, MbxFn.OPEN, MbxStatus.HANDLE_QUOTA, null, "handle quota exhausted");
    let d = this.registry.byTarget.get(t.key);
    if (d === undefined) {
      const created = this.registry.create(pid, t, this.quotas.defaultCapacity, 0);
      if (created === null) return this.fail(pid, MbxFn.OPEN, MbxStatus.NO_DESCRIPTOR, null, "descriptor or name pool exhausted");
      d = created;
    }
    const h = this.registry.openHandle(ps ?? this.registry.pidState(pid), d, (access & MbxMode.RDONLY) !== 0, (access & MbxMode.WRONLY) !== 0);
    // A new fan-out reader has consumed everything queued (cursor next_seq - 1), so
    // messages no other reader holds are reclaimed (mailbox.rule.FANOUT_RECLAIM).
    if (d.fanout && h.isReader) this.reclaimAndPump(d);
    this.out.handle = h.id;
    return MbxStatus.OK;
  }

  /**
   * BIND: create or reconfigure the target's descriptor; the caller becomes a holder
   * (mailbox.rule.BIND, mailbox.rule.BIND_RECONFIGURE). out.descriptor.
   */
  bind(pid: number, target: string, capacity: number, mode: number): MbxStatus {
    if (!isU16(pid)) return this.fail(pid, MbxFn.BIND, MbxStatus.INVALID_ARGUMENT, null, "pid out of range");
    const t = this.targets;
    if (!t.resolve(pid, target)) return this.fail(pid, MbxFn.BIND, MbxStatus.INVALID_TARGET, null, "malformed target");
    if (t.ns === MbxNamespace.PID && t.owner !== pid && pid !== 0) {
      return this.fail(pid, MbxFn.BIND, MbxStatus.ACCESS_DENIED, null, "bind of another task's pid: inbox");
    }
    if (!isU16(capacity) || (capacity !== 0 && (capacity < HDR || capacity > this.quotas.maxCapacity))) {
      return this.fail(pid, MbxFn.BIND, MbxStatus.INVALID_ARGUMENT, null, "capacity out of range");
    }
    if (!isU16(mode) || (mode & ~MODE_ASSIGNED) !== 0) return this.fail(pid, MbxFn.BIND, MbxStatus.INVALID_ARGUMENT, null, "unassigned mode bits");
    let d = this.registry.byTarget.get(t.key);
    if (d === undefined) {
      const created = this.registry.create(pid, t, capacity === 0 ? this.quotas.defaultCapacity : capacity, mode);
      if (created === null) return this.fail(pid, MbxFn.BIND, MbxStatus.NO_DESCRIPTOR, null, "descriptor or name pool exhausted");
      this.registry.hold(this.registry.pidState(pid), created);
      d = created;
    } else {
      // mailbox.rule.BIND_RECONFIGURE: never below bytes_used, never discarding messages.
      if (capacity !== 0 && capacity < d.ring.used) return this.fail(pid, MbxFn.BIND, MbxStatus.INVALID_ARGUMENT, null, "capacity below bytes in use");
      this.registry.hold(this.registry.pidState(pid), d);
      this.reconfigure(d, capacity, mode);
    }
    this.out.descriptor = d.id;
    return MbxStatus.OK;
  }

  private reconfigure(d: Descriptor, capacity: number, mode: number): void {
    let changed = false;
    if (capacity !== 0 && capacity !== d.ring.cap) {
      const oldCap = d.ring.cap;
      remapCursors(d, d.ring.resize(capacity), oldCap);
      for (const t of d.taps) this.quotas.tapDrops += t.tap!.resize(this.sink, t.pid, t.id, d.id, capacity);
      changed = true;
    }
    // Re-binding with the mode it already has changes nothing (R-MBX-REBIND).
    if (mode !== 0 && mode !== d.mode) {
      const wasFanout = d.fanout;
      d.setMode(mode);
      if (!wasFanout && d.fanout) resetCursors(d);
      changed = true;
    }
    if (changed) this.reclaimAndPump(d);
  }

  // ------------------------------------------------------------------ SEND / RECV

  /**
   * SEND `length` bytes of src from offset. OK (out.length), WOULDBLOCK, or with a
   * timeout MBX_PENDING (out.waitId) while it waits for room (mailbox.rule.SEND_WAIT).
   */
  send(pid: number, handle: number, src: Uint8Array, offset: number, length: number, flags: number, channel: number, timeoutMs: number): CallStatus {
    if (!isU16(pid)) return this.fail(pid, MbxFn.SEND, MbxStatus.INVALID_ARGUMENT, handle, "pid out of range");
    const ps = this.core.pids[pid];
    const h = ps?.find(handle);
    if (h === undefined) return this.fail(pid, MbxFn.SEND, MbxStatus.INVALID_HANDLE, handle, "handle is not open");
    if (!h.canWrite) return this.fail(pid, MbxFn.SEND, MbxStatus.ACCESS_DENIED, handle, "handle has no write access");
    if (!(src instanceof Uint8Array) || !isIndex(offset) || !isIndex(length) || offset + length > src.length) {
      return this.fail(pid, MbxFn.SEND, MbxStatus.INVALID_ARGUMENT, handle, "payload outside the source buffer");
    }
    if (!isU16(flags) || !isU16(channel) || !isU16(timeoutMs)) {
      return this.fail(pid, MbxFn.SEND, MbxStatus.INVALID_ARGUMENT, handle, "flags, channel or timeout out of range");
    }
    const d = h.desc;
    const cost = length + HDR;
    // mailbox.rule.CAPACITY: too large whatever the occupancy.
    if (cost > d.ring.cap) return this.fail(pid, MbxFn.SEND, MbxStatus.MSG_TOO_LARGE, handle, "length + 8 exceeds the capacity");
    const out = this.out;
    if (length === 0) {
      // mailbox.rule.ZERO_LENGTH: a wake hint, never queued.
      if (this.sink.active) this.sink.send(pid, d.id, h.id, 0, flags, channel);
      if (d.waits.recvCount > 0) this.core.hint(d, pid, flags, channel);
      this.core.sent(h);
      if (d.waits.head !== null) this.core.pump(d);
      out.length = 0;
      return MbxStatus.OK;
    }
    if (d.fanout && !d.block) {
      this.core.makeRoom(d, cost); // mailbox.rule.FANOUT_DROP
    } else if (d.waits.sendCount > 0 || !d.ring.fits(cost)) {
      // Full, or others already wait for room: FIFO admission lets nobody overtake them.
      return this.sendBlocked(ps!, h, src, offset, length, flags, channel, timeoutMs);
    }
    this.core.enqueue(d, pid, h.id, src, offset, length, flags, channel);
    this.core.sent(h);
    if (d.waits.head !== null) this.core.pump(d);
    out.length = length;
    return MbxStatus.OK;
  }

  /** mailbox.rule.SINGLE_READER / FANOUT_BLOCK: WOULDBLOCK at once, or wait with a timeout. */
  private sendBlocked(ps: PidState, h: Handle, src: Uint8Array, offset: number, length: number, flags: number, channel: number, timeoutMs: number): CallStatus {
    const d = h.desc;
    if (timeoutMs === MAILBOX.TIMEOUT_POLL) {
      if (this.sink.active) {
        this.sink.backpressure(h.pid, d.id, d.fanout ? "fanout_block" : "single", d.ring.cap, d.ring.used, length + HDR, null, null, null);
      }
      this.clear();
      return MbxStatus.WOULDBLOCK;
    }
    if (ps.wait !== null) return this.fail(h.pid, MbxFn.SEND, MbxStatus.INVALID_ARGUMENT, h.id, "a wait is already pending");
    const w = this.core.addWait(ps, h, "send", timeoutMs);
    w.payload = src.slice(offset, offset + length);
    w.flags = flags;
    w.channel = channel;
    return this.pending(w);
  }

  /**
   * RECV into dst[dstOffset ..] at most maxLen bytes (mailbox.rule.RECV). OK with
   * out.length/flags/channel/srcPid, NO_DATA, or MBX_PENDING (out.waitId): the payload
   * is then written into this same dst when the wait completes.
   */
  recv(pid: number, handle: number, dst: Uint8Array, dstOffset: number, maxLen: number, timeoutMs: number): CallStatus {
    if (!isU16(pid)) return this.fail(pid, MbxFn.RECV, MbxStatus.INVALID_ARGUMENT, handle, "pid out of range");
    const ps = this.core.pids[pid];
    const h = ps?.find(handle);
    if (h === undefined) return this.fail(pid, MbxFn.RECV, MbxStatus.INVALID_HANDLE, handle, "handle is not open");
    if (!h.canRead) return this.fail(pid, MbxFn.RECV, MbxStatus.ACCESS_DENIED, handle, "handle has no read access");
    if (!(dst instanceof Uint8Array) || !isIndex(dstOffset) || !isIndex(maxLen) || dstOffset + maxLen > dst.length || !isU16(timeoutMs)) {
      return this.fail(pid, MbxFn.RECV, MbxStatus.INVALID_ARGUMENT, handle, "buffer or timeout out of range");
    }
    const core = this.core;
    if (core.take(h, dst, dstOffset, maxLen)) {
      const out = this.out;
      out.length = core.rLen;
      out.flags = core.rFlags;
      out.channel = core.rChan;
      out.srcPid = core.rSrc;
      const d = h.desc;
      if (this.sink.active) this.sink.recv(pid, d.id, h.id, core.rLen, core.rFlags, core.rChan, core.rSrc);
      if (d.waits.sendCount > 0) core.pump(d);
      return MbxStatus.OK;
    }
    if (timeoutMs === MAILBOX.TIMEOUT_POLL) {
      this.clear();
      return MbxStatus.NO_DATA;
    }
    if (ps!.wait !== null) return this.fail(pid, MbxFn.RECV, MbxStatus.INVALID_ARGUMENT, handle, "a wait is already pending");
    const w = core.addWait(ps!, h, "recv", timeoutMs);
    w.dst = dst;
    w.dstOff = dstOffset;
    w.maxLen = maxLen;
    return this.pending(w);
  }

  // ------------------------------------------------------------------ PEEK / TAP / CLOSE

  /** PEEK (mailbox.rule.PEEK): out.depth, out.bytesUsed, out.nextLen. */
  peek(pid: number, handle: number): MbxStatus {
    if (!isU16(pid)) return this.fail(pid, MbxFn.PEEK, MbxStatus.INVALID_ARGUMENT, handle, "pid out of range");
    const h = this.core.pids[pid]?.find(handle);
    if (h === undefined) return this.fail(pid, MbxFn.PEEK, MbxStatus.INVALID_HANDLE, handle, "handle is not open");
    const ring = h.tap !== null ? h.tap.ring : h.desc.ring;
    let next = -1;
    if (h.tap !== null || !h.desc.fanout) next = ring.count > 0 ? ring.head : -1;
    else next = cursorOffset(h.desc, h);
    // SPEC-GAP: a write-only handle would receive nothing, so its next_len is 0.
    if (!h.canRead) next = -1;
    const out = this.out;
    out.depth = ring.count;
    out.bytesUsed = ring.used;
    if (next < 0) {
      out.nextLen = 0;
    } else {
      ring.load(next);
      out.nextLen = ring.hLen;
    }
    return MbxStatus.OK;
  }

  /** TAP: bit 0 of enable (or a boolean) switches the handle to a tap or back (mailbox.rule.TAPS). */
  tap(pid: number, handle: number, enable: boolean | number): MbxStatus {
    if (!isU16(pid)) return this.fail(pid, MbxFn.TAP, MbxStatus.INVALID_ARGUMENT, handle, "pid out of range");
    const h = this.core.pids[pid]?.find(handle);
    if (h === undefined) return this.fail(pid, MbxFn.TAP, MbxStatus.INVALID_HANDLE, handle, "handle is not open");
    if (!h.canRead) return this.fail(pid, MbxFn.TAP, MbxStatus.ACCESS_DENIED, handle, "handle has no read access");
    let on: boolean;
    if (typeof enable === "boolean") on = enable;
    else if (isU16(enable)) on = (enable & 1) === 1;
    else return this.fail(pid, MbxFn.TAP, MbxStatus.INVALID_ARGUMENT, handle, "enable out of range");
    const d = h.desc;
    if (on && h.tap === null) {
      if (!this.quotas.canTap(pid)) return this.fail(pid, MbxFn.TAP, MbxStatus.TAP_LIMIT, handle, "tap pool exhausted");
      const wasReader = h.isReader;
      h.tap = new TapBuffer(d.ring.cap);
      d.addTap(h);
      this.quotas.taps++;
      h.overrun = false;
      // It stops being a reader and so stops holding fan-out messages.
      if (d.fanout && wasReader) this.reclaimAndPump(d);
    } else if (!on && h.tap !== null) {
      // SPEC-GAP: a tap switched off is a reader again from next_seq - 1, as if just
      // opened; a receive it has pending becomes a regular one.
      // mailbox.rule.TAPS: a regular handle again, a fan-out reader from next_seq - 1;
      // as the only reader it has consumed everything queued (mailbox.rule.FANOUT_RECLAIM).
      this.registry.dropTap(h);
      h.sent = false;
      catchUp(d, h);
      this.reclaimAndPump(d);
    }
    return MbxStatus.OK;
  }

  /** CLOSE (mailbox.rule.CLOSE); the descriptor goes when nothing keeps it (mailbox.rule.LIFETIME). */
  close(pid: number, handle: number): MbxStatus {
    if (!isU16(pid)) return this.fail(pid, MbxFn.CLOSE, MbxStatus.INVALID_ARGUMENT, handle, "pid out of range");
    const ps = this.core.pids[pid];
    const h = ps?.find(handle);
    if (h === undefined) return this.fail(pid, MbxFn.CLOSE, MbxStatus.INVALID_HANDLE, handle, "handle is not open");
    // SPEC-GAP: a wait pending on the handle completes with INVALID_HANDLE (its
    // handle is gone; a waiting sender's message is discarded).
    if (h.wait !== null) this.core.complete(h.wait, MbxStatus.INVALID_HANDLE, 0, 0, 0, 0);
    const d = h.desc;
    this.registry.closeHandle(ps!, h);
    if (!this.registry.freeIfUnused(d)) this.reclaimAndPump(d);
    return MbxStatus.OK;
  }

  /**
   * A task ended (mailbox.rule.TASK_EXIT): its wait goes, its handles close, its holds
   * drop and whatever nothing else keeps is freed. Completions of the pid the driver
   * has not drained yet are discarded. Never fails; an unknown pid is a no-op.
   */
  taskExit(pid: number): void {
    if (!isU16(pid)) return;
    this.zc.releasePid(pid); // mailbox.rule.ZERO_COPY: every buffer it holds
    const core = this.core;
    const ps = core.pids[pid];
    if (ps === undefined) return;
    if (ps.wait !== null) core.cancel(ps.wait);
    core.completions.dropPid(pid, (w) => core.pool.release(w));
    const touched = new Set<Descriptor>();
    for (const h of [...ps.handles.values()]) {
      touched.add(h.desc);
      this.registry.closeHandle(ps, h);
    }
    for (const d of ps.holds) {
      d.removeHolder(pid);
      touched.add(d);
    }
    // The pid's handle counter lives on (mailbox.rule.CLOSE: never reset, not by taskExit).
    ps.holds.clear();
    for (const d of [...touched].sort((a, b) => a.id - b.id)) {
      if (!this.registry.freeIfUnused(d)) this.reclaimAndPump(d);
    }
  }

  // ------------------------------------------------------------------ zero-copy (mailbox.rule.ZERO_COPY)

  /**
   * acquire: give pid a buffer of zc_buffer_bytes (zeroed) for at least `size` bytes.
   * OK with out.buffer; INVALID_ARGUMENT when size exceeds zc_buffer_bytes; NO_BUFFER
   * (after mailbox_exhausted reason buffer_pool_full) when the pool is empty.
   */
  zcAcquire(pid: number, size: number): MbxStatus {
    if (!isU16(pid)) return this.fail(pid, ZC_FN_NONE, MbxStatus.INVALID_ARGUMENT, null, "pid out of range");
    const zc = this.zc;
    if (!isIndex(size) || size > zc.bufferBytes) return this.fail(pid, ZC_FN_NONE, MbxStatus.INVALID_ARGUMENT, null, "size exceeds zc_buffer_bytes");
    const b = zc.acquire(pid);
    if (b === null) return this.fail(pid, ZC_FN_NONE, MbxStatus.NO_BUFFER, null, "zero-copy buffer pool exhausted");
    this.clear();
    this.out.buffer = b.id;
    return MbxStatus.OK;
  }

  /**
   * The memory of a buffer pid holds (the task writes its message there and reads what
   * it received), or null when it holds no such buffer. Not a mailbox call: no events.
   */
  zcBytes(pid: number, buffer: number): Uint8Array | null {
    return isU16(pid) ? (this.zc.held(pid, buffer)?.bytes ?? null) : null;
  }

  /**
   * send_buffer: queue the first `length` bytes of a buffer pid holds without copying
   * them, exactly as send() with timeout 0 would (same checks in the same order, same
   * statuses, cost length + 8, events, fan-out drops and tap copies; out.length). On OK
   * the buffer belongs to the queue until every reader has consumed or lost the
   * message; on any other status it stays with the pid.
   */
  zcSend(pid: number, handle: number, buffer: number, length: number, flags: number, channel: number): MbxStatus {
    if (!isU16(pid)) return this.fail(pid, MbxFn.SEND, MbxStatus.INVALID_ARGUMENT, handle, "pid out of range");
    const h = this.core.pids[pid]?.find(handle);
    if (h === undefined) return this.fail(pid, MbxFn.SEND, MbxStatus.INVALID_HANDLE, handle, "handle is not open");
    if (!h.canWrite) return this.fail(pid, MbxFn.SEND, MbxStatus.ACCESS_DENIED, handle, "handle has no write access");
    const b = this.zc.held(pid, buffer);
    if (b === null || !isIndex(length) || length > this.zc.bufferBytes) {
      return this.fail(pid, MbxFn.SEND, MbxStatus.INVALID_ARGUMENT, handle, "buffer not held by the pid, or length beyond it");
    }
    if (!isU16(flags) || !isU16(channel)) return this.fail(pid, MbxFn.SEND, MbxStatus.INVALID_ARGUMENT, handle, "flags or channel out of range");
    const d = h.desc;
    const cost = length + HDR;
    // mailbox.rule.CAPACITY
    if (cost > d.ring.cap) return this.fail(pid, MbxFn.SEND, MbxStatus.MSG_TOO_LARGE, handle, "length + 8 exceeds the capacity");
    const core = this.core;
    if (length === 0) {
      // mailbox.rule.ZERO_LENGTH: a hint is never queued, so no reader holds the
      // buffer: it goes back to the pool at once (SPEC-GAP, see README).
      if (this.sink.active) this.sink.send(pid, d.id, h.id, 0, flags, channel);
      if (d.waits.recvCount > 0) core.hint(d, pid, flags, channel);
      core.sent(h);
      if (d.waits.head !== null) core.pump(d);
      this.zc.release(b);
      this.clear();
      return MbxStatus.OK;
    }
    if (d.fanout && !d.block) {
      core.makeRoom(d, cost); // mailbox.rule.FANOUT_DROP
    } else if (d.waits.sendCount > 0 || !d.ring.fits(cost)) {
      // As a send with timeout 0: WOULDBLOCK (mailbox.rule.SINGLE_READER, FANOUT_BLOCK, SEND_WAIT).
      if (this.sink.active) this.sink.backpressure(pid, d.id, d.fanout ? "fanout_block" : "single", d.ring.cap, d.ring.used, cost, null, null, null);
      this.clear();
      return MbxStatus.WOULDBLOCK;
    }
    core.enqueueBuffer(d, pid, h.id, b, length, flags, channel);
    core.sent(h);
    if (d.waits.head !== null) core.pump(d);
    this.clear();
    this.out.length = length;
    return MbxStatus.OK;
  }

  /**
   * recv_buffer: take the next message as recv() with timeout 0 would, never waiting
   * (NO_DATA when there is none). A message send_buffer queued on a single-reader
   * descriptor hands its very buffer over; any other message is copied into a new
   * buffer, min(length, zc_buffer_bytes) bytes, or, with none free, NO_BUFFER (after
   * mailbox_exhausted) and the message stays queued. OK with out.buffer, out.length,
   * out.flags, out.channel, out.srcPid.
   */
  zcRecv(pid: number, handle: number): MbxStatus {
    if (!isU16(pid)) return this.fail(pid, MbxFn.RECV, MbxStatus.INVALID_ARGUMENT, handle, "pid out of range");
    const h = this.core.pids[pid]?.find(handle);
    if (h === undefined) return this.fail(pid, MbxFn.RECV, MbxStatus.INVALID_HANDLE, handle, "handle is not open");
    if (!h.canRead) return this.fail(pid, MbxFn.RECV, MbxStatus.ACCESS_DENIED, handle, "handle has no read access");
    const core = this.core;
    if (!core.hasData(h)) {
      this.clear();
      return MbxStatus.NO_DATA; // mailbox.rule.RECV: no event
    }
    let b = core.handover(h);
    if (b !== null) {
      core.takeHandover(h);
      this.zc.give(b, pid);
    } else {
      b = this.zc.acquire(pid);
      if (b === null) return this.fail(pid, MbxFn.RECV, MbxStatus.NO_BUFFER, handle, "zero-copy buffer pool exhausted");
      const bytes = b.bytes;
      core.take(h, bytes, 0, bytes.length);
    }
    const d = h.desc;
    if (this.sink.active) this.sink.recv(pid, d.id, h.id, core.rLen, core.rFlags, core.rChan, core.rSrc);
    // Outputs before pump(): waking others reuses core.r*.
    const out = this.out;
    this.clear();
    out.buffer = b.id;
    out.length = core.rLen;
    out.flags = core.rFlags;
    out.channel = core.rChan;
    out.srcPid = core.rSrc;
    if (d.waits.sendCount > 0) core.pump(d);
    return MbxStatus.OK;
  }

  /** release: return a buffer pid holds to the pool; any other buffer is INVALID_ARGUMENT. */
  zcRelease(pid: number, buffer: number): MbxStatus {
    if (!isU16(pid)) return this.fail(pid, ZC_FN_NONE, MbxStatus.INVALID_ARGUMENT, null, "pid out of range");
    const b = this.zc.held(pid, buffer);
    if (b === null) return this.fail(pid, ZC_FN_NONE, MbxStatus.INVALID_ARGUMENT, null, "buffer not held by the pid");
    this.zc.release(b);
    this.clear();
    return MbxStatus.OK;
  }

  /** Zero-copy buffers pid holds (not those its queued messages pin). */
  zcHeld(pid: number): number {
    return isU16(pid) ? this.zc.heldBy(pid) : 0;
  }

  /** Zero-copy buffers pinned by queued messages. */
  get zcQueued(): number {
    return this.zc.queued;
  }

  // ------------------------------------------------------------------ time and completions

  /** Time out every wait whose deadline has come (clock.now() >= deadline). Returns how many. */
  expire(): number {
    return this.core.heap.size === 0 ? 0 : this.core.expire(this.clock.now());
  }

  /**
   * Time out pid's pending wait if its deadline has come; true when it did. For a
   * driver that orders mailbox deadlines among timers of its own
   * (executive.rule.TIMERS), where expire() would take every due wait at once.
   */
  expireWaitOf(pid: number): boolean {
    const w = isU16(pid) ? this.core.pids[pid]?.wait : undefined;
    if (w === undefined || w === null || w.deadline === null || w.deadline > this.clock.now()) return false;
    this.core.timeOut(w);
    return true;
  }

  /** Earliest deadline of a pending wait (µs), or null; infinite waits have none. */
  nextDeadline(): number | null {
    return this.core.heap.peek()?.deadline ?? null;
  }

  /** The pid's pending wait, or null. */
  waitOf(pid: number): WaitInfo | null {
    const w = isU16(pid) ? this.core.pids[pid]?.wait : undefined;
    if (w === undefined || w === null) return null;
    return { waitId: w.waitId, pid: w.pid, handle: w.handle, descriptor: w.descriptor, op: w.op, timeoutMs: w.timeoutMs, deadline: w.deadline };
  }

  /** Completed waits not yet taken. */
  get completionCount(): number {
    return this.core.completions.size;
  }

  /** Take every completed wait, in completion order. */
  takeCompletions(): Completion[] {
    const list: Completion[] = [];
    this.drainCompletions((c) => {
      list.push({ waitId: c.waitId, pid: c.pid, handle: c.handle, descriptor: c.descriptor, op: c.op, status: c.status, length: c.length, flags: c.flags, channel: c.channel, srcPid: c.srcPid });
    });
    return list;
  }

  /**
   * Allocation-free takeCompletions: visit each completed wait in order. The record is
   * reused after visit returns; copy what you need.
   */
  drainCompletions(visit: (c: Readonly<Completion>) => void): number {
    const core = this.core;
    let n = 0;
    for (let w = core.completions.shift(); w !== null; w = core.completions.shift()) {
      n++;
      try {
        visit(w);
      } finally {
        core.pool.release(w);
      }
    }
    return n;
  }

  // ------------------------------------------------------------------ monitoring

  stats(): MailboxStats {
    return buildStats(this.profile, this.quotas, this.zc, this.registry.byId.values(), this.core.waitCount);
  }

  snapshot(): MailboxSnapshot {
    return buildSnapshot(this.registry.byId.values());
  }

  // ------------------------------------------------------------------ helpers

  /** Fan-out reclamation after the reader set changed, then hand freed room on. */
  private reclaimAndPump(d: Descriptor): void {
    if (d.fanout) reclaim(d);
    if (d.waits.head !== null) this.core.pump(d);
  }

  private pending(w: Wait): CallStatus {
    this.clear();
    this.out.waitId = w.waitId;
    return MBX_PENDING;
  }

  private clear(): void {
    const out = this.out;
    out.handle = out.descriptor = out.length = out.flags = out.channel = out.srcPid = 0;
    out.depth = out.bytesUsed = out.nextLen = out.waitId = out.buffer = 0;
  }

  /** An error status: mailbox_error (mailbox.rule.EVENTS) and zeroed outputs. */
  private fail(pid: number, fn: number, status: MbxStatus, handle: number | null, detail: string): MbxStatus {
    if (this.sink.active) this.sink.error(pid, fn, status, handle, detail);
    this.clear();
    return status;
  }
}
