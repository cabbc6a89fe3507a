import { describe, expect, it } from "vitest";
import { MAILBOX, MbxFlag, MbxMode, MbxStatus } from "../../generated/ts/index.js";
import { MBX_PENDING } from "../../src/mailbox/index.js";
import { Fixture, bytes, filled, text } from "./fixture.js";

const HDR = MAILBOX.MSG_HEADER_BYTES;
const { RDONLY, WRONLY, FANOUT } = MbxMode;

describe("mailbox.rule.CAPACITY", () => {
  it("a message costs length + 8; MSG_TOO_LARGE when that exceeds the capacity, whatever the occupancy", () => {
    const fx = new Fixture();
    fx.bind(1, "app:c", 64);
    const h = fx.open(1, "app:c");
    expect(fx.send(1, h, filled(64 - HDR + 1))).toBe(MbxStatus.MSG_TOO_LARGE);
    expect(fx.ofType("mailbox_error").map((e) => e.data.status)).toEqual([MbxStatus.MSG_TOO_LARGE]);
    expect(fx.send(1, h, filled(64 - HDR))).toBe(MbxStatus.OK);
    expect(fx.desc("app:c")).toMatchObject({ bytes_used: 64, queue_depth: 1, high_water: 64 });
  });

  it("a send fits when bytes_used + cost <= capacity", () => {
    const fx = new Fixture();
    fx.bind(1, "app:c", 64);
    const h = fx.open(1, "app:c");
    for (let i = 0; i < 3; i++) expect(fx.send(1, h, filled(13))).toBe(MbxStatus.OK); // 3 x 21 = 63
    expect(fx.desc("app:c").bytes_used).toBe(63);
    expect(fx.send(1, h, filled(1))).toBe(MbxStatus.WOULDBLOCK);
    fx.recvText(1, h);
    expect(fx.send(1, h, filled(13))).toBe(MbxStatus.OK);
    expect(fx.desc("app:c").bytes_used).toBe(63);
  });
});

describe("mailbox.rule.ZERO_LENGTH", () => {
  it("always succeeds, is never queued and costs nothing, even on a full mailbox", () => {
    const fx = new Fixture();
    fx.bind(1, "app:z", 16);
    const h = fx.open(1, "app:z");
    expect(fx.send(1, h, filled(8))).toBe(MbxStatus.OK);
    const before = fx.desc("app:z");
    expect(fx.send(1, h, new Uint8Array(0), 0x4, 9)).toBe(MbxStatus.OK);
    expect(fx.m.out.length).toBe(0);
    expect(fx.desc("app:z")).toEqual(before);
  });

  it("completes the first waiting regular receiver with length 0 and the hint's flags, channel and src_pid", () => {
    const fx = new Fixture();
    const w = fx.open(1, "app:z", WRONLY);
    const r2 = fx.open(2, "app:z", RDONLY);
    const r3 = fx.open(3, "app:z", RDONLY);
    expect(fx.m.recv(2, r2, new Uint8Array(4), 0, 4, 0xffff)).toBe(MBX_PENDING);
    expect(fx.m.recv(3, r3, new Uint8Array(4), 0, 4, 0xffff)).toBe(MBX_PENDING);
    fx.take();
    expect(fx.send(1, w, new Uint8Array(0), MbxFlag.OOB, 7)).toBe(MbxStatus.OK);
    expect(fx.m.takeCompletions()).toEqual([
      { waitId: 1, pid: 2, handle: r2, descriptor: 1, op: "recv", status: MbxStatus.OK, length: 0, flags: MbxFlag.OOB, channel: 7, srcPid: 1 },
    ]);
    expect(fx.types()).toEqual(["mailbox_send", "mailbox_wake", "mailbox_recv"]);
    expect(fx.m.waitOf(3)).toMatchObject({ pid: 3, op: "recv" });
  });

  it("with fan-out, completes every waiting regular reader; taps do not see hints", () => {
    const fx = new Fixture();
    fx.bind(1, "app:z", 0, FANOUT);
    const w = fx.open(1, "app:z", WRONLY);
    const t = fx.open(4, "app:z", RDONLY);
    fx.m.tap(4, t, true);
    const readers = [2, 3].map((pid) => fx.open(pid, "app:z", RDONLY));
    for (const [pid, h] of [[4, t], [2, readers[0]!], [3, readers[1]!]] as const) {
      expect(fx.m.recv(pid, h, new Uint8Array(4), 0, 4, 0xffff)).toBe(MBX_PENDING);
    }
    fx.send(1, w, new Uint8Array(0), 0, 3);
    expect(fx.m.takeCompletions().map((c) => [c.pid, c.length, c.channel])).toEqual([
      [2, 0, 3],
      [3, 0, 3],
    ]);
    expect(fx.m.waitOf(4)).not.toBeNull();
    expect(fx.desc("app:z").taps).toEqual([{ pid: 4, handle: t, depth: 0, bytes_used: 0, drops: 0 }]);
  });
});

describe("mailbox.rule.SEQUENCE", () => {
  it("each queued message takes next_seq from 0; head_seq is the oldest or next_seq when empty", () => {
    const fx = new Fixture();
    const h = fx.open(1, "app:s");
    expect(fx.desc("app:s")).toMatchObject({ head_seq: 0, next_seq: 0 });
    fx.send(1, h, "a");
    fx.send(1, h, "b");
    fx.send(1, h, new Uint8Array(0)); // hints take no number
    expect(fx.desc("app:s")).toMatchObject({ head_seq: 0, next_seq: 2 });
    fx.recvText(1, h);
    expect(fx.desc("app:s")).toMatchObject({ head_seq: 1, next_seq: 2 });
    fx.recvText(1, h);
    expect(fx.desc("app:s")).toMatchObject({ head_seq: 2, next_seq: 2 });
  });
});

describe("mailbox.rule.SINGLE_READER", () => {
  it("one FIFO queue: any read-capable non-tap handle takes the head, the sender's own included", () => {
    const fx = new Fixture();
    const w = fx.open(1, "app:q");
    const a = fx.open(2, "app:q", RDONLY);
    const b = fx.open(3, "app:q", RDONLY);
    for (const m of ["1", "2", "3", "4"]) fx.send(1, w, m, 0x100, 5);
    expect([fx.recvText(3, b).text, fx.recvText(2, a).text, fx.recvText(1, w).text, fx.recvText(2, a).text]).toEqual(["1", "2", "3", "4"]);
    expect(fx.recvText(3, b).status).toBe(MbxStatus.NO_DATA);
  });

  it("a send that does not fit is WOULDBLOCK with mailbox_backpressure (policy single) and no error", () => {
    const fx = new Fixture();
    fx.bind(1, "app:q", 24);
    const w = fx.open(1, "app:q");
    fx.send(1, w, filled(10));
    fx.take();
    expect(fx.send(1, w, filled(10))).toBe(MbxStatus.WOULDBLOCK);
    expect(fx.take()).toEqual([
      {
        type: "mailbox_backpressure",
        pid: 1,
        data: { descriptor: 1, policy: "single", capacity: 24, bytes_used: 18, requested: 18, tap_pid: null, tap_handle: null, limit: null },
      },
    ]);
  });
});

describe("mailbox.rule.RECV", () => {
  it("copies min(max_len, length) bytes and consumes the whole message", () => {
    const fx = new Fixture();
    const h = fx.open(1, "app:r");
    fx.send(1, h, "abcdef", 3, 4);
    fx.send(1, h, "ghi");
    fx.send(1, h, "jkl");
    const dst = new Uint8Array(10).fill(0xee);
    expect(fx.m.recv(1, h, dst, 2, 4, 0)).toBe(MbxStatus.OK);
    expect({ ...fx.m.out }).toMatchObject({ length: 4, flags: 3, channel: 4, srcPid: 1 });
    expect(Array.from(dst)).toEqual([0xee, 0xee, ...bytes("abcd"), 0xee, 0xee, 0xee, 0xee]);
    expect(fx.m.recv(1, h, dst, 0, 0, 0)).toBe(MbxStatus.OK); // max_len 0 consumes "ghi"
    expect(fx.m.out.length).toBe(0);
    expect(fx.recvText(1, h).text).toBe("jkl");
  });

  it("an empty queue with timeout 0 is NO_DATA without an event; otherwise the caller waits", () => {
    const fx = new Fixture();
    const h = fx.open(1, "app:r");
    fx.take();
    expect(fx.m.recv(1, h, new Uint8Array(4), 0, 4, 0)).toBe(MbxStatus.NO_DATA);
    expect({ ...fx.m.out }).toMatchObject({ length: 0, flags: 0, channel: 0, srcPid: 0 });
    expect(fx.take()).toEqual([]);
    expect(fx.m.recv(1, h, new Uint8Array(4), 0, 4, 1)).toBe(MBX_PENDING);
    expect(fx.types()).toEqual(["mailbox_wait"]);
  });

  it("a pending receive writes into the buffer it was given when it completes", () => {
    const fx = new Fixture();
    const w = fx.open(1, "app:r", WRONLY);
    const r = fx.open(2, "app:r", RDONLY);
    const memory = new Uint8Array(32);
    expect(fx.m.recv(2, r, memory, 20, 8, 0xffff)).toBe(MBX_PENDING);
    fx.send(1, w, "payload-longer-than-8", 1, 2);
    const [c] = fx.m.takeCompletions();
    expect(c).toMatchObject({ pid: 2, op: "recv", status: 0, length: 8, flags: 1, channel: 2, srcPid: 1 });
    expect(text(memory.subarray(20, 28))).toBe("payload-");
    expect(memory[28]).toBe(0);
  });
});

describe("mailbox.rule.PEEK", () => {
  it("reports depth, bytes_used and the next message this handle would receive", () => {
    const fx = new Fixture();
    const h = fx.open(1, "app:p");
    expect(fx.api.peek(1, h)).toEqual({ status: MbxStatus.OK, depth: 0, bytesUsed: 0, nextLen: 0 });
    fx.send(1, h, "abc");
    fx.send(1, h, "de");
    expect(fx.api.peek(1, h)).toEqual({ status: MbxStatus.OK, depth: 2, bytesUsed: 3 + 2 + 2 * HDR, nextLen: 3 });
    expect(fx.desc("app:p").queue_depth).toBe(2); // nothing consumed
  });

  it("fan-out: next_len follows the handle's cursor; depth and bytes are the descriptor's", () => {
    const fx = new Fixture();
    fx.bind(1, "app:p", 0, FANOUT);
    const w = fx.open(1, "app:p", WRONLY);
    const a = fx.open(2, "app:p", RDONLY);
    const b = fx.open(3, "app:p", RDONLY);
    fx.send(1, w, "abc");
    fx.send(1, w, "de");
    fx.recvText(2, a);
    expect(fx.api.peek(2, a)).toMatchObject({ depth: 2, nextLen: 2 });
    expect(fx.api.peek(3, b)).toMatchObject({ depth: 2, nextLen: 3 });
    fx.recvText(2, a);
    expect(fx.api.peek(2, a)).toMatchObject({ depth: 2, nextLen: 0 });
    // SPEC-GAP choice: a write-only handle would receive nothing.
    expect(fx.api.peek(1, w)).toMatchObject({ depth: 2, nextLen: 0 });
  });

  it("on a tap handle it reports the tap buffer", () => {
    const fx = new Fixture();
    const w = fx.open(1, "app:p", WRONLY);
    const t = fx.open(2, "app:p", RDONLY);
    fx.send(1, w, "before");
    fx.m.tap(2, t, 1);
    fx.send(1, w, "after!!");
    expect(fx.api.peek(2, t)).toEqual({ status: MbxStatus.OK, depth: 1, bytesUsed: 7 + HDR, nextLen: 7 });
  });
});
