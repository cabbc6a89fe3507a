// One group per opcode of spec/isa.yaml; each case names the spec item it checks.
import { describe, expect, it } from "vitest";
import { OPCODES, PswFlag, VmError, VmStop, type Mnemonic } from "../../generated/ts/index.js";
import { I, vmOf } from "./prog.js";

const { Z, C, N, V } = PswFlag;

interface Case {
  name: string;
  words: number[];
  regs?: Record<number, number>;
  psw?: number;
  sp?: number;
  mem?: Record<number, number[]>;
  /** Expected registers after one step (unsigned). */
  want: Record<number, number>;
  wantPsw?: number;
  wantPc?: number;
  wantSp?: number;
  wantMem?: Record<number, number[]>;
  stop?: number;
}

const CASES: Partial<Record<Mnemonic, Case[]>> = {
  LDI: [
    { name: "sign-extends imm12 (isa.opcode.LDI)", words: [I("LDI", { rd: 3, imm: -1 })], want: { 3: 0xffffffff } },
    { name: "positive", words: [I("LDI", { rd: 3, imm: 2047 })], want: { 3: 2047 } },
  ],
  LD: [
    { name: "little-endian word at R[rs1]+sext(imm) (isa.opcode.LD)", words: [I("LD", { rd: 1, rs1: 2, imm: -4 })], regs: { 2: 0x104 }, mem: { 0x100: [0x44, 0x33, 0x22, 0x11] }, want: { 1: 0x11223344 } },
    { name: "unaligned access works (R-ISA-WRAP: no alignment faults)", words: [I("LD", { rd: 1, rs1: 2, imm: 1 })], regs: { 2: 0x100 }, mem: { 0x101: [1, 2, 3, 4] }, want: { 1: 0x04030201 } },
    { name: "address wraps at 64 KiB (isa.rule.MEMORY_WRAP)", words: [I("LD", { rd: 1, rs1: 0, imm: -4 })], mem: { 0xfffc: [9, 0, 0, 0] }, want: { 1: 9 } },
    { name: "base above 0xFFFF wraps", words: [I("LD", { rd: 1, rs1: 2 })], regs: { 2: 0x12340010 }, mem: { 0x10: [7, 0, 0, 0] }, want: { 1: 7 } },
  ],
  ST: [{ name: "stores little-endian (isa.opcode.ST)", words: [I("ST", { rs1: 2, rs2: 3, imm: 8 })], regs: { 2: 0x200, 3: 0xa1b2c3d4 }, want: {}, wantMem: { 0x208: [0xd4, 0xc3, 0xb2, 0xa1] } }],
  MOV: [{ name: "copies (isa.opcode.MOV)", words: [I("MOV", { rd: 4, rs1: 5 })], regs: { 5: 0xdeadbeef }, want: { 4: 0xdeadbeef } }],
  LDB: [
    { name: "zero-extends (R-ISA-LDB-ZEXT)", words: [I("LDB", { rd: 1, rs1: 2, imm: 3 })], regs: { 2: 0x300 }, mem: { 0x303: [0xff] }, want: { 1: 0xff } },
    { name: "at 0xFFFF does not fault", words: [I("LDB", { rd: 1, rs1: 0, imm: -1 })], mem: { 0xffff: [0x80] }, want: { 1: 0x80 } },
  ],
  LDH: [{ name: "zero-extends a little-endian half (isa.opcode.LDH)", words: [I("LDH", { rd: 1, rs1: 2 })], regs: { 2: 0x400 }, mem: { 0x400: [0x00, 0x80] }, want: { 1: 0x8000 } }],
  STB: [{ name: "stores the low byte (isa.opcode.STB)", words: [I("STB", { rs1: 2, rs2: 3, imm: -1 })], regs: { 2: 0, 3: 0x1234 }, want: {}, wantMem: { 0xffff: [0x34] } }],
  STH: [{ name: "stores the low half (isa.opcode.STH)", words: [I("STH", { rs1: 2, rs2: 3 })], regs: { 2: 0x500, 3: 0x12345678 }, want: {}, wantMem: { 0x500: [0x78, 0x56] } }],
  ADD: [
    { name: "carry out of bit 31 (isa.opcode.ADD)", words: [I("ADD", { rd: 1, rs1: 2, rs2: 3 })], regs: { 2: 0xffffffff, 3: 1 }, want: { 1: 0 }, wantPsw: Z | C },
    { name: "signed overflow", words: [I("ADD", { rd: 1, rs1: 2, rs2: 3 })], regs: { 2: 0x7fffffff, 3: 1 }, want: { 1: 0x80000000 }, wantPsw: N | V },
    { name: "operands are read before the write (ADD R1,R1,R1)", words: [I("ADD", { rd: 1, rs1: 1, rs2: 1 })], regs: { 1: 3 }, want: { 1: 6 }, wantPsw: 0 },
  ],
  SUB: [
    { name: "C = no borrow (isa.opcode.SUB)", words: [I("SUB", { rd: 1, rs1: 2, rs2: 3 })], regs: { 2: 5, 3: 5 }, want: { 1: 0 }, wantPsw: Z | C },
    { name: "borrow clears C", words: [I("SUB", { rd: 1, rs1: 2, rs2: 3 })], regs: { 2: 0, 3: 1 }, want: { 1: 0xffffffff }, wantPsw: N },
    { name: "signed overflow", words: [I("SUB", { rd: 1, rs1: 2, rs2: 3 })], regs: { 2: 0x80000000, 3: 1 }, want: { 1: 0x7fffffff }, wantPsw: C | V },
  ],
  MUL: [
    { name: "low 32 bits; C = V = high nonzero (isa.opcode.MUL)", words: [I("MUL", { rd: 1, rs1: 2, rs2: 3 })], regs: { 2: 0x10000, 3: 0x10001 }, want: { 1: 0x10000 }, wantPsw: C | V },
    { name: "unsigned product fits", words: [I("MUL", { rd: 1, rs1: 2, rs2: 3 })], regs: { 2: 55, 3: 55 }, want: { 1: 3025 }, wantPsw: 0 },
    { name: "0xFFFFFFFF squared", words: [I("MUL", { rd: 1, rs1: 2, rs2: 2 })], regs: { 2: 0xffffffff }, want: { 1: 1 }, wantPsw: C | V },
  ],
  DIV: [
    { name: "truncates toward zero, clears C and V (isa.opcode.DIV)", words: [I("DIV", { rd: 1, rs1: 2, rs2: 3 })], regs: { 2: -7 >>> 0, 3: 2 }, psw: C | V, want: { 1: -3 >>> 0 }, wantPsw: N },
    { name: "INT_MIN / -1 = INT_MIN", words: [I("DIV", { rd: 1, rs1: 2, rs2: 3 })], regs: { 2: 0x80000000, 3: 0xffffffff }, want: { 1: 0x80000000 }, wantPsw: N },
  ],
  AND: [{ name: "clears C and V (isa.opcode.AND)", words: [I("AND", { rd: 1, rs1: 2, rs2: 3 })], regs: { 2: 0xf0, 3: 0x0f }, psw: C | V, want: { 1: 0 }, wantPsw: Z }],
  OR: [{ name: "(isa.opcode.OR)", words: [I("OR", { rd: 1, rs1: 2, rs2: 3 })], regs: { 2: 0x80000000, 3: 1 }, want: { 1: 0x80000001 }, wantPsw: N }],
  XOR: [{ name: "(isa.opcode.XOR)", words: [I("XOR", { rd: 1, rs1: 2, rs2: 3 })], regs: { 2: 0xff, 3: 0xff }, want: { 1: 0 }, wantPsw: Z }],
  NOT: [{ name: "(isa.opcode.NOT)", words: [I("NOT", { rd: 1, rs1: 2 })], regs: { 2: 0 }, psw: V, want: { 1: 0xffffffff }, wantPsw: N }],
  CMP: [{ name: "flags of a - b, no write (isa.opcode.CMP)", words: [I("CMP", { rs1: 2, rs2: 3 })], regs: { 0: 9, 2: 1, 3: 2 }, want: { 0: 9 }, wantPsw: N }],
  JMP: [{ name: "absolute zero-extended target (R-ISA-JUMPS)", words: [I("JMP", { imm: 0xffc })], want: {}, wantPc: 0xffc }],
  JZ: [
    { name: "taken when Z (R-ISA-JZ-PSW)", words: [I("JZ", { imm: 0x40 })], psw: Z, want: {}, wantPc: 0x40 },
    { name: "not taken: pc + 4", words: [I("JZ", { imm: 0x40 })], want: {}, wantPc: 4 },
  ],
  JNZ: [
    { name: "taken when not Z (isa.opcode.JNZ)", words: [I("JNZ", { imm: 0x40 })], want: {}, wantPc: 0x40 },
    { name: "not taken when Z", words: [I("JNZ", { imm: 0x40 })], psw: Z, want: {}, wantPc: 4 },
  ],
  CALL: [
    { name: "pushes pc+4, relative to the CALL, R15 mirrors SP (isa.opcode.CALL)", words: [I("CALL", { imm: 6 })], want: { 15: 0x7ffc }, wantPc: 24, wantSp: 0x7ffc, wantMem: { 0x7ffc: [4, 0, 0, 0] } },
    { name: "register base when rs1 != 0", words: [I("CALL", { rs1: 3, imm: -1 })], regs: { 3: 0x100 }, want: { 15: 0x7ffc }, wantPc: 0xfc, wantSp: 0x7ffc },
    { name: "target masked to 16 bits", words: [I("CALL", { rs1: 3, imm: 1 })], regs: { 3: 0x1fffc }, want: {}, wantPc: 0 },
  ],
  RET: [{ name: "at depth 0 ends the task: EXIT, pc kept (R-ISA-RET-EXIT)", words: [I("RET")], regs: { 0: 42 }, want: { 0: 42 }, wantPc: 0, stop: VmStop.EXIT }],
  SVC: [{ name: "retires, advances pc and returns SVC (isa.opcode.SVC)", words: [I("SVC", { imm: 0x101 })], want: {}, wantPc: 4, stop: VmStop.SVC }],
  LSL: [
    { name: "C = bit 32-s (isa.opcode.LSL)", words: [I("LSL", { rd: 1, rs1: 2, rs2: 3 })], regs: { 2: 0x80000001, 3: 1 }, psw: V, want: { 1: 2 }, wantPsw: C },
    { name: "count & 31: a count of 32 keeps C, clears V (isa.rule.SHIFT_COUNT)", words: [I("LSL", { rd: 1, rs1: 2, rs2: 3 })], regs: { 2: 5, 3: 32 }, psw: C | V, want: { 1: 5 }, wantPsw: C },
  ],
  LSR: [{ name: "logical, C = bit s-1 (isa.opcode.LSR)", words: [I("LSR", { rd: 1, rs1: 2, rs2: 3 })], regs: { 2: 0x80000003, 3: 1 }, want: { 1: 0x40000001 }, wantPsw: C }],
  ASR: [{ name: "arithmetic (isa.opcode.ASR)", words: [I("ASR", { rd: 1, rs1: 2, rs2: 3 })], regs: { 2: 0x80000000, 3: 31 }, want: { 1: 0xffffffff }, wantPsw: N }],
  ADC: [
    { name: "adds the carry (isa.opcode.ADC)", words: [I("ADC", { rd: 1, rs1: 2, rs2: 3 })], regs: { 2: 1, 3: 2 }, psw: C, want: { 1: 4 }, wantPsw: 0 },
    { name: "true signed overflow: 0 + 0x7FFFFFFF + 1 sets V (R-ISA-ADC-V)", words: [I("ADC", { rd: 1, rs1: 2, rs2: 3 })], regs: { 2: 0, 3: 0x7fffffff }, psw: C, want: { 1: 0x80000000 }, wantPsw: N | V },
    { name: "carry out with carry in", words: [I("ADC", { rd: 1, rs1: 2, rs2: 3 })], regs: { 2: 0xffffffff, 3: 0 }, psw: C, want: { 1: 0 }, wantPsw: Z | C },
  ],
  SBC: [
    { name: "borrow = 1 - C (isa.opcode.SBC)", words: [I("SBC", { rd: 1, rs1: 2, rs2: 3 })], regs: { 2: 5, 3: 2 }, want: { 1: 2 }, wantPsw: C },
    { name: "true signed overflow: 0 - 0x7FFFFFFF - 1 = INT_MIN, V clear (R-ISA-ADC-V)", words: [I("SBC", { rd: 1, rs1: 2, rs2: 3 })], regs: { 2: 0, 3: 0x7fffffff }, want: { 1: 0x80000000 }, wantPsw: N },
    { name: "-1 - 0x7FFFFFFF - 1 overflows", words: [I("SBC", { rd: 1, rs1: 2, rs2: 3 })], regs: { 2: 0xfffffffe, 3: 0x7fffffff }, want: { 1: 0x7ffffffe }, wantPsw: C | V },
  ],
  PUSH: [{ name: "SP -= 4, store, R15 = SP (isa.opcode.PUSH)", words: [I("PUSH", { rs1: 3 })], regs: { 3: 0x11223344 }, want: { 15: 0x7ffc }, wantSp: 0x7ffc, wantMem: { 0x7ffc: [0x44, 0x33, 0x22, 0x11] } }],
  POP: [
    { name: "load, SP += 4, R15 = SP (isa.opcode.POP)", words: [I("POP", { rd: 3 })], sp: 0x7ffc, mem: { 0x7ffc: [1, 0, 0, 0] }, want: { 3: 1, 15: 0x8000 }, wantSp: 0x8000 },
    { name: "POP R15 keeps the popped value", words: [I("POP", { rd: 15 })], sp: 0x7ffc, mem: { 0x7ffc: [9, 0, 0, 0] }, want: { 15: 9 }, wantSp: 0x8000 },
  ],
  FADD: [{ name: "f16 add, Rd high half kept (isa.opcode.FADD)", words: [I("FADD", { rd: 1, rs1: 2, rs2: 3 })], regs: { 1: 0xabcd0000, 2: 0xffff3c00, 3: 0x3c00 }, want: { 1: 0xabcd4000 } }],
  FSUB: [{ name: "(isa.opcode.FSUB)", words: [I("FSUB", { rd: 1, rs1: 2, rs2: 3 })], regs: { 2: 0x3c00, 3: 0x4000 }, want: { 1: 0xbc00 } }],
  FMUL: [{ name: "(isa.opcode.FMUL)", words: [I("FMUL", { rd: 1, rs1: 2, rs2: 3 })], regs: { 2: 0x4000, 3: 0x3e00 }, want: { 1: 0x4200 } }],
  FDIV: [{ name: "x/0 is infinity (R-ISA-FDIV-ZERO)", words: [I("FDIV", { rd: 1, rs1: 2, rs2: 3 })], regs: { 1: 0x12340000, 2: 0x3c00, 3: 0 }, want: { 1: 0x12347c00 } }],
  I2F: [{ name: "int32 to f16, high half kept (isa.opcode.I2F)", words: [I("I2F", { rd: 1, rs1: 2 })], regs: { 1: 0xffff0000, 2: 2049 }, want: { 1: 0xffff6800 } }],
  F2I: [{ name: "truncates, whole register written (isa.opcode.F2I)", words: [I("F2I", { rd: 1, rs1: 2 })], regs: { 1: 0xffffffff, 2: 0xc100 }, want: { 1: -2 >>> 0 } }],
  LDI32: [{ name: "extension word, pc += 8 (isa.opcode.LDI32)", words: [I("LDI32", { rd: 6 }), 0xcafebabe], want: { 6: 0xcafebabe }, wantPc: 8 }],
  BRK: [{ name: "advances pc and stops with its code (isa.opcode.BRK)", words: [I("BRK", { imm: 7 })], want: {}, wantPc: 4, stop: VmStop.BRK }],
};

describe("every opcode (spec/isa.yaml opcodes)", () => {
  it("has cases for every opcode of the spec", () => {
    const missing = OPCODES.map((o) => o.mnemonic).filter((m) => !CASES[m]?.length);
    expect(missing).toEqual([]);
  });

  for (const [mn, cases] of Object.entries(CASES)) {
    for (const c of cases!) {
      it(`${mn}: ${c.name}`, () => {
        const vm = vmOf(c.words, c.regs, c.sp !== undefined ? { sp: c.sp } : {});
        vm.psw = c.psw ?? 0;
        for (const [at, bytes] of Object.entries(c.mem ?? {})) vm.mem.set(bytes, Number(at));
        const stop = vm.step();
        expect(stop).toBe(c.stop ?? VmStop.OK);
        for (const [r, v] of Object.entries(c.want)) expect(vm.regs[Number(r)], `R${r}`).toBe(v >>> 0);
        if (c.wantPsw !== undefined) expect(vm.psw, "PSW").toBe(c.wantPsw);
        expect(vm.pc, "pc").toBe(c.wantPc ?? (stop === VmStop.EXIT ? 0 : 4));
        if (c.wantSp !== undefined) expect(vm.sp, "SP").toBe(c.wantSp);
        for (const [at, bytes] of Object.entries(c.wantMem ?? {})) expect(Array.from(vm.mem.subarray(Number(at), Number(at) + bytes.length))).toEqual(bytes);
        expect(vm.steps).toBe(stop === VmStop.EXIT || stop === VmStop.FAULT ? 0 : 1);
      });
    }
  }

  it("RET below depth 0 returns to the address in memory (isa.rule.CALL_DEPTH)", () => {
    const vm = vmOf([I("CALL", { imm: 2 }), I("BRK", { imm: 1 }), I("RET")]);
    expect(vm.run(10)).toBe(VmStop.BRK);
    expect(vm.stop.brkCode).toBe(1);
    expect(vm.callDepth).toBe(0);
    expect(vm.sp).toBe(0x8000);
    expect(vm.steps).toBe(3);
  });

  it("R15 is written only by stack instructions; writing it does not move SP (isa.rule.R15_MIRRORS_SP)", () => {
    const vm = vmOf([I("LDI", { rd: 15, imm: 16 }), I("PUSH", { rs1: 15 })]);
    vm.run(2);
    expect(vm.sp).toBe(0x7ffc);
    expect(vm.regs[15]).toBe(0x7ffc);
    expect(Array.from(vm.mem.subarray(0x7ffc, 0x8000))).toEqual([16, 0, 0, 0]);
  });

  it("SVC decodes module and function (svc: imm12[11:8], imm12[7:0])", () => {
    const vm = vmOf([I("SVC", { imm: 0x5a3 })]);
    expect(vm.step()).toBe(VmStop.SVC);
    expect(vm.stop).toMatchObject({ reason: VmStop.SVC, pc: 0, svcModule: 5, svcFunction: 0xa3 });
  });

  it("flag-setting keeps the PSW bits above the nibble (isa.rule.FLAGS_WRITE)", () => {
    const vm = vmOf([I("ADD", { rd: 1, rs1: 2, rs2: 3 })]);
    vm.psw = 0xf0 | V;
    vm.step();
    expect(vm.psw).toBe(0xf0 | Z);
  });

  it("faults are values, not exceptions (isa.rule.FAULT)", () => {
    const vm = vmOf([I("DIV", { rd: 1, rs1: 2, rs2: 3 })], { 2: 1 });
    expect(vm.step()).toBe(VmStop.FAULT);
    expect(vm.regs[0]).toBe(VmError.DIV_ZERO);
  });
});
