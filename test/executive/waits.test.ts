// Mailbox waits through the executive: executive.rule.WAIT_MBX, RECV_INFO, COUNTERS,
// TIMERS and TASK_END, with the mailbox rules they rest on (WAIT, WAKE_ORDER,
// SEND_WAIT, TIMEOUT_EXPIRY, TASK_EXIT).
import { describe, expect, it } from "vitest";
import { MbxStatus } from "../../generated/ts/index.js";
import { asm, ExecFixture } from "./fixture.js";

/** MAILBOX OPEN target (a data label) with flags; the handle ends in R10. */
const open = (label: string, flags: number) => `    LDI32 R1, ${label}\n    LDI R2, ${flags}\n    SVC 5, 0\n    MOV R10, R1`;
/** MAILBOX RECV on R10 into buf (16 bytes) with a timeout, info record at info. */
const recv = (timeout: number, info = "info") => `    MOV R1, R10\n    LDI32 R2, buf\n    LDI R3, 16\n    LDI32 R4, ${timeout}\n    LDI32 R5, ${info}\n    SVC 5, 3`;
/** MAILBOX SEND of `len` bytes at msg on R10 with R4 = flags | timeout << 16. */
const send = (len: number, r4 = 0) => `    MOV R1, R10\n    LDI32 R2, msg\n    LDI R3, ${len}\n    LDI32 R4, ${r4}\n    LDI R5, 3\n    SVC 5, 2`;
const DATA = `q: .asciz "app:q"\ninbox: .asciz "pid:"\nmsg: .ascii "ABCDEFGH"\n.align 4\ninfo: .zero 20\nbuf: .zero 16`;

/** DATA lays out q (6 bytes), inbox (5), msg (8), then aligned: info at 0x4014, buf at 0x4028. */
const INFO_AT = 0x4014;
const BUF_AT = 0x4028;

/** The receive info record: five little-endian 32-bit fields. */
function info(f: ExecFixture, pid: number): number[] {
  const bytes = f.mem(pid, INFO_AT, 20);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, 20);
  return [0, 4, 8, 12, 16].map((o) => dv.getInt32(o, true));
}

describe("executive.rule.WAIT_MBX: the three timeout kinds", () => {
  it("poll: NO_DATA at once, R1..R4 zero, info record written, no wait (executive.rule.RECV_INFO)", () => {
    const f = new ExecFixture();
    const pid = f.loadSource(`${open("inbox", 0)}\n${recv(0)}\n    BRK 0`, DATA);
    f.run();
    expect(f.exec.task(pid)!.state).toBe("paused");
    const r = f.exec.read(pid, 0, 0)!.regs;
    expect(r.slice(0, 5)).toEqual([MbxStatus.NO_DATA, 0, 0, 0, 0]);
    expect(info(f, pid)).toEqual([MbxStatus.NO_DATA, 0, 0, 0, 0]);
    expect(f.ofType("mailbox_wait")).toEqual([]);
    expect(f.states(pid)).not.toContain("running>waiting_mbx:mailbox_wait");
    expect(f.exec.task(pid)!.mailboxStep).toBe(1);
  });

  it("finite: WAIT_MBX with a deadline on the timer heap; TIMEOUT with zeroed outputs when the clock reaches it", () => {
    const f = new ExecFixture();
    const pid = f.loadSource(`${open("inbox", 0)}\n${recv(7)}\n    BRK 0`, DATA);
    expect(f.run().reason).toBe("idle");
    const wait = f.ofType("mailbox_wait")[0]!;
    expect(wait.data.op).toBe("recv");
    expect(wait.data.timeout).toBe(7);
    expect(wait.data.deadline).toBe(wait.ts + 7000); // deadline = now + timeout ms, in µs
    const timeout = f.ofType("mailbox_timeout")[0]!;
    expect(timeout.ts).toBe(wait.data.deadline); // the virtual clock jumped to the deadline
    expect(timeout.data).toMatchObject({ status: MbxStatus.TIMEOUT, length: 0, flags: 0, channel: 0, src_pid: 0 });
    expect(f.states(pid)).toEqual([
      "none>ready:loaded",
      "ready>running:scheduled",
      "running>waiting_mbx:mailbox_wait",
      "waiting_mbx>ready:timeout",
      "ready>running:scheduled",
      "running>paused:debug_break",
    ]);
    expect(f.exec.read(pid, 0, 0)!.regs.slice(0, 5)).toEqual([MbxStatus.TIMEOUT, 0, 0, 0, 0]);
    expect(info(f, pid)).toEqual([MbxStatus.TIMEOUT, 0, 0, 0, 0]);
    const t = f.exec.task(pid)!;
    expect([t.mailboxStep, t.mailboxWake, t.mailboxTimeout]).toEqual([1, 0, 1]); // executive.rule.COUNTERS
  });

  it("infinite: never enters the timer heap, so a lone waiter is a deadlock; host input wakes it with R0..R4, payload and info", () => {
    const f = new ExecFixture();
    const pid = f.loadSource(`    LDI R10, 1\n${recv(0xffff)}\n    BRK 0`, DATA); // handle 1 = stdin
    expect(f.run().reason).toBe("deadlock"); // executive.rule.DEADLOCK
    expect(f.ofType("mailbox_wait")[0]!.data.deadline).toBeNull();
    expect(f.exec.waiting()).toEqual([{ pid, app: "t", op: "recv", descriptor: 1, handle: 1, target: `svc:stdio.in@${pid}`, deadline: null }]);
    const clock = f.exec.clockUs;
    expect(f.run().reason).toBe("deadlock");
    expect(f.exec.clockUs).toBe(clock); // nothing to jump to

    expect(f.exec.input(pid, new TextEncoder().encode("hi!"))).toBe(MbxStatus.OK);
    expect(f.exec.task(pid)!.state).toBe("ready"); // woken by the host's send
    expect(f.run().reason).toBe("idle");
    expect(f.exec.read(pid, 0, 0)!.regs.slice(0, 5)).toEqual([MbxStatus.OK, 3, 0, 0, 0]); // src_pid 0: the host
    expect(new TextDecoder().decode(f.mem(pid, BUF_AT, 3))).toBe("hi!");
    expect(info(f, pid)).toEqual([MbxStatus.OK, 3, 0, 0, 0]);
    const wake = f.ofType("mailbox_wake");
    expect(wake.map((e) => e.pid)).toEqual([pid]);
    const t = f.exec.task(pid)!;
    expect([t.mailboxStep, t.mailboxWake, t.mailboxTimeout]).toEqual([1, 1, 0]);
  });

  it("a wait that completes while its task is paused is recorded; resume makes the task READY", () => {
    const f = new ExecFixture();
    const pid = f.loadSource(`    LDI R10, 1\n${recv(0xffff)}\n    BRK 0`, DATA);
    f.run();
    expect(f.exec.control(pid, "pause")).toBe(true);
    expect(f.exec.input(pid, new Uint8Array([7, 7]))).toBe(MbxStatus.OK);
    expect(f.exec.task(pid)).toMatchObject({ state: "paused", mailboxWake: 1 });
    expect(f.exec.read(pid, 0, 0)!.regs.slice(0, 2)).toEqual([MbxStatus.OK, 2]);
    f.exec.control(pid, "resume");
    expect(f.states(pid).slice(-2)).toEqual(["waiting_mbx>paused:user_pause", "paused>ready:resume"]);
    f.run();
    expect(f.exec.task(pid)!.state).toBe("paused"); // at its BRK
  });

  it("RECV_INFO: not written at info_ptr 0, past the top of memory, or on an error", () => {
    const f = new ExecFixture();
    const a = f.loadSource(`${open("inbox", 0)}\n${recv(0, "0xFFF0")}\n    BRK 0`, DATA);
    const b = f.loadSource(`    LDI R10, 77\n${recv(0)}\n    BRK 0`, DATA); // handle 77 is not open
    f.run();
    expect(f.reg(a, 0)).toBe(MbxStatus.NO_DATA);
    expect([...f.mem(a, 0xfff0, 16)].every((x) => x === 0)).toBe(true);
    expect(f.reg(b, 0)).toBe(MbxStatus.INVALID_HANDLE);
    expect(info(f, b)).toEqual([0, 0, 0, 0, 0]);
    expect(f.exec.task(b)!.mailboxStep).toBe(1); // counted before validation
  });
});

describe("mailbox.rule.WAKE_ORDER through the executive: several waiters and a tap", () => {
  it("wakes regular receivers in FIFO order, one per message, and the tap after them", () => {
    const f = new ExecFixture();
    const reader = `${open("q", 1)}\n${recv(0xffff)}\n    BRK 0`;
    const r1 = f.loadSource(reader, DATA);
    const r2 = f.loadSource(reader, DATA);
    const tap = f.loadSource(`${open("q", 1)}\n    MOV R1, R10\n    LDI R2, 1\n    SVC 5, 5\n${recv(0xffff)}\n    BRK 0`, DATA);
    const sender = f.loadSource(`${open("q", 2)}\n${send(4)}\n${send(8)}\n    RET`, DATA);
    expect(f.run().reason).toBe("idle");
    expect(f.ofType("mailbox_wake").map((e) => e.pid)).toEqual([r1, tap, r2]);
    expect(f.ofType("mailbox_wait").map((e) => e.pid)).toEqual([r1, r2, tap]);
    expect(f.reg(r1, 1)).toBe(4);
    expect(f.reg(r2, 1)).toBe(8);
    expect(f.reg(tap, 1)).toBe(4); // a copy of the first message
    expect(f.reg(r1, 4)).toBe(sender);
    expect(f.reg(r1, 3)).toBe(3); // channel
    // Each woken task became READY in wake order, and ran in that order.
    const woke = f.ofType("task_state").filter((e) => e.data.reason === "mailbox_wake").map((e) => e.pid);
    expect(woke).toEqual([r1, tap, r2]);
  });
});

describe("blocking send (mailbox.rule.SEND_WAIT, R-MBX-SEND-TIMEOUT)", () => {
  const DATA2 = `${DATA}\nfull: .asciz "app:full"`;
  const DECL = `.mailbox {"target": "app:full", "capacity": 16}\n`;

  it("single-reader full: a send with a timeout waits in WAIT_MBX until the reader frees room", () => {
    const f = new ExecFixture();
    const sender = f.load(asm(`${DECL}.text\n.entry main\nmain:\n${open("full", 2)}\n${send(8)}\n${send(8, 0xffff0000)}\n    BRK 0\n.data\n${DATA2}\n`));
    const reader = f.loadSource(`${open("full", 1)}\n${recv(0xffff)}\n${recv(0xffff)}\n    BRK 0`, DATA2);
    expect(f.run().reason).toBe("idle");
    const waits = f.ofType("mailbox_wait");
    expect(waits.map((e) => [e.pid, e.data.op])).toEqual([[sender, "send"]]);
    const wakes = f.ofType("mailbox_wake");
    expect(wakes.map((e) => [e.pid, e.data.op, e.data.status])).toEqual([[sender, "send", 0]]);
    expect(f.exec.read(sender, 0, 0)!.regs.slice(0, 2)).toEqual([MbxStatus.OK, 8]);
    expect(f.reg(reader, 1)).toBe(8);
    expect(f.states(sender)).toContain("waiting_mbx>ready:mailbox_wake");
    expect(f.exec.task(sender)!.mailboxWake).toBe(1);
  });

  it("without a timeout a full mailbox answers WOULDBLOCK at once; a finite send timeout expires with TIMEOUT", () => {
    const f = new ExecFixture();
    const pid = f.load(asm(`${DECL}.text\n.entry main\nmain:\n${open("full", 2)}\n${send(8)}\n${send(8)}\n    MOV R11, R0\n${send(8, 0x00030000)}\n    BRK 0\n.data\n${DATA2}\n`));
    expect(f.run().reason).toBe("idle");
    expect(f.reg(pid, 11)).toBe(MbxStatus.WOULDBLOCK);
    expect(f.exec.read(pid, 0, 0)!.regs.slice(0, 2)).toEqual([MbxStatus.TIMEOUT, 0]);
    const t = f.ofType("mailbox_timeout")[0]!;
    expect(t.data.op).toBe("send");
    expect(t.ts - f.ofType("mailbox_wait")[0]!.ts).toBe(3000);
    expect(f.exec.task(pid)!.mailboxTimeout).toBe(1);
    expect(f.exec.mailboxSnapshot().descriptors.find((d) => d.target === "app:full")!.queue_depth).toBe(1); // discarded
  });

  it("FANOUT_BLOCK: the sender waits for the slowest reader, and both readers get everything", () => {
    const f = new ExecFixture();
    const decl = `.mailbox {"target": "app:full", "capacity": 32, "mode": "RDWR|FANOUT|FANOUT_BLOCK"}\n`;
    const readerSrc = (sleep: number) =>
      `${open("full", 1)}\n    LDI R11, 0\n    LDI R12, 4\nagain:\n${sleep ? `    LDI R0, ${sleep}\n    SVC 6, 0\n` : ""}${recv(0xffff)}\n    ADD R11, R11, R1\n    LDI R0, 1\n    SUB R12, R12, R0\n    JNZ again\n    MOV R0, R11\n    RET`;
    const fast = f.loadSource(readerSrc(0), DATA2);
    const slow = f.loadSource(readerSrc(2), DATA2);
    const sender = f.load(asm(`${decl}.text\n.entry main\nmain:\n${open("full", 2)}\n    LDI R12, 4\nagain:\n${send(8, 0xffff0000)}\n    LDI R0, 1\n    SUB R12, R12, R0\n    JNZ again\n    RET\n.data\n${DATA2}\n`));
    expect(f.run().reason).toBe("done");
    expect(f.exec.task(fast)!.exitStatus).toBe(32);
    expect(f.exec.task(slow)!.exitStatus).toBe(32);
    expect(f.ofType("mailbox_wait").filter((e) => e.pid === sender && e.data.op === "send").length).toBeGreaterThan(0);
    expect(f.ofType("mailbox_overrun")).toEqual([]);
  });
});

describe("executive.rule.TASK_END: kill while waiting loses no message", () => {
  it("the killed waiter leaves the queue; the next waiter gets the message", () => {
    const f = new ExecFixture();
    const reader = `${open("q", 1)}\n${recv(0xffff)}\n    BRK 0`;
    const c1 = f.loadSource(reader, DATA);
    const c2 = f.loadSource(reader, DATA);
    const producer = f.loadSource(`    LDI R0, 5\n    SVC 6, 0\n${open("q", 2)}\n${send(4)}\n    RET`, DATA);
    const busy = f.loadSource("spin:\n    JMP spin", "", "t", { priority: 20 }); // keeps the clock below 5 ms
    f.run(200); // both consumers wait, the producer sleeps
    expect(f.exec.task(c1)!.state).toBe("waiting_mbx");
    const before = f.exec.mailboxSnapshot();
    expect(f.exec.control(c1, "kill")).toBe(true);
    const after = f.exec.mailboxSnapshot();
    f.exec.control(busy, "kill");
    expect(after.stats.waiter_count).toBe(before.stats.waiter_count - 1);
    expect(after.stats.handles_per_pid[String(c1)]).toBeUndefined(); // every handle closed
    expect(after.descriptors.some((d) => d.holders.includes(c1))).toBe(false);
    expect(f.run().reason).toBe("idle");
    expect(f.ofType("mailbox_wake").map((e) => e.pid)).toEqual([c2]);
    expect(f.reg(c2, 1)).toBe(4);
    expect(f.reg(c2, 4)).toBe(producer);
    expect(f.exec.task(c1)!.state).toBe("killed");
  });
});

