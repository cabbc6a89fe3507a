// Random text never makes the assembler throw anything but a positioned AsmError (fixed seeds).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OPCODES } from "../../generated/ts/index.js";
import { assemble, AsmError } from "../../src/asm/index.js";

function check(text: string): void {
  const lines = text.split(/\r\n|\r|\n/).length;
  try {
    assemble([{ name: "f.mvasm", text }], { readFile: () => "RET\n" + text.slice(0, 40) });
  } catch (e) {
    if (!(e instanceof AsmError)) throw e;
    expect(e.message.startsWith(`${e.file}:${e.line}:${e.col}: `)).toBe(true);
    expect(e.detail.length).toBeGreaterThan(0);
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.col).toBeGreaterThanOrEqual(1);
    if (e.file === "f.mvasm") expect(e.line).toBeLessThanOrEqual(lines);
  }
}

const TOKENS = [
  ...OPCODES.map((o) => o.mnemonic),
  ".text", ".data", ".byte", ".half", ".hword", ".word", ".ascii", ".asciz", ".string", ".align", ".zero", ".org", ".entry", ".export", ".extern", ".import",
  ".include", ".mailbox", ".value", ".cmd", ".app_name", ".hxe_version", ".hxe_flags", ".req_caps", ".bss_size", ".meta_raw",
  "R0", "r15", "R16", "SP", "[R1+4]", "[R2-x]", "[R3", "]", "[", "(", ")", "lo16(a)", "hi16(b)", "off16(a)", "off16(", "MOD=1", "FN=300", "=", ",", ";", ":", "a:", "b:", "a", "b",
  "0", "-1", "0x7FF", "0x1000", "4096", "-2049", "0b102", "1_0", "'x'", "';'", "'\\n'", "'", '"', '"a;b"', '"\\x4"', '"\\', "{", "}", '{"group":1,"id":2}', '{"target":"a"}', "[1]", '"', "\t", " ", "\u20ac", "99999999999999999999",
];

const line = fc.array(fc.constantFrom(...TOKENS), { maxLength: 6 }).map((t) => t.join(" "));
const program = fc.array(line, { maxLength: 12 }).map((l) => l.join("\n"));

describe("assembler under random input", () => {
  it("arbitrary strings", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 200 }), (s) => check(s)), { seed: 11, numRuns: 5000 });
  });
  it("token soup that looks like MVASM", () => {
    fc.assert(fc.property(program, (s) => check(s)), { seed: 12, numRuns: 8000 });
  });
  it("valid programs with one character changed", () => {
    const base = ['.mailbox {"target":"app:x","capacity":8}', ".value {\"group\":1,\"id\":1,\"init\":2.5}", "main: LDI32 R1, msg", "  LD R2, [R1+0]", "  SVC 1, 1", "  CALL f", "  JNZ main", "f: RET", ".data", 'msg: .asciz "a;b"', ".align 4", ".word msg"].join("\n");
    fc.assert(
      fc.property(fc.nat({ max: base.length - 1 }), fc.string({ unit: "binary", minLength: 0, maxLength: 2 }), (at, repl) => check(base.slice(0, at) + repl + base.slice(at + 1))),
      { seed: 13, numRuns: 5000 },
    );
  });
});
