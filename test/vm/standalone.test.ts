// The standalone host: TASK EXIT, CORE GET_STEPS, UART_WRITE; everything else ENOSYS
// (svc.rule.UNKNOWN_CALL); buffers truncated at the top of memory (svc.rule.BUFFER_BOUNDS).
import { describe, expect, it } from "vitest";
import { ISA, VmError } from "../../generated/ts/index.js";
import { runStandalone, standaloneMemory, type TraceStep } from "../../src/vm/index.js";
import { code, I } from "./prog.js";

const svc = (mod: number, fn: number) => I("SVC", { imm: (mod << 8) | fn });

describe("runStandalone", () => {
  it("UART_WRITE captures bytes and answers the length; EXIT keeps R0", () => {
    const r = runStandalone(
      { code: code(I("LDI32", { rd: 1 }), 0x4000, I("LDI", { rd: 2, imm: 3 }), svc(1, 1), I("MOV", { rd: 5, rs1: 0 }), I("LDI", { rd: 0, imm: 7 }), svc(1, 0)), rodata: new Uint8Array([0x61, 0x62, 0x63, 0x64]) },
      { maxSteps: 100 },
    );
    expect(r.outcome).toBe("EXIT");
    expect(r.exitCode).toBe(7);
    expect(Buffer.from(r.output).toString()).toBe("abc");
    expect(r.vm.regs[5]).toBe(3);
    expect(r.steps).toBe(6);
  });

  it("GET_STEPS answers the instructions retired before the SVC", () => {
    const r = runStandalone({ code: code(I("LDI", { rd: 1 }), I("LDI", { rd: 1 }), svc(0, 0), I("RET")) }, { maxSteps: 100 });
    expect(r.outcome).toBe("RETURN");
    expect(r.exitCode).toBe(2);
  });

  it("answers ENOSYS for every other SVC and continues", () => {
    const words = [];
    for (const [m, f] of [[0, 1], [1, 2], [2, 0], [3, 0], [4, 1], [5, 0], [6, 0], [7, 0], [8, 0], [14, 0], [15, 255]] as const) words.push(svc(m, f), I("PUSH", { rs1: 0 }));
    const r = runStandalone({ code: code(...words, I("BRK", { imm: 9 })) }, { maxSteps: 100 });
    expect(r.outcome).toBe("BRK");
    expect(r.brkCode).toBe(9);
    for (let i = 0; i < 11; i++) expect(r.vm.mem[0x8000 - 4 * (i + 1)]).toBe(VmError.ENOSYS & 0xff);
  });

  it("truncates a UART buffer at the top of memory", () => {
    const r = runStandalone({ code: code(I("LDI32", { rd: 1 }), 0xfffe, I("LDI32", { rd: 2 }), 0x12340010, svc(1, 1), svc(1, 0)) }, { maxSteps: 10 });
    expect(r.output.length).toBe(2);
    expect(r.exitCode).toBe(2);
  });

  it("reports faults and the step limit", () => {
    const f = runStandalone({ code: code(I("DIV", { rd: 1, rs1: 1, rs2: 2 })) }, { maxSteps: 10 });
    expect(f).toMatchObject({ outcome: "FAULT", faultCode: VmError.DIV_ZERO, exitCode: null, pc: 0 });
    const l = runStandalone({ code: code(I("JMP", { imm: 0 })) }, { maxSteps: 1000 });
    expect(l).toMatchObject({ outcome: "STEP_LIMIT", steps: 1000 });
  });

  it("starts at the entry with rodata at 0x4000 (cut at the top of memory)", () => {
    const mem = standaloneMemory(new Uint8Array(0xc004).fill(1));
    expect(mem[ISA.RODATA_BASE]).toBe(1);
    expect(mem[0xffff]).toBe(1);
    expect(mem[ISA.RODATA_BASE - 1]).toBe(0);
    const r = runStandalone({ code: code(I("BRK"), I("RET")), entry: 4 }, { maxSteps: 10 });
    expect(r.outcome).toBe("RETURN");
  });

  it("traces every instruction with what changed, the SVC service included", () => {
    const steps: TraceStep[] = [];
    const outs: string[] = [];
    const r = runStandalone(
      { code: code(I("LDI", { rd: 2, imm: 1 }), I("LDI32", { rd: 1 }), 0x4000, svc(1, 1), I("PUSH", { rs1: 2 }), I("CMP", { rs1: 2, rs2: 2 }), svc(1, 0)), rodata: new Uint8Array([0x21]) },
      { maxSteps: 100, trace: (t) => steps.push(t), onOutput: (b) => outs.push(Buffer.from(b).toString()) },
    );
    expect(r.outcome).toBe("EXIT");
    expect(outs).toEqual(["!"]);
    expect(steps.map((s) => s.pc)).toEqual([0, 4, 12, 16, 20, 24]);
    expect(steps[1]).toMatchObject({ word: I("LDI32", { rd: 1 }), ext: 0x4000, changes: [{ name: "R1", before: 0, after: 0x4000 }] });
    expect(steps[2]!.changes).toEqual([{ name: "R0", before: 0, after: 1 }]);
    expect(steps[3]!.changes.map((c) => c.name)).toEqual(["R15", "SP"]);
    expect(steps[4]!.changes).toEqual([{ name: "PSW", before: 0, after: 0x03 }]);
  });
});
