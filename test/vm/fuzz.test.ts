// Bad input never becomes a JS exception (RULINGS general rule 4): random code bytes,
// registers, pc, SP, limits and register windows always give a stop value, and a
// FAULT always leaves a spec fault code in R0.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { VM_ERROR_NAMES, VmStop } from "../../generated/ts/index.js";
import { MiniVM } from "../../src/vm/index.js";

const STOPS = new Set<number>(Object.values(VmStop));

describe("MiniVM under random input (fixed seeds)", () => {
  it("always returns a stop code and never throws", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 96 }),
        fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 16, maxLength: 16 }),
        fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 0xffffffff })),
        fc.oneof(fc.integer({ min: 0, max: 0x10010 }), fc.integer({ min: 0, max: 0xffffffff })),
        fc.integer({ min: 0, max: 0x10000 }),
        fc.constantFrom(0, 0x1000, 0xffc0),
        fc.integer({ min: 0, max: 0xff }),
        (bytes, regs, pc, sp, limit, regBase, psw) => {
          const vm = new MiniVM({ code: bytes, pc, sp, stackLimit: limit, regBase });
          regs.forEach((r, i) => (vm.regs[i] = r));
          vm.psw = psw;
          vm.callDepth = regs[3]! & 3;
          for (let i = 0; i < 20; i++) {
            const why = vm.run(50);
            expect(STOPS.has(why)).toBe(true);
            if (why === VmStop.FAULT) expect(VM_ERROR_NAMES[vm.regs[0]!]).toBeDefined();
            if (why === VmStop.FAULT || why === VmStop.EXIT) break;
          }
        },
      ),
      { seed: 4242, numRuns: 4000 },
    );
  });
});
