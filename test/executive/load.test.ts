// Loading: executive.rule.TASK_LOAD, TASK_STDIO, LOAD_MAILBOXES, LOAD_ATOMIC, the load
// errors (executive enum load_error) and app instance names (hxe.rule.APP_INSTANCES).
import { describe, expect, it } from "vitest";
import { EXECUTIVE, HxeError, ISA, LoadError, MbxStatus, PROFILES } from "../../generated/ts/index.js";
import { ownedTarget } from "../../src/executive/loader.js";
import { readHxe } from "../../src/hxe/index.js";
import { asm, ExecFixture } from "./fixture.js";

const RET = ".text\n.entry main\nmain:\n    RET\n";
const decl = (entries: object[]) => entries.map((e) => `.mailbox ${JSON.stringify(e)}\n`).join("");

describe("executive.rule.TASK_LOAD", () => {
  it("gives the task its own memory, registers at TASK_REG_BASE, SP at TASK_STACK_TOP, rodata at RODATA_BASE, pc = entry", () => {
    const f = new ExecFixture();
    const pid = f.load(asm(`.text\n    LDI R0, 1\n.entry start\nstart:\n    LDI R1, 42\n    BRK 0\n.data\nro: .ascii "RO!"\n`));
    expect(pid).toBe(EXECUTIVE.FIRST_TASK_PID);
    const before = f.exec.read(pid, ISA.RODATA_BASE, 3)!;
    expect(before.pc).toBe(4);
    expect(before.sp).toBe(EXECUTIVE.TASK_STACK_TOP);
    expect(new TextDecoder().decode(before.bytes)).toBe("RO!");
    f.run();
    // R1 lives in the register window in the task's memory.
    const window = f.mem(pid, EXECUTIVE.TASK_REG_BASE + 4, 4);
    expect(window[0]).toBe(42);
    expect(f.reg(pid, 1)).toBe(42);
  });

  it("limits the stack to task_stack_bytes below TASK_STACK_TOP (a deep recursion faults STACK_OVERFLOW)", () => {
    const f = ExecFixture.profile("embedded");
    const pid = f.loadSource("deeper:\n    CALL deeper");
    f.run();
    const t = f.exec.task(pid)!;
    expect(t.state).toBe("terminated");
    expect(t.fault).toBe(0xffffff03);
    // Each CALL pushes 4 bytes; the limit is TASK_STACK_TOP - task_stack_bytes.
    expect(t.steps).toBe(PROFILES.embedded.limits.task_stack_bytes / 4);
    expect(f.ofType("vm_error")[0]!.data).toEqual({ pc: 0, code: 0xffffff03, fault: "STACK_OVERFLOW" });
  });

  it("pids count up from FIRST_TASK_PID and are never reused", () => {
    const f = new ExecFixture();
    const a = f.load(asm(RET));
    f.exec.control(a, "kill");
    const b = f.load(asm(RET));
    expect([a, b]).toEqual([1, 2]);
    f.run();
    expect(f.load(asm(RET))).toBe(3);
  });

  it("loads an image the HXE reader already parsed, and refuses a priority out of range", () => {
    const f = new ExecFixture();
    expect(f.exec.loadImage(readHxe(asm(RET, "parsed")))).toMatchObject({ ok: true, app: "parsed" });
    expect(() => f.exec.load(asm(RET), { priority: 256 })).toThrow(RangeError);
  });

  it("loads PAUSED or with a priority when asked", () => {
    const f = new ExecFixture();
    const p = f.load(asm(RET), { paused: true, priority: 3 });
    expect(f.exec.task(p)).toMatchObject({ state: "paused", priority: 3 });
    expect(f.states(p)).toEqual(["none>paused:loaded"]);
  });
});

describe("executive.rule.TASK_STDIO", () => {
  it("binds svc:stdio.in/out/err and pid:<pid> held by the task, opens handles 1, 2, 3", () => {
    const f = new ExecFixture({ hostStdio: "none" });
    const pid = f.load(asm(RET));
    const snap = f.exec.mailboxSnapshot().descriptors;
    expect(snap.map((d) => d.target)).toEqual([`svc:stdio.in@${pid}`, `svc:stdio.out@${pid}`, `svc:stdio.err@${pid}`, `pid:${pid}`]);
    for (const d of snap) {
      expect(d.holders).toEqual([pid]);
      expect(d.mode_mask).toBe(3);
      expect(d.capacity).toBe(PROFILES.desktop.limits.default_capacity);
    }
    expect(snap.slice(0, 3).map((d) => d.handles)).toEqual([1, 1, 1]);
    expect(f.exec.mailboxSnapshot().stats.handles_per_pid).toEqual({ [pid]: 3 });
  });

  it("the host reads stdout and stderr through its own handles, closed (with everything else) when the task ends", () => {
    const f = new ExecFixture();
    const pid = f.load(asm(RET));
    expect(f.exec.mailboxSnapshot().stats.handles_per_pid).toEqual({ [pid]: 3, [EXECUTIVE.HOST_PID]: 2 });
    f.run();
    const after = f.exec.mailboxSnapshot();
    expect(after.descriptors).toEqual([]);
    expect(after.stats.handles_total).toBe(0);
  });
});

describe("executive.rule.LOAD_MAILBOXES", () => {
  it("creates every declared mailbox before the first instruction, in table order, binding handles for their pids", () => {
    const f = new ExecFixture({ hostStdio: "none" });
    const img = asm(
      decl([
        { target: "app:b", capacity: 32, mode: "RDWR|FANOUT", bindings: [{ pid: 1, flags: 1 }, { pid: 0, flags: 2 }] },
        { target: "svc:mine", mode: 1 },
        { target: "app:a", capacity: 16, owner_pid: 0 },
      ]) + RET,
    );
    const pid = f.load(img);
    expect(pid).toBe(1);
    const snap = f.exec.mailboxSnapshot();
    const byTarget = new Map(snap.descriptors.map((d) => [d.target, d]));
    const byId = [...snap.descriptors].sort((a, b) => a.descriptor_id - b.descriptor_id);
    // Table order: the image's .mailbox table, which the linker sorts by target (as hld does).
    expect(readHxe(img).mailboxes.map((m) => m.target)).toEqual(["app:a", "app:b", "svc:mine"]);
    expect(byId.slice(4).map((d) => d.target)).toEqual(["app:a", "app:b", "svc:mine@1"]);
    expect(byTarget.get("app:b")).toMatchObject({ capacity: 32, mode_mask: 0x0b, holders: [1], handles: 2 });
    expect(byTarget.get("app:b")!.readers.map((r) => [r.pid, r.handle])).toEqual([[1, 4]]); // after stdio 1, 2, 3
    expect(byTarget.get("svc:mine@1")).toMatchObject({ mode_mask: 1, holders: [1], handles: 0 });
    expect(byTarget.get("app:a")).toMatchObject({ capacity: 16, holders: [0] }); // owner_pid is the holder
    expect(f.exec.task(pid)!.steps).toBe(0); // nothing ran yet
    // The task ends: its holds and handles go; the host's hold keeps app:a.
    f.run();
    expect(f.exec.mailboxSnapshot().descriptors.map((d) => d.target).sort()).toEqual(["app:a", "app:b"]); // app:b: the host's binding handle
  });

  it("ownedTarget names the descriptor a declaration binds, for its holder", () => {
    expect(ownedTarget("pid:", 4)).toBe("pid:4");
    expect(ownedTarget("pid:9", 4)).toBe("pid:9");
    expect(ownedTarget("svc:x", 4)).toBe("svc:x@4");
    expect(ownedTarget("x", 4)).toBe("svc:x@4");
    expect(ownedTarget("svc:x@", 4)).toBe("svc:x@4");
    expect(ownedTarget("svc:x@7", 4)).toBe("svc:x@7");
    expect(ownedTarget("app:y", 4)).toBe("app:y");
    expect(ownedTarget("shared:z@1", 4)).toBe("shared:z@1");
  });
});

describe("executive.rule.LOAD_ATOMIC", () => {
  /** Everything the manager reports, minus the counters that remember history on purpose. */
  function state(f: ExecFixture): unknown {
    const { stats, descriptors } = f.exec.mailboxSnapshot();
    const { descriptor_high_water: _hw, descriptor_pool_exhausted: _ex, ...rest } = stats;
    return { stats: rest, descriptors, tasks: f.exec.tasks() };
  }

  it("exhaustion at load on the embedded profile leaves nothing behind and consumes no pid", () => {
    const f = ExecFixture.profile("embedded");
    f.load(asm(RET));
    f.load(asm(RET)); // 8 of 16 descriptors
    const before = state(f);
    const greedy = asm(decl([1, 2, 3, 4, 5].map((i) => ({ target: `app:m${i}`, bindings: [{ pid: 2, flags: 1 }] }))) + RET);
    const r = f.exec.load(greedy);
    expect(r).toMatchObject({ ok: false, error: LoadError.MAILBOX, hxeError: null, mbxStatus: MbxStatus.NO_DESCRIPTOR });
    expect(state(f)).toEqual(before);
    expect(f.exec.mailboxSnapshot().stats.descriptor_pool_exhausted).toBe(true);
    const exhausted = f.ofType("mailbox_exhausted");
    expect(exhausted.map((e) => [e.pid, e.data.reason, e.data.target])).toEqual([[3, "descriptor_pool_full", "app:m5"]]);
    // The next load gets pid 3 with stdio handles 1, 2, 3: a SEND on handle 2 is its stdout.
    const pid = f.load(asm(".text\n.entry main\nmain:\n    LDI R1, 2\n    LDI32 R2, hi\n    LDI R3, 2\n    LDI R4, 0\n    LDI R5, 0\n    SVC 5, 2\n    RET\n.data\nhi: .ascii \"hi\"\n"));
    expect(pid).toBe(3);
    expect(f.exec.mailboxSnapshot().stats.handles_per_pid[String(pid)]).toBe(3);
    f.run();
    expect(f.text(pid)).toBe("hi");
  });

  it("an open the load would make past a handle quota, or into another task's inbox for reading, fails before any handle is opened", () => {
    const f = ExecFixture.profile("embedded"); // 8 handles per pid
    const first = f.load(asm(RET));
    const before = state(f);
    const many = asm(decl([{ target: "app:m", bindings: [1, 2, 3, 4, 5, 6].map(() => ({ pid: 2, flags: 0 })) }]) + RET);
    expect(f.exec.load(many)).toMatchObject({ ok: false, error: LoadError.MAILBOX, mbxStatus: MbxStatus.HANDLE_QUOTA });
    expect(state(f)).toEqual(before);
    const peek = asm(decl([{ target: "pid:", bindings: [{ pid: first, flags: 1 }] }]) + RET);
    expect(f.exec.load(peek)).toMatchObject({ ok: false, error: LoadError.MAILBOX, mbxStatus: MbxStatus.ACCESS_DENIED });
    expect(state(f)).toEqual(before);
    // Writing into it is allowed (flags 0 give a write-only handle), and pid 2's handles still start at 1.
    const write = asm(decl([{ target: "pid:", bindings: [{ pid: first, flags: 0 }, { pid: 2, flags: 1 }] }]) + RET);
    expect(f.load(write)).toBe(2);
    const inbox = f.exec.mailboxSnapshot().descriptors.find((d) => d.target === "pid:2")!;
    expect(inbox.handles).toBe(2);
    expect(f.exec.mailboxSnapshot().stats.handles_per_pid["2"]).toBe(4);
  });

  it("a binding for a pid that is no live task fails the load with INVALID_ARGUMENT", () => {
    const f = new ExecFixture();
    const before = state(f);
    const r = f.exec.load(asm(decl([{ target: "app:x", bindings: [{ pid: 7, flags: 0 }] }]) + RET));
    expect(r).toMatchObject({ ok: false, error: LoadError.MAILBOX, mbxStatus: MbxStatus.INVALID_ARGUMENT });
    expect(state(f)).toEqual(before);
    const r2 = f.exec.load(asm(decl([{ target: "app:x", owner_pid: 9 }]) + RET));
    expect(r2).toMatchObject({ ok: false, mbxStatus: MbxStatus.INVALID_ARGUMENT });
  });

  it("a declaration the manager refuses (bad capacity, access) fails whole", () => {
    const f = ExecFixture.profile("embedded");
    const r = f.exec.load(asm(decl([{ target: "app:ok" }, { target: "app:big", capacity: 4096 }]) + RET));
    expect(r).toMatchObject({ ok: false, error: LoadError.MAILBOX, mbxStatus: MbxStatus.INVALID_ARGUMENT });
    expect(f.exec.mailboxSnapshot().descriptors).toEqual([]);
    expect(f.exec.tasks()).toEqual([]);
  });
});

describe("load errors and app names", () => {
  it("IMAGE carries the hxe_error", () => {
    const f = new ExecFixture();
    const r = f.exec.load(new Uint8Array([1, 2, 3]));
    expect(r).toMatchObject({ ok: false, error: LoadError.IMAGE, hxeError: HxeError.TOO_SMALL, mbxStatus: null });
  });

  it("TASK_LIMIT at the profile's max_tasks live tasks; ended tasks do not count", () => {
    const f = ExecFixture.profile("embedded");
    const pids = [1, 2, 3, 4].map(() => f.load(asm(RET)));
    expect(f.exec.load(asm(RET))).toMatchObject({ ok: false, error: LoadError.TASK_LIMIT });
    f.exec.control(pids[0]!, "kill");
    expect(f.load(asm(RET))).toBe(5);
  });

  it("the first instance keeps its name, ALLOW_MULTIPLE gives name_#0, name_#1, else APP_EXISTS", () => {
    const f = new ExecFixture();
    const multi = asm(RET, "demo");
    expect(f.exec.load(multi)).toMatchObject({ ok: true, app: "demo" });
    expect(f.exec.load(multi)).toMatchObject({ ok: true, app: "demo_#0" });
    expect(f.exec.load(multi)).toMatchObject({ ok: true, app: "demo_#1" });
    const single = asm(RET, "solo", undefined, true);
    expect(f.exec.load(single)).toMatchObject({ ok: true, app: "solo" });
    expect(f.exec.load(single)).toMatchObject({ ok: false, error: LoadError.APP_EXISTS });
    const long = asm(RET, "x".repeat(31));
    f.exec.load(long);
    expect(f.exec.load(long)).toMatchObject({ ok: true, app: `${"x".repeat(28)}_#0` }); // trimmed to 31 characters
  });
});
