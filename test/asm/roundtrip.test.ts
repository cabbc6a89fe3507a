// asm -> disasm -> asm reproduces identical bytes: the demo, random programs, random images.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HxeSection, OPCODES } from "../../generated/ts/index.js";
import { assemble, disassemble } from "../../src/asm/index.js";
import { encodeMailboxSection, parseJson, readHxe, writeHxe, type JsonObject } from "../../src/hxe/index.js";
import { goldenBytes } from "../hxe/images.js";
import { fixture } from "./util.js";

function roundTrip(bytes: Uint8Array): Uint8Array {
  const text = disassemble(readHxe(bytes));
  return assemble([{ name: "dis.mvasm", text }], { defaultAppName: "ignored" }).bytes;
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).toString("hex") === Buffer.from(b).toString("hex");

describe("disassembler round trips", () => {
  it("the demo and the golden file", () => {
    const demo = assemble([{ name: "demo.mvasm", text: fixture("mvasm", "demo.mvasm") }], { appName: "demo" }).bytes;
    expect(same(roundTrip(demo), demo)).toBe(true);
    expect(same(roundTrip(goldenBytes()), goldenBytes())).toBe(true);
  });

  it("prints header info, code with address and word, rodata and metadata", () => {
    const text = disassemble(readHxe(goldenBytes()));
    expect(text).toContain("; HXE v2 image: 378 bytes, CRC 0xE4BD2985");
    expect(text).toContain('.app_name "demo"');
    expect(text).toMatch(/^\s+JNZ L_001C\s+; 0024: 2300001C$/m);
    expect(text).toMatch(/^\s+SVC MOD=1, FN=1\s+; 000C: 30000101 TASK\.UART_WRITE$/m);
    expect(text).toMatch(/^\.mailbox \{"capacity":64,"mode":"RDWR","target":"app:demo"\}$/m);
    expect(text).toMatch(/^\s+\.byte 0x00, 0x3C, 0x41, 0x42\s+; 4010: \.<AB$/m);
  });

  it("v1 images, illegal and non-canonical words, LDI32 at the end, labels on odd targets", () => {
    const code = new Uint8Array(8 * 4);
    const dv = new DataView(code.buffer);
    [0x21000008, 0x0500abcd, 0x25300000, 0x21000006, 0x24100001, 0x7f000fff, 0x24000ffe, 0x60100000].forEach((w, i) => dv.setUint32(i * 4, w));
    const v1 = writeHxe({ version: 1, flags: 5, entry: 4, code, rodata: new Uint8Array([0, 0x22, 0x5c, 0xff]), reqCaps: 7, bssSize: 12 });
    expect(same(roundTrip(v1), v1)).toBe(true);
  });

  it("metadata the linker would not write falls back to raw sections, in table order", () => {
    const code = new Uint8Array([0x25, 0, 0, 0]);
    const unsortedMailboxes = encodeMailboxSection([parseJson('{"target":"b"}') as JsonObject, parseJson('{"target":"a"}') as JsonObject]);
    const odd = writeHxe({ entry: 0, code, rodata: new Uint8Array(0), appName: "odd", sections: [unsortedMailboxes, { type: 77, entryCount: 1, payload: new Uint8Array([1]) }, { type: HxeSection.VALUE, entryCount: 0, payload: new Uint8Array(0) }] });
    const text = disassemble(readHxe(odd));
    expect(text).toContain(".meta_raw 3, 2,");
    expect(same(roundTrip(odd), odd)).toBe(true);
  });

  it("random programs written as MVASM (fixed seed)", () => {
    const reg = fc.integer({ min: 0, max: 15 }).map((r) => `R${r}`);
    const imm = fc.integer({ min: -2048, max: 2047 });
    const byForm = (mn: string, form: string): fc.Arbitrary<string> => {
      switch (form) {
        case "rrr": return fc.tuple(reg, reg, reg).map(([a, b, c]) => `${mn} ${a}, ${b}, ${c}`);
        case "rr": return fc.tuple(reg, reg).map(([a, b]) => `${mn} ${a}, ${b}`);
        case "cmp": return fc.tuple(reg, reg).map(([a, b]) => `${mn} ${a}, ${b}`);
        case "ri": return fc.tuple(reg, imm).map(([a, i]) => `${mn} ${a}, ${i}`);
        case "load": return fc.tuple(reg, reg, imm).map(([a, b, i]) => `${mn} ${a}, [${b}+${i}]`);
        case "store": return fc.tuple(reg, reg, imm).map(([a, b, i]) => `${mn} [${b}-${-i}], ${a}`);
        case "jump": return fc.integer({ min: 0, max: 7 }).map((t) => `${mn} L${t}`);
        case "call": return fc.oneof(fc.integer({ min: 0, max: 7 }).map((t) => `${mn} L${t}`), imm.map((i) => `${mn} ${i}`));
        case "svc": return fc.tuple(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 255 })).map(([m, f]) => `${mn} ${m}, ${f}`);
        case "push": case "pop": return reg.map((r) => `${mn} ${r}`);
        case "ldi32": return fc.tuple(reg, fc.oneof(fc.integer({ min: -0x80000000, max: 0xffffffff }).map(String), fc.constantFrom("d0", "L1"))).map(([a, v]) => `${mn} ${a}, ${v}`);
        case "brk": return fc.integer({ min: 0, max: 255 }).map((n) => `${mn} ${n}`);
        default: return fc.constant(mn);
      }
    };
    const insn = fc.oneof(...OPCODES.map((o) => byForm(o.mnemonic, o.form)), fc.integer({ min: 0, max: 0xffffffff }).map((w) => `.word ${w}`));
    const block = fc.array(insn, { minLength: 1, maxLength: 6 });
    const data = fc.oneof(fc.uint8Array({ maxLength: 6 }).map((b) => `.byte ${[0, ...b].join(", ")}`), fc.string({ maxLength: 5 }).map((s) => `.asciz ${JSON.stringify(s.replace(/[^ -~]/g, "x"))}`), fc.constant(".word d0, L2"));
    const meta = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.double({ min: -70000, max: 70000, noNaN: true })).map(([g, i, f]) => `.value {"group":${g},"id":${i},"init":${f},"name":"v${g}"}`),
      fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })).map(([g, i]) => `.cmd {"group":${g},"id":${i},"handler":"L3","help":"h"}`),
      fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 65535 })).map(([t, c]) => `.mailbox {"target":${JSON.stringify("t" + t)},"capacity":${c},"mode":"RDWR|TAP"}`),
    );
    let assembled = 0;
    fc.assert(
      fc.property(fc.array(block, { minLength: 8, maxLength: 8 }), fc.array(data, { minLength: 1, maxLength: 4 }), fc.array(meta, { maxLength: 4 }), fc.integer({ min: 0, max: 7 }), (blocks, datas, metas, entry) => {
        const src = [...metas, `.entry L${entry}`, ...blocks.flatMap((b, i) => [`L${i}:`, ...b]), ".data", "d0:", ...datas].join("\n");
        let bytes: Uint8Array;
        try {
          bytes = assemble([{ name: "r.mvasm", text: src }], { appName: "rnd" }).bytes;
        } catch (e) {
          // Duplicate metadata keys and out-of-reach targets are legitimate rejections.
          if ((e as { code?: string }).code === "DUPLICATE_METADATA" || (e as { code?: string }).code === "BRANCH_RANGE") return;
          throw e;
        }
        assembled++;
        expect(same(roundTrip(bytes), bytes)).toBe(true);
      }),
      { seed: 99, numRuns: 400 },
    );
    expect(assembled).toBeGreaterThan(350);
  });

  it("random images: any code words, rodata, flags and names (fixed seed)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 1, maxLength: 40 }),
        fc.uint8Array({ maxLength: 40 }),
        fc.integer({ min: 0, max: 0xffff }),
        fc.stringMatching(/^[!-~]{0,31}$/),
        fc.nat(),
        fc.constantFrom<1 | 2>(1, 2),
        (words, rodata, flags, name, entry, version) => {
          const code = new Uint8Array(words.length * 4);
          words.forEach((w, i) => new DataView(code.buffer).setUint32(i * 4, w));
          const bytes = writeHxe({ version, flags, entry: (entry % words.length) * 4, code, rodata, appName: version === 2 ? name : null, reqCaps: entry });
          expect(same(roundTrip(bytes), bytes)).toBe(true);
        },
      ),
      { seed: 7, numRuns: 500 },
    );
  });
});
