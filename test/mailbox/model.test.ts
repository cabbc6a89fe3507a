// Model-based tests: random sequences of manager calls (several pids, targets, modes,
// capacities, timeouts, a fake clock) run against the manager and against the small
// model in model.ts. After every call the statuses, outputs, completed waits (with
// the bytes written), snapshots and zero-copy buffers (who holds what, what the queues
// pin, the bytes of every buffer received) must agree, and the invariants below must
// hold: among them, no buffer is ever lost (free + held + pinned == zc_buffers).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAILBOX, MbxMode, PROFILES, type ProfileName } from "../../generated/ts/index.js";
import type { MailboxStats } from "../../generated/ts/types/mailbox-stats.js";
import { MBX_PENDING } from "../../src/mailbox/index.js";
import { fcParams } from "./fc.js";
import { Fixture } from "./fixture.js";
import { MailboxModel, type ModelCompletion } from "./model.js";

const { RDONLY, RDWR, FANOUT, FANOUT_DROP, FANOUT_BLOCK } = MbxMode;
const PIDS = [0, 1, 2, 3];
const TARGETS = ["app:a", "app:b", "shared:c", "pid:1", "pid:2"];
const CAPS = [0, 8, 24, 40, 64];
const MODES = [0, RDWR, RDONLY, FANOUT, FANOUT | FANOUT_DROP, FANOUT | FANOUT_BLOCK, FANOUT | FANOUT_BLOCK | FANOUT_DROP];
const TIMEOUTS = [0, 0, 1, 5, 20, MAILBOX.TIMEOUT_INFINITE];
const MAXLENS = [0, 3, 16, 64];

interface ModelSide {
  model: MailboxModel;
}
interface RealSide {
  fx: Fixture;
  /** Receive buffers of pending waits, by wait id. */
  buffers: Map<number, Uint8Array>;
  tag: number;
  /** The calls run so far, for failure reports. */
  log: string[];
  profile: ProfileName;
}
type Cmd = fc.Command<ModelSide, RealSide>;

/** Structural invariants of the manager, from its own snapshot and stats. */
function invariants(fx: Fixture, profile: ProfileName): void {
  const snap = fx.snapshot();
  const stats = fx.stats();
  const l = PROFILES[profile].limits;
  for (const d of snap) {
    expect(d.bytes_used).toBeLessThanOrEqual(d.capacity);
    expect(d.queue_depth).toBe(d.next_seq - d.head_seq);
    expect(d.high_water).toBeGreaterThanOrEqual(d.bytes_used);
    for (const t of d.taps) expect(t.bytes_used).toBeLessThanOrEqual(d.capacity);
    expect(d.handles > 0 || d.holders.length > 0).toBe(true);
  }
  expect(stats.bytes_used).toBe(snap.reduce((a, d) => a + d.bytes_used, 0));
  expect(stats.queue_depth).toBe(snap.reduce((a, d) => a + d.queue_depth, 0));
  expect(stats.active_descriptors).toBeLessThanOrEqual(l.max_descriptors);
  expect(stats.handles_total).toBeLessThanOrEqual(l.max_handles);
  expect(stats.tap_count).toBeLessThanOrEqual(l.max_taps);
  expect(stats.name_bytes_used).toBeLessThanOrEqual(l.name_pool_bytes);
  for (const n of Object.values(stats.handles_per_pid)) expect(n).toBeLessThanOrEqual(l.handles_per_pid);
  expect(stats.waiter_count).toBe(snap.reduce((a, d) => a + d.waiters.length, 0));
  // mailbox.rule.ZERO_COPY: every buffer is free, held by a pid, or pinned by a queued message.
  const held = PIDS.reduce((a, p) => a + fx.m.zcHeld(p), 0);
  expect(stats.zc_buffers).toBe(l.zc_buffers);
  expect(stats.zc_buffers_free! + held + fx.m.zcQueued).toBe(l.zc_buffers);
  expect(fx.m.zcQueued).toBeLessThanOrEqual(stats.queue_depth);
  // No fan-out message is kept that every reader has consumed (mailbox.rule.FANOUT_RECLAIM).
  for (const d of snap) {
    if (d.readers.length === 0 || d.queue_depth === 0) continue;
    expect(Math.min(...d.readers.map((x) => x.last_seq))).toBeLessThan(d.head_seq);
  }
  // No waiter is left behind while it could take something (mailbox.rule.WAKE_ORDER).
  for (const d of snap) {
    for (const w of d.waiters) {
      if (w.op !== "recv") continue;
      const st = fx.m.peek(w.pid, w.handle);
      expect(st).toBe(0);
      expect(fx.m.out.depth === 0 || fx.m.out.nextLen === 0).toBe(true);
    }
  }
}

/** Compare the manager with the model after a call. */
function agree(m: ModelSide, r: RealSide): void {
  const want: ModelCompletion[] = m.model.takeCompletions();
  const got = r.fx.m.takeCompletions().map((c) => {
    const buf = r.buffers.get(c.waitId);
    r.buffers.delete(c.waitId);
    const data = c.op === "recv" && c.status === 0 && buf !== undefined ? Array.from(buf.subarray(0, c.length)) : [];
    return { ...c, data };
  });
  expect(got).toEqual(want);
  const snap = r.fx.snapshot().map(({ namespace: _n, name: _name, owner_pid: _o, ...rest }) => rest);
  expect(snap).toEqual(m.model.snapshot());
  expect(PIDS.map((p) => r.fx.m.zcHeld(p))).toEqual(PIDS.map((p) => m.model.heldIds(p).length));
  expect(r.fx.m.zcQueued).toBe(m.model.queuedBufs);
  expect(r.fx.stats().zc_buffers_free).toBe(PROFILES[r.profile].limits.zc_buffers - m.model.bufs.size);
}

/** A buffer selector: mostly one the pid holds (picked when the command runs), sometimes a raw id. */
type BufSel = { raw: number } | { pick: number };

function bufferOf(m: ModelSide, pid: number, sel: BufSel): number {
  if ("raw" in sel) return sel.raw;
  const ids = m.model.heldIds(pid);
  return ids.length === 0 ? 1 : ids[sel.pick % ids.length]!;
}

/** Sizes and lengths: 999 stands for zc_buffer_bytes + 1, 998 for zc_buffer_bytes. */
function sizeOf(r: RealSide, n: number): number {
  const max = PROFILES[r.profile].limits.zc_buffer_bytes;
  return n === 999 ? max + 1 : n === 998 ? max : n;
}

/**
 * A handle selector: mostly one of the pid's open handles (picked when the command
 * runs), sometimes a raw id that may be closed, stale or never opened.
 */
type HandleSel = { raw: number } | { pick: number };

function handleOf(m: ModelSide, pid: number, sel: HandleSel): number {
  if ("raw" in sel) return sel.raw;
  const ids = m.model.handleIds(pid);
  return ids.length === 0 ? 1 : ids[sel.pick % ids.length]!;
}

abstract class Base implements Cmd {
  check(): boolean {
    return true;
  }
  run(m: ModelSide, r: RealSide): void {
    m.model.now = r.fx.t;
    try {
      this.apply(m, r);
      r.log.push(this.toString());
      agree(m, r);
      invariants(r.fx, r.profile);
    } catch (e) {
      // Name the calls that actually ran (handles resolved), oldest first.
      if (e instanceof Error && !e.message.includes("calls run:")) e.message += `\ncalls run:\n  ${r.log.join("\n  ")}`;
      throw e;
    }
  }
  abstract apply(m: ModelSide, r: RealSide): void;
  abstract toString(): string;
}

class Open extends Base {
  constructor(readonly pid: number, readonly target: string, readonly flags: number) {
    super();
  }
  apply(m: ModelSide, r: RealSide): void {
    const got = r.fx.api.open(this.pid, this.target, this.flags);
    expect(got).toEqual(m.model.open(this.pid, this.target, this.flags));
  }
  toString(): string {
    return `open(${this.pid}, ${this.target}, ${this.flags})`;
  }
}

class Bind extends Base {
  constructor(readonly pid: number, readonly target: string, readonly cap: number, readonly mode: number) {
    super();
  }
  apply(m: ModelSide, r: RealSide): void {
    const got = r.fx.api.bind(this.pid, this.target, this.cap, this.mode);
    expect(got).toEqual(m.model.bind(this.pid, this.target, this.cap, this.mode));
  }
  toString(): string {
    return `bind(${this.pid}, ${this.target}, ${this.cap}, 0x${this.mode.toString(16)})`;
  }
}

class Send extends Base {
  h = 0;
  constructor(readonly pid: number, readonly sel: HandleSel, readonly len: number, readonly flags: number, readonly timeout: number) {
    super();
  }
  apply(m: ModelSide, r: RealSide): void {
    this.h = handleOf(m, this.pid, this.sel);
    const tag = r.tag++;
    const data = Array.from({ length: this.len }, (_, i) => (tag * 7 + i) & 0xff);
    const src = new Uint8Array([0xee, ...data, 0xee]);
    const st = r.fx.m.send(this.pid, this.h, src, 1, this.len, this.flags, tag & 0xffff, this.timeout);
    const out = r.fx.m.out;
    const want = m.model.send(this.pid, this.h, data, this.flags, tag & 0xffff, this.timeout);
    expect({ status: st, length: st === 0 ? out.length : 0 }).toEqual(want);
  }
  toString(): string {
    return `send(${this.pid}, h${this.h}, len ${this.len}, flags ${this.flags}, timeout ${this.timeout})`;
  }
}

class Recv extends Base {
  h = 0;
  constructor(readonly pid: number, readonly sel: HandleSel, readonly maxLen: number, readonly timeout: number) {
    super();
  }
  apply(m: ModelSide, r: RealSide): void {
    this.h = handleOf(m, this.pid, this.sel);
    const buf = new Uint8Array(this.maxLen + 2);
    const st = r.fx.m.recv(this.pid, this.h, buf, 1, this.maxLen, this.timeout);
    const o = r.fx.m.out;
    if (st === MBX_PENDING) r.buffers.set(o.waitId, buf.subarray(1));
    const ok = st === 0;
    const got = {
      status: st,
      waitId: st === MBX_PENDING ? o.waitId : 0,
      length: ok ? o.length : 0,
      flags: ok ? o.flags : 0,
      channel: ok ? o.channel : 0,
      srcPid: ok ? o.srcPid : 0,
      data: ok ? Array.from(buf.subarray(1, 1 + o.length)) : [],
    };
    expect(got).toEqual(m.model.recv(this.pid, this.h, this.maxLen, this.timeout));
    expect([buf[0], buf[this.maxLen + 1]]).toEqual([0, 0]); // nothing written outside [offset, offset + maxLen)
  }
  toString(): string {
    return `recv(${this.pid}, h${this.h}, max ${this.maxLen}, timeout ${this.timeout})`;
  }
}

class Peek extends Base {
  h = 0;
  constructor(readonly pid: number, readonly sel: HandleSel) {
    super();
  }
  apply(m: ModelSide, r: RealSide): void {
    this.h = handleOf(m, this.pid, this.sel);
    const got = r.fx.api.peek(this.pid, this.h);
    expect(got).toEqual(m.model.peek(this.pid, this.h));
  }
  toString(): string {
    return `peek(${this.pid}, h${this.h})`;
  }
}

class Tap extends Base {
  h = 0;
  constructor(readonly pid: number, readonly sel: HandleSel, readonly on: boolean) {
    super();
  }
  apply(m: ModelSide, r: RealSide): void {
    this.h = handleOf(m, this.pid, this.sel);
    expect(r.fx.m.tap(this.pid, this.h, this.on)).toBe(m.model.tap(this.pid, this.h, this.on));
  }
  toString(): string {
    return `tap(${this.pid}, h${this.h}, ${this.on})`;
  }
}

class Close extends Base {
  h = 0;
  constructor(readonly pid: number, readonly sel: HandleSel) {
    super();
  }
  apply(m: ModelSide, r: RealSide): void {
    this.h = handleOf(m, this.pid, this.sel);
    expect(r.fx.m.close(this.pid, this.h)).toBe(m.model.close(this.pid, this.h));
  }
  toString(): string {
    return `close(${this.pid}, h${this.h})`;
  }
}

class Exit extends Base {
  constructor(readonly pid: number) {
    super();
  }
  apply(m: ModelSide, r: RealSide): void {
    r.fx.m.taskExit(this.pid);
    m.model.taskExit(this.pid);
  }
  toString(): string {
    return `taskExit(${this.pid})`;
  }
}

class Advance extends Base {
  constructor(readonly ms: number) {
    super();
  }
  apply(m: ModelSide, r: RealSide): void {
    r.fx.advanceMs(this.ms);
    m.model.now = r.fx.t;
    r.fx.m.expire();
    m.model.expire();
  }
  toString(): string {
    return `advance(${this.ms} ms)`;
  }
}

class ZcAcquire extends Base {
  constructor(readonly pid: number, readonly size: number) {
    super();
  }
  apply(m: ModelSide, r: RealSide): void {
    const size = sizeOf(r, this.size);
    expect(r.fx.api.zcAcquire(this.pid, size)).toEqual(m.model.zcAcquire(this.pid, size));
  }
  toString(): string {
    return `zcAcquire(${this.pid}, ${this.size})`;
  }
}

class ZcWrite extends Base {
  b = 0;
  constructor(readonly pid: number, readonly sel: BufSel, readonly len: number) {
    super();
  }
  apply(m: ModelSide, r: RealSide): void {
    this.b = bufferOf(m, this.pid, this.sel);
    const tag = r.tag++;
    const data = Array.from({ length: sizeOf(r, this.len) }, (_, i) => (tag * 5 + i) & 0xff);
    expect(r.fx.api.zcWrite(this.pid, this.b, Uint8Array.from(data)).status).toBe(m.model.zcWrite(this.pid, this.b, data));
  }
  toString(): string {
    return `zcWrite(${this.pid}, b${this.b}, len ${this.len})`;
  }
}

class ZcSend extends Base {
  h = 0;
  b = 0;
  constructor(readonly pid: number, readonly sel: HandleSel, readonly bsel: BufSel, readonly len: number, readonly flags: number) {
    super();
  }
  apply(m: ModelSide, r: RealSide): void {
    this.h = handleOf(m, this.pid, this.sel);
    this.b = bufferOf(m, this.pid, this.bsel);
    const len = sizeOf(r, this.len);
    const ch = r.tag++ & 0xffff;
    const st = r.fx.m.zcSend(this.pid, this.h, this.b, len, this.flags, ch);
    expect({ status: st, length: st === 0 ? r.fx.m.out.length : 0 }).toEqual(m.model.zcSend(this.pid, this.h, this.b, len, this.flags, ch));
  }
  toString(): string {
    return `zcSend(${this.pid}, h${this.h}, b${this.b}, len ${this.len}, flags ${this.flags})`;
  }
}

class ZcRecv extends Base {
  h = 0;
  constructor(readonly pid: number, readonly sel: HandleSel) {
    super();
  }
  apply(m: ModelSide, r: RealSide): void {
    this.h = handleOf(m, this.pid, this.sel);
    const waitBefore = r.fx.m.waitOf(this.pid)?.waitId ?? null;
    const st = r.fx.m.zcRecv(this.pid, this.h);
    const o = r.fx.m.out;
    const ok = st === 0;
    const got = {
      status: st,
      buffer: o.buffer,
      length: o.length,
      flags: o.flags,
      channel: o.channel,
      srcPid: o.srcPid,
      data: ok ? Array.from(r.fx.m.zcBytes(this.pid, o.buffer)!) : [],
    };
    expect(got).toEqual(m.model.zcRecv(this.pid, this.h));
    const waitAfter = r.fx.m.waitOf(this.pid)?.waitId ?? null;
    expect(waitAfter === null || waitAfter === waitBefore).toBe(true); // it never waits (a wait it had may complete)
  }
  toString(): string {
    return `zcRecv(${this.pid}, h${this.h})`;
  }
}

class ZcRelease extends Base {
  b = 0;
  constructor(readonly pid: number, readonly sel: BufSel) {
    super();
  }
  apply(m: ModelSide, r: RealSide): void {
    this.b = bufferOf(m, this.pid, this.sel);
    expect(r.fx.api.zcRelease(this.pid, this.b).status).toBe(m.model.zcRelease(this.pid, this.b));
  }
  toString(): string {
    return `zcRelease(${this.pid}, b${this.b})`;
  }
}

const pid = fc.constantFrom(...PIDS);
const handle: fc.Arbitrary<HandleSel> = fc.oneof(
  { weight: 6, arbitrary: fc.nat(7).map((pick) => ({ pick })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 9 }).map((raw) => ({ raw })) },
);
const target = fc.constantFrom(...TARGETS, "app:a", "shared:c");
const buffer: fc.Arbitrary<BufSel> = fc.oneof(
  { weight: 8, arbitrary: fc.nat(7).map((pick) => ({ pick })) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 20 }).map((raw) => ({ raw })) },
);
const zcLen = fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 0, max: 40 }) }, { weight: 1, arbitrary: fc.constantFrom(998, 999) });
const len = fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 60 }));
const cmd = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
const commands = fc.oneof(
  cmd(4, fc.tuple(pid, target, fc.integer({ min: 0, max: 3 })).map(([p, t, f]) => new Open(p, t, f))),
  cmd(2, fc.tuple(pid, target, fc.constantFrom(...CAPS), fc.constantFrom(...MODES)).map(([p, t, c, mo]) => new Bind(p, t, c, mo))),
  cmd(8, fc.tuple(pid, handle, len, fc.constantFrom(0, 1, 0x10, 0x8000), fc.constantFrom(...TIMEOUTS)).map(([p, h, n, f, t]) => new Send(p, h, n, f, t))),
  cmd(7, fc.tuple(pid, handle, fc.constantFrom(...MAXLENS), fc.constantFrom(...TIMEOUTS)).map(([p, h, n, t]) => new Recv(p, h, n, t))),
  cmd(1, fc.tuple(pid, handle).map(([p, h]) => new Peek(p, h))),
  cmd(2, fc.tuple(pid, handle, fc.boolean()).map(([p, h, on]) => new Tap(p, h, on))),
  cmd(1, fc.tuple(pid, handle).map(([p, h]) => new Close(p, h))),
  cmd(1, fc.tuple(pid, fc.nat(9)).map(([p, n]) => (n === 0 ? new Exit(p) : new Peek(p, { pick: n })))),
  cmd(2, fc.integer({ min: 0, max: 1200 }).map((ms) => new Advance(ms))),
  cmd(3, fc.tuple(pid, fc.oneof(fc.constantFrom(0, 8, 998, 999), fc.nat(64))).map(([p, n]) => new ZcAcquire(p, n))),
  cmd(2, fc.tuple(pid, buffer, zcLen).map(([p, b, n]) => new ZcWrite(p, b, n))),
  cmd(5, fc.tuple(pid, handle, buffer, zcLen, fc.constantFrom(0, 1, 0x8000)).map(([p, h, b, n, f]) => new ZcSend(p, h, b, n, f))),
  cmd(4, fc.tuple(pid, handle).map(([p, h]) => new ZcRecv(p, h))),
  cmd(2, fc.tuple(pid, buffer).map(([p, b]) => new ZcRelease(p, b))),
);

/** Stats that must come back once every task has exited (sticky counters aside). */
function resettable(s: MailboxStats): Partial<MailboxStats> {
  const { descriptor_high_water: _h, descriptor_pool_exhausted: _e, tap_drops: _d, ...rest } = s;
  return rest;
}

describe("mailbox manager against the model", () => {
  for (const [profile, seed] of [["embedded", 0x6d62], ["desktop", 0x6d63], ["cortex_m", 0x6d64]] as const) {
    it(`${profile}: random call sequences agree with the model and keep the invariants`, () => {
      fc.assert(
        fc.property(fc.commands([commands], { maxCommands: 150, size: "max" }), (cmds) => {
          const fx = new Fixture(profile);
          const initial = resettable(fx.stats());
          const m: ModelSide = { model: new MailboxModel(profile) };
          const r: RealSide = { fx, buffers: new Map(), tag: 1, log: [], profile };
          fc.modelRun(() => ({ model: m, real: r }), cmds);
          invariants(fx, profile);
          // Everything released: the pool is back to its initial state (every buffer free again).
          for (const p of PIDS) {
            fx.m.taskExit(p);
            m.model.taskExit(p);
          }
          agree(m, r);
          expect(fx.snapshot()).toEqual([]);
          expect(resettable(fx.stats())).toEqual(initial);
          expect(fx.m.nextDeadline()).toBeNull();
        }),
        fcParams(seed, 150),
      );
    });
  }
});
