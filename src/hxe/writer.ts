/**
 * The HXE writer: the layout the prototype linker produces (hsx-isa-hxe §5.5):
 * header | code | rodata | metadata table (right after rodata) | section payloads,
 * packed in table order; meta_offset 0 when there are no sections; the CRC over the
 * implemented span (R-HXE-CRC-SPAN). It refuses input the loader would reject.
 */
import { HXE, HxeFlag, HxeHeaderV1Layout as V1, HxeHeaderV2Layout as V2, HxeMetaEntryLayout as ME, ISA } from "../../generated/ts/index.js";
import { ByteWriter } from "./bytes.js";
import { imageCrc } from "./crc32.js";
import { HxeWriteError } from "./errors.js";
import type { HxeWriteInput } from "./types.js";

function check(input: HxeWriteInput, version: 1 | 2, flags: number): void {
  const { code, rodata, entry } = input;
  const bss = input.bssSize ?? 0;
  const caps = input.reqCaps ?? 0;
  if (code.length > ISA.MAX_CODE_BYTES) throw new HxeWriteError("CODE_TOO_LARGE", `code is ${code.length} bytes; at most ${ISA.MAX_CODE_BYTES}`);
  if (rodata.length > ISA.MAX_RODATA_BYTES) throw new HxeWriteError("RODATA_TOO_LARGE", `rodata is ${rodata.length} bytes; at most ${ISA.MAX_RODATA_BYTES}`);
  if (!Number.isInteger(bss) || bss < 0 || bss > ISA.MAX_BSS_BYTES) throw new HxeWriteError("BSS_TOO_LARGE", `bss size ${bss} outside 0..${ISA.MAX_BSS_BYTES}`);
  if (code.length % ISA.INSN_BYTES !== 0) throw new HxeWriteError("CODE_MISALIGNED", "code length must be a multiple of 4");
  if (!Number.isInteger(entry) || entry < 0 || entry % ISA.INSN_BYTES !== 0) throw new HxeWriteError("ENTRY_MISALIGNED", `entry ${entry} must be a multiple of 4`);
  if (entry >= code.length) throw new HxeWriteError("ENTRY_OUT_OF_RANGE", `entry 0x${entry.toString(16)} outside ${code.length} bytes of code`);
  if (!Number.isInteger(flags) || flags < 0 || flags > 0xffff) throw new HxeWriteError("FIELD_RANGE", `flags ${flags} outside 0..0xFFFF`);
  if (!Number.isInteger(caps) || caps < 0 || caps > 0xffffffff) throw new HxeWriteError("FIELD_RANGE", `req_caps ${caps} outside 32 bits`);
  const name = input.appName ?? "";
  if (version === 1 && ((input.sections?.length ?? 0) > 0 || name !== "")) throw new HxeWriteError("V1_METADATA", "a v1 image has no app name and no metadata");
  if (!/^[\x00-\x7f]*$/.test(name)) throw new HxeWriteError("APP_NAME_NOT_ASCII", "app name must be ASCII");
  if (name.length > HXE.APP_NAME_MAX_CHARS) throw new HxeWriteError("FIELD_RANGE", `app name longer than ${HXE.APP_NAME_MAX_CHARS} characters`);
  for (const s of input.sections ?? [])
    if (!Number.isInteger(s.type) || s.type < 0 || s.type > 0xffffffff || !Number.isInteger(s.entryCount) || s.entryCount < 0 || s.entryCount > 0xffffffff)
      throw new HxeWriteError("FIELD_RANGE", "section type and entry count must be 32-bit unsigned");
}

/** Write an HXE v1 or v2 image. Throws HxeWriteError for input the loader would reject. */
export function writeHxe(input: HxeWriteInput): Uint8Array {
  const version = input.version ?? 2;
  const flags = input.flags ?? (version === 2 ? HxeFlag.ALLOW_MULTIPLE : 0);
  check(input, version, flags);
  const headerSize = version === 2 ? HXE.HEADER_V2_BYTES : HXE.HEADER_V1_BYTES;
  const sections = input.sections ?? [];
  const codeAt = headerSize;
  const roAt = codeAt + input.code.length;
  const tableAt = roAt + input.rodata.length;
  let size = tableAt + (sections.length > 0 ? sections.length * ME.size : 0);
  for (const s of sections) size += s.payload.length;
  const w = new ByteWriter(size);
  const h = V1.fields;
  w.u32(h.magic.offset, HXE.MAGIC);
  w.u16(h.version.offset, version === 2 ? HXE.VERSION_2 : HXE.VERSION_1);
  w.u16(h.flags.offset, flags);
  w.u32(h.entry.offset, input.entry);
  w.u32(h.code_len.offset, input.code.length);
  w.u32(h.ro_len.offset, input.rodata.length);
  w.u32(h.bss_size.offset, input.bssSize ?? 0);
  w.u32(h.req_caps.offset, input.reqCaps ?? 0);
  w.bytes(codeAt, input.code);
  w.bytes(roAt, input.rodata);
  if (version === 2) {
    const name = input.appName ?? "";
    for (let i = 0; i < name.length; i++) w.u8(V2.fields.app_name.offset + i, name.charCodeAt(i));
    if (sections.length > 0) {
      w.u32(V2.fields.meta_offset.offset, tableAt);
      w.u32(V2.fields.meta_count.offset, sections.length);
      const f = ME.fields;
      let payloadAt = tableAt + sections.length * ME.size;
      sections.forEach((s, i) => {
        const at = tableAt + i * ME.size;
        w.u32(at + f.section_type.offset, s.type);
        w.u32(at + f.section_offset.offset, payloadAt);
        w.u32(at + f.section_size.offset, s.payload.length);
        w.u32(at + f.entry_count.offset, s.entryCount);
        w.bytes(payloadAt, s.payload);
        payloadAt += s.payload.length;
      });
    }
  }
  w.u32(h.crc32.offset, imageCrc(w.buf, headerSize));
  return w.buf;
}
