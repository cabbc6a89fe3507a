// The MiniVM API contract the executive and the conformance runner drive.
import { describe, expect, it } from "vitest";
import { ISA, Op, VmError, VmStop } from "../../generated/ts/index.js";
import { decode, encode, MiniVM, opcodeInfo, sext12, VmConfigError } from "../../src/vm/index.js";
import { code, I, vmOf } from "./prog.js";

describe("MiniVM construction", () => {
  it("has the standalone defaults: SP 0x8000, stack limit 0, private registers, pc 0", () => {
    const vm = new MiniVM({ code: code(I("RET")) });
    expect(vm.sp).toBe(ISA.STANDALONE_SP);
    expect(vm.stackLimit).toBe(0);
    expect(vm.pc).toBe(0);
    expect(vm.mem.length).toBe(ISA.MEM_SIZE);
    vm.regs[0] = 0xdeadbeef;
    expect(vm.mem.every((b) => b === 0)).toBe(true);
  });

  it("puts registers in memory at regBase, little-endian (hsx-isa-hxe §3.1 register window)", () => {
    const mem = new Uint8Array(ISA.MEM_SIZE);
    const vm = new MiniVM({ code: code(I("LDI", { rd: 0, imm: 5 }), I("ST", { rs1: 1, rs2: 2, imm: 4 })), mem, regBase: 0x1000 });
    vm.regs[1] = 0x1000;
    vm.regs[2] = 0x12345678;
    vm.run(2);
    expect(Array.from(mem.subarray(0x1000, 0x1004))).toEqual([5, 0, 0, 0]);
    // ST into the bank rewrites R1 itself: registers are memory.
    expect(vm.regs[1]).toBe(0x12345678);
    expect(vm.mem).toBe(mem);
  });

  it("refuses bad options with VmConfigError codes", () => {
    const c = code(I("RET"));
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(VmConfigError);
        return (e as VmConfigError).code;
      }
      return "no error";
    };
    expect(err(() => new MiniVM({ code: c, mem: new Uint8Array(100) }))).toBe("MEM_SIZE");
    expect(err(() => new MiniVM({ code: c, regBase: 0x1002 }))).toBe("REG_BASE");
    expect(err(() => new MiniVM({ code: c, regBase: 0xfff0 }))).toBe("REG_BASE");
  });
});

describe("run and step", () => {
  it("retires exactly maxSteps and returns OK", () => {
    const vm = vmOf([I("ADD", { rd: 1, rs1: 1, rs2: 2 }), I("JMP", { imm: 0 })], { 2: 1 });
    expect(vm.run(101)).toBe(VmStop.OK);
    expect(vm.steps).toBe(101);
    expect(vm.regs[1]).toBe(51);
    expect(vm.stop.reason).toBe(VmStop.OK);
    expect(vm.stop.pc).toBe(4);
  });

  it("treats a zero, negative or fractional budget sanely", () => {
    const vm = vmOf([I("LDI", { rd: 1, imm: 1 }), I("JMP", { imm: 0 })]);
    expect(vm.run(0)).toBe(VmStop.OK);
    expect(vm.run(-5)).toBe(VmStop.OK);
    expect(vm.run(2.9)).toBe(VmStop.OK);
    expect(vm.steps).toBe(2);
    const ends = vmOf([I("LDI", { rd: 1, imm: 1 }), I("BRK")]);
    expect(ends.run(Infinity)).toBe(VmStop.BRK); // an unbounded budget runs until a stop
    expect(ends.steps).toBe(2);
  });

  it("step() is run(1); the stop object is reused", () => {
    const vm = vmOf([I("SVC", { imm: 0x100 }), I("BRK", { imm: 255 })]);
    const stop = vm.stop;
    expect(vm.step()).toBe(VmStop.SVC);
    expect(vm.steps).toBe(1);
    expect(vm.step()).toBe(VmStop.BRK);
    expect(vm.stop).toBe(stop);
    expect(stop).toMatchObject({ reason: VmStop.BRK, pc: 4, brkCode: 255, code: 255 });
    expect(vm.pc).toBe(8);
    expect(vm.steps).toBe(2);
  });

  it("continues after an SVC the caller serviced (pc already advanced)", () => {
    const vm = vmOf([I("SVC", { imm: 0 }), I("MOV", { rd: 1, rs1: 0 }), I("RET")]);
    expect(vm.run(10)).toBe(VmStop.SVC);
    vm.regs[0] = 99;
    expect(vm.run(10)).toBe(VmStop.EXIT);
    expect(vm.regs[1]).toBe(99);
    expect(vm.stop.code).toBe(99);
  });

  it("executes from an unaligned pc (the pc is not checked for alignment)", () => {
    // Bytes: 00 00 | 01 10 00 07 (LDI R1, 7 at offset 2) | 7F 00 ...
    const bytes = new Uint8Array([0, 0, 0x01, 0x10, 0x00, 0x07, 0x7f, 0x00, 0x00, 0x00, 0, 0]);
    const vm = new MiniVM({ code: bytes, pc: 2 });
    expect(vm.run(3)).toBe(VmStop.BRK);
    expect(vm.regs[1]).toBe(7);
    expect(vm.pc).toBe(10);
  });

  it("runs the §6.4 demo under executive conditions (reg_base 0x1000, SP 0xFFFC, limit 0xEFFC)", () => {
    const words = "60100000 00004000 01200005 30000101 0130000A 01400000 01500001 10443000 11335000 2300001C 24000006 60600000 00004008 02760004 04040000 30000100 12444000 25000000 25000000"
      .split(" ")
      .map((w) => parseInt(w, 16));
    const vm = new MiniVM({ code: code(...words), regBase: 0x1000, sp: 0xfffc, stackLimit: 0xeffc });
    vm.mem.set([0x68, 0x65, 0x6c, 0x6c, 0x6f, 0, 0, 0, 0x44, 0x33, 0x22, 0x11, 0x00, 0x40, 0, 0], 0x4000);
    for (;;) {
      const why = vm.run(1000);
      if (why !== VmStop.SVC) throw new Error(`stopped ${why}`);
      if (vm.stop.svcModule === 1 && vm.stop.svcFunction === 0) break;
      vm.regs[0] = vm.regs[2]!; // UART_WRITE answers the length
    }
    expect(Array.from(vm.regs.subarray(0, 8))).toEqual([3025, 16384, 5, 0, 3025, 1, 16392, 16384]);
    expect(Buffer.from(vm.mem.subarray(0x1000, 0x1004)).toString("hex")).toBe("d10b0000");
    expect(vm.steps).toBe(43);
    expect(vm.pc).toBe(0x40);
  });
});

describe("decode and encode (isa word layout)", () => {
  it("split and build words", () => {
    const w = encode(Op.LD, { rd: 7, rs1: 6, imm: -4 });
    expect(w).toBe(0x02760ffc);
    expect(decode(w)).toMatchObject({ op: Op.LD, rd: 7, rs1: 6, rs2: 0, imm12: 0xffc, simm12: -4 });
    expect(decode(w).info?.mnemonic).toBe("LD");
    expect(decode(0x05000000).info).toBeNull();
    expect(opcodeInfo(Op.BRK)?.form).toBe("brk");
    expect(sext12(0x800)).toBe(-2048);
    expect(sext12(0x7ff)).toBe(2047);
  });
  it("reject fields that do not fit", () => {
    expect(() => encode(Op.ADD, { rd: 16 })).toThrow(RangeError);
    expect(() => encode(Op.LDI, { imm: 4096 })).toThrow(RangeError);
    expect(() => encode(Op.LDI, { imm: -2049 })).toThrow(RangeError);
    expect(() => encode(256)).toThrow(RangeError);
  });
  it("every word decodes to an opcode or null", () => {
    for (let op = 0; op < 256; op++) {
      const d = decode(((op << 24) | 0xabcdef) >>> 0);
      expect(d.op).toBe(op);
      expect(d.imm12).toBe(0xdef);
    }
  });
  it("fault codes are the spec's", () => {
    expect(VmError.ILLEGAL).toBe(0xffffff06);
  });
});
