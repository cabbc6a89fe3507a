// SVC dispatch (spec/svc.yaml): every implemented module, the convention rules
// (svc.rule.ARG_MASK, BUFFER_BOUNDS, CSTRING, UNKNOWN_CALL), stdio routing
// (executive.rule.TASK_STDIO, R-SVC-STDIO-WAKE), and a guest that cannot crash the host.
import { describe, expect, it } from "vitest";
import { ISA, MbxFlag, MbxStatus, VmError } from "../../generated/ts/index.js";
import { writeHxe } from "../../src/hxe/index.js";
import { ExecFixture } from "./fixture.js";

const MARK = "    LDI R1, 11\n    LDI R2, 12\n    LDI R3, 13\n    LDI R4, 14\n    LDI R5, 15";

describe("CORE, TASK and EXEC", () => {
  it("CORE GET_STEPS answers the instructions retired before the SVC", () => {
    const f = new ExecFixture();
    const pid = f.loadSource("    LDI R1, 1\n    LDI R1, 2\n    LDI R1, 3\n    SVC 0, 0\n    BRK 0");
    f.run();
    expect(f.reg(pid, 0)).toBe(3);
  });

  it("TASK EXIT ends the task RETURNED with R0 as its exit status (reason exited)", () => {
    const f = new ExecFixture();
    const pid = f.loadSource("    LDI32 R0, 0xABCDEF\n    SVC 1, 0\n    LDI R0, 1\n    RET");
    f.run();
    expect(f.exec.task(pid)).toMatchObject({ state: "returned", exitStatus: 0xabcdef });
    expect(f.states(pid).at(-1)).toBe("running>returned:exited");
  });

  it("TASK UART_WRITE goes to the task's stdout like FS WRITE fd 1, cut at the top of memory", () => {
    const f = new ExecFixture();
    const pid = f.loadSource("    LDI32 R1, msg\n    LDI R2, 5\n    SVC 1, 1\n    MOV R10, R0\n    LDI32 R1, 0xFFFE\n    LDI R2, 100\n    SVC 1, 1\n    BRK 0", 'msg: .ascii "uart!"');
    f.run();
    expect(f.reg(pid, 10)).toBe(5);
    expect(f.reg(pid, 0)).toBe(2); // svc.rule.BUFFER_BOUNDS: 0xFFFE + 2 reaches the top
    expect(f.text(pid)).toBe("uart!\0\0");
    expect(f.ofType("mailbox_send").map((e) => e.data.flags)).toEqual([MbxFlag.STDOUT, MbxFlag.STDOUT]);
  });

  it("EXEC YIELD and SLEEP_MS answer 0; an unknown EXEC function answers ENOSYS", () => {
    const f = new ExecFixture();
    const pid = f.loadSource("    LDI R0, 9\n    SVC 6, 1\n    MOV R10, R0\n    SVC 6, 9\n    BRK 0");
    f.run();
    expect(f.reg(pid, 10)).toBe(0);
    expect(f.reg(pid, 0)).toBe(VmError.ENOSYS);
  });
});

describe("FS: the stdio descriptors", () => {
  it("fd 1 and fd 2 reach stdout and stderr with their flags; other fds write nothing", () => {
    const f = new ExecFixture();
    const w = (fd: number) => `    LDI R1, ${fd}\n    LDI32 R2, msg\n    LDI R3, 3\n    SVC 4, 2`;
    const pid = f.loadSource(`${w(1)}\n${w(2)}\n${w(7)}\n    BRK 0`, 'msg: .ascii "abc"');
    f.run();
    expect(f.reg(pid, 0)).toBe(0);
    expect(f.text(pid, "out")).toBe("abc");
    expect(f.text(pid, "err")).toBe("abc");
    expect(f.ofType("mailbox_send").map((e) => e.data.flags)).toEqual([MbxFlag.STDOUT, MbxFlag.STDERR]);
  });

  it("fd 0 writes to the task's stdin and FS READ fd 0 polls it (len 0 takes nothing)", () => {
    const f = new ExecFixture();
    const read = (len: number) => `    LDI R1, 0\n    LDI32 R2, buf\n    LDI R3, ${len}\n    SVC 4, 1`;
    const pid = f.loadSource(
      `${read(8)}\n    MOV R10, R0\n    LDI R1, 0\n    LDI32 R2, msg\n    LDI R3, 4\n    SVC 4, 2\n${read(0)}\n    MOV R11, R0\n${read(8)}\n    MOV R12, R0\n    LDI R1, 3\n${read(8).replace("LDI R1, 0", "LDI R1, 3")}\n    BRK 0`,
      'msg: .ascii "echo"\nbuf: .zero 8',
    );
    f.run();
    expect([f.reg(pid, 10), f.reg(pid, 11), f.reg(pid, 12), f.reg(pid, 0)]).toEqual([0, 0, 4, 0]);
    expect(new TextDecoder().decode(f.mem(pid, 0x4004, 4))).toBe("echo");
  });

  it("the host's input is read by FS READ fd 0", () => {
    const f = new ExecFixture();
    const pid = f.loadSource("again:\n    LDI R1, 0\n    LDI32 R2, buf\n    LDI R3, 8\n    SVC 4, 1\n    LDI R1, 0\n    CMP R0, R1\n    JZ again\n    BRK 0", "buf: .zero 8");
    f.run(100);
    expect(f.exec.input(pid, new TextEncoder().encode("typed"))).toBe(MbxStatus.OK);
    f.run(100);
    expect(f.reg(pid, 0)).toBe(5);
    expect(f.exec.input(99, new Uint8Array(1))).toBe(MbxStatus.INVALID_HANDLE); // no such task
  });

  it("a long write goes out in chunks the stdio mailbox can hold (capacity - 8)", () => {
    const f = new ExecFixture();
    const pid = f.loadSource("    LDI R1, 1\n    LDI32 R2, 0x4000\n    LDI R3, 200\n    SVC 4, 2\n    BRK 0", `text: .ascii "${"0123456789".repeat(20)}"`);
    f.run();
    expect(f.reg(pid, 0)).toBe(200);
    expect(f.ofType("mailbox_send").map((e) => e.data.length)).toEqual([56, 56, 56, 32]);
    expect(f.text(pid)).toBe("0123456789".repeat(20));
  });

  it("a write to a stdout the task re-bound smaller learns the new capacity and sends smaller chunks", () => {
    const f = new ExecFixture();
    const pid = f.loadSource(
      "    LDI32 R1, out\n    LDI R2, 16\n    LDI R3, 0\n    SVC 5, 1\n    LDI R1, 1\n    LDI32 R2, text\n    LDI R3, 20\n    SVC 4, 2\n    BRK 0",
      'out: .asciz "svc:stdio.out"\ntext: .ascii "abcdefghijklmnopqrst"',
    );
    f.run();
    expect(f.reg(pid, 0)).toBe(20);
    expect(f.ofType("mailbox_send").map((e) => e.data.length)).toEqual([8, 8, 4]);
    expect(f.ofType("mailbox_error").map((e) => e.data.status)).toEqual([MbxStatus.MSG_TOO_LARGE]);
    expect(f.text(pid)).toBe("abcdefghijklmnopqrst");
  });

  it("a write waits in WAIT_MBX while stdout is full and nobody reads it (R-SVC-STDIO-WAKE)", () => {
    const f = new ExecFixture({ hostStdio: "none" });
    const pid = f.loadSource("    LDI R1, 1\n    LDI32 R2, 0x4000\n    LDI R3, 200\n    SVC 4, 2\n    BRK 0", `text: .ascii "${"abcdefghij".repeat(20)}"`);
    expect(f.run().reason).toBe("deadlock");
    expect(f.exec.waiting()).toEqual([{ pid, app: "t", op: "send", descriptor: 2, handle: 2, target: `svc:stdio.out@${pid}`, deadline: null }]);
    let out = "";
    for (let i = 0; i < 10 && f.exec.task(pid)!.state !== "paused"; i++) {
      out += f.text(pid); // the host reads one chunk: the waiting one is admitted
      f.run();
    }
    out += f.text(pid);
    expect(out).toBe("abcdefghij".repeat(20));
    expect(f.reg(pid, 0)).toBe(200);
    // Each host read takes the queued chunk and the waiting one it lets in: two waits.
    expect(f.exec.task(pid)!.mailboxWake).toBe(2);
  });
});

describe("svc convention rules", () => {
  it("svc.rule.UNKNOWN_CALL: planned and unknown modules and functions answer ENOSYS and change nothing else", () => {
    const calls = ["3, 0", "15, 0", "2, 0", "7, 1", "8, 2", "14, 0", "4, 0", "4, 13", "0, 5", "1, 9", "5, 7", "6, 2"];
    for (const c of calls) {
      const f = new ExecFixture();
      const pid = f.loadSource(`${MARK}\n    SVC ${c}\n    BRK 0`);
      f.run();
      expect(f.exec.read(pid, 0, 0)!.regs.slice(0, 6), `SVC ${c}`).toEqual([VmError.ENOSYS, 11, 12, 13, 14, 15]);
      expect(f.exec.task(pid)!.state).toBe("paused");
    }
  });

  it("MAILBOX PEEK answers depth, bytes used and the next length; CLOSE and TAP answer a status", () => {
    const f = new ExecFixture();
    const pid = f.loadSource(
      "    LDI32 R1, inbox\n    LDI R2, 0\n    SVC 5, 0\n    MOV R10, R1\n    LDI32 R2, inbox\n    LDI R3, 3\n    LDI R4, 0\n    LDI R5, 0\n    SVC 5, 2\n    MOV R1, R10\n    SVC 5, 4\n    MOV R11, R1\n    MOV R12, R2\n    MOV R13, R3\n    MOV R1, R10\n    LDI R2, 1\n    SVC 5, 5\n    MOV R14, R0\n    MOV R1, R10\n    SVC 5, 6\n    MOV R1, R10\n    SVC 5, 4\n    BRK 0",
      'inbox: .asciz "pid:"',
    );
    f.run();
    expect([f.reg(pid, 11), f.reg(pid, 12), f.reg(pid, 13), f.reg(pid, 14)]).toEqual([1, 11, 3, MbxStatus.OK]);
    expect(f.reg(pid, 0)).toBe(MbxStatus.INVALID_HANDLE); // PEEK after CLOSE
  });

  it("svc.rule.ARG_MASK: pointers, lengths and handles are taken as their low 16 bits", () => {
    const f = new ExecFixture();
    const pid = f.loadSource(
      "    LDI32 R1, 0x7FFF4000\n    LDI R2, 0\n    SVC 5, 0\n    MOV R10, R0\n    LDI32 R1, 0x30002\n    LDI32 R2, 0x10004000\n    LDI32 R3, 0xF0003\n    LDI R4, 0\n    LDI R5, 0\n    SVC 5, 2\n    BRK 0",
      'q: .asciz "app:q"',
    );
    f.run();
    expect(f.reg(pid, 10)).toBe(MbxStatus.OK);
    expect(f.exec.read(pid, 0, 0)!.regs.slice(0, 2)).toEqual([MbxStatus.OK, 3]); // handle 2 (stdout), 3 bytes of "app"
    expect(f.text(pid)).toBe("app");
  });

  it("svc.rule.CSTRING: a target without NUL within MAX_TARGET_BYTES, or before the top of memory, is INVALID_TARGET", () => {
    const f = new ExecFixture();
    const pid = f.loadSource(
      "    LDI32 R1, long\n    LDI R2, 0\n    SVC 5, 0\n    MOV R10, R0\n    LDI32 R6, 0xFFFE\n    LDI R7, 65\n    STB [R6], R7\n    STB [R6+1], R7\n    MOV R1, R6\n    SVC 5, 1\n    BRK 0",
      `long: .asciz "app:${"x".repeat(45)}"`,
    );
    f.run();
    expect(f.reg(pid, 10)).toBe(MbxStatus.INVALID_TARGET);
    expect(f.reg(pid, 0)).toBe(MbxStatus.INVALID_TARGET);
    expect(f.ofType("mailbox_error").map((e) => [e.data.fn, e.data.status])).toEqual([
      [0, MbxStatus.INVALID_TARGET],
      [1, MbxStatus.INVALID_TARGET],
    ]);
  });

  it("svc.rule.BUFFER_BOUNDS: SEND and RECV buffers are cut at 0x10000, never wrapped", () => {
    const f = new ExecFixture();
    const pid = f.loadSource(
      "    LDI32 R1, inbox\n    LDI R2, 0\n    SVC 5, 0\n    MOV R10, R1\n    LDI32 R2, 0xFFFD\n    LDI R3, 100\n    LDI R4, 0\n    LDI R5, 0\n    SVC 5, 2\n    MOV R11, R1\n    MOV R1, R10\n    LDI32 R2, 0xFFFE\n    LDI R3, 100\n    LDI R4, 0\n    SVC 5, 3\n    BRK 0",
      'inbox: .asciz "pid:"',
    );
    f.run();
    expect(f.reg(pid, 11)).toBe(3); // sent 0xFFFD..0xFFFF
    expect(f.exec.read(pid, 0, 0)!.regs.slice(0, 2)).toEqual([MbxStatus.OK, 2]); // received into 0xFFFE..0xFFFF
    expect(f.exec.task(pid)!.state).toBe("paused");
  });
});

describe("a guest can never crash the executive (RULINGS general rule 4)", () => {
  it("random code with SVCs and mailbox calls runs without throwing and with valid events", () => {
    let seed = 0x1234567;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) & 0xffffff;
    const words = (n: number) => {
      const code = new Uint8Array(n * 4);
      const dv = new DataView(code.buffer);
      for (let i = 0; i < n; i++) {
        const r = rand();
        let w = (r << 8) ^ rand();
        if (r % 3 === 0) w = (0x30 << 24) | ([0, 1, 4, 5, 6, 2, 7][r % 7]! << 8) | (rand() % 9); // SVC mod, fn
        else if (r % 3 === 1) w = (0x01 << 24) | ((r % 6) << 20) | (rand() & 0xfff); // LDI small values
        dv.setUint32(i * 4, w >>> 0);
      }
      return code;
    };
    for (let round = 0; round < 40; round++) {
      const f = new ExecFixture({ quantum: 7 });
      for (let t = 0; t < 3; t++) {
        const img = writeHxe({ entry: 0, code: words(48), rodata: new Uint8Array(64).map(() => rand() & 0xff), appName: `fuzz${t}` });
        f.load(img);
      }
      expect(() => f.run(5000)).not.toThrow();
      for (const t of f.exec.tasks()) f.exec.control(t.pid, "kill");
      expect(f.exec.mailboxSnapshot().stats.handles_total).toBe(0);
    }
    expect(ISA.MEM_SIZE).toBe(0x10000);
  });
});
