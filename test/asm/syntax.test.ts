// MVASM as the prototype accepts it (hsx-isa-hxe §6), plus the extensions the issue asks for.
import { describe, expect, it } from "vitest";
import { HxeFlag, HxeSection, Op } from "../../generated/ts/index.js";
import { encode } from "../../src/vm/index.js";
import { asm, hexWords, img, words } from "./util.js";

const w = (mn: keyof typeof Op, f = {}) => encode(Op[mn], f);

describe("lexical rules (§6.1)", () => {
  it("labels, comments, case-insensitive mnemonics and registers, operands split on commas and/or spaces", () => {
    expect(words("start:\n  add r1 r2 R3 ; comment\nLoop :\n\tJMP start\n")).toEqual([w("ADD", { rd: 1, rs1: 2, rs2: 3 }), w("JMP", { imm: 0 })]);
  });

  it("extension: a label and a statement on one line", () => {
    expect(words("a: LDI R1, 1\nb: JMP b")).toEqual([w("LDI", { rd: 1, imm: 1 }), w("JMP", { imm: 4 })]);
  });

  it("integer literals: decimal, hex, binary, signs, _ separators, character literals", () => {
    const src = "LDI R1, 0x7F\nLDI R1, 0b101\nLDI R1, -12\nLDI R1, +1_000\nLDI R1, 'A'\nLDI R1, ';'\nLDI R1, '\\n'\nLDI R1, -0x10\nLDI R1, '\\x41'";
    expect(words(src).map((x) => x & 0xfff)).toEqual([0x7f, 5, 0xff4, 1000, 65, 59, 10, 0xff0, 0x41]);
  });

  it("';' inside strings and character literals is text, not a comment", () => {
    expect(Buffer.from(img('RET\n.data\n.asciz "a;b" ; real comment\n.byte \';\'').rodata).toString()).toBe("a;b\0;");
  });
});

describe("instruction forms (§6.3)", () => {
  it("loads and stores: [Rn+off], [Rn-off], [Rn+-off], [Rn], spaces inside brackets", () => {
    expect(words("LD R1, [R2+8]\nLD R1, [R2-4]\nST [r2+-4], R3\nLDB R1, [R2]\nSTH [ R2 + 2 ], R1")).toEqual([
      w("LD", { rd: 1, rs1: 2, imm: 8 }),
      w("LD", { rd: 1, rs1: 2, imm: -4 }),
      w("ST", { rs1: 2, rs2: 3, imm: -4 }),
      w("LDB", { rd: 1, rs1: 2 }),
      w("STH", { rs1: 2, rs2: 1, imm: 2 }),
    ]);
  });

  it("SVC n, SVC MOD=m FN=f (commas optional, keys case-insensitive), and positional SVC m, f encoded as module m, function f", () => {
    expect(hexWords("SVC 0x101\nSVC MOD=1, FN=1\nSVC mod=5 fn=3\nSVC 1, 1\nSVC 5, 2\nSVC FN=2")).toEqual(["30000101", "30000101", "30000503", "30000101", "30000502", "30000002"]);
  });

  it("every other form", () => {
    expect(hexWords("MOV R0, R4\nNOT R1, R2\nCMP R1, R2\nPUSH R7\nPOP R7\nRET\nBRK\nBRK 255\nI2F R1, R2\nF2I R1, R2\nFDIV R1, R2, R3\nLDI32 R6, -1\nLDI32 R6, 0xFFFFFFFF")).toEqual([
      "04040000", "17120000", "20012000", "40070000", "41700000", "25000000", "7f000000", "7f0000ff", "54120000", "55120000", "53123000", "60600000", "ffffffff", "60600000", "ffffffff",
    ]);
  });

  it("CALL: a label is pc-relative; a number is the raw word delta", () => {
    expect(hexWords("CALL f\nCALL -1\nf: RET")).toEqual(["24000002", "24000fff", "25000000"]);
    expect(hexWords("b: RET\nCALL b")).toEqual(["25000000", "24000fff"]);
  });

  it("symbol immediates: LDI lo16/off16, offsets, LDI32 any symbol, hi16", () => {
    const src = ".text\nLDI R1, f\nLDI R2, off16(d2)\nLD R3, [R0+f]\nLDI32 R4, d2\nLDI R5, hi16(d2)\nf: RET\n.data\nd1: .byte 1\nd2: .byte 2";
    expect(hexWords(src)).toEqual(["01100018", "01200001", "02300018", "60400000", "00004001", "01500000", "25000000"]);
  });
});

describe("directives (§6.2)", () => {
  it(".byte/.half/.hword/.word with numbers, strings and symbols, little-endian", () => {
    const i = img("RET\n.data\na: .byte 1, -1, \"hi\", off16(b)\n.half 0x1234, -2\n.hword 7\n.word a, 0xdeadbeef, -1\nb:");
    expect(Buffer.from(i.rodata).toString("hex")).toBe("01ff686917" + "3412feff" + "0700" + "00400000efbeaddeffffffff");
  });

  it(".ascii, .asciz, .string with escapes; .align N bytes; .zero N", () => {
    const i = img('RET\n.data\n.ascii "a\\n\\t\\\\\\0\\x41\\q\\""\n.asciz "z"\n.string ""\n.align 4\n.zero 3\n.byte 9');
    expect(Array.from(i.rodata)).toEqual([0x61, 10, 9, 0x5c, 0, 0x41, 0x71, 0x22, 0x7a, 0, 0, 0, 0, 0, 0, 9]);
  });

  it(".org pads with zero words; .entry with no argument, a label, or a number", () => {
    expect(hexWords("RET\n.org 12\nRET")).toEqual(["25000000", "00000000", "00000000", "25000000"]);
    expect(img("RET\n.entry\nRET").entry).toBe(4);
    expect(img(".entry s\nRET\ns: RET").entry).toBe(4);
    expect(img(".entry 4\nRET\nRET").entry).toBe(4);
  });

  it(".include is textual, relative to the including file", () => {
    const files: Record<string, string> = { "lib/a.inc": ".include b.inc\nLDI R1, 1", "lib/b.inc": "LDI R2, 2" };
    const r = asm('.include "lib/a.inc"\nRET', { readFile: (p) => files[p.replace(/\\/g, "/")] ?? (() => { throw new Error("ENOENT"); })() });
    expect(Buffer.from(readCode(r.bytes)).toString("hex")).toBe("012000020110000125000000");
  });

  it(".mailbox object or array, .value and .cmd with aliases and flag names, payloads over several lines", () => {
    const src = [
      '.mailbox [{"name":" b ","mode":"RO|TAP"},',
      '          {"target":"a","capacity":8}]  ; two at once',
      ".value {",
      '  "groupId": 2, "valueId": 1, "flags": "READ_ONLY|bool", "auth": "ADMIN",',
      '  "init": 65519.99, "min_raw": 12, "unit": "a;b", "groupName": "g"',
      "}",
      '.cmd {"group_id":1,"commandId":2,"flags":"PIN|ASYNC","handler":"h","group_name":"g"}',
      '.cmd {"group":1,"cmd":1,"handler":12}',
      "h: RET",
    ].join("\n");
    const i = img(src);
    expect(i.mailboxes.map((m) => [m.target, m.mode, m.capacity])).toEqual([
      ["a", 3, 8],
      ["b", 5, null],
    ]);
    expect(new TextDecoder().decode(i.sections.find((s) => s.type === HxeSection.MAILBOX)!.payload)).toBe('{"mailboxes":[{"capacity":8,"target":"a"},{"mode":"RO|TAP","name":" b ","target":"b"}],"version":1}');
    expect(i.values).toEqual([{ group: 2, id: 1, flags: 0x11, auth: 2, init: 0x7bff, epsilon: 0, min: 12, max: 0, persistKey: 0, name: null, unit: "a;b", groupName: "g" }]);
    expect(i.commands.map((c) => [c.group, c.id, c.flags, c.handlerOffset, c.groupName])).toEqual([
      [1, 1, 0, 12, null],
      [1, 2, 3, 0, "g"],
    ]);
  });

  it("header directives for round trips: .app_name, .hxe_flags, .req_caps, .bss_size, .hxe_version 1", () => {
    const i = img('.app_name "x y"\n.hxe_flags 1\n.req_caps 0x10001\n.bss_size 64\nRET', { defaultAppName: "ignored" });
    expect(i).toMatchObject({ appName: "x y", flags: 1, reqCaps: 0x10001, bssSize: 64 });
    expect(img('.app_name "x"\nRET', { appName: "cli" }).appName).toBe("cli");
    expect(img("RET", { singleInstance: true }).flags).toBe(0);
    expect(img("RET").flags).toBe(HxeFlag.ALLOW_MULTIPLE);
    expect(img(".hxe_version 1\nRET", { defaultAppName: "x" })).toMatchObject({ version: 1, appName: null, flags: 0 });
  });

  it(".word in .text emits raw code words; .meta_raw writes a section as given", () => {
    expect(hexWords(".word 0x05000000, 1\nRET")).toEqual(["05000000", "00000001", "25000000"]);
    const i = img('.meta_raw 9, 2, "0102 03"\nRET');
    expect(i.sections.map((s) => [s.type, s.entryCount, Array.from(s.payload)])).toEqual([[9, 2, [1, 2, 3]]]);
  });

  it("app names are cut to 31 ASCII characters as hld does", () => {
    expect(img("RET", { appName: "é".repeat(3) + "a".repeat(40) }).appName).toBe("a".repeat(28));
  });
});

function readCode(bytes: Uint8Array): Uint8Array {
  return bytes.subarray(96, 96 + new DataView(bytes.buffer, bytes.byteOffset).getUint32(12));
}
