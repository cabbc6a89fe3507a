// The convenient result-object API and the allocation-free fast path agree.
import { describe, expect, it } from "vitest";
import { MbxMode, MbxStatus } from "../../generated/ts/index.js";
import { MBX_PENDING, MailboxManager, type Completion } from "../../src/mailbox/index.js";
import { Fixture, bytes, text } from "./fixture.js";

describe("MailboxApi", () => {
  it("returns each call's outputs as an object", () => {
    const fx = new Fixture();
    const { api } = fx;
    expect(api.bind(1, "app:a", 128)).toEqual({ status: MbxStatus.OK, descriptor: 1 });
    expect(api.open(1, "app:a")).toEqual({ status: MbxStatus.OK, handle: 1 });
    expect(api.open(1, "")).toEqual({ status: MbxStatus.INVALID_TARGET, handle: 0 });
    expect(api.send(1, 1, bytes("hey"), { flags: 2, channel: 3 })).toEqual({ status: MbxStatus.OK, length: 3, waitId: 0 });
    expect(api.peek(1, 1)).toEqual({ status: MbxStatus.OK, depth: 1, bytesUsed: 11, nextLen: 3 });
    const r = api.recv(1, 1, 2);
    expect([r.status, r.length, r.flags, r.channel, r.srcPid, text(r.data), r.buffer.length]).toEqual([MbxStatus.OK, 2, 2, 3, 1, "he", 2]);
    const p = api.recv(1, 1, 8, 10);
    expect([p.status, p.waitId, p.data.length]).toEqual([MBX_PENDING, 1, 0]);
    expect(api.tap(1, 1, false)).toEqual({ status: MbxStatus.OK });
    expect(api.close(1, 1)).toEqual({ status: MbxStatus.OK });
    expect(fx.m.takeCompletions()).toMatchObject([{ waitId: 1, status: MbxStatus.INVALID_HANDLE }]);
  });

  it("receives into a caller's buffer and waits for room with send options", () => {
    const fx = new Fixture();
    const { api } = fx;
    api.bind(0, "app:s", 16);
    const w = fx.open(1, "app:s", MbxMode.WRONLY);
    const r = fx.open(2, "app:s", MbxMode.RDONLY);
    expect(api.send(1, w, bytes("12345678")).status).toBe(MbxStatus.OK);
    const s = api.send(1, w, bytes("abcdefgh"), { timeoutMs: 0xffff });
    expect([s.status, s.waitId]).toEqual([MBX_PENDING, 1]);
    const mine = new Uint8Array(8);
    expect(api.recv(2, r, 8, 0, mine).buffer).toBe(mine);
    expect(text(mine)).toBe("12345678");
    expect(fx.m.takeCompletions()).toMatchObject([{ waitId: 1, op: "send", status: MbxStatus.OK, length: 8 }]);
  });
});

describe("fast path", () => {
  it("drainCompletions visits reused records in order; takeCompletions copies them", () => {
    const fx = new Fixture();
    const w = fx.open(1, "app:d", MbxMode.WRONLY);
    const rs = [2, 3, 4].map((pid) => fx.open(pid, "app:d", MbxMode.RDONLY));
    for (let round = 0; round < 3; round++) {
      rs.forEach((h, i) => fx.m.recv(2 + i, h, new Uint8Array(4), 0, 4, 0xffff));
      for (let i = 0; i < 3; i++) fx.send(1, w, `m${i}`);
      const seen: number[] = [];
      let record: Completion | null = null;
      expect(fx.m.completionCount).toBe(3);
      expect(fx.m.drainCompletions((c) => {
        seen.push(c.pid);
        record ??= c;
      })).toBe(3);
      expect(seen).toEqual([2, 3, 4]);
      expect(record).not.toBeNull();
      expect(fx.m.completionCount).toBe(0);
    }
    expect(fx.m.drainCompletions(() => undefined)).toBe(0);
  });

  it("a visitor that throws still releases the record", () => {
    const fx = new Fixture();
    const h = fx.open(1, "app:d");
    fx.m.recv(1, h, new Uint8Array(1), 0, 1, 1);
    fx.advanceMs(1);
    fx.m.expire();
    expect(() => fx.m.drainCompletions(() => {
      throw new Error("driver bug");
    })).toThrow("driver bug");
    expect(fx.m.completionCount).toBe(0);
  });

  it("out is one reused record; error statuses zero it", () => {
    const fx = new Fixture();
    const out = fx.m.out;
    fx.open(1, "app:o");
    expect(out.handle).toBe(1);
    expect(fx.m.open(1, "", 0)).toBe(MbxStatus.INVALID_TARGET);
    expect(fx.m.out).toBe(out);
    expect(out.handle).toBe(0);
  });

  it("refuses an unknown profile at construction", () => {
    expect(() => new MailboxManager({ profile: "mainframe" as "desktop", clock: { now: () => 0 } })).toThrow(RangeError);
  });

  it("waitOf answers null for pids without a wait, invalid ones included", () => {
    const fx = new Fixture();
    expect([fx.m.waitOf(1), fx.m.waitOf(-1), fx.m.waitOf(0.5)]).toEqual([null, null, null]);
  });
});
