// writeHxe: the linker's layout, v1 and v2, and refusal of images the loader would reject.
import { describe, expect, it } from "vitest";
import { HXE, HxeFlag, HxeSection } from "../../generated/ts/index.js";
import { encodeCommandSection, encodeValueSection, HxeWriteError, readHxe, writeHxe, type HxeWriteErrorCode } from "../../src/hxe/index.js";
import { BASE_CODE, image, mailboxJson, section } from "./images.js";

function code(f: () => unknown): HxeWriteErrorCode | "OK" {
  try {
    f();
    return "OK";
  } catch (e) {
    expect(e).toBeInstanceOf(HxeWriteError);
    return (e as HxeWriteError).code;
  }
}

describe("writeHxe", () => {
  it("v2: header, code, rodata, table right after rodata, packed payloads (hsx-isa-hxe §5.5)", () => {
    const b = image({ sections: [section(HxeSection.VALUE, [9, 9], 0), mailboxJson("[]", 0)], reqCaps: 0x12345, bssSize: 16 });
    const img = readHxe(b);
    expect(img.metaOffset).toBe(96 + 8 + 3);
    expect(img.sections.map((s) => [s.offset, s.size])).toEqual([
      [107 + 32, 2],
      [107 + 34, 2],
    ]);
    expect(b.length).toBe(107 + 32 + 4);
    expect(img).toMatchObject({ reqCaps: 0x12345, bssSize: 16, flags: HxeFlag.ALLOW_MULTIPLE, appName: "t" });
    expect(Buffer.from(writeHxe(img)).equals(Buffer.from(b))).toBe(true);
  });

  it("v2 without metadata: meta_offset 0; v1: 32-byte header, flags 0 by default", () => {
    expect(readHxe(image()).metaOffset).toBe(0);
    const v1 = writeHxe({ version: 1, entry: 4, code: BASE_CODE, rodata: new Uint8Array(0) });
    expect(v1.length).toBe(HXE.HEADER_V1_BYTES + 8);
    expect(readHxe(v1)).toMatchObject({ version: 1, flags: 0, entry: 4 });
  });

  it("refuses what the loader would reject", () => {
    expect(code(() => writeHxe({ entry: 0, code: new Uint8Array(6), rodata: new Uint8Array(0) }))).toBe("CODE_MISALIGNED");
    expect(code(() => writeHxe({ entry: 2, code: BASE_CODE, rodata: new Uint8Array(0) }))).toBe("ENTRY_MISALIGNED");
    expect(code(() => writeHxe({ entry: 8, code: BASE_CODE, rodata: new Uint8Array(0) }))).toBe("ENTRY_OUT_OF_RANGE");
    expect(code(() => writeHxe({ entry: 0, code: new Uint8Array(0x10004), rodata: new Uint8Array(0) }))).toBe("CODE_TOO_LARGE");
    expect(code(() => writeHxe({ entry: 0, code: BASE_CODE, rodata: new Uint8Array(0x10001) }))).toBe("RODATA_TOO_LARGE");
    expect(code(() => writeHxe({ entry: 0, code: BASE_CODE, rodata: new Uint8Array(0), bssSize: 0x10001 }))).toBe("BSS_TOO_LARGE");
    expect(code(() => writeHxe({ entry: 0, code: BASE_CODE, rodata: new Uint8Array(0), appName: "é" }))).toBe("APP_NAME_NOT_ASCII");
    expect(code(() => writeHxe({ entry: 0, code: BASE_CODE, rodata: new Uint8Array(0), appName: "x".repeat(32) }))).toBe("FIELD_RANGE");
    expect(code(() => writeHxe({ entry: 0, code: BASE_CODE, rodata: new Uint8Array(0), flags: 0x10000 }))).toBe("FIELD_RANGE");
    expect(code(() => writeHxe({ version: 1, entry: 0, code: BASE_CODE, rodata: new Uint8Array(0), appName: "a" }))).toBe("V1_METADATA");
    expect(code(() => writeHxe({ entry: 0, code: BASE_CODE, rodata: new Uint8Array(0), sections: [{ type: -1, entryCount: 0, payload: new Uint8Array(0) }] }))).toBe("FIELD_RANGE");
  });

  it("value and command sections: entries, then strings in name/unit/group order, each stored once, '' kept", () => {
    const v = encodeValueSection([
      { group: 1, id: 1, flags: 0, auth: 0, init: 0, epsilon: 0, min: 0, max: 0, persistKey: 0, name: "a", unit: "", groupName: "a" },
      { group: 1, id: 2, flags: 0, auth: 0, init: 0, epsilon: 0, min: 0, max: 0, persistKey: 0, name: null, unit: "u", groupName: null },
    ]);
    expect(v.payload.length).toBe(40 + 2 + 1 + 2);
    const dv = new DataView(v.payload.buffer);
    expect([dv.getUint16(6), dv.getUint16(8), dv.getUint16(18), dv.getUint16(26), dv.getUint16(28)]).toEqual([40, 42, 40, 0, 43]);
    const c = encodeCommandSection([{ group: 2, id: 1, flags: 3, auth: 2, handlerOffset: 8, name: "n", help: "n", groupName: "g", reserved: 7 }]);
    const cd = new DataView(c.payload.buffer);
    expect([cd.getUint32(4), cd.getUint16(8), cd.getUint16(10), cd.getUint16(12), cd.getUint16(14)]).toEqual([8, 16, 16, 7, 18]);
    expect(code(() => encodeCommandSection([{ group: 256, id: 1, flags: 0, auth: 0, handlerOffset: 0, name: null, help: null, groupName: null, reserved: 0 }]))).toBe("FIELD_RANGE");
  });
});
