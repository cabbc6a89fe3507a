// Differential test: the pre-decoded interpreter against the plain reference model,
// instruction by instruction, over random programs (fixed seeds).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OPCODES, VM_STOP_NAMES } from "../../generated/ts/index.js";
import { MiniVM } from "../../src/vm/index.js";
import { RefVM } from "./reference-vm.js";

/** Register numbers: mostly a few, so instructions feed each other. */
const regIdx = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 15 }) });
/** Immediates near the edges: small offsets, the 12-bit limits, anything. */
const immArb = fc.oneof(fc.integer({ min: -8, max: 8 }), fc.constantFrom(-2048, 2047, -4, -3, -2, -1), fc.integer({ min: -2048, max: 2047 }));
/** Instruction words: mostly defined opcodes with random fields, some raw words. */
const wordArb = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(fc.constantFrom(...OPCODES.map((o) => o.value)), regIdx, regIdx, regIdx, immArb)
      .map(([op, rd, rs1, rs2, imm]) => ((op << 24) | (rd << 20) | (rs1 << 16) | (rs2 << 12) | (imm & 0xfff)) >>> 0),
  },
  // Jumps into the first few words so loops happen.
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(0x21, 0x22, 0x23), fc.integer({ min: 0, max: 15 })).map(([op, t]) => ((op << 24) | (t * 4)) >>> 0) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffffffff }) },
);

const u32 = fc.integer({ min: 0, max: 0xffffffff });
/** Register values that hit the interesting places: small, near memory top, sign bits, f16 patterns. */
const regArb = fc.oneof(
  u32,
  fc.integer({ min: 0, max: 64 }),
  fc.integer({ min: 0xfff0, max: 0x1000f }),
  fc.constantFrom(0, 1, 2, 31, 32, 33, 0xfffc, 0xfffd, 0xfffe, 0xffff, 0x10000, 0x7ffffffe, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff, 0x3c00, 0x7bff, 0x7c00, 0xfc00, 0x7e00, 0x8000),
);

describe("MiniVM against the reference model", () => {
  it("agrees on registers, pc, SP, PSW, depth, steps, stops and memory", () => {
    fc.assert(
      fc.property(
        fc.array(wordArb, { minLength: 1, maxLength: 24 }),
        fc.array(regArb, { minLength: 16, maxLength: 16 }),
        fc.integer({ min: 0, max: 0xff }),
        fc.oneof(fc.constant(0x8000), fc.constantFrom(0, 3, 4, 8, 0xfff8, 0xfffc, 0xfffd, 0xfffe, 0xffff, 0x10000, 0x10004), fc.integer({ min: 0, max: 0x10010 })),
        fc.integer({ min: 0, max: 0x9000 }),
        fc.integer({ min: 0, max: 3 }),
        (words, regs, psw, sp, limit, depth) => {
          const bytes = new Uint8Array(words.length * 4);
          words.forEach((w, i) => new DataView(bytes.buffer).setUint32(i * 4, w));
          const memA = new Uint8Array(0x10000);
          for (let i = 0; i < 0x10000; i += 97) memA[i] = (i * 31) & 0xff;
          const memB = memA.slice();
          const vm = new MiniVM({ code: bytes, mem: memA, sp, stackLimit: limit });
          const ref = new RefVM(bytes, memB);
          ref.sp = sp;
          ref.limit = limit;
          vm.psw = ref.psw = psw;
          vm.callDepth = ref.depth = depth;
          regs.forEach((r, i) => {
            vm.regs[i] = r;
            ref.regs[i] = r;
          });
          for (let n = 0; n < 64; n++) {
            const got = VM_STOP_NAMES[vm.step()];
            const want = ref.step();
            const state = (x: { pc: number; sp: number; psw: number; steps: number }, regs: ArrayLike<number>, depth: number) => ({ pc: x.pc, sp: x.sp, psw: x.psw, steps: x.steps, depth, regs: Array.from(regs) });
            expect({ stop: got, ...state(vm, vm.regs, vm.callDepth) }).toEqual({ stop: want, ...state(ref, ref.regs, ref.depth) });
            if (want === "FAULT" || want === "EXIT") break;
          }
          expect(Buffer.compare(Buffer.from(memA), Buffer.from(memB))).toBe(0);
        },
      ),
      { seed: 20251122, numRuns: 6000 },
    );
  });

  it("agrees when run() takes many steps at once", () => {
    fc.assert(
      fc.property(fc.array(wordArb, { minLength: 1, maxLength: 32 }), fc.array(regArb, { minLength: 16, maxLength: 16 }), (words, regs) => {
        const bytes = new Uint8Array(words.length * 4);
        words.forEach((w, i) => new DataView(bytes.buffer).setUint32(i * 4, w));
        const vm = new MiniVM({ code: bytes });
        const ref = new RefVM(bytes, new Uint8Array(0x10000));
        regs.forEach((r, i) => ((vm.regs[i] = r), (ref.regs[i] = r)));
        let want = "OK";
        for (let n = 0; n < 500 && want === "OK"; n++) want = ref.step();
        // run() stops at the same place a step-by-step walk does.
        let got = VM_STOP_NAMES[vm.run(500)];
        while (got === "OK" && vm.steps < ref.steps) got = VM_STOP_NAMES[vm.run(500 - vm.steps)];
        expect({ got, pc: vm.pc, steps: vm.steps, regs: Array.from(vm.regs) }).toEqual({ got: want, pc: ref.pc, steps: ref.steps, regs: ref.regs });
      }),
      { seed: 77, numRuns: 1500 },
    );
  });
});
