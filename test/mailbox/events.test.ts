import { describe, expect, it } from "vitest";
import { EVENT_TYPES, MAILBOX, MbxFn, MbxMode, MbxStatus } from "../../generated/ts/index.js";
import { validateHsxEvent } from "../../generated/validators/index.js";
import { MBX_PENDING, type MailboxEvent } from "../../src/mailbox/index.js";
import { Fixture, filled } from "./fixture.js";

const { RDONLY, WRONLY, FANOUT, FANOUT_BLOCK } = MbxMode;
const INFINITE = MAILBOX.TIMEOUT_INFINITE;

/** A script that makes the manager publish every mailbox event type. */
function everything(fx: Fixture): void {
  fx.bind(0, "app:e", 24, FANOUT);
  const w = fx.open(1, "app:e", WRONLY);
  const r = fx.open(2, "app:e", RDONLY);
  const lag = fx.open(3, "app:e", RDONLY);
  fx.send(1, w, filled(16)); // mailbox_send
  fx.recvText(2, r); // mailbox_recv
  fx.send(1, w, filled(16)); // mailbox_overrun (lag), mailbox_send
  fx.recvText(2, r);
  fx.m.recv(2, r, new Uint8Array(4), 0, 4, 5); // mailbox_wait
  fx.send(1, w, new Uint8Array(0)); // mailbox_wake + mailbox_recv
  fx.m.recv(2, r, new Uint8Array(4), 0, 4, 5);
  fx.advanceMs(5);
  fx.m.expire(); // mailbox_timeout
  fx.m.send(1, 77, new Uint8Array(1), 0, 1, 0, 0, 0); // mailbox_error
  fx.bind(0, "app:b", 16);
  const b = fx.open(1, "app:b");
  fx.send(1, b, filled(8));
  fx.send(1, b, filled(8)); // mailbox_backpressure
  for (let i = 0; i < 300; i++) fx.m.open(5, "app:x", 0); // mailbox_exhausted (handle_limit)
  void lag;
}

describe("mailbox.rule.EVENTS", () => {
  it("every mailbox event type is published and validates in the executive envelope", () => {
    const fx = new Fixture();
    everything(fx);
    const types = new Set(fx.events.map((e) => e.type));
    const mailboxTypes = EVENT_TYPES.filter((t) => t.startsWith("mailbox_"));
    expect([...types].sort()).toEqual([...mailboxTypes].sort());
    let seq = 0;
    for (const e of fx.events) {
      const envelope = { seq: ++seq, ts: fx.t, type: e.type, pid: e.pid, data: e.data };
      expect(validateHsxEvent(envelope), JSON.stringify(validateHsxEvent.errors)).toBe(true);
    }
  });

  it("without a listener the manager behaves identically", () => {
    const a = new Fixture("desktop", true);
    const b = new Fixture("desktop", false);
    everything(a);
    everything(b);
    expect(b.events).toEqual([]);
    expect(JSON.stringify([b.m.snapshot(), b.m.stats(), b.m.takeCompletions()])).toBe(JSON.stringify([a.m.snapshot(), a.m.stats(), a.m.takeCompletions()]));
  });

  it("every error status emits mailbox_error with the function, the handle when the call has one, and the status", () => {
    const fx = new Fixture("embedded");
    const h = fx.open(1, "app:x", RDONLY);
    fx.take();
    const calls: [number, () => number, number | null][] = [
      [MbxStatus.INVALID_ARGUMENT, () => fx.m.open(-1, "app:x", 0), null],
      [MbxStatus.INVALID_TARGET, () => fx.m.bind(1, "", 0, 0), null],
      [MbxStatus.ACCESS_DENIED, () => fx.m.send(1, h, new Uint8Array(1), 0, 1, 0, 0, 0), h],
      [MbxStatus.INVALID_HANDLE, () => fx.m.peek(1, 40), 40],
      [MbxStatus.INVALID_ARGUMENT, () => fx.m.recv(1, h, new Uint8Array(1), 0, 2, 0), h],
      [MbxStatus.INVALID_HANDLE, () => fx.m.close(1, -3), null],
    ];
    for (const [status, call] of calls) expect(call()).toBe(status);
    expect(fx.take().map((e) => [e.type, e.pid, (e as Extract<MailboxEvent, { type: "mailbox_error" }>).data.status, (e as Extract<MailboxEvent, { type: "mailbox_error" }>).data.handle])).toEqual(
      calls.map(([status, , handle], i) => ["mailbox_error", i === 0 ? null : 1, status, handle]),
    );
  });

  it("WOULDBLOCK, NO_DATA and TIMEOUT emit no mailbox_error", () => {
    const fx = new Fixture();
    fx.bind(0, "app:x", 16);
    const h = fx.open(1, "app:x");
    fx.m.recv(1, h, new Uint8Array(1), 0, 1, 0);
    fx.send(1, h, filled(8));
    fx.send(1, h, filled(8));
    fx.recvText(1, h);
    fx.m.recv(1, h, new Uint8Array(1), 0, 1, 1);
    fx.advanceMs(1);
    fx.m.expire();
    expect(fx.types()).toEqual(["mailbox_send", "mailbox_backpressure", "mailbox_recv", "mailbox_wait", "mailbox_timeout"]);
  });

  it("the send, recv, wake and wait events carry what the call did", () => {
    const fx = new Fixture();
    const w = fx.open(1, "app:x", WRONLY);
    const r = fx.open(2, "app:x", RDONLY);
    fx.t = 42;
    fx.m.recv(2, r, new Uint8Array(2), 0, 2, 7);
    fx.send(1, w, "abc", 0x11, 3);
    expect(fx.take()).toEqual([
      { type: "mailbox_wait", pid: 2, data: { descriptor: 1, handle: r, op: "recv", timeout: 7, deadline: 7042 } },
      { type: "mailbox_send", pid: 1, data: { descriptor: 1, handle: w, length: 3, flags: 0x11, channel: 3, src_pid: 1 } },
      { type: "mailbox_wake", pid: 2, data: { descriptor: 1, handle: r, op: "recv", status: 0, length: 2, flags: 0x11, channel: 3, src_pid: 1 } },
      { type: "mailbox_recv", pid: 2, data: { descriptor: 1, handle: r, length: 2, flags: 0x11, channel: 3, src_pid: 1 } },
    ]);
  });
});

describe("mailbox.rule.EVENT_ORDER", () => {
  it("within one send: drops' overruns, mailbox_send, tap events, then each completed wait in wake order", () => {
    const fx = new Fixture("embedded");
    fx.bind(0, "app:o", 40, FANOUT);
    const w = fx.open(1, "app:o", WRONLY);
    fx.open(2, "app:o", RDONLY); // a reader that never reads
    const r3 = fx.open(3, "app:o", RDONLY);
    const r4 = fx.open(4, "app:o", RDONLY);
    const full = fx.open(5, "app:o", RDONLY);
    fx.m.tap(5, full, true);
    fx.send(1, w, filled(12, 0x41)); // 20 bytes
    fx.send(1, w, filled(12, 0x42)); // 40: queue and tap 5 are full
    const idle = fx.open(6, "app:o", RDONLY);
    fx.m.tap(6, idle, true); // an empty tap
    for (const [pid, h] of [[3, r3], [4, r4], [3, r3], [4, r4]] as const) fx.recvText(pid, h);
    for (const [pid, h] of [[6, idle], [4, r4], [3, r3]] as const) expect(fx.m.recv(pid, h, new Uint8Array(4), 0, 4, INFINITE)).toBe(MBX_PENDING);
    fx.take();
    fx.send(1, w, filled(4)); // drops A for reader 2, evicts A's copy from tap 5, wakes 4, 3, then tap 6
    expect(fx.take().map((e) => `${e.type}:${e.pid}`)).toEqual([
      "mailbox_overrun:2",
      "mailbox_send:1",
      "mailbox_overrun:5",
      "mailbox_wake:4",
      "mailbox_recv:4",
      "mailbox_wake:3",
      "mailbox_recv:3",
      "mailbox_wake:6",
      "mailbox_recv:6",
    ]);
    expect(fx.m.takeCompletions().map((c) => c.pid)).toEqual([4, 3, 6]);
  });

  it("a woken sender: mailbox_wake, then its mailbox_send, then the receivers it wakes", () => {
    const fx = new Fixture();
    fx.bind(0, "app:o", 24, FANOUT | FANOUT_BLOCK);
    const w = fx.open(1, "app:o", WRONLY);
    const slow = fx.open(2, "app:o", RDONLY);
    const fast = fx.open(3, "app:o", RDONLY);
    fx.send(1, w, filled(16));
    fx.recvText(3, fast);
    expect(fx.send(1, w, filled(16), 0, 0, INFINITE)).toBe(MBX_PENDING);
    expect(fx.m.recv(3, fast, new Uint8Array(16), 0, 16, INFINITE)).toBe(MBX_PENDING);
    fx.take();
    fx.recvText(2, slow);
    expect(fx.take().map((e) => `${e.type}:${e.pid}`)).toEqual(["mailbox_recv:2", "mailbox_wake:1", "mailbox_send:1", "mailbox_wake:3", "mailbox_recv:3"]);
    expect(fx.m.takeCompletions().map((c) => [c.pid, c.op])).toEqual([
      [1, "send"],
      [3, "recv"],
    ]);
  });

  it("function numbers in mailbox_error follow the generated MbxFn", () => {
    const fx = new Fixture();
    const calls: [number, () => number][] = [
      [MbxFn.OPEN, () => fx.m.open(1, "", 0)],
      [MbxFn.BIND, () => fx.m.bind(1, "", 0, 0)],
      [MbxFn.SEND, () => fx.m.send(1, 9, new Uint8Array(0), 0, 0, 0, 0, 0)],
      [MbxFn.RECV, () => fx.m.recv(1, 9, new Uint8Array(0), 0, 0, 0)],
      [MbxFn.PEEK, () => fx.m.peek(1, 9)],
      [MbxFn.TAP, () => fx.m.tap(1, 9, 1)],
      [MbxFn.CLOSE, () => fx.m.close(1, 9)],
    ];
    for (const [, call] of calls) call();
    expect(fx.ofType("mailbox_error").map((e) => e.data.fn)).toEqual(calls.map(([fn]) => fn));
  });
});
