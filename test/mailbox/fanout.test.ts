import { describe, expect, it } from "vitest";
import { MbxFlag, MbxMode, MbxStatus } from "../../generated/ts/index.js";
import { MBX_PENDING } from "../../src/mailbox/index.js";
import { Fixture, filled } from "./fixture.js";

const { RDONLY, WRONLY, RDWR, FANOUT, FANOUT_DROP, FANOUT_BLOCK } = MbxMode;

/** A fan-out descriptor with one writer (pid 1) and readers at pids 2, 3, ... */
function fanout(capacity: number, mode: number, readers: number): { fx: Fixture; w: number; r: number[] } {
  const fx = new Fixture();
  fx.bind(1, "shared:f", capacity, mode);
  const w = fx.open(1, "shared:f", WRONLY);
  const r = Array.from({ length: readers }, (_, i) => fx.open(2 + i, "shared:f", RDONLY));
  fx.take();
  return { fx, w, r };
}

describe("mailbox.rule.FANOUT_READERS", () => {
  it("every reader receives every message, in order", () => {
    const { fx, w, r } = fanout(128, FANOUT, 3);
    for (const m of ["a", "b", "c"]) fx.send(1, w, m);
    for (let i = 0; i < 3; i++) expect(["a", "b", "c"].map(() => fx.recvText(2 + i, r[i]!).text)).toEqual(["a", "b", "c"]);
    expect(fx.desc("shared:f")).toMatchObject({ queue_depth: 0, bytes_used: 0, head_seq: 3, next_seq: 3 });
  });

  it("a reader opened later starts at next_seq - 1 and sees only later messages", () => {
    const { fx, w, r } = fanout(128, FANOUT, 1);
    fx.send(1, w, "old");
    const late = fx.open(9, "shared:f", RDONLY);
    fx.send(1, w, "new");
    expect(fx.recvText(9, late).text).toBe("new");
    expect(fx.recvText(9, late).status).toBe(MbxStatus.NO_DATA);
    expect(fx.desc("shared:f").readers).toEqual([
      { pid: 2, handle: r[0], last_seq: -1, lag: 2 },
      { pid: 9, handle: late, last_seq: 1, lag: 0 },
    ]);
  });

  it("a refused send or an empty receive changes nothing; only a received message makes a sender a reader again", () => {
    const fx = new Fixture();
    fx.bind(1, "shared:f", 24, FANOUT | FANOUT_BLOCK);
    const w = fx.open(1, "shared:f", WRONLY);
    const rw = fx.open(5, "shared:f", RDWR);
    fx.send(1, w, filled(16));
    expect(fx.send(5, rw, filled(16))).toBe(MbxStatus.WOULDBLOCK); // refused: still a reader
    expect(fx.desc("shared:f").readers.map((x) => x.pid)).toEqual([5]);
    fx.recvText(5, rw);
    expect(fx.send(5, rw, "x")).toBe(MbxStatus.OK); // a sender now
    expect(fx.desc("shared:f").readers).toEqual([]);
    fx.m.recv(5, rw, new Uint8Array(1), 0, 1, 0); // its own message is after its cursor: it takes x
    expect(fx.desc("shared:f").readers.map((x) => x.pid)).toEqual([5]);
    expect(fx.send(5, rw, new Uint8Array(0))).toBe(MbxStatus.OK); // a hint is a successful send
    expect(fx.desc("shared:f").readers).toEqual([]);
    expect(fx.recvText(5, rw).status).toBe(MbxStatus.NO_DATA); // an empty receive changes nothing
    expect(fx.desc("shared:f").readers).toEqual([]);
  });

  it("dropping messages never moves a cursor", () => {
    const { fx, w, r } = fanout(24, FANOUT, 1);
    fx.send(1, w, filled(16, 0x61));
    fx.send(1, w, filled(16, 0x62)); // drops seq 0
    fx.send(1, w, filled(16, 0x63)); // drops seq 1
    expect(fx.desc("shared:f").readers).toEqual([{ pid: 2, handle: r[0], last_seq: -1, lag: 1 }]);
    expect(fx.ofType("mailbox_overrun").map((e) => e.data.dropped_seq)).toEqual([0, 1]);
    expect(fx.recvText(2, r[0]!)).toMatchObject({ text: "c".repeat(16), flags: MbxFlag.OVERRUN });
  });

  it("a handle that sends stops being a reader until its next receive", () => {
    const { fx, w, r } = fanout(128, FANOUT, 1);
    const rw = fx.open(5, "shared:f", RDWR);
    fx.send(5, rw, "from 5"); // 5 is a sender now: it does not hold the message
    fx.recvText(2, r[0]!);
    expect(fx.desc("shared:f").queue_depth).toBe(0);
    fx.send(1, w, "x");
    expect(fx.desc("shared:f").readers.map((x) => x.pid)).toEqual([2]);
    expect(fx.recvText(5, rw).text).toBe("x"); // a receive makes it a reader again
    expect(fx.desc("shared:f").readers.map((x) => x.pid)).toEqual([2, 5]);
  });
});

describe("mailbox.rule.FANOUT_RECLAIM", () => {
  it("a message goes as soon as every reader consumed it; a lagging reader keeps its messages", () => {
    const { fx, w, r } = fanout(128, FANOUT, 2);
    fx.send(1, w, "1");
    fx.send(1, w, "2");
    fx.recvText(2, r[0]!);
    fx.recvText(2, r[0]!);
    expect(fx.desc("shared:f")).toMatchObject({ queue_depth: 2, head_seq: 0 });
    fx.recvText(3, r[1]!);
    expect(fx.desc("shared:f")).toMatchObject({ queue_depth: 1, head_seq: 1, bytes_used: 9 });
    fx.recvText(3, r[1]!);
    expect(fx.desc("shared:f")).toMatchObject({ queue_depth: 0, bytes_used: 0 });
  });

  it("taps and closed handles never hold a message", () => {
    const { fx, w, r } = fanout(128, FANOUT, 3);
    fx.m.tap(3, r[1]!, true);
    fx.send(1, w, "m");
    fx.m.close(4, r[2]!);
    expect(fx.desc("shared:f").queue_depth).toBe(1);
    fx.recvText(2, r[0]!);
    expect(fx.desc("shared:f").queue_depth).toBe(0);
  });

  it("closing the last lagging reader reclaims what it held", () => {
    const { fx, w, r } = fanout(128, FANOUT, 2);
    fx.send(1, w, "m");
    fx.recvText(2, r[0]!);
    fx.m.close(3, r[1]!);
    expect(fx.desc("shared:f").queue_depth).toBe(0);
  });

  it("a sender that receives again, as the only reader, releases what it had consumed", () => {
    const { fx, w, r } = fanout(128, FANOUT, 1);
    const rw = fx.open(5, "shared:f", MbxMode.RDWR);
    fx.send(1, w, "a");
    fx.send(1, w, "b");
    fx.recvText(5, rw);
    fx.recvText(5, rw); // 5 has consumed a and b; reader 2 holds them
    fx.send(5, rw, "c"); // 5 is a sender now
    fx.m.close(2, r[0]!); // no reader is left: a, b and c stay
    expect(fx.desc("shared:f").queue_depth).toBe(3);
    expect(fx.recvText(5, rw).text).toBe("c"); // a reader again: a and b go, then c
    expect(fx.desc("shared:f")).toMatchObject({ queue_depth: 0, head_seq: 3 });
  });

  it("a tap switched off, as the only reader, has consumed everything queued", () => {
    const { fx, w } = fanout(128, FANOUT, 0);
    const t = fx.open(5, "shared:f", RDONLY);
    fx.m.tap(5, t, true);
    fx.send(1, w, "a");
    expect(fx.desc("shared:f").queue_depth).toBe(1);
    fx.m.tap(5, t, false);
    expect(fx.desc("shared:f").queue_depth).toBe(0);
  });

  it("with no reader at all messages stay queued", () => {
    const { fx, w } = fanout(128, FANOUT, 0);
    fx.send(1, w, "kept");
    fx.send(1, w, "kept");
    expect(fx.desc("shared:f").queue_depth).toBe(2);
  });
});

describe("mailbox.rule.FANOUT_DROP", () => {
  it("a send that does not fit drops the oldest; each lagging reader gets one overrun per drop and OVERRUN once", () => {
    const { fx, w, r } = fanout(36, FANOUT | FANOUT_DROP, 2);
    for (const m of ["aaaa", "bbbb", "cccc"]) fx.send(1, w, m, 0x10); // 3 x 12 = 36
    for (let i = 0; i < 3; i++) fx.recvText(3, r[1]!); // reader 3 is up to date
    fx.take();
    expect(fx.send(1, w, "dddddddddddd", 0x10, 6)).toBe(MbxStatus.OK); // cost 20: drops aaaa and bbbb
    const ev = fx.take();
    expect(ev.map((e) => e.type)).toEqual(["mailbox_overrun", "mailbox_overrun", "mailbox_send"]);
    expect(ev[0]).toEqual({
      type: "mailbox_overrun",
      pid: 2,
      data: { descriptor: 1, handle: r[0], reason: "fanout_drop", sender_pid: 1, dropped_seq: 0, dropped_length: 4, dropped_flags: 0x10, channel: 0, queue_depth: 2 },
    });
    expect(ev[1]!.data).toMatchObject({ dropped_seq: 1, queue_depth: 1 });
    const got = [fx.recvText(2, r[0]!), fx.recvText(2, r[0]!), fx.recvText(2, r[0]!)];
    expect(got.map((g) => [g.text, g.flags])).toEqual([
      ["cccc", 0x10 | MbxFlag.OVERRUN],
      ["dddddddddddd", 0x10],
      ["", 0],
    ]);
    expect(fx.recvText(3, r[1]!).text).toBe("dddddddddddd");
  });

  it("is the default with FANOUT alone; with no reader drops emit nothing", () => {
    const { fx, w } = fanout(24, FANOUT, 0);
    expect(fx.send(1, w, filled(16))).toBe(MbxStatus.OK);
    expect(fx.send(1, w, filled(16, 0x62))).toBe(MbxStatus.OK);
    expect(fx.types()).toEqual(["mailbox_send", "mailbox_send"]);
    expect(fx.desc("shared:f")).toMatchObject({ queue_depth: 1, head_seq: 1 });
  });
});

describe("mailbox.rule.FANOUT_BLOCK", () => {
  it("a send that does not fit is WOULDBLOCK with backpressure policy fanout_block (BLOCK wins over DROP)", () => {
    const { fx, w, r } = fanout(24, FANOUT | FANOUT_DROP | FANOUT_BLOCK, 1);
    expect(fx.send(1, w, filled(16))).toBe(MbxStatus.OK);
    fx.take();
    expect(fx.send(1, w, filled(16))).toBe(MbxStatus.WOULDBLOCK);
    expect(fx.ofType("mailbox_backpressure").map((e) => e.data.policy)).toEqual(["fanout_block"]);
    fx.recvText(2, r[0]!);
    expect(fx.send(1, w, filled(16))).toBe(MbxStatus.OK);
  });

  it("with a send timeout the sender waits until the slowest reader frees enough room", () => {
    const { fx, w, r } = fanout(48, FANOUT | FANOUT_BLOCK, 2);
    fx.send(1, w, filled(16, 0x31));
    fx.send(1, w, filled(8, 0x32));
    expect(fx.send(1, w, filled(16, 0x33), 0, 0, 1000)).toBe(MBX_PENDING);
    fx.recvText(2, r[0]!);
    fx.recvText(2, r[0]!);
    expect(fx.m.completionCount).toBe(0); // the slow reader still holds both
    fx.recvText(3, r[1]!); // frees 24 bytes: enough
    expect(fx.m.takeCompletions()).toMatchObject([{ pid: 1, op: "send", status: MbxStatus.OK, length: 16 }]);
    expect(fx.recvText(2, r[0]!).text).toBe("3".repeat(16));
  });
});
