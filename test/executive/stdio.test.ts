// The host side of stdio (executive.rule.TASK_STDIO): the host reads each task's
// stdout/stderr through its own handles, can tap a stream instead of reading it
// (stealing nothing from other readers), and leaves nothing behind when tasks end.
import { describe, expect, it } from "vitest";
import { MbxStatus } from "../../generated/ts/index.js";
import { ExecFixture } from "./fixture.js";

describe("host stdio", () => {
  it("reads every task's output even past the host's handle quota (cortex_m), leaving no descriptor behind", () => {
    const f = ExecFixture.profile("cortex_m");
    const pids: number[] = [];
    for (let i = 0; i < 10; i++) pids.push(f.loadSource(`    LDI32 R1, t\n    LDI R2, ${i}\n    CALL say\n    RET`, 't: .asciz "task "'));
    // 16 handles per pid: persistent host handles for the first 8 tasks, per-read handles after.
    expect(f.exec.mailboxSnapshot().stats.handles_per_pid["0"]).toBe(16);
    expect(f.run().reason).toBe("done");
    pids.forEach((pid, i) => expect(f.text(pid)).toBe(`task ${i}\n`));
    const after = f.exec.mailboxSnapshot();
    expect(after.descriptors).toEqual([]);
    expect(after.stats.handles_total).toBe(0);
    expect(f.ofType("mailbox_error")).toEqual([]);
  });

  it("tapOutput: the host watches a stream through a tap while a task reads it", () => {
    const f = new ExecFixture();
    const DATA = `target: .asciz "svc:stdio.out@2"\nbuf: .zero 32\nseen: .zero 4`;
    const reader = f.loadSource(
      "    LDI32 R1, target\n    LDI R2, 1\n    SVC 5, 0\n    MOV R10, R1\n    MOV R1, R10\n    LDI32 R2, buf\n    LDI R3, 32\n    LDI32 R4, 0xFFFF\n    SVC 5, 3\n    MOV R0, R1\n    RET",
      DATA,
    );
    const writer = f.loadSource("    LDI R0, 1\n    SVC 6, 0\n    LDI32 R1, t\n    CALL line\n    RET", 't: .asciz "to the reader"');
    expect(f.exec.tapOutput(writer, "out", true)).toBe(MbxStatus.OK);
    expect(f.exec.tapOutput(99, "out", true)).toBe(MbxStatus.INVALID_HANDLE);
    expect(f.run().reason).toBe("done");
    expect(f.exec.task(reader)!.exitStatus).toBe(14); // the reader got the line ...
    expect(f.text(writer)).toBe("to the reader\n"); // ... and the host saw a copy
    expect(f.exec.mailboxSnapshot().descriptors).toEqual([]);
  });

  it("hostStdio none: nobody reads; output() still reads what is queued on demand", () => {
    const f = new ExecFixture({ hostStdio: "none" });
    const pid = f.loadSource("    LDI32 R1, t\n    CALL line\n    BRK 0", 't: .asciz "quiet"');
    f.run();
    expect(f.ofType("mailbox_recv")).toEqual([]);
    expect(f.text(pid)).toBe("quiet\n");
    expect(f.ofType("mailbox_recv").map((e) => e.pid)).toEqual([0]);
  });

  it("onOutput sees each chunk as the host reads it, in order", () => {
    const f = new ExecFixture();
    const seen: string[] = [];
    f.exec.onOutput = (pid, stream, bytes) => seen.push(`${pid}/${stream}:${new TextDecoder().decode(bytes)}`);
    f.loadSource("    LDI32 R1, a\n    CALL line\n    LDI R1, 2\n    LDI32 R2, b\n    LDI R3, 3\n    SVC 4, 2\n    RET", 'a: .asciz "one"\nb: .ascii "two"');
    f.run();
    expect(seen).toEqual(["1/out:one\n", "1/err:two"]);
  });
});
