import { describe, expect, it } from "vitest";
import { MAILBOX, MbxMode, MbxStatus } from "../../generated/ts/index.js";
import { MBX_PENDING } from "../../src/mailbox/index.js";
import { Fixture, bytes, filled, text } from "./fixture.js";

const { RDONLY, WRONLY, FANOUT, FANOUT_BLOCK } = MbxMode;
const INFINITE = MAILBOX.TIMEOUT_INFINITE;

function waitRecv(fx: Fixture, pid: number, h: number, timeout: number = INFINITE, buf = new Uint8Array(16)): number {
  expect(fx.m.recv(pid, h, buf, 0, buf.length, timeout)).toBe(MBX_PENDING);
  return fx.m.out.waitId;
}

describe("mailbox.rule.WAIT", () => {
  it("a call that waits is MBX_PENDING with a wait id and a mailbox_wait event; deadline = now + ms", () => {
    const fx = new Fixture();
    const h = fx.open(1, "app:w");
    fx.t = 1234;
    fx.take();
    const id = waitRecv(fx, 1, h, 250);
    expect(fx.take()).toEqual([{ type: "mailbox_wait", pid: 1, data: { descriptor: 1, handle: h, op: "recv", timeout: 250, deadline: 1234 + 250_000 } }]);
    expect(fx.m.waitOf(1)).toEqual({ waitId: id, pid: 1, handle: h, descriptor: 1, op: "recv", timeoutMs: 250, deadline: 251_234 });
    expect(fx.m.nextDeadline()).toBe(251_234);
    expect(fx.desc("app:w").waiters).toEqual([{ pid: 1, handle: h, op: "recv", deadline: 251_234 }]);
    expect(fx.stats().waiter_count).toBe(1);
  });

  it("an infinite timeout has no deadline", () => {
    const fx = new Fixture();
    const h = fx.open(1, "app:w");
    waitRecv(fx, 1, h, INFINITE);
    expect(fx.m.nextDeadline()).toBeNull();
    expect(fx.m.waitOf(1)!.deadline).toBeNull();
    fx.t = Number.MAX_SAFE_INTEGER;
    expect(fx.m.expire()).toBe(0);
  });

  it("a pid has at most one pending wait; another call that would wait is INVALID_ARGUMENT", () => {
    const fx = new Fixture();
    fx.bind(0, "app:full", 16);
    const a = fx.open(1, "app:a");
    const full = fx.open(1, "app:full");
    fx.send(1, full, filled(8));
    waitRecv(fx, 1, a);
    fx.take();
    expect(fx.m.recv(1, a, new Uint8Array(4), 0, 4, 10)).toBe(MbxStatus.INVALID_ARGUMENT);
    expect(fx.send(1, full, filled(8), 0, 0, 10)).toBe(MbxStatus.INVALID_ARGUMENT);
    expect(fx.ofType("mailbox_error").map((e) => e.data.status)).toEqual([MbxStatus.INVALID_ARGUMENT, MbxStatus.INVALID_ARGUMENT]);
    // Calls that do not wait are still served.
    expect(fx.m.recv(1, a, new Uint8Array(4), 0, 4, 0)).toBe(MbxStatus.NO_DATA);
    expect(fx.send(1, full, filled(8))).toBe(MbxStatus.WOULDBLOCK);
    expect(fx.desc("app:a").waiters).toHaveLength(1);
    expect(fx.desc("app:full").waiters).toHaveLength(0);
  });
});

describe("mailbox.rule.WAKE_ORDER", () => {
  it("single-reader: waiting receivers complete in FIFO order, one per message", () => {
    const fx = new Fixture();
    const w = fx.open(9, "app:q", WRONLY);
    const hs = [3, 1, 2].map((pid) => [pid, fx.open(pid, "app:q", RDONLY)] as const);
    const bufs = hs.map(([pid, h]) => {
      const b = new Uint8Array(4);
      waitRecv(fx, pid, h, INFINITE, b);
      return b;
    });
    fx.send(9, w, "m1");
    fx.send(9, w, "m2");
    expect(fx.m.takeCompletions().map((c) => c.pid)).toEqual([3, 1]);
    fx.send(9, w, "m3");
    expect(fx.m.takeCompletions().map((c) => c.pid)).toEqual([2]);
    expect(bufs.map((b) => text(b.subarray(0, 2)))).toEqual(["m1", "m2", "m3"]);
  });

  it("regular readers are served before taps, even taps that waited first", () => {
    const fx = new Fixture();
    const w = fx.open(9, "app:q", WRONLY);
    const t = fx.open(1, "app:q", RDONLY);
    fx.m.tap(1, t, true);
    const r = fx.open(2, "app:q", RDONLY);
    waitRecv(fx, 1, t);
    waitRecv(fx, 2, r);
    fx.take();
    fx.send(9, w, "m");
    expect(fx.m.takeCompletions().map((c) => [c.pid, c.status, c.length])).toEqual([
      [2, 0, 1],
      [1, 0, 1],
    ]);
    expect(fx.types()).toEqual(["mailbox_send", "mailbox_wake", "mailbox_recv", "mailbox_wake", "mailbox_recv"]);
  });

  it("fan-out: every waiting reader with a message completes, in FIFO order", () => {
    const fx = new Fixture();
    fx.bind(9, "app:f", 0, FANOUT);
    const w = fx.open(9, "app:f", WRONLY);
    const hs = [4, 2, 3].map((pid) => [pid, fx.open(pid, "app:f", RDONLY)] as const);
    for (const [pid, h] of hs) waitRecv(fx, pid, h);
    fx.send(9, w, "all");
    expect(fx.m.takeCompletions().map((c) => [c.pid, c.length])).toEqual([
      [4, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(fx.desc("app:f").queue_depth).toBe(0);
  });

  it("nobody is passed over: a tap waiter with nothing to read does not stop regular readers", () => {
    const fx = new Fixture("embedded");
    fx.bind(9, "app:q", 0, 0);
    const w = fx.open(9, "app:q", WRONLY);
    const t = fx.open(1, "app:q", RDONLY);
    fx.m.tap(1, t, true);
    const r = fx.open(2, "app:q", RDONLY);
    // Exhaust the tap's rate window so the next copy is dropped.
    for (let i = 0; i < 20; i++) {
      fx.send(9, w, "x");
      fx.recvText(1, t);
      fx.recvText(2, r);
    }
    waitRecv(fx, 1, t);
    waitRecv(fx, 2, r);
    fx.send(9, w, "y");
    expect(fx.m.takeCompletions().map((c) => c.pid)).toEqual([2]);
    expect(fx.m.waitOf(1)).not.toBeNull();
  });
});

describe("mailbox.rule.SEND_WAIT", () => {
  it("a waiting sender's message is copied when it calls", () => {
    const fx = new Fixture();
    fx.bind(0, "app:s", 16);
    const w = fx.open(1, "app:s", WRONLY);
    const r = fx.open(2, "app:s", RDONLY);
    fx.send(1, w, filled(8, 0x41));
    const src = bytes("original");
    expect(fx.m.send(1, w, src, 0, 8, 5, 6, 100)).toBe(MBX_PENDING);
    const id = fx.m.out.waitId;
    src.fill(0);
    fx.take();
    expect(fx.recvText(2, r).text).toBe("AAAAAAAA");
    expect(fx.m.takeCompletions()).toEqual([{ waitId: id, pid: 1, handle: w, descriptor: 1, op: "send", status: 0, length: 8, flags: 5, channel: 6, srcPid: 1 }]);
    // The admitted message is queued as a new send: wake, then send.
    expect(fx.types()).toEqual(["mailbox_recv", "mailbox_wake", "mailbox_send"]);
    expect(fx.recvText(2, r)).toMatchObject({ text: "original", flags: 5 });
  });

  it("senders are admitted in FIFO order while they fit; a later small one never overtakes", () => {
    const fx = new Fixture();
    fx.bind(0, "app:s", 40);
    const r = fx.open(9, "app:s", RDONLY);
    const ws = [1, 2, 3, 4].map((pid) => fx.open(pid, "app:s", WRONLY));
    fx.send(1, ws[0]!, filled(24)); // 32 of 40 bytes
    expect(fx.send(2, ws[1]!, filled(20, 0x32), 0, 0, INFINITE)).toBe(MBX_PENDING); // needs 28
    expect(fx.send(3, ws[2]!, filled(1, 0x33), 0, 0, INFINITE)).toBe(MBX_PENDING); // would fit now, but waits its turn
    expect(fx.send(4, ws[3]!, filled(1, 0x34))).toBe(MbxStatus.WOULDBLOCK); // no timeout: refused
    expect(fx.m.completionCount).toBe(0);
    fx.recvText(9, r); // 40 free: pid 2 (28) then pid 3 (9) fit
    expect(fx.m.takeCompletions().map((c) => c.pid)).toEqual([2, 3]);
    expect([fx.recvText(9, r).text, fx.recvText(9, r).text]).toEqual(["2".repeat(20), "3"]);
  });

  it("single-reader sends with a timeout wait for room; without one they answer WOULDBLOCK", () => {
    const fx = new Fixture();
    fx.bind(0, "app:s", 16);
    const w = fx.open(1, "app:s");
    fx.send(1, w, filled(8));
    expect(fx.send(1, w, filled(8))).toBe(MbxStatus.WOULDBLOCK);
    expect(fx.send(1, w, filled(8), 0, 0, 5)).toBe(MBX_PENDING);
    expect(fx.desc("app:s").waiters).toEqual([{ pid: 1, handle: w, op: "send", deadline: 5000 }]);
  });
});

describe("mailbox.rule.SEND_WAIT (capacity shrinks under a waiting sender)", () => {
  it("a waiting message larger than the new capacity completes with MSG_TOO_LARGE (SPEC-GAP) and lets the next in", () => {
    for (const mode of [0, FANOUT | FANOUT_BLOCK]) {
      const fx = new Fixture();
      fx.bind(0, "app:s", 64, mode);
      const w = fx.open(1, "app:s", WRONLY);
      const w2 = fx.open(2, "app:s", WRONLY);
      const r = fx.open(3, "app:s", RDONLY);
      fx.send(1, w, filled(8)); // 16 of 64 bytes
      expect(fx.send(1, w, filled(56), 0, 0, INFINITE)).toBe(MBX_PENDING); // needs all 64
      expect(fx.send(2, w2, filled(4), 0, 0, INFINITE)).toBe(MBX_PENDING); // queued behind it
      fx.take();
      fx.bind(0, "app:s", 40); // >= bytes_used, but the waiting 64 can never fit now
      expect(fx.m.takeCompletions().map((c) => [c.pid, c.status])).toEqual([
        [1, MbxStatus.MSG_TOO_LARGE],
        [2, MbxStatus.OK],
      ]);
      expect(fx.ofType("mailbox_wake").map((e) => e.data.status)).toEqual([MbxStatus.MSG_TOO_LARGE, MbxStatus.OK]);
      expect(fx.desc("app:s")).toMatchObject({ queue_depth: 2, bytes_used: 28 });
      void r;
    }
  });
});

describe("mailbox.rule.TIMEOUT_EXPIRY", () => {
  it("completes with TIMEOUT, zero outputs and mailbox_timeout once the deadline has come", () => {
    const fx = new Fixture();
    const h = fx.open(1, "app:t");
    const id = waitRecv(fx, 1, h, 10);
    fx.take();
    fx.advanceMs(9);
    expect(fx.m.expire()).toBe(0);
    fx.t += 999;
    expect(fx.m.expire()).toBe(0);
    fx.t += 1; // now == deadline
    expect(fx.m.expire()).toBe(1);
    expect(fx.m.takeCompletions()).toEqual([{ waitId: id, pid: 1, handle: h, descriptor: 1, op: "recv", status: MbxStatus.TIMEOUT, length: 0, flags: 0, channel: 0, srcPid: 0 }]);
    expect(fx.take()).toEqual([
      { type: "mailbox_timeout", pid: 1, data: { descriptor: 1, handle: h, op: "recv", status: MbxStatus.TIMEOUT, length: 0, flags: 0, channel: 0, src_pid: 0 } },
    ]);
    expect(fx.m.waitOf(1)).toBeNull();
    expect(fx.m.nextDeadline()).toBeNull();
  });

  it("waits expire in deadline order, then order of arming", () => {
    const fx = new Fixture();
    const hs = [1, 2, 3, 4, 5].map((pid) => fx.open(pid, "app:t"));
    for (const [pid, ms] of [[1, 30], [2, 10], [3, 20], [4, 10], [5, 5]] as const) waitRecv(fx, pid, hs[pid - 1]!, ms);
    expect(fx.m.nextDeadline()).toBe(5000);
    fx.advanceMs(25);
    expect(fx.m.expire()).toBe(4);
    expect(fx.m.takeCompletions().map((c) => c.pid)).toEqual([5, 2, 4, 3]);
    expect(fx.m.nextDeadline()).toBe(30_000);
  });

  it("expireWaitOf(pid) times out that pid's wait alone, only once its deadline has come", () => {
    const fx = new Fixture();
    const hs = [1, 2, 3].map((pid) => fx.open(pid, "app:t"));
    waitRecv(fx, 1, hs[0]!, 10);
    waitRecv(fx, 2, hs[1]!, 10);
    waitRecv(fx, 3, hs[2]!, INFINITE);
    fx.take();
    fx.advanceMs(9);
    expect(fx.m.expireWaitOf(2)).toBe(false); // not due yet
    fx.advanceMs(1);
    expect(fx.m.expireWaitOf(2)).toBe(true); // due, and taken before pid 1's earlier-armed wait
    expect(fx.m.expireWaitOf(3)).toBe(false); // infinite: never
    expect(fx.m.expireWaitOf(4)).toBe(false); // no wait
    expect(fx.m.expireWaitOf(-1)).toBe(false);
    expect(fx.m.takeCompletions().map((c) => [c.pid, c.status])).toEqual([[2, MbxStatus.TIMEOUT]]);
    expect(fx.ofType("mailbox_timeout").map((e) => e.pid)).toEqual([2]);
    expect(fx.m.waitOf(1)).not.toBeNull();
    expect(fx.m.expire()).toBe(1);
    expect(fx.m.takeCompletions().map((c) => c.pid)).toEqual([1]);
  });

  it("a waiting sender's message is discarded, and the next sender may then get in", () => {
    const fx = new Fixture();
    fx.bind(0, "app:s", 32);
    const r = fx.open(9, "app:s", RDONLY);
    const [a, b, c] = [1, 2, 3].map((pid) => fx.open(pid, "app:s", WRONLY));
    fx.send(1, a!, filled(12)); // 20 of 32
    expect(fx.send(2, b!, filled(20), 0, 0, 10)).toBe(MBX_PENDING); // needs 28
    expect(fx.send(3, c!, filled(2, 0x63), 0, 0, 50)).toBe(MBX_PENDING); // fits, but queued behind
    fx.take();
    fx.advanceMs(10);
    expect(fx.m.expire()).toBe(1);
    expect(fx.m.takeCompletions().map((x) => [x.pid, x.status])).toEqual([
      [2, MbxStatus.TIMEOUT],
      [3, MbxStatus.OK],
    ]);
    expect(fx.types()).toEqual(["mailbox_timeout", "mailbox_wake", "mailbox_send"]);
    expect([fx.recvText(9, r).text.length, fx.recvText(9, r).text]).toEqual([12, "cc"]);
    expect(fx.recvText(9, r).status).toBe(MbxStatus.NO_DATA);
  });

  it("a fan-out sender times out while the slowest reader holds the room", () => {
    const fx = new Fixture();
    fx.bind(0, "app:f", 24, FANOUT | FANOUT_BLOCK);
    const w = fx.open(1, "app:f", WRONLY);
    fx.open(2, "app:f", RDONLY);
    fx.send(1, w, filled(16));
    expect(fx.send(1, w, filled(4), 0, 0, 1)).toBe(MBX_PENDING);
    fx.advanceMs(1);
    fx.m.expire();
    expect(fx.m.takeCompletions().map((x) => x.status)).toEqual([MbxStatus.TIMEOUT]);
    expect(fx.desc("app:f")).toMatchObject({ queue_depth: 1, waiters: [] });
  });
});
