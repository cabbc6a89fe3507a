// Scheduling and time: executive.rule.SCHEDULING, VIRTUAL_CLOCK, TIMERS, SLEEP and the
// exec.run stop reasons.
import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../src/executive/clock.js";
import { ExecFixture } from "./fixture.js";

const SPIN = "spin:\n    JMP spin";

/** next_pid of every scheduler switch (null when the processor went idle). */
function switches(f: ExecFixture): (number | null)[] {
  return f.ofType("scheduler").map((e) => e.data.next_pid);
}

describe("executive.rule.SCHEDULING", () => {
  it("round-robin within a level, each task for up to quantum instructions", () => {
    const f = new ExecFixture({ quantum: 10 });
    const a = f.loadSource(SPIN);
    const b = f.loadSource(SPIN);
    expect(f.run(45)).toMatchObject({ reason: "steps", steps: 45 });
    expect(switches(f)).toEqual([a, b, a, b, a]);
    const sw = f.ofType("scheduler");
    expect(sw[0]!.data).toEqual({ state: "switch", prev_pid: null, next_pid: a, reason: "start", quantum_remaining: 0 });
    expect(sw[1]!.data).toEqual({ state: "switch", prev_pid: a, next_pid: b, reason: "quantum_expired", quantum_remaining: 0 });
    expect(f.exec.tasks().map((t) => t.steps)).toEqual([25, 20]);
    // The task on the processor stays RUNNING across run() calls and keeps its slice.
    expect(f.exec.task(a)!.state).toBe("running");
    f.take();
    f.run(5);
    expect(switches(f)).toEqual([]);
    f.run(1);
    expect(switches(f)).toEqual([b]);
  });

  it("a lone task keeps the processor when its slice ends", () => {
    const f = new ExecFixture({ quantum: 10 });
    f.loadSource(SPIN);
    f.run(100);
    expect(f.ofType("scheduler").length).toBe(1);
    expect(f.ofType("task_state").length).toBe(2); // loaded, scheduled
  });

  it("the most urgent level runs first; a more urgent task that becomes ready preempts", () => {
    const f = new ExecFixture({ quantum: 10 });
    const low = f.loadSource(SPIN, "", "t", { priority: 20 });
    const mid = f.loadSource(SPIN, "", "t", { priority: 10 });
    f.run(30);
    expect(f.exec.task(low)!.steps).toBe(0); // starved by the more urgent level
    const high = f.loadSource(SPIN, "", "t", { priority: 1 });
    f.take();
    f.run(5);
    expect(f.ofType("scheduler").map((e) => [e.data.prev_pid, e.data.next_pid, e.data.reason])).toEqual([[mid, high, "preempted"]]);
    expect(f.states(mid)).toEqual(["running>ready:preempted"]);
  });

  it("a task woken by a send preempts the sender when it is more urgent", () => {
    const f = new ExecFixture();
    const DATA = `q: .asciz "app:q"\nbuf: .zero 4`;
    const waiter = f.loadSource("    LDI32 R1, q\n    LDI R2, 1\n    SVC 5, 0\n    LDI32 R2, buf\n    LDI R3, 4\n    LDI32 R4, 0xFFFF\n    SVC 5, 3\n    RET", DATA, "t", { priority: 1 });
    const sender = f.loadSource(
      "    LDI32 R1, q\n    LDI R2, 2\n    SVC 5, 0\n    LDI32 R2, buf\n    LDI R3, 4\n    LDI R4, 0\n    SVC 5, 2\n    LDI R6, 99\n    RET",
      DATA,
    );
    f.run();
    const sw = f.ofType("scheduler").map((e) => [e.data.prev_pid, e.data.next_pid, e.data.reason]);
    expect(sw).toContainEqual([sender, waiter, "preempted"]);
    expect(f.exec.task(waiter)!.state).toBe("returned");
  });

  it("a task that becomes ready joins the tail of its level (here: after a yield)", () => {
    const f = new ExecFixture({ quantum: 1000 });
    const y = "again:\n    SVC 6, 1\n    JMP again";
    const a = f.loadSource(y);
    const b = f.loadSource(y);
    const c = f.loadSource(y);
    f.run(9); // 1 + 1 + 1 instructions, then JMP + SVC for each
    expect(switches(f)).toEqual([a, b, c, a, b, c]);
    expect(f.states(a).slice(0, 4)).toEqual(["none>ready:loaded", "ready>running:scheduled", "running>ready:yield", "ready>running:scheduled"]);
    expect(f.ofType("scheduler")[1]!.data).toMatchObject({ prev_pid: a, reason: "yield", quantum_remaining: 999 });
  });

  it("a yield with nobody else ready reports the state changes but no switch", () => {
    const f = new ExecFixture();
    f.loadSource("    SVC 6, 1\n    SVC 6, 1\n    RET");
    f.run();
    expect(f.ofType("scheduler").map((e) => e.data.reason)).toEqual(["start", "ended"]);
    expect(f.states(1).filter((s) => s.includes("yield")).length).toBe(2);
  });
});

describe("exec.run stop reasons", () => {
  it("steps, done, idle and deadlock", () => {
    const f = new ExecFixture();
    expect(f.run()).toEqual({ reason: "done", steps: 0, clockUs: 0 });
    const spin = f.loadSource(SPIN);
    expect(f.run(7)).toMatchObject({ reason: "steps", steps: 7 });
    f.exec.control(spin, "pause");
    expect(f.run().reason).toBe("idle");
    f.exec.control(spin, "kill");
    expect(f.run().reason).toBe("done");
    f.loadSource("    LDI R1, 1\n    LDI32 R2, b\n    LDI R3, 1\n    LDI32 R4, 0xFFFF\n    SVC 5, 3\n    RET", "b: .zero 4");
    expect(f.run().reason).toBe("deadlock");
    expect(f.ofType("scheduler").at(-1)!.data).toMatchObject({ next_pid: null, reason: "wait_mbx" });
  });
});

describe("executive.rule.VIRTUAL_CLOCK and SLEEP", () => {
  it("advances 1 ms per instructions_per_ms retired instructions, without losing fractions", () => {
    const c = new VirtualClock(3);
    c.retire(1);
    expect(c.now()).toBe(333);
    c.retire(2);
    expect(c.now()).toBe(1000);
    expect(c.stepsUntil(2000)).toBe(3);
    expect(c.stepsUntil(1001)).toBe(1);
    c.idleUntil(5000);
    expect(c.now()).toBe(5000);
    c.idleUntil(10); // never backwards
    expect(c.now()).toBe(5000);
    c.retire(1);
    expect(c.now()).toBe(5333);
    expect(() => new VirtualClock(0)).toThrow(RangeError);
  });

  it("event ts is the virtual clock: instructions over instructions_per_ms", () => {
    const f = new ExecFixture({ instructionsPerMs: 4 });
    f.loadSource("    LDI R0, 1\n    LDI R0, 2\n    LDI R0, 3\n    RET");
    expect(f.run()).toMatchObject({ reason: "done", steps: 3, clockUs: 750 });
    expect(f.ofType("task_state").at(-1)!.ts).toBe(750);
  });

  it("a sleeper wakes on time: sleep_complete at the deadline, then READY (R-EXEC-SLEEP-WAKE)", () => {
    const f = new ExecFixture();
    const pid = f.loadSource("    LDI R0, 12\n    SVC 6, 0\n    MOV R5, R0\n    LDI R0, 0\n    SVC 6, 0\n    RET");
    expect(f.run().reason).toBe("done");
    const req = f.ofType("sleep_request");
    expect(req.map((e) => e.data)).toEqual([{ ms: 12, deadline: 2 + 12_000 }]);
    const done = f.ofType("sleep_complete");
    expect(done.map((e) => [e.pid, e.ts, e.data])).toEqual([[pid, 12_002, {}]]);
    expect(f.states(pid)).toEqual([
      "none>ready:loaded",
      "ready>running:scheduled",
      "running>sleeping:sleep",
      "sleeping>ready:sleep_wake",
      "ready>running:scheduled",
      "running>returned:returned",
    ]);
    expect(f.reg(pid, 5)).toBe(0); // SLEEP_MS answers 0; sleeping 0 ms returns at once
  });

  it("timers fire in (deadline, arming) order before the next task is chosen, even mid-slice", () => {
    const f = new ExecFixture({ quantum: 1_000_000 });
    const sleeper = (ms: number) => `    LDI R0, ${ms}\n    SVC 6, 0\n    RET`;
    const a = f.loadSource(sleeper(3));
    const b = f.loadSource(sleeper(2));
    const c = f.loadSource(sleeper(3));
    const spin = f.loadSource(SPIN, "", "t", { priority: 50 });
    f.run(10_000);
    expect(f.ofType("sleep_complete").map((e) => e.pid)).toEqual([b, a, c]);
    // Each wake happened exactly at its deadline although the spinner held a long slice.
    for (const e of f.ofType("sleep_complete")) {
      const req = f.ofType("sleep_request").find((r) => r.pid === e.pid)!;
      expect(e.ts).toBe(req.data.deadline);
    }
    expect(f.ofType("scheduler").filter((e) => e.data.prev_pid === spin).every((e) => e.data.reason === "preempted")).toBe(true);
  });

  it("a paused sleeper's deadline passes while paused; it is READY on resume", () => {
    const f = new ExecFixture();
    const s = f.loadSource("    LDI R0, 2\n    SVC 6, 0\n    RET");
    f.loadSource(SPIN, "", "t", { priority: 50 });
    f.run(10);
    f.exec.control(s, "pause");
    f.run(5000);
    expect(f.ofType("sleep_complete").map((e) => e.pid)).toEqual([s]);
    expect(f.exec.task(s)!.state).toBe("paused");
    f.exec.control(s, "resume");
    expect(f.states(s).at(-1)).toBe("paused>ready:resume");
    f.run(10);
    expect(f.exec.task(s)!.state).toBe("returned");
  });
});
