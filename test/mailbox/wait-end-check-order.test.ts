// mailbox.rule.WAIT_END and mailbox.rule.CHECK_ORDER: how waits end other than by data,
// room or timeout, and which status a call with several faults answers.
import { describe, expect, it } from "vitest";
import { MAILBOX, MbxMode, MbxStatus } from "../../generated/ts/index.js";
import { MBX_PENDING } from "../../src/mailbox/index.js";
import { Fixture, filled } from "./fixture.js";

const { RDONLY, WRONLY } = MbxMode;
const INFINITE = MAILBOX.TIMEOUT_INFINITE;
const { OK, INVALID_ARGUMENT, INVALID_HANDLE, ACCESS_DENIED, MSG_TOO_LARGE, INVALID_TARGET, HANDLE_QUOTA } = MbxStatus;

describe("mailbox.rule.WAIT_END", () => {
  it("closing a handle under its pending receive completes it with INVALID_HANDLE, zero outputs, a mailbox_wake with that status and no mailbox_error", () => {
    const fx = new Fixture();
    const h = fx.open(1, "app:w");
    expect(fx.m.recv(1, h, new Uint8Array(8), 0, 8, INFINITE)).toBe(MBX_PENDING);
    fx.take();
    expect(fx.m.close(1, h)).toBe(OK);
    expect(fx.m.takeCompletions()).toEqual([
      expect.objectContaining({ pid: 1, handle: h, op: "recv", status: INVALID_HANDLE, length: 0, flags: 0, channel: 0, srcPid: 0 }),
    ]);
    const evs = fx.take();
    expect(evs.filter((e) => e.type === "mailbox_error")).toEqual([]);
    expect(evs.filter((e) => e.type === "mailbox_wake").map((e) => e.data)).toEqual([
      expect.objectContaining({ handle: h, op: "recv", status: INVALID_HANDLE, length: 0, flags: 0, channel: 0, src_pid: 0 }),
    ]);
  });

  it("a waiting send whose message no longer fits a rebound capacity ends with MSG_TOO_LARGE the same way", () => {
    const fx = new Fixture();
    fx.bind(0, "app:s", 64);
    const w = fx.open(1, "app:s", WRONLY);
    fx.open(2, "app:s", RDONLY);
    fx.send(1, w, filled(8));
    expect(fx.send(1, w, filled(50), 0, 0, INFINITE)).toBe(MBX_PENDING);
    fx.take();
    fx.bind(0, "app:s", 48);
    expect(fx.m.takeCompletions().map((c) => [c.pid, c.op, c.status, c.length])).toEqual([[1, "send", MSG_TOO_LARGE, 0]]);
    const evs = fx.take();
    expect(evs.filter((e) => e.type === "mailbox_error")).toEqual([]);
    expect(evs.filter((e) => e.type === "mailbox_wake").map((e) => e.data.status)).toEqual([MSG_TOO_LARGE]);
    expect(fx.desc("app:s")).toMatchObject({ queue_depth: 1, bytes_used: 16 });
  });
});

describe("mailbox.rule.CHECK_ORDER", () => {
  it("SEND: pid, then handle, then access, then the other arguments, then MSG_TOO_LARGE", () => {
    const fx = new Fixture("embedded");
    const ro = fx.open(1, "app:o", RDONLY);
    const wo = fx.open(1, "app:o", WRONLY);
    const big = filled(200);
    // An out-of-range pid wins over a handle that is not open.
    expect(fx.m.send(0x1_0000, 99, big, 0, 200, 0, 0, 0)).toBe(INVALID_ARGUMENT);
    // A handle that is not open wins over bad flags and a message that is too large.
    expect(fx.m.send(1, 99, big, 0, 200, 0x1_0000, 0, 0)).toBe(INVALID_HANDLE);
    // Missing write access wins over a bad channel and a message that is too large.
    expect(fx.m.send(1, ro, big, 0, 200, 0, 0x1_0000, 0)).toBe(ACCESS_DENIED);
    // A bad channel wins over a message that is too large.
    expect(fx.m.send(1, wo, big, 0, 200, 0, 0x1_0000, 0)).toBe(INVALID_ARGUMENT);
    expect(fx.m.send(1, wo, big, 0, 200, 0, 0, 0)).toBe(MSG_TOO_LARGE);
    expect(fx.desc("app:o").queue_depth).toBe(0);
  });

  it("RECV: handle before access before the arguments", () => {
    const fx = new Fixture();
    const wo = fx.open(1, "app:r", WRONLY);
    expect(fx.m.recv(1, 77, new Uint8Array(4), 0, 8, 0)).toBe(INVALID_HANDLE);
    expect(fx.m.recv(1, wo, new Uint8Array(4), 0, 8, 0)).toBe(ACCESS_DENIED);
    const rd = fx.open(1, "app:r", RDONLY);
    expect(fx.m.recv(1, rd, new Uint8Array(4), 0, 8, 0)).toBe(INVALID_ARGUMENT);
  });

  it("OPEN: pid, flags, target, pid: isolation, handle quota", () => {
    const fx = new Fixture("embedded");
    expect(fx.m.open(-1, "", 0x1_0000)).toBe(INVALID_ARGUMENT);
    expect(fx.m.open(1, "", 0x1_0000)).toBe(INVALID_ARGUMENT);
    let n = 0;
    while (fx.m.open(1, `app:q${n}`, 0) === OK) n++;
    expect(fx.m.open(1, "app:x", 0)).toBe(HANDLE_QUOTA);
    // With the quota exhausted, a malformed target and a forbidden read of pid:2 still answer their own status.
    expect(fx.m.open(1, "app:", 0)).toBe(INVALID_TARGET);
    expect(fx.m.open(1, "pid:2", RDONLY)).toBe(ACCESS_DENIED);
  });

  it("BIND: target before capacity and mode", () => {
    const fx = new Fixture();
    expect(fx.m.bind(1, "svc:", 3, 0xffff)).toBe(INVALID_TARGET);
    expect(fx.m.bind(1, "pid:2", 3, 0xffff)).toBe(ACCESS_DENIED);
    expect(fx.m.bind(1, "app:b", 3, 0xffff)).toBe(INVALID_ARGUMENT);
    expect(fx.snapshot().filter((d) => d.target === "app:b")).toEqual([]);
  });
});
