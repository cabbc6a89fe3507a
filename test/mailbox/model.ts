// A small executable model of spec/mailbox.yaml for model-based tests: arrays of
// message objects, linear scans, no rings, offsets, caches or pools. It covers the
// targets the commands use (app:/shared: names and pid:N) and valid argument types;
// bad input has its own property tests. It follows the manager's SPEC-GAP choices.
// Zero-copy buffers (mailbox.rule.ZERO_COPY) are a map of ids out of the pool, each
// held by a pid or pinned by the queued message that names it.
import { MAILBOX, MbxFlag, MbxMode, MbxStatus, PROFILES, type ProfileName } from "../../generated/ts/index.js";

const HDR = MAILBOX.MSG_HEADER_BYTES;
const PENDING = -1;

interface Msg {
  seq: number;
  len: number;
  flags: number;
  src: number;
  ch: number;
  data: number[];
  /** The zero-copy buffer this queued message pins, or null. */
  buf: number | null;
}

interface Buf {
  /** Holding pid, or null while a queued message pins it. */
  pid: number | null;
  data: number[];
}

interface Tap {
  cap: number;
  copies: Msg[];
  drops: number;
  gap: boolean;
  windowStart: number;
  windowCount: number;
}

interface H {
  pid: number;
  id: number;
  desc: D;
  read: boolean;
  write: boolean;
  tap: Tap | null;
  sent: boolean;
  lastSeq: number;
  overrun: boolean;
}

interface W {
  waitId: number;
  pid: number;
  h: H;
  op: "recv" | "send";
  deadline: number | null;
  maxLen: number;
  msg: Msg | null;
}

interface D {
  id: number;
  target: string;
  nameCost: number;
  owner: number | null;
  cap: number;
  mode: number;
  msgs: Msg[];
  nextSeq: number;
  highWater: number;
  handles: H[];
  holders: number[];
  waits: W[];
  taps: H[];
}

export interface ModelCompletion {
  waitId: number;
  pid: number;
  handle: number;
  descriptor: number;
  op: "recv" | "send";
  status: number;
  length: number;
  flags: number;
  channel: number;
  srcPid: number;
  data: number[];
}

export interface ZcRecvOut {
  status: number;
  buffer: number;
  length: number;
  flags: number;
  channel: number;
  srcPid: number;
  /** The whole buffer. */
  data: number[];
}

export interface RecvOut {
  status: number;
  waitId: number;
  length: number;
  flags: number;
  channel: number;
  srcPid: number;
  data: number[];
}

const fanout = (d: D): boolean => (d.mode & MbxMode.FANOUT) !== 0;
const blocking = (d: D): boolean => (d.mode & MbxMode.FANOUT_BLOCK) !== 0;
const used = (msgs: readonly Msg[]): number => msgs.reduce((a, m) => a + m.len + HDR, 0);
const headSeq = (d: D): number => d.nextSeq - d.msgs.length;
const isReader = (h: H): boolean => h.read && h.tap === null && !h.sent;

export class MailboxModel {
  readonly limits;
  descs: D[] = [];
  pids = new Map<number, { handles: H[]; next: number; wait: W | null; holds: D[] }>();
  completions: ModelCompletion[] = [];
  handles = 0;
  taps = 0;
  tapDrops = 0;
  nameBytes = 0;
  /** The clock (µs), set by the harness before each call. */
  now = 0;
  /** Buffers out of the pool, by id. */
  bufs = new Map<number, Buf>();
  private nextBuf = 1;
  private nextDesc = 1;
  private nextWait = 1;

  constructor(profile: ProfileName) {
    this.limits = PROFILES[profile].limits;
  }

  private ps(pid: number) {
    let p = this.pids.get(pid);
    if (p === undefined) this.pids.set(pid, (p = { handles: [], next: 1, wait: null, holds: [] }));
    return p;
  }

  /** Open handle ids of a pid, in opening order (for command generation). */
  handleIds(pid: number): number[] {
    return this.pids.get(pid)?.handles.map((h) => h.id) ?? [];
  }

  private find(pid: number, id: number): H | undefined {
    return this.pids.get(pid)?.handles.find((h) => h.id === id);
  }

  /** Targets the commands use: app:NAME, shared:NAME, pid:N. */
  private parse(target: string): { target: string; nameCost: number; owner: number | null } {
    if (target.startsWith("pid:")) return { target, nameCost: 0, owner: Number(target.slice(4)) };
    return { target, nameCost: target.slice(target.indexOf(":") + 1).length + 1, owner: null };
  }

  private create(t: { target: string; nameCost: number; owner: number | null }, cap: number, mode: number): D | null {
    if (this.descs.length >= this.limits.max_descriptors) return null;
    if (this.nameBytes + t.nameCost > this.limits.name_pool_bytes) return null;
    let id = this.nextDesc;
    while (this.descs.some((d) => d.id === id)) id++;
    this.nextDesc = id + 1;
    const d: D = { id, ...t, cap, mode, msgs: [], nextSeq: 0, highWater: 0, handles: [], holders: [], waits: [], taps: [] };
    this.descs.push(d);
    this.nameBytes += t.nameCost;
    return d;
  }

  open(pid: number, target: string, flags: number): { status: number; handle: number } {
    const t = this.parse(target);
    let access = flags & 3;
    if (t.owner !== null && t.owner !== pid && pid !== 0) {
      if (access === 0) access = MbxMode.WRONLY;
      else if (access & MbxMode.RDONLY) return { status: MbxStatus.ACCESS_DENIED, handle: 0 };
    }
    if (access === 0) access = MbxMode.RDWR;
    const mine = this.pids.get(pid)?.handles.length ?? 0;
    if (mine >= this.limits.handles_per_pid || this.handles >= this.limits.max_handles) return { status: MbxStatus.HANDLE_QUOTA, handle: 0 };
    const d = this.descs.find((x) => x.target === t.target) ?? this.create(t, this.limits.default_capacity, 0);
    if (d === null) return { status: MbxStatus.NO_DESCRIPTOR, handle: 0 };
    const p = this.ps(pid);
    let id = p.next;
    while (p.handles.some((h) => h.id === id)) id++;
    p.next = id + 1;
    const h: H = { pid, id, desc: d, read: (access & 1) !== 0, write: (access & 2) !== 0, tap: null, sent: false, lastSeq: d.nextSeq - 1, overrun: false };
    p.handles.push(h);
    d.handles.push(h);
    d.handles.sort((a, b) => a.pid - b.pid || a.id - b.id);
    this.handles++;
    if (fanout(d) && isReader(h)) this.settle(d);
    return { status: MbxStatus.OK, handle: id };
  }

  bind(pid: number, target: string, cap: number, mode: number): { status: number; descriptor: number } {
    const t = this.parse(target);
    if (t.owner !== null && t.owner !== pid && pid !== 0) return { status: MbxStatus.ACCESS_DENIED, descriptor: 0 };
    if (cap !== 0 && (cap < HDR || cap > this.limits.max_capacity)) return { status: MbxStatus.INVALID_ARGUMENT, descriptor: 0 };
    const d = this.descs.find((x) => x.target === t.target);
    if (d === undefined) {
      const c = this.create(t, cap || this.limits.default_capacity, mode);
      if (c === null) return { status: MbxStatus.NO_DESCRIPTOR, descriptor: 0 };
      this.hold(pid, c);
      return { status: MbxStatus.OK, descriptor: c.id };
    }
    if (cap !== 0 && cap < used(d.msgs)) return { status: MbxStatus.INVALID_ARGUMENT, descriptor: 0 };
    this.hold(pid, d);
    let changed = false;
    if (cap !== 0 && cap !== d.cap) {
      d.cap = cap;
      for (const th of d.taps) this.shrinkTap(th.tap!, cap);
      changed = true;
    }
    if (mode !== 0 && mode !== d.mode) {
      const was = fanout(d);
      d.mode = mode;
      if (!was && fanout(d)) for (const h of d.handles) (h.lastSeq = headSeq(d) - 1), (h.overrun = false);
      changed = true;
    }
    if (changed) this.settle(d);
    return { status: MbxStatus.OK, descriptor: d.id };
  }

  private hold(pid: number, d: D): void {
    if (!d.holders.includes(pid)) {
      d.holders.push(pid);
      d.holders.sort((a, b) => a - b);
      this.ps(pid).holds.push(d);
    }
  }

  private shrinkTap(t: Tap, cap: number): void {
    let lost = 0;
    while (used(t.copies) > cap) {
      t.copies.shift();
      lost++;
    }
    if (lost > 0) {
      t.drops += lost;
      this.tapDrops += lost;
      if (t.copies.length > 0) t.copies[0]!.flags |= MbxFlag.OVERRUN;
      else t.gap = true;
    }
    t.cap = cap;
  }

  /** SEND; with `buf`, send_buffer of that buffer's first data.length bytes (timeout 0). */
  send(pid: number, id: number, data: number[], flags: number, ch: number, timeout: number, buf: number | null = null): { status: number; length: number } {
    const h = this.find(pid, id);
    if (h === undefined) return { status: MbxStatus.INVALID_HANDLE, length: 0 };
    if (!h.write) return { status: MbxStatus.ACCESS_DENIED, length: 0 };
    const d = h.desc;
    const cost = data.length + HDR;
    if (cost > d.cap) return { status: MbxStatus.MSG_TOO_LARGE, length: 0 };
    if (data.length === 0) {
      for (const w of [...d.waits]) {
        if (w.op !== "recv" || w.h.tap !== null) continue;
        this.complete(w, MbxStatus.OK, { seq: -1, len: 0, flags, src: pid, ch, data: [], buf: null }, 0);
        if (!fanout(d)) break;
      }
      this.sentBy(h);
      return { status: MbxStatus.OK, length: 0 };
    }
    const msg: Msg = { seq: -1, len: data.length, flags, src: pid, ch, data: [...data], buf };
    if (fanout(d) && !blocking(d)) {
      while (used(d.msgs) + cost > d.cap) this.dropOldest(d);
    } else if (d.waits.some((w) => w.op === "send") || used(d.msgs) + cost > d.cap) {
      if (timeout === 0) return { status: MbxStatus.WOULDBLOCK, length: 0 };
      const p = this.ps(pid);
      if (p.wait !== null) return { status: MbxStatus.INVALID_ARGUMENT, length: 0 };
      this.addWait(h, "send", timeout, 0, msg);
      return { status: PENDING, length: 0 };
    }
    this.enqueue(d, msg);
    this.sentBy(h);
    return { status: MbxStatus.OK, length: data.length };
  }

  /** A successful send: no longer a fan-out reader until it receives a message. */
  private sentBy(h: H): void {
    if (!h.sent) {
      h.sent = true;
      this.reclaim(h.desc);
    }
    this.pump(h.desc);
  }

  private enqueue(d: D, msg: Msg): void {
    const now = this.now;
    msg.seq = d.nextSeq++;
    d.msgs.push(msg);
    if (msg.buf !== null) this.bufs.get(msg.buf)!.pid = null; // pinned by the message
    d.highWater = Math.max(d.highWater, used(d.msgs));
    const limit = this.limits.tap_rate_limit;
    for (const th of d.taps) {
      const t = th.tap!;
      if (limit > 0) {
        if (t.windowStart < 0 || now >= t.windowStart + MAILBOX.TAP_RATE_WINDOW_MS * 1000) (t.windowStart = now), (t.windowCount = 0);
        if (t.windowCount >= limit) {
          t.drops++;
          this.tapDrops++;
          t.gap = true;
          continue;
        }
        t.windowCount++;
      }
      const copy: Msg = { ...msg, data: [...msg.data], buf: null };
      let lost = 0;
      while (used(t.copies) + msg.len + HDR > t.cap) {
        t.copies.shift();
        lost++;
      }
      if (lost > 0) {
        t.drops += lost;
        this.tapDrops += lost;
        if (t.copies.length > 0) t.copies[0]!.flags |= MbxFlag.OVERRUN;
        else copy.flags |= MbxFlag.OVERRUN;
      }
      if (t.gap) (copy.flags |= MbxFlag.OVERRUN), (t.gap = false);
      t.copies.push(copy);
    }
  }

  /** A message left the queue: the buffer it pins returns to the pool. */
  private gone(m: Msg): Msg {
    if (m.buf !== null) this.bufs.delete(m.buf);
    return m;
  }

  private dropOldest(d: D): void {
    const m = this.gone(d.msgs.shift()!);
    for (const h of d.handles) if (isReader(h) && h.lastSeq < m.seq) h.overrun = true;
  }

  private reclaim(d: D): void {
    if (!fanout(d)) return;
    const readers = d.handles.filter(isReader);
    if (readers.length === 0) return;
    const min = Math.min(...readers.map((h) => h.lastSeq));
    while (d.msgs.length > 0 && d.msgs[0]!.seq <= min) this.gone(d.msgs.shift()!);
  }

  /** The next message h would take, without taking it. */
  private next(h: H): Msg | undefined {
    if (h.tap !== null) return h.tap.copies[0];
    const d = h.desc;
    if (!fanout(d)) return d.msgs[0];
    return d.msgs.find((m) => m.seq > h.lastSeq);
  }

  private take(h: H): Msg | undefined {
    if (this.next(h) === undefined) return undefined;
    if (h.sent) {
      h.sent = false;
      this.reclaim(h.desc);
    }
    const m = this.next(h)!;
    if (h.tap !== null) return h.tap.copies.shift();
    const d = h.desc;
    if (!fanout(d)) return this.gone(d.msgs.shift()!);
    const flags = h.overrun ? m.flags | MbxFlag.OVERRUN : m.flags;
    h.overrun = false;
    h.lastSeq = m.seq;
    this.reclaim(d);
    return { ...m, flags };
  }

  recv(pid: number, id: number, maxLen: number, timeout: number): RecvOut {
    const none = (status: number): RecvOut => ({ status, waitId: 0, length: 0, flags: 0, channel: 0, srcPid: 0, data: [] });
    const h = this.find(pid, id);
    if (h === undefined) return none(MbxStatus.INVALID_HANDLE);
    if (!h.read) return none(MbxStatus.ACCESS_DENIED);
    const m = this.take(h);
    if (m !== undefined) {
      const n = Math.min(maxLen, m.len);
      if (h.desc.waits.some((w) => w.op === "send")) this.pump(h.desc);
      return { status: MbxStatus.OK, waitId: 0, length: n, flags: m.flags, channel: m.ch, srcPid: m.src, data: m.data.slice(0, n) };
    }
    if (timeout === 0) return none(MbxStatus.NO_DATA);
    if (this.ps(pid).wait !== null) return none(MbxStatus.INVALID_ARGUMENT);
    const w = this.addWait(h, "recv", timeout, maxLen, null);
    return { ...none(PENDING), waitId: w.waitId };
  }

  private addWait(h: H, op: "recv" | "send", timeout: number, maxLen: number, msg: Msg | null): W {
    const w: W = { waitId: this.nextWait++, pid: h.pid, h, op, deadline: timeout === 0xffff ? null : this.now + timeout * 1000, maxLen, msg };
    h.desc.waits.push(w);
    this.ps(h.pid).wait = w;
    return w;
  }

  private complete(w: W, status: number, m: Msg | null, n: number): void {
    const d = w.h.desc;
    d.waits.splice(d.waits.indexOf(w), 1);
    this.pids.get(w.pid)!.wait = null;
    this.completions.push({
      waitId: w.waitId,
      pid: w.pid,
      handle: w.h.id,
      descriptor: d.id,
      op: w.op,
      status,
      length: n,
      flags: m?.flags ?? 0,
      channel: m?.ch ?? 0,
      srcPid: m?.src ?? 0,
      data: m === null || w.op === "send" ? [] : m.data.slice(0, n),
    });
  }

  /** Reclamation after the reader set changed, then the wake loop. */
  private settle(d: D): void {
    this.reclaim(d);
    this.pump(d);
  }

  private pump(d: D): void {
    for (;;) {
      for (const w of [...d.waits]) {
        if (w.op !== "recv" || w.h.tap !== null || this.next(w.h) === undefined) continue;
        const m = this.take(w.h)!;
        this.complete(w, MbxStatus.OK, m, Math.min(w.maxLen, m.len));
      }
      for (const w of [...d.waits]) {
        if (w.op !== "recv" || w.h.tap === null || w.h.tap.copies.length === 0) continue;
        const m = this.take(w.h)!;
        this.complete(w, MbxStatus.OK, m, Math.min(w.maxLen, m.len));
      }
      const s = d.waits.find((w) => w.op === "send");
      if (s === undefined) return;
      const cost = s.msg!.len + HDR;
      if (cost > d.cap) {
        this.complete(s, MbxStatus.MSG_TOO_LARGE, null, 0);
        continue;
      }
      const drop = fanout(d) && !blocking(d);
      if (!drop && used(d.msgs) + cost > d.cap) return;
      this.complete(s, MbxStatus.OK, s.msg, s.msg!.len);
      if (drop) while (used(d.msgs) + cost > d.cap) this.dropOldest(d);
      this.enqueue(d, { ...s.msg!, data: [...s.msg!.data] });
      if (!s.h.sent) {
        s.h.sent = true;
        this.reclaim(d);
      }
    }
  }

  peek(pid: number, id: number): { status: number; depth: number; bytesUsed: number; nextLen: number } {
    const h = this.find(pid, id);
    if (h === undefined) return { status: MbxStatus.INVALID_HANDLE, depth: 0, bytesUsed: 0, nextLen: 0 };
    const q = h.tap !== null ? h.tap.copies : h.desc.msgs;
    return { status: MbxStatus.OK, depth: q.length, bytesUsed: used(q), nextLen: h.read ? (this.next(h)?.len ?? 0) : 0 };
  }

  tap(pid: number, id: number, on: boolean): number {
    const h = this.find(pid, id);
    if (h === undefined) return MbxStatus.INVALID_HANDLE;
    if (!h.read) return MbxStatus.ACCESS_DENIED;
    const d = h.desc;
    if (on && h.tap === null) {
      if (this.taps >= this.limits.max_taps) return MbxStatus.TAP_LIMIT;
      const wasReader = isReader(h);
      h.tap = { cap: d.cap, copies: [], drops: 0, gap: false, windowStart: -1, windowCount: 0 };
      d.taps.push(h);
      d.taps.sort((a, b) => a.pid - b.pid || a.id - b.id);
      this.taps++;
      h.overrun = false;
      if (fanout(d) && wasReader) this.settle(d);
    } else if (!on && h.tap !== null) {
      d.taps.splice(d.taps.indexOf(h), 1);
      h.tap = null;
      this.taps--;
      h.sent = false;
      h.lastSeq = d.nextSeq - 1;
      h.overrun = false;
      this.settle(d);
    }
    return MbxStatus.OK;
  }

  close(pid: number, id: number): number {
    const h = this.find(pid, id);
    if (h === undefined) return MbxStatus.INVALID_HANDLE;
    const w = h.desc.waits.find((x) => x.h === h);
    if (w !== undefined) this.complete(w, MbxStatus.INVALID_HANDLE, null, 0);
    this.drop(h);
    if (!this.freeIfUnused(h.desc)) this.settle(h.desc);
    return MbxStatus.OK;
  }

  private drop(h: H): void {
    const p = this.pids.get(h.pid)!;
    p.handles.splice(p.handles.indexOf(h), 1);
    h.desc.handles.splice(h.desc.handles.indexOf(h), 1);
    this.handles--;
    if (h.tap !== null) {
      h.desc.taps.splice(h.desc.taps.indexOf(h), 1);
      this.taps--;
    }
  }

  private freeIfUnused(d: D): boolean {
    if (d.handles.length > 0 || d.holders.length > 0) return false;
    for (const m of d.msgs) this.gone(m);
    this.descs.splice(this.descs.indexOf(d), 1);
    this.nameBytes -= d.nameCost;
    return true;
  }

  taskExit(pid: number): void {
    for (const [id, b] of this.bufs) if (b.pid === pid) this.bufs.delete(id);
    const p = this.pids.get(pid);
    if (p === undefined) return;
    if (p.wait !== null) p.wait.h.desc.waits.splice(p.wait.h.desc.waits.indexOf(p.wait), 1);
    p.wait = null;
    this.completions = this.completions.filter((c) => c.pid !== pid);
    const touched = new Set<D>();
    for (const h of [...p.handles]) {
      touched.add(h.desc);
      this.drop(h);
    }
    for (const d of p.holds) {
      d.holders.splice(d.holders.indexOf(pid), 1);
      touched.add(d);
    }
    p.holds = []; // the handle counter is never reset
    for (const d of [...touched].sort((a, b) => a.id - b.id)) if (!this.freeIfUnused(d)) this.settle(d);
  }

  expire(): void {
    const now = this.now;
    for (;;) {
      const due = this.descs
        .flatMap((d) => d.waits)
        .filter((w) => w.deadline !== null && w.deadline <= now)
        .sort((a, b) => a.deadline! - b.deadline! || a.waitId - b.waitId)[0];
      if (due === undefined) return;
      this.complete(due, MbxStatus.TIMEOUT, null, 0);
      if (due.op === "send") this.pump(due.h.desc);
    }
  }

  // ---------------------------------------------------------------- zero-copy

  /** Ids count upward from 1, skipping ids in use, wrapping after 0xFFFF. */
  private newBuf(pid: number): number | null {
    if (this.bufs.size >= this.limits.zc_buffers) return null;
    let id = this.nextBuf;
    while (this.bufs.has(id)) id = id === 0xffff ? 1 : id + 1;
    this.nextBuf = id === 0xffff ? 1 : id + 1;
    this.bufs.set(id, { pid, data: new Array<number>(this.limits.zc_buffer_bytes).fill(0) });
    return id;
  }

  /** Buffer ids pid holds, in acquisition order of the map (for command generation). */
  heldIds(pid: number): number[] {
    return [...this.bufs].filter(([, b]) => b.pid === pid).map(([id]) => id);
  }

  /** Buffers pinned by queued messages. */
  get queuedBufs(): number {
    return [...this.bufs.values()].filter((b) => b.pid === null).length;
  }

  zcAcquire(pid: number, size: number): { status: number; buffer: number } {
    if (size > this.limits.zc_buffer_bytes) return { status: MbxStatus.INVALID_ARGUMENT, buffer: 0 };
    const id = this.newBuf(pid);
    return id === null ? { status: MbxStatus.NO_BUFFER, buffer: 0 } : { status: MbxStatus.OK, buffer: id };
  }

  /** The task writes its buffer. */
  zcWrite(pid: number, id: number, data: number[]): number {
    const b = this.bufs.get(id);
    if (b === undefined || b.pid !== pid || data.length > b.data.length) return MbxStatus.INVALID_ARGUMENT;
    data.forEach((x, i) => (b.data[i] = x));
    return MbxStatus.OK;
  }

  zcSend(pid: number, hid: number, id: number, len: number, flags: number, ch: number): { status: number; length: number } {
    const h = this.find(pid, hid);
    if (h === undefined) return { status: MbxStatus.INVALID_HANDLE, length: 0 };
    if (!h.write) return { status: MbxStatus.ACCESS_DENIED, length: 0 };
    const b = this.bufs.get(id);
    if (b === undefined || b.pid !== pid || len > b.data.length) return { status: MbxStatus.INVALID_ARGUMENT, length: 0 };
    const r = this.send(pid, hid, b.data.slice(0, len), flags, ch, 0, len > 0 ? id : null);
    if (r.status === MbxStatus.OK && len === 0) this.bufs.delete(id); // a hint queues nothing
    return r;
  }

  zcRecv(pid: number, hid: number): ZcRecvOut {
    const none = (status: number): ZcRecvOut => ({ status, buffer: 0, length: 0, flags: 0, channel: 0, srcPid: 0, data: [] });
    const h = this.find(pid, hid);
    if (h === undefined) return none(MbxStatus.INVALID_HANDLE);
    if (!h.read) return none(MbxStatus.ACCESS_DENIED);
    const first = this.next(h);
    if (first === undefined) return none(MbxStatus.NO_DATA);
    const d = h.desc;
    const handover = !fanout(d) && h.tap === null && first.buf !== null ? first.buf : null;
    let id: number;
    let m: Msg;
    if (handover !== null) {
      first.buf = null; // taken with the message, not returned to the pool
      m = this.take(h)!;
      this.bufs.get(handover)!.pid = pid;
      id = handover;
    } else {
      const fresh = this.newBuf(pid);
      if (fresh === null) return none(MbxStatus.NO_BUFFER);
      m = this.take(h)!;
      id = fresh;
      m.data.slice(0, this.limits.zc_buffer_bytes).forEach((x, i) => (this.bufs.get(id)!.data[i] = x));
    }
    if (d.waits.some((w) => w.op === "send")) this.pump(d);
    const n = Math.min(m.len, this.limits.zc_buffer_bytes);
    return { status: MbxStatus.OK, buffer: id, length: n, flags: m.flags, channel: m.ch, srcPid: m.src, data: [...this.bufs.get(id)!.data] };
  }

  zcRelease(pid: number, id: number): number {
    const b = this.bufs.get(id);
    if (b === undefined || b.pid !== pid) return MbxStatus.INVALID_ARGUMENT;
    this.bufs.delete(id);
    return MbxStatus.OK;
  }

  takeCompletions(): ModelCompletion[] {
    return this.completions.splice(0);
  }

  /** The manager's snapshot() as the model sees it. */
  snapshot(): unknown[] {
    return [...this.descs]
      .sort((a, b) => a.id - b.id)
      .map((d) => ({
        descriptor_id: d.id,
        target: d.target,
        capacity: d.cap,
        mode_mask: d.mode,
        bytes_used: used(d.msgs),
        queue_depth: d.msgs.length,
        high_water: d.highWater,
        head_seq: headSeq(d),
        next_seq: d.nextSeq,
        handles: d.handles.length,
        holders: [...d.holders],
        waiters: d.waits.map((w) => ({ pid: w.pid, handle: w.h.id, op: w.op, deadline: w.deadline })),
        readers: fanout(d)
          ? d.handles.filter(isReader).map((h) => ({ pid: h.pid, handle: h.id, last_seq: h.lastSeq, lag: d.nextSeq - 1 - Math.max(h.lastSeq, headSeq(d) - 1) }))
          : [],
        taps: d.taps.map((h) => ({ pid: h.pid, handle: h.id, depth: h.tap!.copies.length, bytes_used: used(h.tap!.copies), drops: h.tap!.drops })),
      }));
  }
}
