// Every AsmError code, each with its FILE:LINE:COL position; no silent wraps (RULINGS: Assembler).
import { describe, expect, it } from "vitest";
import type { AsmErrorCode } from "../../src/asm/index.js";
import { asmError, expectCode } from "./util.js";

const CASES: Record<AsmErrorCode, [string, number, number][]> = {
  SYNTAX: [
    ['.data\n.asciz "abc', 2, 8],
    ["my label:", 1, 1],
    ["LDI R1, 'ab'", 1, 9],
    ['.data\n.ascii "\\x4"', 2, 9],
    ['.data\n.ascii "\u20ac"', 2, 9],
    ["LD R1, [R2+]", 1, 12],
    ["SVC MOD=1 FN", 1, 11],
  ],
  UNKNOWN_MNEMONIC: [["  FOO R1", 1, 3], ["x: BAR", 1, 4]],
  UNKNOWN_DIRECTIVE: [[".bogus 1", 1, 1], [".datax", 1, 1]],
  OPERAND_COUNT: [["ADD R1, R2", 1, 1], ["RET R1", 1, 5], ["LDI R1", 1, 1], ["SVC 1, 2, 3", 1, 11], [".include", 1, 1]],
  BAD_OPERAND: [["LD R1, R2", 1, 8], ["JMP lo16(x)\nx:", 1, 5], ["SVC BOGUS=1", 1, 5], ["SVC MOD=1 MOD=2", 1, 11], ["LD R1, [R2-x]\nx:", 1, 12], ["BRK x", 1, 5], ['.data\n.ascii 5', 2, 8]],
  BAD_REGISTER: [["MOV R16, R1", 1, 5], ["ADD R1, R2, SP", 1, 13], ["PUSH r01", 1, 6]],
  IMM_RANGE: [
    ["LDI R1, 2048", 1, 9],
    ["LDI R1, -2049", 1, 9],
    ["LD R1, [R2+4096]", 1, 8],
    ["LDI R1, msg\n.data\nmsg: .byte 0", 1, 9],
    ["LD R1, [R0+far]\n.org 0x800\nfar: RET", 1, 8],
    ["SVC MOD=16, FN=0", 1, 9],
    ["SVC 1, 256", 1, 8],
    ["SVC 4096", 1, 5],
    ["BRK 256", 1, 5],
    ["LDI32 R1, 0x100000000", 1, 11],
    ["LDI32 R1, -2147483649", 1, 11],
    ["RET\n.data\n.byte 256", 3, 7],
    ["RET\n.data\n.byte -129", 3, 7],
    ["RET\n.data\n.half 65536", 3, 7],
    ["RET\n.data\n.byte x\nx:", 3, 7],
    ["CALL 2048", 1, 6],
  ],
  BRANCH_RANGE: [["JMP 0x1000", 1, 5], ["JMP -4", 1, 5], ["JZ far\n.org 0x1000\nfar: RET", 1, 4]],
  CALL_RANGE: [["CALL far\n.org 0x2000\nfar: RET", 1, 6], ["back: RET\n.org 0x2004\nCALL back", 3, 6]],
  MISALIGNED: [["JMP 2", 1, 5], [".org 6", 1, 6], [".entry 2\nRET", 1, 8]],
  UNKNOWN_LABEL: [["JMP nowhere", 1, 5], [".entry main\nRET", 1, 8], [".export f\nRET", 1, 9], ["RET\n.data\n.word missing", 3, 7]],
  DUPLICATE_LABEL: [["a:\nRET\na: RET", 3, 1]],
  DUPLICATE_SYMBOL: [],
  UNRESOLVED_SYMBOL: [[".import g\nRET", 1, 9], [".extern h\nCALL h", 2, 6]],
  SECTION: [[".data\nRET", 2, 1], [".data\n.entry", 2, 1], [".byte 1", 1, 1], [".data\n.org 4", 2, 1], [".align 4", 1, 1]],
  BAD_METADATA: [
    ['.value {"group":1}\nRET', 1, 1],
    ['.value {"group":1,"id":256}\nRET', 1, 1],
    ['.value {"group":1,"id":2,"flags":"FAST"}\nRET', 1, 1],
    ['.value {"group":1,"id":2,"value":3}\nRET', 1, 1],
    ['.value {"group":1,"id":2,"init":"x"}\nRET', 1, 1],
    ['.value {"group":1,"id":2,"name":5}\nRET', 1, 1],
    ['.cmd {"group":1,"id":2,"handler":"data"}\nRET\n.data\ndata: .byte 1', 1, 1],
    ['.mailbox {"target":"a","mode":"BOGUS"}\nRET', 1, 1],
    ['.mailbox {"capacity":1}\nRET', 1, 1],
    ['.mailbox {"target":"a","capacity":1e999}\nRET', 1, 1],
    [".mailbox [1]\nRET", 1, 1],
    [".value\nRET", 1, 1],
    ['.value {"group":1,\n  "id": 2,, }\nRET', 2, 11],
    ['.value {"group":1,\n  "id": "x\n}', 2, 9],
    ['.value {"group":1,"id":2', 1, 1],
    ['.value {"group":1,"id":2} {"x":1}', 1, 27],
  ],
  DUPLICATE_METADATA: [
    ['.value {"group":1,"id":2}\n.value {"group_id":1,"value_id":2}\nRET', 2, 1],
    ['.mailbox {"target":"a"}\n.mailbox {"name":" a"}\nRET', 2, 1],
    ['.cmd {"group":1,"id":2}\n.cmd {"group":1,"cmd_id":2}\nRET', 2, 1],
  ],
  INCLUDE: [['.include "no/such/file.inc"', 1, 10]],
  ORG: [["RET\nRET\n.org 4", 3, 6]],
  ENTRY: [["RET\n.entry", 2, 1], [".entry 8\nRET", 1, 8], ["\n.data\n.byte 1", 1, 1], [".entry d\nRET\n.data\nd: .byte 0", 1, 8]],
  SIZE: [[".org 0x10000\nRET", 1, 1], ["RET\n.data\n.zero 0xC001", 1, 1]],
  CONFLICT: [[".hxe_version 1\n.value {\"group\":1,\"id\":1}\nRET", 2, 1], ['.app_name "a"\n.app_name "b"\nRET', 2, 1], ['.hxe_version 1\n.app_name "a"\nRET', 2, 1]],
};

describe("assembler errors", () => {
  for (const [code, cases] of Object.entries(CASES)) {
    cases.forEach(([src, line, col], i) => {
      it(`${code} #${i + 1}: ${JSON.stringify(src).slice(0, 60)}`, () => {
        const e = asmError(src);
        expectCode(e, code as AsmErrorCode, line, col);
        expect(e.message).toMatch(new RegExp(`^t\\.mvasm:${line}:${col}: \\S`));
      });
    });
  }

  it("DUPLICATE_SYMBOL: two modules export one name", () => {
    const e = asmError([
      { name: "a.mvasm", text: ".export f\nf: RET" },
      { name: "b.mvasm", text: "RET\n.export f\nf: RET" },
    ]);
    expectCode(e, "DUPLICATE_SYMBOL", 2, 9);
    expect(e.file).toBe("b.mvasm");
  });

  it("INCLUDE: recursion is detected, and errors inside included files name that file", () => {
    const files: Record<string, string> = { "a.inc": '.include "b.inc"', "b.inc": ".include a.inc", "c.inc": "NOP" };
    const read = (p: string) => {
      const t = files[p];
      if (t === undefined) throw new Error("ENOENT");
      return t;
    };
    expectCode(asmError('.include "a.inc"', { readFile: read }), "INCLUDE");
    const e = asmError("RET\n.include c.inc", { readFile: read });
    expectCode(e, "UNKNOWN_MNEMONIC", 1, 1);
    expect(e.file).toBe("c.inc");
  });

  it("JSON errors inside a multi-line payload point at the offending line and column", () => {
    const e = asmError('RET\n.mailbox [\n  {"target": "a"},\n  {"target": tru}\n]');
    expectCode(e, "BAD_METADATA", 4, 14);
  });
});
