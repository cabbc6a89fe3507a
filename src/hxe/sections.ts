/**
 * Value (type 1) and command (type 2) metadata sections: fixed-size big-endian
 * entries followed by a string table (hxe structs hsx_hxe_value_entry_t,
 * hsx_hxe_command_entry_t; hxe.rule.STRINGS).
 */
import { HxeCommandEntryLayout as CL, HxeSection, HxeValueEntryLayout as VL } from "../../generated/ts/index.js";
import { Bytes, ByteWriter } from "./bytes.js";
import { HxeLoadError, HxeWriteError } from "./errors.js";
import type { CommandDecl, HxeSectionData, ValueDecl } from "./types.js";

const utf8 = new TextDecoder("utf-8", { fatal: true });
const utf8Encode = new TextEncoder();

/** Where a section sits, for error reports. */
export interface SectionPlace {
  readonly index: number;
  readonly offset: number;
}

/**
 * NUL-terminated UTF-8 strings at section-relative offsets; 0 means none
 * (hxe.rule.STRINGS). The checks run in hxe_error order over all of them:
 * META_STRING_RANGE, then META_STRING_UNTERMINATED, then META_STRING_UTF8.
 */
export function readStrings(sec: Bytes, offs: readonly number[], place: SectionPlace): (string | null)[] {
  for (const off of offs)
    if (off !== 0 && off >= sec.length)
      throw new HxeLoadError("META_STRING_RANGE", `metadata string offset ${off} out of range (size=${sec.length})`, place.offset + off, place.index);
  const ends = offs.map((off) => (off === 0 ? 0 : sec.buf.indexOf(0, off)));
  ends.forEach((end, i) => {
    if (end < 0) throw new HxeLoadError("META_STRING_UNTERMINATED", "metadata string is not null-terminated", place.offset + offs[i]!, place.index);
  });
  return offs.map((off, i) => {
    if (off === 0) return null;
    try {
      return utf8.decode(sec.slice(off, ends[i]!));
    } catch {
      throw new HxeLoadError("META_STRING_UTF8", "metadata string is not valid UTF-8", place.offset + off, place.index);
    }
  });
}

function checkCount(sec: Bytes, count: number, entryBytes: number, what: string, place: SectionPlace): void {
  if (count * entryBytes > sec.length)
    throw new HxeLoadError("META_TRUNCATED", `${what} metadata table truncated`, place.offset, place.index);
}

/** Decode a value section. */
export function decodeValueSection(payload: Uint8Array, count: number, place: SectionPlace): ValueDecl[] {
  const sec = new Bytes(payload);
  checkCount(sec, count, VL.size, "value", place);
  const f = VL.fields;
  const at = (i: number) => i * VL.size;
  const offs: number[] = [];
  for (let i = 0; i < count; i++) offs.push(sec.u16(at(i) + f.name_off.offset), sec.u16(at(i) + f.unit_off.offset), sec.u16(at(i) + f.group_name_off.offset));
  const strs = readStrings(sec, offs, place);
  const out: ValueDecl[] = [];
  for (let i = 0; i < count; i++) {
    out.push({
      group: sec.u8(at(i) + f.group_id.offset),
      id: sec.u8(at(i) + f.value_id.offset),
      flags: sec.u8(at(i) + f.flags.offset),
      auth: sec.u8(at(i) + f.auth_level.offset),
      init: sec.u16(at(i) + f.init.offset),
      epsilon: sec.u16(at(i) + f.epsilon.offset),
      min: sec.u16(at(i) + f.min.offset),
      max: sec.u16(at(i) + f.max.offset),
      persistKey: sec.u16(at(i) + f.persist_key.offset),
      name: strs[3 * i]!,
      unit: strs[3 * i + 1]!,
      groupName: strs[3 * i + 2]!,
    });
  }
  return out;
}

/** Decode a command section. */
export function decodeCommandSection(payload: Uint8Array, count: number, place: SectionPlace): CommandDecl[] {
  const sec = new Bytes(payload);
  checkCount(sec, count, CL.size, "command", place);
  const f = CL.fields;
  const at = (i: number) => i * CL.size;
  const offs: number[] = [];
  for (let i = 0; i < count; i++) offs.push(sec.u16(at(i) + f.name_off.offset), sec.u16(at(i) + f.help_off.offset), sec.u16(at(i) + f.group_name_off.offset));
  const strs = readStrings(sec, offs, place);
  const out: CommandDecl[] = [];
  for (let i = 0; i < count; i++) {
    out.push({
      group: sec.u8(at(i) + f.group.offset),
      id: sec.u8(at(i) + f.cmd_id.offset),
      flags: sec.u8(at(i) + f.flags.offset),
      auth: sec.u8(at(i) + f.auth.offset),
      handlerOffset: sec.u32(at(i) + f.handler_offset.offset),
      name: strs[3 * i]!,
      help: strs[3 * i + 1]!,
      groupName: strs[3 * i + 2]!,
      reserved: sec.u16(at(i) + f.reserved.offset),
    });
  }
  return out;
}

/**
 * The string table the prototype linker builds: strings in entry order, each stored
 * once; "" gets its own NUL at a nonzero offset; null is offset 0.
 */
class StringTable {
  private readonly offsets = new Map<string, number>();
  private readonly parts: Uint8Array[] = [];
  private size = 0;
  constructor(private readonly base: number) {}

  add(s: string | null): number {
    if (s === null) return 0;
    const known = this.offsets.get(s);
    if (known !== undefined) return known;
    const off = this.base + this.size;
    if (off > 0xffff) throw new HxeWriteError("FIELD_RANGE", "metadata string table exceeds the 16-bit offset range");
    const bytes = utf8Encode.encode(s);
    this.parts.push(bytes, new Uint8Array(1));
    this.size += bytes.length + 1;
    this.offsets.set(s, off);
    return off;
  }

  write(w: ByteWriter): void {
    let at = this.base;
    for (const p of this.parts) {
      w.bytes(at, p);
      at += p.length;
    }
  }

  get bytes(): number {
    return this.size;
  }
}

function range(what: string, v: number, max: number): number {
  if (!Number.isInteger(v) || v < 0 || v > max) throw new HxeWriteError("FIELD_RANGE", `${what} ${v} outside 0..${max}`);
  return v;
}

/** Encode value declarations in the given order (the linker sorts them by group, id first). */
export function encodeValueSection(values: readonly ValueDecl[]): HxeSectionData {
  const f = VL.fields;
  const strings = new StringTable(values.length * VL.size);
  const offs = values.map((v) => [strings.add(v.name), strings.add(v.unit), strings.add(v.groupName)] as const);
  const w = new ByteWriter(values.length * VL.size + strings.bytes);
  values.forEach((v, i) => {
    const at = i * VL.size;
    const [name, unit, groupName] = offs[i]!;
    w.u8(at + f.group_id.offset, range("value group", v.group, 0xff));
    w.u8(at + f.value_id.offset, range("value id", v.id, 0xff));
    w.u8(at + f.flags.offset, range("value flags", v.flags, 0xff));
    w.u8(at + f.auth_level.offset, range("value auth", v.auth, 0xff));
    w.u16(at + f.init.offset, range("value init", v.init, 0xffff));
    w.u16(at + f.name_off.offset, name);
    w.u16(at + f.unit_off.offset, unit);
    w.u16(at + f.epsilon.offset, range("value epsilon", v.epsilon, 0xffff));
    w.u16(at + f.min.offset, range("value min", v.min, 0xffff));
    w.u16(at + f.max.offset, range("value max", v.max, 0xffff));
    w.u16(at + f.persist_key.offset, range("value persist_key", v.persistKey, 0xffff));
    w.u16(at + f.group_name_off.offset, groupName);
  });
  strings.write(w);
  return { type: HxeSection.VALUE, entryCount: values.length, payload: w.buf };
}

/** Encode command declarations in the given order. */
export function encodeCommandSection(commands: readonly CommandDecl[]): HxeSectionData {
  const f = CL.fields;
  const strings = new StringTable(commands.length * CL.size);
  const offs = commands.map((c) => [strings.add(c.name), strings.add(c.help), strings.add(c.groupName)] as const);
  const w = new ByteWriter(commands.length * CL.size + strings.bytes);
  commands.forEach((c, i) => {
    const at = i * CL.size;
    const [name, help, groupName] = offs[i]!;
    w.u8(at + f.group.offset, range("command group", c.group, 0xff));
    w.u8(at + f.cmd_id.offset, range("command id", c.id, 0xff));
    w.u8(at + f.flags.offset, range("command flags", c.flags, 0xff));
    w.u8(at + f.auth.offset, range("command auth", c.auth, 0xff));
    w.u32(at + f.handler_offset.offset, range("command handler_offset", c.handlerOffset, 0xffffffff));
    w.u16(at + f.name_off.offset, name);
    w.u16(at + f.help_off.offset, help);
    w.u16(at + f.reserved.offset, range("command reserved", c.reserved, 0xffff));
    w.u16(at + f.group_name_off.offset, groupName);
  });
  strings.write(w);
  return { type: HxeSection.COMMAND, entryCount: commands.length, payload: w.buf };
}
