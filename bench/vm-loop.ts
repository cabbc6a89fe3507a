/**
 * MiniVM loop benchmark: `ADD, XOR, SUB (sets Z), JNZ` for about 100 M instructions.
 * Prints instructions per second. Run: npx tsc -p . && node dist/bench/vm-loop.js [instructions]
 */
import { Op } from "../generated/ts/index.js";
import { encode } from "../src/vm/decode.js";
import { MiniVM } from "../src/vm/exec.js";

function program(iterations: number): Uint8Array {
  const words = [
    encode(Op.LDI, { rd: 1, imm: 1 }), // R1 = 1
    encode(Op.LDI32, { rd: 3 }), // R3 = iterations
    iterations >>> 0,
    // loop (0x0C):
    encode(Op.ADD, { rd: 2, rs1: 2, rs2: 1 }),
    encode(Op.XOR, { rd: 4, rs1: 4, rs2: 2 }),
    encode(Op.SUB, { rd: 3, rs1: 3, rs2: 1 }), // Z when R3 reaches 0
    encode(Op.JNZ, { imm: 0x0c }),
    encode(Op.BRK),
  ];
  const code = new Uint8Array(words.length * 4);
  const dv = new DataView(code.buffer);
  words.forEach((w, i) => dv.setUint32(i * 4, w));
  return code;
}

function measure(total: number, regBase = 0): { steps: number; seconds: number } {
  const iterations = Math.max(1, Math.floor(total / 4));
  const vm = new MiniVM({ code: program(iterations), regBase });
  const t0 = process.hrtime.bigint();
  // One big run; the loop exits on BRK.
  vm.run(Number.MAX_SAFE_INTEGER);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { steps: vm.steps, seconds };
}

const total = Number(process.argv[2] ?? 100_000_000);
measure(1_000_000); // warm up the JIT
const runs = [measure(total), measure(total), measure(total)];
const best = runs.reduce((a, b) => (a.steps / a.seconds >= b.steps / b.seconds ? a : b));
for (const r of runs) console.log(`  ${r.steps} instructions in ${r.seconds.toFixed(3)} s = ${(r.steps / r.seconds / 1e6).toFixed(1)} M instructions/s`);
console.log(`vm-loop: best ${(best.steps / best.seconds / 1e6).toFixed(1)} M instructions/s (ADD, XOR, SUB, JNZ; target >= 100 M/s)`);
// The executive runs tasks with their registers in memory (reg_base 0x1000): same loop, for comparison.
const windowed = measure(total, 0x1000);
console.log(`vm-loop: ${(windowed.steps / windowed.seconds / 1e6).toFixed(1)} M instructions/s with registers in memory (regBase 0x1000)`);
