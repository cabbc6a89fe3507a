// The conformance executive level (spec/conformance.yaml ops exec.*): ExecutiveInstance
// answers every operation with exactly the spec's result fields plus `events`, and
// every result passes the generated result validator.
import { describe, expect, it } from "vitest";
import { ConfLevelWire, LoadError, MbxStatus, type ProfileName } from "../../generated/ts/index.js";
import { RESULT_VALIDATORS } from "../../generated/validators/index.js";
import { toHex } from "../../conformance/adapters/hex.js";
import { ExecutiveInstance, executiveOptions } from "../../conformance/adapters/reference/executive.js";
import { ReferenceAdapter } from "../../conformance/adapters/reference/index.js";
import type { Instance } from "../../conformance/adapters/reference/instance.js";
import { asm, program } from "./fixture.js";

function call(inst: ExecutiveInstance, op: string, args: Record<string, unknown> = {}): Record<string, unknown> {
  const r = inst.call(op, args);
  expect(r, op).not.toBeNull();
  const check = RESULT_VALIDATORS[op]!;
  if (!check(r)) throw new Error(`${op} result fails its schema: ${JSON.stringify(check.errors)}`);
  return r!;
}

const ECHO = program(
  "    LDI R1, 1\n    LDI32 R2, buf\n    LDI R3, 8\n    LDI32 R4, 0xFFFF\n    SVC 5, 3\n    MOV R3, R1\n    LDI R1, 1\n    LDI32 R2, buf\n    SVC 4, 2\n    LDI R0, 5\n    RET",
  "buf: .zero 8",
);

describe("ExecutiveInstance", () => {
  it("runs every exec.* operation with results that match the spec", () => {
    const inst = new ExecutiveInstance("desktop", { quantum: 100, instructions_per_ms: 10 });
    const load = call(inst, "exec.load", { image: toHex(asm(ECHO, "echo")) });
    expect(load).toMatchObject({ error: null, hxe_error: null, mbx_status: null, pid: 1 });
    expect((load.events as { type: string }[]).map((e) => e.type)).toEqual(["task_state"]);

    const run = call(inst, "exec.run", { max_steps: 1000 });
    expect(run).toMatchObject({ reason: "deadlock", steps: 5, clock_us: 500 });
    expect((run.events as { type: string }[]).map((e) => e.type)).toEqual(["scheduler", "task_state", "mailbox_wait", "task_state", "scheduler"]);

    expect(call(inst, "exec.input", { pid: 1, data: toHex(new TextEncoder().encode("ping")) })).toMatchObject({ status: MbxStatus.OK });
    expect(call(inst, "exec.run", { max_steps: 1000 })).toMatchObject({ reason: "done" });
    expect(call(inst, "exec.output", { pid: 1, stream: "out" })).toMatchObject({ data: toHex(new TextEncoder().encode("ping")), events: [] });
    expect(call(inst, "exec.output", { pid: 1, stream: "out" }).data).toBe("");

    const tasks = call(inst, "exec.tasks").tasks as Record<string, unknown>[];
    expect(tasks).toEqual([
      { pid: 1, app: "echo", state: "returned", priority: 10, pc: tasks[0]!.pc, exit_status: 5, fault: null, steps: 10, mailbox_step: 1, mailbox_wake: 1, mailbox_timeout: 0 },
    ]);
    const read = call(inst, "exec.read", { pid: 1, addr: 0x4000, len: 4 });
    expect(read).toMatchObject({ pc: tasks[0]!.pc, sp: 0xfffc, psw: expect.any(Number), hex: toHex(new TextEncoder().encode("ping")) });
    expect((read.regs as number[]).length).toBe(16);
    expect(call(inst, "exec.read", { pid: 9, addr: 0, len: 4 })).toMatchObject({ regs: [], hex: "" });

    expect(call(inst, "exec.control", { pid: 1, action: "kill" })).toMatchObject({ ok: true });
    expect(call(inst, "exec.control", { pid: 7, action: "pause" })).toMatchObject({ ok: false });
    const mbx = call(inst, "exec.mailboxes");
    expect(mbx.descriptors).toEqual([]);
    expect(call(inst, "exec.transition", { from: "NONE", to: "READY" })).toEqual({ allowed: true, events: [] });
    expect(call(inst, "exec.transition", { from: "KILLED", to: "READY" })).toEqual({ allowed: false, events: [] });
    expect(inst.call("mbx.open", {})).toBeNull();
  });

  it("reports load errors with their codes", () => {
    const inst = new ExecutiveInstance("embedded");
    expect(call(inst, "exec.load", { image: "00" })).toMatchObject({ error: LoadError.IMAGE, hxe_error: 1, mbx_status: null, pid: null });
    for (let i = 0; i < 4; i++) call(inst, "exec.load", { image: toHex(asm(program("    RET"), `a${i}`)), paused: true, priority: 3 });
    expect(call(inst, "exec.load", { image: toHex(asm(program("    RET"))) })).toMatchObject({ error: LoadError.TASK_LIMIT, pid: null });
  });

  it("takes quantum, instructions_per_ms and clock from the level config, and refuses bad ones", () => {
    expect(executiveOptions("desktop", {})).toEqual({ profile: "desktop", clock: "virtual" });
    expect(executiveOptions("cortex_m", { quantum: 5, instructions_per_ms: 2, clock: "wall" })).toEqual({ profile: "cortex_m", quantum: 5, instructionsPerMs: 2, clock: "wall" });
    expect(() => executiveOptions("desktop", { quantum: 0 })).toThrow(RangeError);
    expect(() => executiveOptions("desktop", { clock: "sundial" })).toThrow(RangeError);
  });

  it("plugs into the reference adapter as the executive level", () => {
    class WithExecutive extends ReferenceAdapter {
      protected override levels(): Record<string, (profile: ProfileName) => Instance> {
        return { ...super.levels(), [ConfLevelWire.EXECUTIVE]: (p) => new ExecutiveInstance(p) };
      }
    }
    const a = new WithExecutive();
    const hello = a.handle({ seq: 1, cmd: "hello", protocol: 1, spec_hash: "", runner: "test" }) as unknown;
    expect((hello as { ok: { levels: string[] } }).ok.levels).toContain("executive");
    const made = a.handle({ seq: 2, cmd: "new", level: "executive", profile: "embedded", config: {} }) as unknown as { ok: { instance: number } };
    const r = a.handle({ seq: 3, cmd: "call", instance: made.ok.instance, op: "exec.transition", args: { from: "READY", to: "RUNNING" } });
    expect(r).toEqual({ seq: 3, ok: { result: { allowed: true, events: [] } } });
  });
});
