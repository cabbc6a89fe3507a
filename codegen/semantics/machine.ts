import type { Model, Opcode } from "../model/types.js";
import { evalSem, type SemInput, type SemOutput } from "./eval.js";
import { parseSem, type Stmt } from "./lang.js";

/** Architectural state the spec machine steps (all registers as unsigned 32-bit numbers). */
export interface SpecState {
  code: Uint8Array;
  mem: Uint8Array;
  regs: number[];
  pc: number;
  sp: number;
  limit: number;
  depth: number;
  psw: number;
  steps: number;
}

export type StopName = "OK" | "SVC" | "BRK" | "FAULT" | "EXIT";

export interface SpecStepResult {
  stop: StopName;
  /** Fault code for FAULT, BRK code for BRK, 0 otherwise. */
  code: number;
  svcModule: number;
  svcFunction: number;
  /** Name of the fault, or null. */
  fault: string | null;
  opcode: Opcode | null;
}

/**
 * The ISA as the spec defines it: fetch rule, decode by the word layout, the
 * opcode's `sem` program (or the illegal rule). Compiled once per model.
 */
export class SpecMachine {
  private readonly programs = new Map<number, Stmt[]>();
  private readonly fetch: Stmt[];
  private readonly illegal: Stmt[];
  private readonly faults = new Map<string, number>();
  private readonly flagBits = new Map<string, number>();
  private readonly field: Record<string, { shift: number; mask: number }> = {};
  readonly byValue = new Map<number, Opcode>();

  constructor(readonly model: Model) {
    for (const o of model.isa.opcodes) {
      this.programs.set(o.value, parseSem(o.sem));
      this.byValue.set(o.value, o);
    }
    this.fetch = parseSem(model.isa.execution.fetch);
    this.illegal = parseSem(model.isa.execution.illegal);
    for (const v of model.enums.find((e) => e.name === "vm_error")!.values) this.faults.set(v.name, v.value);
    for (const v of model.enums.find((e) => e.name === "psw_flag")!.values) this.flagBits.set(v.name, v.value);
    for (const f of model.isa.word.fields) this.field[f.name] = { shift: f.shift, mask: f.mask };
  }

  private word(code: Uint8Array, at: number): number {
    return ((code[at]! << 24) | (code[at + 1]! << 16) | (code[at + 2]! << 8) | code[at + 3]!) >>> 0;
  }

  private input(s: SpecState, word: number, ext: number): SemInput {
    const f = (n: string) => (word >>> this.field[n]!.shift) & this.field[n]!.mask;
    const flag = (n: string) => BigInt((s.psw & this.flagBits.get(n)!) !== 0 ? 1 : 0);
    return {
      regs: s.regs.map((r) => BigInt(r >>> 0)),
      pc: BigInt(s.pc),
      sp: BigInt(s.sp),
      limit: BigInt(s.limit),
      depth: BigInt(s.depth),
      codeLen: BigInt(s.code.length),
      ext: BigInt(ext),
      flags: { Z: flag("Z"), C: flag("C"), N: flag("N"), V: flag("V") },
      fields: { rd: f("rd"), rs1: f("rs1"), rs2: f("rs2"), imm12: f("imm12") },
      mem: (a) => s.mem[a]!,
    };
  }

  private faultResult(s: SpecState, name: string, opcode: Opcode | null): SpecStepResult {
    const code = this.faults.get(name);
    if (code === undefined) throw new Error(`semantics raised unknown fault ${name}`);
    s.regs[0] = code;
    return { stop: "FAULT", code, svcModule: 0, svcFunction: 0, fault: name, opcode };
  }

  /** Execute one instruction in place. */
  step(s: SpecState): SpecStepResult {
    const fetched = evalSem(this.fetch, this.input(s, 0, 0));
    if (fetched.kind === "fault") return this.faultResult(s, fetched.name!, null);
    const word = this.word(s.code, s.pc);
    const op = (word >>> this.field.op!.shift) & this.field.op!.mask;
    const opcode = this.byValue.get(op) ?? null;
    const ext = s.pc + 8 <= s.code.length ? this.word(s.code, s.pc + 4) : 0;
    const inp = this.input(s, word, ext);
    const out = evalSem(opcode ? this.programs.get(op)! : this.illegal, inp);
    if (out.kind === "fault") return this.faultResult(s, out.name!, opcode);
    if (out.kind === "stop" && out.name === "EXIT") return { stop: "EXIT", code: 0, svcModule: 0, svcFunction: 0, fault: null, opcode };
    this.commit(s, out);
    s.steps++;
    const imm = inp.fields.imm12;
    if (out.kind === "stop" && out.name === "SVC") return { stop: "SVC", code: 0, svcModule: (imm >> 8) & 0xf, svcFunction: imm & 0xff, fault: null, opcode };
    if (out.kind === "stop" && out.name === "BRK") return { stop: "BRK", code: imm & 0xff, svcModule: 0, svcFunction: 0, fault: null, opcode };
    if (out.kind === "stop") throw new Error(`semantics stopped with unknown stop ${out.name}`);
    return { stop: "OK", code: 0, svcModule: 0, svcFunction: 0, fault: null, opcode };
  }

  private commit(s: SpecState, out: SemOutput): void {
    for (const [i, v] of out.regs) s.regs[i] = Number(v);
    for (const [a, v] of out.mem) s.mem[a] = v;
    for (const [name, v] of out.flags) {
      const bit = this.flagBits.get(name)!;
      s.psw = v ? s.psw | bit : s.psw & ~bit;
    }
    if (out.sp !== null) s.sp = Number(out.sp);
    if (out.depth !== null) s.depth = Number(out.depth);
    s.pc = out.pc !== null ? Number(out.pc) : (s.pc + 4) >>> 0;
  }
}
