// Several input files linked like the prototype's hld (hsx-isa-hxe §5.5).
import { describe, expect, it } from "vitest";
import { assemble, type AsmSource } from "../../src/asm/index.js";
import { readHxe } from "../../src/hxe/index.js";
import { runStandalone } from "../../src/vm/index.js";
import { asmError, expectCode } from "./util.js";

const link = (...texts: string[]) => {
  const sources: AsmSource[] = texts.map((text, i) => ({ name: `m${i}.mvasm`, text }));
  const r = assemble(sources, { defaultAppName: "linked" });
  return { r, img: readHxe(r.bytes) };
};

describe("linking", () => {
  it("concatenates code and rodata in order and resolves exports/imports both ways", () => {
    const lib = [".export puts", "puts:", "  SVC MOD=1, FN=1", "  RET", ".data", ".export greeting", "greeting: .asciz \"hi\""].join("\n");
    const main = [".import puts", ".extern greeting", ".entry main", ".export main", "main:", "  LDI32 R1, greeting", "  LDI R2, 2", "  CALL puts", "  LDI R0, 0", "  SVC MOD=1, FN=0", ".data", "own: .word own"].join("\n");
    const { r, img } = link(lib, main);
    expect(r.entry).toBe(8); // main's address after lib's two words
    expect(r.symbols.get("greeting")).toMatchObject({ address: 0x4000, section: "data", file: "m0.mvasm" });
    expect(Array.from(img.rodata.subarray(3))).toEqual([3, 0x40, 0, 0]); // own = 0x4000 + 3
    const run = runStandalone(img, { maxSteps: 100 });
    expect(run.outcome).toBe("EXIT");
    expect(Buffer.from(run.output).toString()).toBe("hi");
  });

  it("entry rules: exported _start first; else the first module whose .entry symbol is exported; else module 0's .entry", () => {
    expect(link("RET", ".export _start\nRET\n_start: RET").r.entry).toBe(8);
    expect(link(".entry a\na: RET", "RET\n.entry b\n.export b\nb: RET").r.entry).toBe(8);
    expect(link("RET\n.entry\nRET", "RET\n.entry b\nb: RET").r.entry).toBe(4);
    expect(link("RET", "RET").r.entry).toBe(0);
    // An extern entry symbol that another module exports.
    expect(link(".extern go\n.entry go\nRET", ".export go\ngo: RET").r.entry).toBe(4);
  });

  it(".export works after the label too (the prototype ignored it there)", () => {
    const { r } = link(".import f\nCALL f\nRET", "RET\nf: RET\n.export f");
    expect(r.symbols.get("f")?.address).toBe(12);
  });

  it("a module's own labels win over another module's export of the same name", () => {
    const { img } = link("loop: JMP loop", ".export loop\nRET\nloop: RET");
    expect(new DataView(img.code.buffer, img.code.byteOffset).getUint32(0) & 0xfff).toBe(0);
  });

  it("off16() is the offset inside the linked rodata; jumps are absolute in the linked code", () => {
    const { img } = link("RET\n.data\n.byte 1, 2", "x: LDI R1, off16(d)\nJMP x\n.data\nd: .byte 3");
    const dv = new DataView(img.code.buffer, img.code.byteOffset);
    expect(dv.getUint32(4) & 0xfff).toBe(2);
    expect(dv.getUint32(8) & 0xfff).toBe(4);
  });

  it("merges metadata from every module, sorted, duplicates rejected", () => {
    const a = '.value {"group":2,"id":1}\n.mailbox {"target":"z"}\n.cmd {"group":1,"id":1,"handler":"h"}\nh: RET';
    const b = '.value {"group":1,"id":9}\n.mailbox {"target":"a"}\nRET';
    const { img } = link(a, b);
    expect(img.values.map((v) => [v.group, v.id])).toEqual([
      [1, 9],
      [2, 1],
    ]);
    expect(img.mailboxes.map((m) => m.target)).toEqual(["a", "z"]);
    expect(img.commands[0]!.handlerOffset).toBe(0);
    expectCode(asmError([{ name: "a", text: a }, { name: "b", text: '.value {"group":2,"id":1}\nRET' }]), "DUPLICATE_METADATA", 1, 1);
  });

  it("header directives agree across modules or conflict", () => {
    expect(link('.app_name "x"\nRET', '.app_name "x"\nRET').img.appName).toBe("x");
    expectCode(asmError([{ name: "a", text: ".hxe_flags 1\nRET" }, { name: "b", text: ".hxe_flags 3\nRET" }]), "CONFLICT", 1, 1);
  });
});
