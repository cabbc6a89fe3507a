import { describe, expect, it } from "vitest";
import { MAILBOX, MbxMode, MbxStatus } from "../../generated/ts/index.js";
import { MBX_PENDING } from "../../src/mailbox/index.js";
import { Fixture, filled } from "./fixture.js";

const { RDONLY, WRONLY, FANOUT, FANOUT_BLOCK } = MbxMode;
const INFINITE = MAILBOX.TIMEOUT_INFINITE;

describe("mailbox.rule.CLOSE", () => {
  it("releases the handle: a closed (stale) handle is INVALID_HANDLE", () => {
    const fx = new Fixture();
    fx.bind(0, "app:c");
    const h = fx.open(1, "app:c");
    expect(fx.m.close(1, h)).toBe(MbxStatus.OK);
    for (const st of [fx.m.close(1, h), fx.send(1, h, "x"), fx.m.peek(1, h), fx.m.tap(1, h, 1), fx.m.recv(1, h, new Uint8Array(1), 0, 1, 0)]) {
      expect(st).toBe(MbxStatus.INVALID_HANDLE);
    }
    expect(fx.ofType("mailbox_error").map((e) => [e.data.fn, e.data.handle])).toEqual([
      [6, h],
      [2, h],
      [4, h],
      [5, h],
      [3, h],
    ]);
  });

  it("handle ids count upward from 1 per pid, are reused only after 0xFFFF allocations, never while open", () => {
    const fx = new Fixture("desktop", false);
    fx.bind(0, "app:c");
    expect(fx.open(1, "app:c")).toBe(1);
    expect(fx.open(2, "app:c")).toBe(1);
    const two = fx.open(1, "app:c");
    expect(two).toBe(2);
    let last = 0;
    for (let i = 3; i <= 0xffff; i++) {
      last = fx.open(1, "app:c");
      fx.m.close(1, last);
    }
    expect(last).toBe(0xffff);
    expect(fx.open(1, "app:c")).toBe(3); // 1 and 2 are still open
    fx.m.close(1, 1);
    for (let i = 4; i <= 0xffff; i++) fx.m.close(1, fx.open(1, "app:c"));
    expect(fx.open(1, "app:c")).toBe(1);
  });

  it("a tap's buffer goes with its handle", () => {
    const fx = new Fixture();
    const w = fx.open(1, "app:c", WRONLY);
    const t = fx.open(2, "app:c", RDONLY);
    fx.m.tap(2, t, true);
    fx.send(1, w, "copy");
    fx.m.close(2, t);
    expect(fx.stats()).toMatchObject({ tap_count: 0, tap_queue_depth: 0 });
    expect(fx.desc("app:c").taps).toEqual([]);
  });

  it("closing a handle with a pending wait completes it with INVALID_HANDLE (SPEC-GAP)", () => {
    const fx = new Fixture();
    fx.bind(0, "app:c", 16);
    const r = fx.open(0, "app:c");
    expect(fx.m.recv(0, r, new Uint8Array(4), 0, 4, INFINITE)).toBe(MBX_PENDING);
    fx.take();
    fx.m.close(0, r);
    expect(fx.m.takeCompletions()).toMatchObject([{ pid: 0, handle: r, op: "recv", status: MbxStatus.INVALID_HANDLE, length: 0 }]);
    expect(fx.take()).toMatchObject([{ type: "mailbox_wake", pid: 0, data: { status: MbxStatus.INVALID_HANDLE, op: "recv" } }]);
    expect(fx.m.waitOf(0)).toBeNull();
  });

  it("closing a waiting sender lets the next sender in", () => {
    const fx = new Fixture();
    fx.bind(0, "app:c", 32);
    const r = fx.open(9, "app:c", RDONLY);
    const a = fx.open(1, "app:c", WRONLY);
    const b = fx.open(2, "app:c", WRONLY);
    fx.send(1, a, filled(12));
    expect(fx.send(0, fx.open(0, "app:c", WRONLY), filled(20), 0, 0, INFINITE)).toBe(MBX_PENDING);
    expect(fx.send(2, b, filled(2), 0, 0, INFINITE)).toBe(MBX_PENDING);
    fx.m.close(0, 1);
    expect(fx.m.takeCompletions().map((c) => [c.pid, c.op, c.status])).toEqual([
      [0, "send", MbxStatus.INVALID_HANDLE],
      [2, "send", MbxStatus.OK],
    ]);
    expect(fx.desc("app:c").queue_depth).toBe(2);
    expect(fx.api.peek(9, r).depth).toBe(2);
  });
});

describe("mailbox.rule.LIFETIME", () => {
  it("alive while it has an open handle or a holder; freed with its queue when both are gone", () => {
    const fx = new Fixture();
    fx.bind(7, "app:l");
    const h = fx.open(1, "app:l");
    fx.send(1, h, "queued");
    fx.m.close(1, h);
    expect(fx.desc("app:l")).toMatchObject({ handles: 0, holders: [7], queue_depth: 1 });
    fx.m.taskExit(7);
    expect(fx.snapshot()).toEqual([]);
    expect(fx.stats()).toMatchObject({ active_descriptors: 0, name_bytes_used: 0, total_capacity: 0, bytes_used: 0, queue_depth: 0 });
  });

  it("a descriptor opened without a holder goes with its last handle", () => {
    const fx = new Fixture();
    const a = fx.open(1, "app:l");
    const b = fx.open(2, "app:l");
    fx.m.close(1, a);
    expect(fx.snapshot()).toHaveLength(1);
    fx.m.close(2, b);
    expect(fx.snapshot()).toEqual([]);
  });

  it("a freed descriptor's id is not reused until the 16-bit id space wraps; its name bytes return to the pool", () => {
    const fx = new Fixture("desktop", false);
    const first = fx.bind(1, "app:keep");
    const id = fx.bind(1, "app:gone");
    const before = fx.stats().name_bytes_used;
    fx.m.close(2, fx.open(2, "app:x"));
    expect(fx.stats().name_bytes_used).toBe(before);
    expect(fx.bind(1, "app:next")).toBe(id + 2);
    for (let i = id + 3; i <= 0xffff; i++) fx.m.close(2, fx.open(2, "app:x"));
    expect(fx.bind(1, "app:wrapped")).toBe(first + 2); // 1 (keep), 2 (gone) and 3 (next) are alive
  });

  it("a handle opened before a descriptor was freed does not reach its successor", () => {
    const fx = new Fixture();
    const h = fx.open(1, "app:l");
    fx.m.close(1, h);
    const h2 = fx.open(1, "app:l");
    expect(h2).not.toBe(h);
    expect(fx.send(1, h, "x")).toBe(MbxStatus.INVALID_HANDLE);
  });
});

describe("mailbox.rule.TASK_EXIT", () => {
  it("removes the pid's wait: no message is ever delivered to it", () => {
    const fx = new Fixture();
    fx.bind(0, "app:e");
    const w = fx.open(0, "app:e", WRONLY);
    const r = fx.open(2, "app:e", RDONLY);
    const other = fx.open(3, "app:e", RDONLY);
    expect(fx.m.recv(2, r, new Uint8Array(8), 0, 8, 100)).toBe(MBX_PENDING);
    fx.m.taskExit(2);
    expect(fx.m.waitOf(2)).toBeNull();
    expect(fx.m.nextDeadline()).toBeNull();
    fx.take();
    fx.send(0, w, "for the living");
    expect(fx.m.takeCompletions()).toEqual([]);
    expect(fx.types()).toEqual(["mailbox_send"]);
    expect(fx.recvText(3, other).text).toBe("for the living");
  });

  it("closes all its handles, drops its holds and frees what nothing else keeps", () => {
    const fx = new Fixture();
    fx.bind(4, "app:mine");
    fx.bind(4, "app:shared");
    fx.bind(5, "app:shared");
    fx.open(4, "app:open");
    fx.open(4, "svc:stdio.out");
    const t = fx.open(4, "app:shared", RDONLY);
    fx.m.tap(4, t, true);
    fx.m.taskExit(4);
    expect(fx.snapshot().map((d) => [d.target, d.holders, d.handles])).toEqual([["app:shared", [5], 0]]);
    expect(fx.stats()).toMatchObject({ handles_total: 0, tap_count: 0, handles_per_pid: {} });
  });

  it("discards completions the driver has not drained and never fails", () => {
    const fx = new Fixture();
    const w = fx.open(1, "app:e", WRONLY);
    const r = fx.open(2, "app:e", RDONLY);
    const r3 = fx.open(3, "app:e", RDONLY);
    fx.m.recv(2, r, new Uint8Array(8), 0, 8, INFINITE);
    fx.m.recv(3, r3, new Uint8Array(8), 0, 8, INFINITE);
    fx.send(1, w, "a");
    fx.send(1, w, "b");
    fx.m.taskExit(2);
    expect(fx.m.takeCompletions().map((c) => c.pid)).toEqual([3]);
    for (const pid of [2, 99, -1, 1.5, 70000, Number.NaN]) expect(() => fx.m.taskExit(pid)).not.toThrow();
  });

  it("the pid's handle counter is never reset, not even by taskExit (mailbox.rule.CLOSE)", () => {
    const fx = new Fixture();
    fx.open(6, "app:a");
    fx.open(6, "app:a");
    fx.m.taskExit(6);
    expect(fx.open(6, "app:a")).toBe(3);
    expect(fx.send(6, 1, "stale")).toBe(MbxStatus.INVALID_HANDLE);
  });

  it("a lagging fan-out reader that exits releases the messages it held and the senders waiting on them", () => {
    const fx = new Fixture();
    fx.bind(0, "app:f", 24, FANOUT | FANOUT_BLOCK);
    const w = fx.open(1, "app:f", WRONLY);
    const fast = fx.open(2, "app:f", RDONLY);
    fx.open(3, "app:f", RDONLY);
    fx.send(1, w, filled(16));
    expect(fx.send(1, w, filled(16, 0x62), 0, 0, INFINITE)).toBe(MBX_PENDING);
    fx.recvText(2, fast);
    fx.m.taskExit(3);
    expect(fx.m.takeCompletions()).toMatchObject([{ pid: 1, op: "send", status: MbxStatus.OK }]);
    expect(fx.recvText(2, fast).text).toBe("b".repeat(16));
  });
});
