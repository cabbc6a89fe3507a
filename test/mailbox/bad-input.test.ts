// Bad host input (RULINGS general rule 4): every invalid pid, handle, target, mode,
// capacity, buffer range, length, flags, channel, timeout, enable, zero-copy buffer id
// or size returns its status, emits only mailbox_error, and changes nothing: snapshot(),
// stats(), waits, deadlines, completions and who holds which zero-copy buffer are the
// same before and after. Nothing ever throws.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAILBOX, MbxMode, MbxStatus, PROFILES, type ProfileName } from "../../generated/ts/index.js";
import { MBX_PENDING } from "../../src/mailbox/index.js";
import { fcParams } from "./fc.js";
import { Fixture, filled } from "./fixture.js";

const { RDONLY, WRONLY, RDWR, FANOUT, FANOUT_BLOCK } = MbxMode;
const HDR = MAILBOX.MSG_HEADER_BYTES;
const INFINITE = MAILBOX.TIMEOUT_INFINITE;

/**
 * A manager in a busy state: queues, fan-out cursors, taps, waits of both kinds,
 * holders, and zero-copy buffers held (pids 1 and 2) and pinned by a queued message.
 */
function busy(profile: ProfileName, extra: number[]): { fx: Fixture; handles: Record<string, [number, number]>; buffers: Record<string, [number, number]> } {
  const fx = new Fixture(profile);
  fx.t = 777;
  fx.bind(1, "app:q", 48);
  fx.bind(0, "shared:f", 40, FANOUT | FANOUT_BLOCK);
  const qw = fx.open(1, "app:q", WRONLY);
  const qr = fx.open(2, "app:q", RDWR);
  const fw = fx.open(1, "shared:f", WRONLY);
  const fr = fx.open(2, "shared:f", RDONLY);
  const ft = fx.open(3, "shared:f", RDONLY);
  fx.m.tap(3, ft, true);
  for (const n of extra) fx.send(1, qw, filled(n % 24));
  fx.send(1, fw, filled(16));
  fx.send(1, fw, filled(8));
  fx.m.send(1, fw, filled(16), 0, 16, 0, 0, 50); // waits for room
  const idle = fx.open(4, "pid:");
  fx.m.recv(4, idle, new Uint8Array(8), 0, 8, INFINITE); // waits for data
  fx.bind(1, "app:z", 32);
  const zw = fx.open(1, "app:z", WRONLY);
  const zr = fx.open(2, "app:z", RDONLY);
  const pinned = fx.api.zcAcquire(1, 8).buffer;
  fx.api.zcWrite(1, pinned, filled(5));
  fx.m.zcSend(1, zw, pinned, 5, 0, 0);
  const held1 = fx.api.zcAcquire(1, 4).buffer;
  const held2 = fx.api.zcAcquire(2, 0).buffer;
  fx.take();
  return {
    fx,
    handles: { qw: [1, qw], qr: [2, qr], fw: [1, fw], fr: [2, fr], ft: [3, ft], idle: [4, idle], zw: [1, zw], zr: [2, zr] },
    buffers: { pinned: [1, pinned], held1: [1, held1], held2: [2, held2] },
  };
}

function state(fx: Fixture): string {
  const zc = [0, 1, 2, 3, 4].map((p) => fx.m.zcHeld(p));
  return JSON.stringify([fx.snapshot(), fx.stats(), [0, 1, 2, 3, 4].map((p) => fx.m.waitOf(p)), fx.m.nextDeadline(), fx.m.completionCount, zc, fx.m.zcQueued]);
}

/** Run a bad call: it returns `status`, emits exactly one mailbox_error, and changes nothing. */
function refused(fx: Fixture, status: number, call: () => number): void {
  const before = state(fx);
  let got: number | undefined;
  expect(() => (got = call())).not.toThrow();
  expect(got).toBe(status);
  expect(state(fx)).toBe(before);
  const ev = fx.take();
  expect(ev.map((e) => [e.type, (e.data as { status?: number }).status])).toEqual([["mailbox_error", status]]);
}

const notU16 = fc.oneof(
  fc.integer({ min: 0x10000 }),
  fc.integer({ max: -1 }),
  fc.double({ noInteger: true }),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, 2 ** 32, 2 ** 53, "1", "", null, undefined, true, false, {}, [], [1], 1n, Symbol.for("x")),
);
const notIndex = fc.oneof(fc.integer({ max: -1 }), fc.double({ noInteger: true }), fc.constantFrom(Number.NaN, Infinity, 2 ** 40, "0", null, undefined, 0n));
const badTarget = fc.oneof(
  fc.constantFrom("", "svc:", "app:", "shared:", "@", "@1", "pid:x", "pid:-1", "pid:65536", "pid:1@1", "app:x@y", "app:x@65536", "svc:a@1@2", "app:a b", "app:\u00e9\u0100"),
  fc.string({ minLength: MAILBOX.MAX_TARGET_BYTES + 1, maxLength: 80 }).map((s) => `app:${s}`),
  fc.tuple(fc.constantFrom("app:", "svc:", "shared:", ""), fc.string({ maxLength: 10 }), fc.integer({ min: 0, max: 0x20 }), fc.string({ maxLength: 10 })).map(
    ([p, a, c, b]) => `${p}${a.replace(/@/g, "")}${String.fromCharCode(c)}${b.replace(/@/g, "")}`,
  ),
  fc.string({ minLength: 1, maxLength: 10 }).map((s) => `app:${s.replace(/@/g, "")}\u007f`),
  fc.constantFrom(0, null, undefined, {}, ["app:x"]),
);
const profile = fc.constantFrom<ProfileName>("desktop", "cortex_m", "embedded");
const extra = fc.array(fc.nat(60), { maxLength: 4 });

describe("bad input returns its status and changes nothing", () => {
  it("an invalid pid: INVALID_ARGUMENT from every call; taskExit ignores it", () => {
    fc.assert(
      fc.property(profile, extra, notU16, (p, x, pid) => {
        const { fx } = busy(p, x);
        const n = pid as number;
        const buf = new Uint8Array(8);
        refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.open(n, "app:q", 0));
        refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.bind(n, "app:q", 0, 0));
        refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.send(n, 1, buf, 0, 1, 0, 0, 0));
        refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.recv(n, 1, buf, 0, 8, 0));
        refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.peek(n, 1));
        refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.tap(n, 1, true));
        refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.close(n, 1));
        refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.zcAcquire(n, 0));
        refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.zcSend(n, 1, 1, 1, 0, 0));
        refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.zcRecv(n, 1));
        refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.zcRelease(n, 1));
        expect(fx.m.zcBytes(n, 1)).toBeNull();
        expect(fx.m.zcHeld(n)).toBe(0);
        const before = state(fx);
        expect(() => fx.m.taskExit(n)).not.toThrow();
        expect(fx.m.waitOf(n)).toBeNull();
        expect(state(fx)).toBe(before);
      }),
      fcParams(0x6261, 60),
    );
  });

  it("a handle that is not open for the pid: INVALID_HANDLE", () => {
    fc.assert(
      fc.property(profile, extra, fc.oneof(notU16, fc.integer({ min: 4, max: 0xffff }), fc.constant(0)), fc.constantFrom(0, 1, 2, 3, 4, 9), (p, x, h, pid) => {
        const { fx } = busy(p, x);
        const n = h as number;
        if (fx.m.peek(pid, n) === MbxStatus.OK) return; // happens to be open
        fx.take();
        const buf = new Uint8Array(8);
        refused(fx, MbxStatus.INVALID_HANDLE, () => fx.m.send(pid, n, buf, 0, 1, 0, 0, 0));
        refused(fx, MbxStatus.INVALID_HANDLE, () => fx.m.recv(pid, n, buf, 0, 8, 5));
        refused(fx, MbxStatus.INVALID_HANDLE, () => fx.m.peek(pid, n));
        refused(fx, MbxStatus.INVALID_HANDLE, () => fx.m.tap(pid, n, true));
        refused(fx, MbxStatus.INVALID_HANDLE, () => fx.m.close(pid, n));
        refused(fx, MbxStatus.INVALID_HANDLE, () => fx.m.zcRecv(pid, n));
        const b = fx.api.zcAcquire(pid, 0).buffer; // a valid buffer: the handle is checked first
        fx.take();
        refused(fx, MbxStatus.INVALID_HANDLE, () => fx.m.zcSend(pid, n, b, 0, 0, 0));
      }),
      fcParams(0x6262, 60),
    );
  });

  it("a closed (stale) handle, and another pid's handle: INVALID_HANDLE", () => {
    const { fx, handles } = busy("embedded", []);
    const [pid, qr] = handles.qr!;
    expect(fx.m.close(pid, qr)).toBe(MbxStatus.OK);
    fx.take();
    refused(fx, MbxStatus.INVALID_HANDLE, () => fx.send(pid, qr, "x"));
    const [, fw] = handles.fw!;
    refused(fx, MbxStatus.INVALID_HANDLE, () => fx.m.peek(4, fw + 5));
  });

  it("a malformed target: INVALID_TARGET from OPEN and BIND", () => {
    fc.assert(
      fc.property(profile, extra, badTarget, fc.constantFrom(0, 1, 2, 3, 4), (p, x, target, pid) => {
        const { fx } = busy(p, x);
        refused(fx, MbxStatus.INVALID_TARGET, () => fx.m.open(pid, target as string, 0));
        refused(fx, MbxStatus.INVALID_TARGET, () => fx.m.bind(pid, target as string, 0, 0));
      }),
      fcParams(0x6263, 200),
    );
  });

  it("a bad mode, capacity or open flags: INVALID_ARGUMENT", () => {
    fc.assert(
      fc.property(
        profile,
        extra,
        fc.oneof(notU16, fc.integer({ min: 0x40, max: 0xffff }).filter((m) => (m & ~0x3f) !== 0)),
        fc.oneof(notU16, fc.integer({ min: 1, max: HDR - 1 })),
        notU16,
        fc.constantFrom("app:q", "shared:f", "app:new", "pid:"),
        (p, x, mode, cap, flags, target) => {
          const { fx } = busy(p, x);
          const max = PROFILES[p].limits.max_capacity;
          refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.bind(1, target, 0, mode as number));
          refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.bind(1, target, cap as number, 0));
          if (max < 0xffff) refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.bind(1, target, max + 1, 0));
          refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.open(1, target, flags as number)); // only non-u16 flags: other bits are ignored
        },
      ),
      fcParams(0x6264, 80),
    );
  });

  it("a capacity below bytes_used: INVALID_ARGUMENT", () => {
    const { fx } = busy("desktop", [20, 20]);
    const used = fx.desc("app:q").bytes_used;
    refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.bind(2, "app:q", used - 1, FANOUT));
  });

  it("a bad source range, flags, channel or timeout: INVALID_ARGUMENT; too long: MSG_TOO_LARGE", () => {
    fc.assert(
      fc.property(profile, extra, notIndex, notU16, fc.nat(3), (p, x, bad, badU16, which) => {
        const { fx, handles } = busy(p, x);
        const [pid, h] = handles.qw!;
        const src = new Uint8Array(16);
        const n = bad as number;
        const u = badU16 as number;
        refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.send(pid, h, src, n, 1, 0, 0, 0));
        refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.send(pid, h, src, 0, n, 0, 0, 0));
        refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.send(pid, h, src, 10 + which, 7, 0, 0, 0));
        refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.send(pid, h, u as unknown as Uint8Array, 0, 1, 0, 0, 0));
        refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.send(pid, h, src, 0, 1, u, 0, 0));
        refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.send(pid, h, src, 0, 1, 0, u, 0));
        refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.send(pid, h, src, 0, 1, 0, 0, u));
        const big = new Uint8Array(48 - HDR + 1 + which);
        refused(fx, MbxStatus.MSG_TOO_LARGE, () => fx.m.send(pid, h, big, 0, big.length, 0, 0, INFINITE));
      }),
      fcParams(0x6265, 80),
    );
  });

  it("a bad destination range, max_len or timeout: INVALID_ARGUMENT", () => {
    fc.assert(
      fc.property(profile, extra, notIndex, notU16, (p, x, bad, badU16) => {
        const { fx, handles } = busy(p, x);
        const [pid, h] = handles.qr!;
        const dst = new Uint8Array(16);
        const n = bad as number;
        refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.recv(pid, h, dst, n, 1, 0));
        refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.recv(pid, h, dst, 0, n, 0));
        refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.recv(pid, h, dst, 9, 8, 0));
        refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.recv(pid, h, badU16 as unknown as Uint8Array, 0, 1, 0));
        refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.recv(pid, h, dst, 0, 8, badU16 as number));
      }),
      fcParams(0x6266, 80),
    );
  });

  it("a bad enable: INVALID_ARGUMENT; a second pending wait: INVALID_ARGUMENT", () => {
    fc.assert(
      fc.property(profile, extra, notU16.filter((v) => typeof v !== "boolean"), (p, x, en) => {
        const { fx, handles } = busy(p, x);
        const [pid, h] = handles.fr!;
        refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.tap(pid, h, en as number));
        const [ip, ih] = handles.idle!;
        const other = fx.open(4, "app:q", RDONLY);
        fx.take();
        const before = fx.desc("app:q").queue_depth;
        if (before === 0) refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.recv(ip, other, new Uint8Array(4), 0, 4, 5));
        refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.recv(ip, ih, new Uint8Array(4), 0, 4, INFINITE));
      }),
      fcParams(0x6267, 40),
    );
  });

  it("refusals for access and quotas change nothing either", () => {
    const { fx, handles } = busy("embedded", []);
    const [pid, qw] = handles.qw!;
    refused(fx, MbxStatus.ACCESS_DENIED, () => fx.m.recv(pid, qw, new Uint8Array(4), 0, 4, 0));
    refused(fx, MbxStatus.ACCESS_DENIED, () => fx.m.tap(pid, qw, 1));
    const [rp, fr] = handles.fr!;
    refused(fx, MbxStatus.ACCESS_DENIED, () => fx.m.send(rp, fr, new Uint8Array(1), 0, 1, 0, 0, 0));
    refused(fx, MbxStatus.ACCESS_DENIED, () => fx.m.open(2, "pid:4", RDONLY));
    refused(fx, MbxStatus.ACCESS_DENIED, () => fx.m.bind(2, "pid:4", 0, 0));
    expect(fx.m.send(1, fx.open(1, "app:q", WRONLY), new Uint8Array(0), 0, 0, 0, 0, 0)).toBe(MbxStatus.OK);
    expect(MBX_PENDING).toBe(-1);
  });

  it("zero-copy: a buffer the pid does not hold, a bad size, length, flags or channel: INVALID_ARGUMENT; too long: MSG_TOO_LARGE", () => {
    fc.assert(
      fc.property(profile, extra, fc.oneof(notU16, fc.integer({ min: 0, max: 0xffff })), notIndex, notU16, (p, x, badId, bad, badU16) => {
        const { fx, handles, buffers } = busy(p, x);
        const max = PROFILES[p].limits.zc_buffer_bytes;
        const [pid, zw] = handles.zw!;
        const [, held1] = buffers.held1!;
        const [, held2] = buffers.held2!;
        const [, pinned] = buffers.pinned!;
        const id = badId as number;
        if (fx.m.zcBytes(pid, id) === null) {
          // Not held by pid 1: unknown, another pid's, or pinned by a queued message.
          refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.zcSend(pid, zw, id, 1, 0, 0));
          refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.zcRelease(pid, id));
        }
        for (const foreign of [held2, pinned]) {
          refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.zcSend(pid, zw, foreign, 1, 0, 0));
          refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.zcRelease(pid, foreign));
        }
        refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.zcAcquire(pid, bad as number));
        refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.zcAcquire(pid, max + 1));
        refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.zcSend(pid, zw, held1, bad as number, 0, 0));
        refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.zcSend(pid, zw, held1, max + 1, 0, 0));
        refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.zcSend(pid, zw, held1, 1, badU16 as number, 0));
        refused(fx, MbxStatus.INVALID_ARGUMENT, () => fx.m.zcSend(pid, zw, held1, 1, 0, badU16 as number));
        refused(fx, MbxStatus.MSG_TOO_LARGE, () => fx.m.zcSend(pid, zw, held1, 32 - HDR + 1, 0, 0));
        // The task's own writes: INVALID_ARGUMENT without any event, nothing changed.
        const before = state(fx);
        expect(fx.api.zcWrite(pid, held2, filled(1)).status).toBe(MbxStatus.INVALID_ARGUMENT);
        expect(fx.api.zcWrite(pid, held1, filled(max + 1)).status).toBe(MbxStatus.INVALID_ARGUMENT);
        expect(fx.api.zcWrite(pid, id, filled(1)).status).toBe(fx.m.zcBytes(pid, id) === null ? MbxStatus.INVALID_ARGUMENT : MbxStatus.OK);
        expect(state(fx)).toBe(before);
        expect(fx.take()).toEqual([]);
      }),
      fcParams(0x6268, 80),
    );
  });

  it("zero-copy: refusals for access, a full queue and an empty pool change nothing either (the buffer stays with its pid)", () => {
    for (const p of ["desktop", "cortex_m", "embedded"] as const) {
      const { fx, handles, buffers } = busy(p, []);
      const [, zw] = handles.zw!;
      const [, zr] = handles.zr!;
      const [, held1] = buffers.held1!;
      refused(fx, MbxStatus.ACCESS_DENIED, () => fx.m.zcSend(2, zr, buffers.held2![1], 1, 0, 0));
      refused(fx, MbxStatus.ACCESS_DENIED, () => fx.m.zcRecv(1, zw));
      // A full queue: WOULDBLOCK emits mailbox_backpressure, not mailbox_error, and changes nothing else.
      fx.send(1, zw, filled(32 - 2 * HDR - 5));
      fx.take();
      const before = state(fx);
      expect(fx.m.zcSend(1, zw, held1, 1, 0, 0)).toBe(MbxStatus.WOULDBLOCK);
      expect(state(fx)).toBe(before);
      expect(fx.types()).toEqual(["mailbox_backpressure"]);
      // An empty pool: NO_BUFFER from acquire, and from a receive that needs a copy.
      while (fx.m.zcAcquire(3, 0) === MbxStatus.OK);
      fx.take();
      const [rp, fr] = handles.fr!; // a fan-out message needs a copy
      for (const call of [() => fx.m.zcAcquire(3, 0), () => fx.m.zcRecv(rp, fr)]) {
        const b = state(fx);
        expect(call()).toBe(MbxStatus.NO_BUFFER);
        expect(state(fx)).toBe(b);
        expect(fx.types()).toEqual(["mailbox_exhausted", "mailbox_error"]);
      }
    }
  });
});
