// The task state machine (executive.transitions, R-EXEC-STATES): the table itself, the
// refusal of anything else, and one scenario per transition the executive performs.
import { describe, expect, it } from "vitest";
import { INITIAL_TASK_STATES, TASK_TRANSITIONS, TaskState, type TaskStateName } from "../../generated/ts/index.js";
import { checkTransition, ExecutiveInvariantError, parseState, stateWire, transitionAllowed } from "../../src/executive/states.js";
import { ExecFixture } from "./fixture.js";

const NAMES = Object.keys(TaskState) as TaskStateName[];

describe("executive.transitions: the allowed-transition table", () => {
  it("allows exactly the spec's pairs, and the initial states from NONE", () => {
    for (const from of NAMES) {
      for (const to of NAMES) {
        expect(transitionAllowed(TaskState[from], TaskState[to]), `${from} -> ${to}`).toBe(TASK_TRANSITIONS[from].includes(to));
      }
    }
    for (const to of NAMES) expect(transitionAllowed(null, TaskState[to]), `NONE -> ${to}`).toBe(INITIAL_TASK_STATES.includes(to));
  });

  it("an illegal transition is an internal error, never silent", () => {
    expect(() => checkTransition(1, TaskState.TERMINATED, TaskState.READY)).toThrow(ExecutiveInvariantError);
    expect(() => checkTransition(1, null, TaskState.KILLED)).toThrow(/NONE -> KILLED/);
    expect(() => checkTransition(1, TaskState.READY, TaskState.RUNNING)).not.toThrow();
  });

  it("exec.transition accepts enum names, wire names and NONE", () => {
    const f = new ExecFixture();
    expect(f.exec.transitionAllowed("NONE", "READY")).toBe(true);
    expect(f.exec.transitionAllowed("none", "killed")).toBe(false);
    expect(f.exec.transitionAllowed("WAIT_MBX", "ready")).toBe(true);
    expect(f.exec.transitionAllowed("waiting_mbx", "RETURNED")).toBe(false);
    expect(f.exec.transitionAllowed("RETURNED", "NONE")).toBe(false);
    expect(f.exec.transitionAllowed("bogus", "READY")).toBe(false);
    expect(parseState("Paused")).toBe(TaskState.PAUSED);
    expect(stateWire(TaskState.WAIT_MBX)).toBe("waiting_mbx");
  });
});

/**
 * Scenarios that drive tasks through every transition the executive performs; the
 * transitions observed in task_state events must all be allowed and must cover this list.
 */
const PERFORMED = [
  "none>ready:loaded",
  "none>paused:loaded",
  "ready>running:scheduled",
  "running>ready:yield",
  "running>ready:preempted",
  "running>waiting_mbx:mailbox_wait",
  "running>sleeping:sleep",
  "running>paused:debug_break",
  "running>paused:user_pause",
  "running>returned:returned",
  "running>returned:exited",
  "running>terminated:fault",
  "running>killed:killed",
  "ready>paused:user_pause",
  "ready>killed:killed",
  "ready>waiting_mbx:mailbox_wait",
  "ready>sleeping:sleep",
  "waiting_mbx>ready:mailbox_wake",
  "waiting_mbx>ready:timeout",
  "waiting_mbx>paused:user_pause",
  "waiting_mbx>killed:killed",
  "sleeping>ready:sleep_wake",
  "sleeping>paused:user_pause",
  "sleeping>killed:killed",
  "paused>ready:resume",
  "paused>killed:killed",
  "returned>killed:killed",
];

const SPIN = "spin:\n    JMP spin";
const RECV_FOREVER = `    LDI32 R1, inbox\n    LDI R2, 0\n    SVC 5, 0\n    LDI32 R2, buf\n    LDI R3, 4\n    LDI32 R4, 0xFFFF\n    LDI R5, 0\n    SVC 5, 3\n    RET`;
const INBOX = `inbox: .asciz "pid:"\nbuf: .zero 8`;
const STDIN_FOREVER = `    LDI R1, 1\n    LDI32 R2, buf\n    LDI R3, 4\n    LDI32 R4, 0xFFFF\n    LDI R5, 0\n    SVC 5, 3\n    RET`;
const FAULT = "    LDI32 R1, 0xFFFE\n    LD R0, [R1]";

function scenarios(): Set<string> {
  const seen = new Set<string>();
  const collect = (f: ExecFixture) => {
    for (const e of f.ofType("task_state")) {
      const from = e.data.prev_state === null ? null : parseState(e.data.prev_state)!;
      expect(transitionAllowed(from, parseState(e.data.new_state)!), JSON.stringify(e.data)).toBe(true);
      seen.add(`${e.data.prev_state ?? "none"}>${e.data.new_state}:${e.data.reason}`);
    }
  };

  // load, schedule, yield, sleep, return, exit, preempted by the quantum
  let f = new ExecFixture({ quantum: 50 });
  f.loadSource("    SVC 6, 1\n    LDI R0, 2\n    SVC 6, 0\n    LDI R0, 0\n    RET");
  f.loadSource("    LDI R0, 3\n    SVC 1, 0");
  f.loadSource("    LDI32 R1, 200\nloop:\n    LDI R2, 1\n    SUB R1, R1, R2\n    JNZ loop\n    RET");
  f.loadSource(SPIN, "", "t", { paused: true });
  expect(f.run().reason).toBe("idle");
  collect(f);

  // mailbox wait, wake, timeout, fault, BRK
  f = new ExecFixture();
  const waiter = f.loadSource(STDIN_FOREVER, INBOX);
  f.loadSource("    LDI32 R1, inbox\n    LDI R2, 0\n    SVC 5, 0\n    LDI32 R2, buf\n    LDI R3, 4\n    LDI R4, 5\n    LDI R5, 0\n    SVC 5, 3\n    BRK 1\n    RET", INBOX);
  f.loadSource(FAULT);
  expect(f.run().reason).toBe("idle");
  expect(f.exec.input(waiter, new Uint8Array([1]))).toBe(0);
  expect(f.run().reason).toBe("idle");
  collect(f);

  // host control: pause/resume/kill in every state
  f = new ExecFixture({ quantum: 10 });
  const a = f.loadSource(SPIN);
  const b = f.loadSource(SPIN);
  f.run(15); // a ran its quantum, b is RUNNING now
  f.exec.control(b, "pause"); // running > paused
  f.exec.control(a, "pause"); // ready > paused
  f.exec.control(a, "resume");
  f.exec.control(a, "kill"); // ready > killed
  f.exec.control(b, "resume");
  f.run(5);
  f.exec.control(b, "kill"); // running > killed
  const busy = f.loadSource(SPIN, "", "t", { priority: 20 }); // keeps the clock from jumping
  const w = f.loadSource(RECV_FOREVER, INBOX);
  const s = f.loadSource("    LDI R0, 10\n    SVC 6, 0\n    RET");
  f.run(100);
  f.exec.control(w, "pause"); // waiting_mbx > paused
  f.exec.control(s, "pause"); // sleeping > paused
  f.exec.control(w, "resume"); // paused > ready > waiting_mbx
  f.exec.control(s, "resume"); // paused > ready > sleeping
  f.exec.control(w, "kill"); // waiting_mbx > killed
  f.exec.control(s, "kill"); // sleeping > killed
  f.exec.control(busy, "kill");
  const r = f.loadSource("    RET");
  f.run();
  f.exec.control(r, "kill"); // returned > killed
  const p = f.loadSource(SPIN, "", "t", { paused: true });
  f.exec.control(p, "kill"); // paused > killed
  collect(f);
  return seen;
}

describe("every transition the executive performs is allowed and exercised", () => {
  it("observes exactly the expected transitions", () => {
    expect([...scenarios()].sort()).toEqual([...PERFORMED].sort());
  });

  it("control answers false for unknown tasks and disallowed actions", () => {
    const f = new ExecFixture();
    expect(f.exec.control(9, "pause")).toBe(false);
    const pid = f.loadSource(FAULT);
    expect(f.exec.control(pid, "resume")).toBe(false); // not paused
    f.run();
    expect(f.exec.task(pid)!.state).toBe("terminated");
    expect(f.exec.control(pid, "kill")).toBe(false); // TERMINATED -> KILLED is not allowed
    expect(f.exec.control(pid, "pause")).toBe(false);
    const q = f.loadSource("    RET", "", "t", { paused: true });
    expect(f.exec.control(q, "pause")).toBe(true); // already paused: nothing happens
    f.take();
    expect(f.exec.control(q, "pause")).toBe(true);
    expect(f.take()).toEqual([]);
  });
});
