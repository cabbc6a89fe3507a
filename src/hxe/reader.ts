/**
 * The HXE loader: validates in the order of the generated HXE_ERROR_ORDER
 * (hxe.rule.LOAD_ORDER) and fails only with HxeLoadError.
 */
import {
  HXE,
  HxeFlag,
  HxeHeaderV1Layout as V1,
  HxeHeaderV2Layout as V2,
  HxeMetaEntryLayout as ME,
  HxeSection,
  ISA,
  type HxeErrorName,
} from "../../generated/ts/index.js";
import { Bytes } from "./bytes.js";
import { imageCrc } from "./crc32.js";
import { HxeLoadError } from "./errors.js";
import { checkDuplicateTargets, parseMailboxSection, pyStrip } from "./mailbox.js";
import { decodeCommandSection, decodeValueSection } from "./sections.js";
import type { CommandDecl, HxeImage, HxeSectionInfo, MailboxDecl, ValueDecl } from "./types.js";

function fail(code: HxeErrorName, message: string, offset: number | null = null, section: number | null = null): never {
  throw new HxeLoadError(code, message, offset, section);
}

const hex = (n: number, w = 8): string => `0x${n.toString(16).toUpperCase().padStart(w, "0")}`;

/** hxe_error TOO_SMALL .. APP_NAME_NOT_ASCII, UNSUPPORTED_VERSION: the header size of the version. */
function checkVersion(b: Bytes): { version: 1 | 2; headerSize: number } {
  if (b.length < HXE.HEADER_V1_BYTES) fail("TOO_SMALL", ".hxe file too small", 0);
  const version = b.u16(V1.fields.version.offset);
  if (version === HXE.VERSION_2) {
    if (b.length < HXE.HEADER_V2_BYTES) fail("V2_TRUNCATED", "HXE header truncated (v2 requires 96 bytes)", 0);
    const res = V2.fields.reserved;
    for (let i = res.offset; i < res.offset + res.size; i++) if (b.u8(i) !== 0) fail("RESERVED_NONZERO", "Reserved HXE header bytes must be zero", i);
    const app = V2.fields.app_name;
    for (let i = app.offset; i < app.offset + app.size; i++) if (b.u8(i) > 0x7f) fail("APP_NAME_NOT_ASCII", "HXE app_name must be ASCII", i);
    return { version: 2, headerSize: HXE.HEADER_V2_BYTES };
  }
  if (version !== HXE.VERSION_1) fail("UNSUPPORTED_VERSION", `Unsupported HSXE version ${hex(version, 4)}`, V1.fields.version.offset);
  return { version: 1, headerSize: HXE.HEADER_V1_BYTES };
}

/** v2 app_name: ASCII cut at the first NUL, whitespace-stripped; "" means none. */
function appName(b: Bytes): string | null {
  const f = V2.fields.app_name;
  let s = "";
  for (let i = f.offset; i < f.offset + f.size && b.u8(i) !== 0; i++) s += String.fromCharCode(b.u8(i));
  s = pyStrip(s);
  return s === "" ? null : s;
}

interface Metadata {
  sections: HxeSectionInfo[];
  values: ValueDecl[];
  commands: CommandDecl[];
  mailboxes: MailboxDecl[];
}

/** META_TABLE_BOUNDS .. MAILBOX_DUPLICATE: the table, every section's bounds, then each payload in table order. */
function readMetadata(b: Bytes, headerSize: number, metaOffset: number, metaCount: number): Metadata {
  const meta: Metadata = { sections: [], values: [], commands: [], mailboxes: [] };
  if (metaCount === 0 || metaOffset === 0) return meta;
  if (metaOffset < headerSize || metaOffset + metaCount * ME.size > b.length) fail("META_TABLE_BOUNDS", "metadata table outside HXE payload bounds", metaOffset);
  const f = ME.fields;
  for (let i = 0; i < metaCount; i++) {
    const at = metaOffset + i * ME.size;
    const offset = b.u32(at + f.section_offset.offset);
    const size = b.u32(at + f.section_size.offset);
    if (offset < headerSize || offset + size > b.length) fail("META_SECTION_BOUNDS", `metadata section ${i} exceeds HXE length`, at, i);
    meta.sections.push({ type: b.u32(at + f.section_type.offset), offset, size, entryCount: b.u32(at + f.entry_count.offset), payload: b.slice(offset, offset + size).slice() });
  }
  meta.sections.forEach((s, index) => {
    const place = { index, offset: s.offset };
    if (s.type === HxeSection.VALUE) meta.values.push(...decodeValueSection(s.payload, s.entryCount, place));
    else if (s.type === HxeSection.COMMAND) meta.commands.push(...decodeCommandSection(s.payload, s.entryCount, place));
    else if (s.type === HxeSection.MAILBOX) meta.mailboxes.push(...parseMailboxSection(s.payload, s.entryCount, place));
    // Other types are kept in `sections` and otherwise ignored (hxe.rule.LOAD_ORDER).
  });
  checkDuplicateTargets(meta.mailboxes, { index: -1, offset: metaOffset });
  return meta;
}

/** Load an HXE v1 or v2 image. Throws HxeLoadError (and nothing else) for a bad image. */
export function readHxe(bytes: Uint8Array): HxeImage {
  const b = new Bytes(bytes);
  const { version, headerSize } = checkVersion(b);
  const h = V1.fields;
  const magic = b.u32(h.magic.offset);
  if (magic !== HXE.MAGIC) fail("BAD_MAGIC", `Bad magic ${hex(magic)}`, h.magic.offset);
  const flags = b.u16(h.flags.offset);
  const entry = b.u32(h.entry.offset);
  const codeLen = b.u32(h.code_len.offset);
  const roLen = b.u32(h.ro_len.offset);
  const bssSize = b.u32(h.bss_size.offset);
  const stored = b.u32(h.crc32.offset);
  if (codeLen > ISA.MAX_CODE_BYTES) fail("CODE_TOO_LARGE", "Code section exceeds VM capacity", h.code_len.offset);
  if (roLen > ISA.MAX_RODATA_BYTES) fail("RODATA_TOO_LARGE", "RODATA section exceeds VM capacity", h.ro_len.offset);
  if (bssSize > ISA.MAX_BSS_BYTES) fail("BSS_TOO_LARGE", "BSS size exceeds VM capacity", h.bss_size.offset);
  if (codeLen % ISA.INSN_BYTES !== 0) fail("CODE_MISALIGNED", "Code section must be 4-byte aligned", h.code_len.offset);
  if (entry % ISA.INSN_BYTES !== 0) fail("ENTRY_MISALIGNED", "Entry address must be 4-byte aligned", h.entry.offset);
  const crc = imageCrc(bytes, headerSize);
  if (crc !== stored) fail("CRC_MISMATCH", `CRC mismatch: file=${hex(stored)} calc=${hex(crc)}`, h.crc32.offset);
  const roEnd = headerSize + codeLen + roLen;
  if (roEnd > b.length) fail("TRUNCATED", ".hxe truncated: sections exceed file length", headerSize);
  if (entry >= codeLen) fail("ENTRY_OUT_OF_RANGE", "Entry point outside code section", h.entry.offset);
  let metaOffset = 0;
  let meta: Metadata = { sections: [], values: [], commands: [], mailboxes: [] };
  if (version === 2) {
    metaOffset = b.u32(V2.fields.meta_offset.offset);
    const metaCount = b.u32(V2.fields.meta_count.offset);
    if (metaOffset !== 0 && metaOffset < roEnd) fail("META_OVERLAP", "Metadata table overlaps code or rodata sections", V2.fields.meta_offset.offset);
    meta = readMetadata(b, headerSize, metaOffset, metaCount);
  }
  return {
    version,
    headerSize,
    flags,
    entry,
    code: b.slice(headerSize, headerSize + codeLen).slice(),
    rodata: b.slice(headerSize + codeLen, roEnd).slice(),
    bssSize,
    reqCaps: b.u32(h.req_caps.offset),
    crc32: stored,
    appName: version === 2 ? appName(b) : null,
    allowMultiple: version === 1 || (flags & HxeFlag.ALLOW_MULTIPLE) !== 0,
    manifestPresent: (flags & HxeFlag.MANIFEST_PRESENT) !== 0,
    metaOffset,
    ...meta,
    byteLength: b.length,
  };
}
