/** Test images: a small valid v2 image and byte-level editing helpers. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { HXE, HxeSection, Op } from "../../generated/ts/index.js";
import { imageCrc, writeHxe, type HxeSectionData, type HxeWriteInput } from "../../src/hxe/index.js";
import { encode } from "../../src/vm/index.js";
import { REPO_ROOT } from "../helpers.js";

export function goldenBytes(): Uint8Array {
  const hex = readFileSync(join(REPO_ROOT, "test", "fixtures", "hxe", "demo-golden.hex"), "utf8").replace(/\s+/g, "");
  return Uint8Array.from(Buffer.from(hex, "hex"));
}

export const BASE_CODE = (() => {
  const c = new Uint8Array(8);
  new DataView(c.buffer).setUint32(0, encode(Op.LDI, { rd: 0, imm: 7 }));
  new DataView(c.buffer).setUint32(4, encode(Op.RET));
  return c;
})();

export function image(over: Partial<HxeWriteInput> = {}): Uint8Array {
  return writeHxe({ entry: 0, code: BASE_CODE, rodata: new Uint8Array([1, 2, 3]), appName: "t", ...over });
}

export function section(type: number, payload: string | Uint8Array | number[], entryCount = 1): HxeSectionData {
  const bytes = typeof payload === "string" ? new TextEncoder().encode(payload) : Uint8Array.from(payload);
  return { type, entryCount, payload: bytes };
}

export const mailboxJson = (text: string, count = 1) => section(HxeSection.MAILBOX, text, count);

export function u32(b: Uint8Array, at: number, v: number): Uint8Array {
  new DataView(b.buffer, b.byteOffset).setUint32(at, v >>> 0);
  return b;
}

export function u16(b: Uint8Array, at: number, v: number): Uint8Array {
  new DataView(b.buffer, b.byteOffset).setUint16(at, v);
  return b;
}

/** Store the CRC the loader expects (so later checks are reached). */
export function fixCrc(b: Uint8Array): Uint8Array {
  const version = new DataView(b.buffer, b.byteOffset).getUint16(4);
  return u32(b, HXE.CRC_FIELD_OFFSET, imageCrc(b, version === 2 ? HXE.HEADER_V2_BYTES : HXE.HEADER_V1_BYTES));
}
