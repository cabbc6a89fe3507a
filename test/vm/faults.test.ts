// Every fault of spec/isa.yaml enum vm_error, and isa.rule.FAULT: R0 = code, pc not
// advanced, no retirement, the task stops; running again re-executes the same instruction.
import { describe, expect, it } from "vitest";
import { OPCODE_INDEX, VmError, VmStop } from "../../generated/ts/index.js";
import { MiniVM } from "../../src/vm/index.js";
import { code, I, vmOf } from "./prog.js";

function expectFault(vm: MiniVM, fault: number, pc = vm.pc): void {
  const steps = vm.steps;
  expect(vm.run(5)).toBe(VmStop.FAULT);
  expect(vm.regs[0], "R0 = code").toBe(fault);
  expect(vm.stop.code).toBe(fault);
  expect(vm.stop.pc).toBe(pc);
  expect(vm.pc, "pc not advanced").toBe(pc);
  expect(vm.steps, "not retired").toBe(steps);
  expect(vm.run(5), "re-executes").toBe(VmStop.FAULT);
}

describe("STACK_UNDERFLOW (isa.rule.STACK_CHECKS)", () => {
  it("POP with SP >= 0x10000", () => expectFault(vmOf([I("POP", { rd: 1 })], {}, { sp: 0x10000 }), VmError.STACK_UNDERFLOW));
  it("RET at depth > 0 with SP >= 0x10000", () => {
    const vm = vmOf([I("RET")], {}, { sp: 0x10004 });
    vm.callDepth = 1;
    expectFault(vm, VmError.STACK_UNDERFLOW);
  });
});

describe("STACK_OVERFLOW (isa.rule.STACK_CHECKS)", () => {
  it("PUSH with SP - 4 below 0", () => expectFault(vmOf([I("PUSH", { rs1: 1 })], {}, { sp: 2 }), VmError.STACK_OVERFLOW));
  it("PUSH below the stack limit", () => expectFault(vmOf([I("PUSH", { rs1: 1 })], {}, { sp: 0xf000, stackLimit: 0xeffd }), VmError.STACK_OVERFLOW));
  it("PUSH at exactly the limit is fine", () => {
    const vm = vmOf([I("PUSH", { rs1: 1 })], {}, { sp: 0xf000, stackLimit: 0xeffc });
    expect(vm.step()).toBe(VmStop.OK);
  });
  it("PUSH with the slot above memory", () => expectFault(vmOf([I("PUSH", { rs1: 1 })], {}, { sp: 0x10008 }), VmError.STACK_OVERFLOW));
  it("CALL below the limit", () => expectFault(vmOf([I("CALL", { imm: 1 })], {}, { sp: 0x100, stackLimit: 0x100 }), VmError.STACK_OVERFLOW));
  it("8192 pushes fit a standalone stack, the next overflows (SP 0x8000, limit 0)", () => {
    const vm = vmOf([I("PUSH", { rs1: 1 }), I("JMP", { imm: 0 })]);
    expect(vm.run(2 * 8192)).toBe(VmStop.OK);
    expect(vm.sp).toBe(0);
    expectFault(vm, VmError.STACK_OVERFLOW, 0);
  });
});

describe("MEM_FAULT (isa.rule.MEMORY_WRAP, R-ISA-STACK-TOP)", () => {
  for (const a of [0xfffd, 0xfffe, 0xffff]) {
    it(`LD at 0x${a.toString(16)}`, () => expectFault(vmOf([I("LD", { rd: 1, rs1: 2 })], { 2: a }), VmError.MEM_FAULT));
    it(`ST at 0x${a.toString(16)}`, () => expectFault(vmOf([I("ST", { rs1: 2, rs2: 1 })], { 2: a }), VmError.MEM_FAULT));
    it(`POP with SP 0x${a.toString(16)}`, () => expectFault(vmOf([I("POP", { rd: 1 })], {}, { sp: a }), VmError.MEM_FAULT));
    it(`RET (depth 1) with SP 0x${a.toString(16)}`, () => {
      const vm = vmOf([I("RET")], {}, { sp: a });
      vm.callDepth = 1;
      expectFault(vm, VmError.MEM_FAULT);
    });
  }
  it("LDH and STH at 0xFFFF", () => {
    expectFault(vmOf([I("LDH", { rd: 1, rs1: 2, imm: -1 })]), VmError.MEM_FAULT);
    expectFault(vmOf([I("STH", { rs1: 2, rs2: 1, imm: -1 })]), VmError.MEM_FAULT);
  });
  it("LD at 0xFFFC and LDH at 0xFFFE are in bounds", () => {
    expect(vmOf([I("LD", { rd: 1, rs1: 0, imm: -4 })]).step()).toBe(VmStop.OK);
    expect(vmOf([I("LDH", { rd: 1, rs1: 0, imm: -2 })]).step()).toBe(VmStop.OK);
  });
  it("a faulting LD leaves its destination unwritten", () => {
    const vm = vmOf([I("LD", { rd: 5, rs1: 2 })], { 2: 0xffff, 5: 77 });
    expectFault(vm, VmError.MEM_FAULT);
    expect(vm.regs[5]).toBe(77);
  });
});

describe("DIV_ZERO", () => {
  it("DIV by zero", () => expectFault(vmOf([I("DIV", { rd: 1, rs1: 2, rs2: 3 })], { 2: 10 }), VmError.DIV_ZERO));
});

describe("ILLEGAL (R-ISA-ILLEGAL)", () => {
  it("every reserved opcode byte faults with pc not advanced", () => {
    let n = 0;
    for (let op = 0; op < 256; op++) {
      if (OPCODE_INDEX[op] !== -1) continue;
      expectFault(vmOf([((op << 24) | 0x123456) >>> 0], { 0: 5 }), VmError.ILLEGAL, 0);
      n++;
    }
    expect(n).toBe(256 - 38);
  });
  it(".org filler (a zero word) is illegal", () => expectFault(vmOf([0]), VmError.ILLEGAL));
});

describe("PC_FAULT (R-ISA-PC-FAULT, isa.rule.FETCH)", () => {
  it("falling off the end of code", () => {
    const vm = vmOf([I("LDI", { rd: 1, imm: 1 })]);
    expect(vm.step()).toBe(VmStop.OK);
    expectFault(vm, VmError.PC_FAULT, 4);
  });
  it("empty code", () => expectFault(new MiniVM({ code: new Uint8Array(0) }), VmError.PC_FAULT, 0));
  it("a jump past the end", () => {
    const vm = vmOf([I("JMP", { imm: 0x100 })]);
    vm.step();
    expectFault(vm, VmError.PC_FAULT, 0x100);
  });
  it("LDI32 whose extension word is past the end", () => expectFault(vmOf([I("LDI32", { rd: 1 })]), VmError.PC_FAULT, 0));
  it("an unaligned pc whose word crosses the end", () => {
    const vm = new MiniVM({ code: code(I("LDI", { rd: 1 }), I("LDI", { rd: 2 })), pc: 6 });
    expectFault(vm, VmError.PC_FAULT, 6);
  });
  it("a pc far outside code (RET to an unmasked address)", () => {
    const vm = vmOf([I("RET")], {}, { sp: 0x100 });
    vm.callDepth = 1;
    vm.mem.set([0xfc, 0xff, 0xff, 0xff], 0x100);
    expect(vm.step()).toBe(VmStop.OK);
    expect(vm.pc).toBe(0xfffffffc);
    expectFault(vm, VmError.PC_FAULT, 0xfffffffc);
  });
});
