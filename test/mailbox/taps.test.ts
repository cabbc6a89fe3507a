import { describe, expect, it } from "vitest";
import { MAILBOX, MbxFlag, MbxMode, MbxStatus, PROFILES } from "../../generated/ts/index.js";
import { MBX_PENDING } from "../../src/mailbox/index.js";
import { Fixture, filled } from "./fixture.js";

const { RDONLY, WRONLY, FANOUT } = MbxMode;
const HDR = MAILBOX.MSG_HEADER_BYTES;

describe("mailbox.rule.TAPS", () => {
  it("a tap gets a copy of every message queued after it was enabled and never consumes the queue", () => {
    const fx = new Fixture();
    const w = fx.open(1, "app:t", WRONLY);
    const r = fx.open(2, "app:t", RDONLY);
    const t = fx.open(3, "app:t", RDONLY);
    fx.send(1, w, "before");
    expect(fx.m.tap(3, t, true)).toBe(MbxStatus.OK);
    expect(fx.m.tap(3, t, 1)).toBe(MbxStatus.OK); // already a tap: no change
    fx.send(1, w, "one", 2, 7);
    fx.send(1, w, "two");
    expect(fx.recvText(3, t)).toMatchObject({ text: "one", flags: 2 });
    expect(fx.recvText(3, t).text).toBe("two");
    expect(fx.recvText(3, t).status).toBe(MbxStatus.NO_DATA);
    expect(["before", "one", "two"].map(() => fx.recvText(2, r).text)).toEqual(["before", "one", "two"]);
  });

  it("the tap buffer has the descriptor's capacity; a copy that does not fit evicts the oldest", () => {
    const fx = new Fixture();
    fx.bind(1, "app:t", 40);
    const w = fx.open(1, "app:t", WRONLY);
    const r = fx.open(2, "app:t", RDONLY);
    const t = fx.open(3, "app:t", RDONLY);
    fx.m.tap(3, t, true);
    for (const m of ["aaaa", "bbbb", "cccc"]) fx.send(1, w, m);
    fx.recvText(2, r);
    fx.recvText(2, r);
    fx.take();
    expect(fx.send(1, w, "dddd")).toBe(MbxStatus.OK); // the tap's buffer is full: aaaa goes
    expect(fx.take().map((e) => e.type)).toEqual(["mailbox_send", "mailbox_overrun"]);
    expect(fx.desc("app:t").taps).toEqual([{ pid: 3, handle: t, depth: 3, bytes_used: 36, drops: 1 }]);
    expect(fx.stats()).toMatchObject({ tap_count: 1, tap_queue_depth: 3, tap_drops: 1 });
  });

  it("taps never block or delay a sender or a reader", () => {
    const fx = new Fixture();
    fx.bind(1, "app:t", 24);
    const w = fx.open(1, "app:t", WRONLY);
    const r = fx.open(2, "app:t", RDONLY);
    const t = fx.open(3, "app:t", RDONLY);
    fx.m.tap(3, t, true);
    for (let i = 0; i < 10; i++) {
      expect(fx.send(1, w, filled(16, 0x30 + i))).toBe(MbxStatus.OK);
      expect(fx.recvText(2, r).text).toBe(String.fromCharCode(0x30 + i).repeat(16));
    }
    expect(fx.desc("app:t").taps[0]).toMatchObject({ depth: 1, drops: 9 });
  });

  it("switching a tap off drops its buffer; the handle reads the queue again from next_seq - 1", () => {
    const fx = new Fixture();
    fx.bind(1, "app:t", 0, FANOUT);
    const w = fx.open(1, "app:t", WRONLY);
    const t = fx.open(3, "app:t", RDONLY);
    fx.m.tap(3, t, true);
    fx.send(1, w, "copied");
    expect(fx.m.tap(3, t, 0)).toBe(MbxStatus.OK);
    expect(fx.m.tap(3, t, false)).toBe(MbxStatus.OK); // not a tap: no change
    expect(fx.stats()).toMatchObject({ tap_count: 0, tap_queue_depth: 0 });
    expect(fx.recvText(3, t).status).toBe(MbxStatus.NO_DATA);
    fx.send(1, w, "after");
    expect(fx.recvText(3, t).text).toBe("after");
  });

  it("a receive pending on a tap becomes a regular one when the tap is switched off", () => {
    const fx = new Fixture();
    const w = fx.open(1, "app:t", WRONLY);
    const t = fx.open(3, "app:t", RDONLY);
    fx.send(1, w, "queued");
    fx.m.tap(3, t, true);
    expect(fx.m.recv(3, t, new Uint8Array(8), 0, 8, 0xffff)).toBe(MBX_PENDING);
    fx.m.tap(3, t, false);
    expect(fx.m.takeCompletions()).toMatchObject([{ pid: 3, status: MbxStatus.OK, length: 6 }]);
  });

  it("the buffer follows the descriptor's capacity (SPEC-GAP), evicting copies when it shrinks", () => {
    const fx = new Fixture();
    fx.bind(1, "app:t", 64);
    const w = fx.open(1, "app:t", WRONLY);
    const r = fx.open(2, "app:t", RDONLY);
    const t = fx.open(3, "app:t", RDONLY);
    fx.m.tap(3, t, true);
    for (const m of ["aaaa", "bbbb", "cccc"]) fx.send(1, w, m);
    for (let i = 0; i < 3; i++) fx.recvText(2, r);
    fx.take();
    fx.bind(1, "app:t", 24);
    expect(fx.ofType("mailbox_overrun").map((e) => [e.pid, e.data.reason, e.data.dropped_seq])).toEqual([[3, "tap_overflow", 0]]);
    expect(fx.stats().footprint.ring_bytes_reserved).toBe(48);
    expect(fx.recvText(3, t)).toMatchObject({ text: "bbbb", flags: MbxFlag.OVERRUN });
    expect(fx.recvText(3, t)).toMatchObject({ text: "cccc", flags: 0 });
    fx.bind(1, "app:t", 12); // nothing queued in the descriptor; the tap is empty
    fx.bind(1, "app:t", 100);
    fx.send(1, w, "dddd");
    expect(fx.recvText(3, t)).toMatchObject({ text: "dddd", flags: 0 });
  });

  it("a shrink that empties the tap marks the next copy", () => {
    const fx = new Fixture();
    fx.bind(1, "app:t", 64);
    const w = fx.open(1, "app:t", WRONLY);
    const r = fx.open(2, "app:t", RDONLY);
    const t = fx.open(3, "app:t", RDONLY);
    fx.m.tap(3, t, true);
    fx.send(1, w, filled(40));
    fx.recvText(2, r);
    fx.bind(1, "app:t", 20);
    fx.send(1, w, "x");
    expect(fx.recvText(3, t)).toMatchObject({ text: "x", flags: MbxFlag.OVERRUN });
  });
});

describe("mailbox.rule.TAP_OVERRUN", () => {
  it("an eviction puts OVERRUN on the first copy the tap receives after the gap", () => {
    const fx = new Fixture();
    fx.bind(1, "app:t", 30);
    const w = fx.open(1, "app:t", WRONLY);
    const r = fx.open(2, "app:t", RDONLY);
    const t = fx.open(3, "app:t", RDONLY);
    fx.m.tap(3, t, true);
    for (const m of ["aa", "bb", "cc", "dd"]) {
      fx.send(1, w, m, 0x100);
      fx.recvText(2, r);
    }
    // 10 bytes each: aa was evicted for dd, so bb (now the oldest) carries OVERRUN.
    expect([fx.recvText(3, t), fx.recvText(3, t), fx.recvText(3, t)].map((g) => [g.text, g.flags])).toEqual([
      ["bb", 0x100 | MbxFlag.OVERRUN],
      ["cc", 0x100],
      ["dd", 0x100],
    ]);
  });

  it("a copy that evicts everything carries OVERRUN itself; every eviction emits tap_overflow", () => {
    const fx = new Fixture();
    fx.bind(1, "app:t", 40);
    const w = fx.open(1, "app:t", WRONLY);
    const r = fx.open(2, "app:t", RDONLY);
    const t = fx.open(3, "app:t", RDONLY);
    fx.m.tap(3, t, true);
    fx.send(1, w, "aa");
    fx.send(1, w, "bb");
    fx.recvText(2, r);
    fx.recvText(2, r);
    fx.take();
    fx.send(1, w, filled(32), 0, 4);
    const ov = fx.ofType("mailbox_overrun");
    expect(ov.map((e) => [e.pid, e.data.handle, e.data.reason, e.data.dropped_seq, e.data.dropped_length, e.data.queue_depth])).toEqual([
      [3, t, "tap_overflow", 0, 2, 1],
      [3, t, "tap_overflow", 1, 2, 0],
    ]);
    expect(fx.recvText(3, t).flags).toBe(MbxFlag.OVERRUN);
  });

  it("a rate-limit drop puts OVERRUN on the next accepted copy, not on older ones", () => {
    const fx = new Fixture("embedded");
    const limit = PROFILES.embedded.limits.tap_rate_limit;
    fx.bind(1, "app:t", 0, FANOUT); // no reader: sends never block, the queue drops
    const w = fx.open(1, "app:t", WRONLY);
    const t = fx.open(3, "app:t", RDONLY);
    fx.m.tap(3, t, true);
    for (let i = 1; i < limit; i++) {
      fx.send(1, w, "x");
      fx.api.recv(3, t, 0);
    }
    fx.send(1, w, "kept"); // the window's last copy stays buffered
    fx.take();
    fx.send(1, w, "dropped");
    expect(fx.ofType("mailbox_backpressure").map((e) => [e.pid, e.data])).toEqual([
      [1, { descriptor: 1, policy: "tap_rate_limit", capacity: 64, bytes_used: 12, requested: 15, tap_pid: 3, tap_handle: t, limit }],
    ]);
    fx.advanceMs(MAILBOX.TAP_RATE_WINDOW_MS);
    fx.send(1, w, "next");
    expect(fx.recvText(3, t)).toMatchObject({ text: "kept", flags: 0 });
    expect(fx.recvText(3, t)).toMatchObject({ text: "next", flags: MbxFlag.OVERRUN });
    expect(fx.desc("app:t").taps[0]!.drops).toBe(1);
  });
});

describe("mailbox.rule.TAP_RATE", () => {
  it("at most tap_rate_limit copies per window; a window opens at the first copy after the previous ended", () => {
    const fx = new Fixture("embedded");
    const limit = PROFILES.embedded.limits.tap_rate_limit;
    fx.bind(1, "app:t", 0, FANOUT);
    const w = fx.open(1, "app:t", WRONLY);
    const t = fx.open(3, "app:t", RDONLY);
    fx.m.tap(3, t, true);
    /** Send n messages, draining the tap after each; returns the copies it got. */
    const burst = (n: number): number => {
      let got = 0;
      for (let i = 0; i < n; i++) {
        expect(fx.send(1, w, "m")).toBe(MbxStatus.OK);
        if (fx.api.recv(3, t, 0).status === MbxStatus.OK) got++;
      }
      return got;
    };
    fx.t = 5_000; // the first window opens here, at the first copy
    expect(burst(limit + 3)).toBe(limit);
    fx.advanceMs(MAILBOX.TAP_RATE_WINDOW_MS - 1);
    expect(burst(1)).toBe(0);
    fx.advanceMs(1); // the window has ended ...
    fx.t += 500_000; // ... and the next one opens at the first copy, here
    expect(burst(1)).toBe(1);
    fx.advanceMs(900);
    expect(burst(limit)).toBe(limit - 1);
    fx.advanceMs(100);
    expect(burst(2)).toBe(2);
    expect(fx.stats().tap_drops).toBe(3 + 1 + 1);
  });

  it("desktop has no rate limit (0 means none)", () => {
    const fx = new Fixture("desktop");
    expect(PROFILES.desktop.limits.tap_rate_limit).toBe(0);
    fx.bind(1, "app:t", 4096);
    const w = fx.open(1, "app:t", WRONLY);
    const t = fx.open(3, "app:t", RDONLY);
    fx.m.tap(3, t, true);
    for (let i = 0; i < 200; i++) fx.send(1, w, "m");
    expect(fx.desc("app:t").taps[0]).toMatchObject({ depth: 200, bytes_used: 200 * (1 + HDR), drops: 0 });
  });
});
