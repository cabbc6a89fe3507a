/**
 * CRC-32/ISO-HDLC (zlib's crc32) with the parameters of spec/hxe.yaml `crc`,
 * and the HXE span it covers (R-HXE-CRC-SPAN).
 */
import { HXE, HXE_CRC } from "../../generated/ts/index.js";

const TABLE = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? HXE_CRC.polyReflected ^ (c >>> 1) : c >>> 1;
  TABLE[n] = c >>> 0;
}

/** Continue a CRC over more bytes: pass the previous *raw* state (init for the first call). */
function update(state: number, bytes: Uint8Array): number {
  let c = state;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return c;
}

/** CRC-32 of `bytes` (check: "123456789" → 0xCBF43926). */
export function crc32(bytes: Uint8Array): number {
  return (update(HXE_CRC.init, bytes) ^ HXE_CRC.xorout) >>> 0;
}

/** The CRC over an image's span: file[0x00:0x1C] then file[headerSize:EOF]. */
export function imageCrc(file: Uint8Array, headerSize: number): number {
  const head = update(HXE_CRC.init, file.subarray(0, HXE.CRC_FIELD_OFFSET));
  return (update(head, file.subarray(headerSize)) ^ HXE_CRC.xorout) >>> 0;
}
