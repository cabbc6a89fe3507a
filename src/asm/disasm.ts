/**
 * Disassembler: an HXE image (v1 or v2) as MVASM that reassembles to the same bytes.
 *
 * Round-trip directives (documented in docs of `hsx-kit disasm`):
 *   .hxe_version N, .hxe_flags N, .app_name "x", .req_caps N, .bss_size N  (header fields)
 *   .word N in .text         a raw code word (illegal opcodes, unused fields set, unaligned targets)
 *   .meta_raw T, C, "hex"    a metadata section written as is (when the image's metadata is not
 *                            what the linker would write from .value/.cmd/.mailbox directives)
 * A label L_XXXX marks every jump/call target and the entry.
 */
import { HXE, HXE_FLAG_NAMES, HxeSection, ISA } from "../../generated/ts/index.js";
import {
  compareCodePoints,
  dumpJsonInOrder,
  encodeCommandSection,
  encodeMailboxSection,
  encodeValueSection,
  isJsonObject,
  mailboxDocumentEntries,
  parseJson,
  type HxeImage,
  type HxeSectionData,
  type JsonObject,
} from "../hxe/index.js";
import { f16ToNumber } from "../vm/f16.js";
import { decode } from "../vm/decode.js";
import { be32 } from "../vm/predecode.js";
import { callTarget, formatInstruction, isCanonical, svcName } from "./format.js";
import { mailboxSpecs } from "./metadata.js";

const hex = (n: number, width: number): string => `0x${(n >>> 0).toString(16).toUpperCase().padStart(width, "0")}`;
const COMMENT_COL = 40;

function line(text: string, comment?: string): string {
  return comment === undefined ? text : `${text.padEnd(COMMENT_COL - 1)} ; ${comment}`;
}

/** A string literal the assembler reads back to the same bytes. */
export function quote(bytes: Iterable<number>): string {
  let s = '"';
  for (const b of bytes) {
    if (b === 0x22) s += '\\"';
    else if (b === 0x5c) s += "\\\\";
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += `\\x${b.toString(16).padStart(2, "0")}`;
  }
  return s + '"';
}

const toHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameSection(a: HxeSectionData, b: HxeSectionData): boolean {
  return a.type === b.type && a.entryCount === b.entryCount && sameBytes(a.payload, b.payload);
}

/** Metadata as .value/.cmd/.mailbox directives, or null when the linker would not write these sections back exactly. */
function structuredMetadata(img: HxeImage): string[] | null {
  const out: string[] = [];
  let lastType = 0;
  try {
    for (const s of img.sections) {
      if (s.type <= lastType || s.type > HxeSection.MAILBOX || s.type < HxeSection.VALUE) return null;
      lastType = s.type;
      if (s.type === HxeSection.VALUE) {
        const sorted = [...img.values].sort((a, b) => a.group - b.group || a.id - b.id);
        if (new Set(sorted.map((v) => v.group * 256 + v.id)).size !== sorted.length) return null;
        if (sorted.length === 0 || !sameSection(encodeValueSection(sorted), s)) return null;
        for (const v of img.values) {
          const o: Record<string, unknown> = { group: v.group, id: v.id, flags: v.flags, auth: v.auth };
          if (v.name !== null) o["name"] = v.name;
          if (v.unit !== null) o["unit"] = v.unit;
          if (v.groupName !== null) o["group_name"] = v.groupName;
          Object.assign(o, { init_raw: v.init, epsilon_raw: v.epsilon, min_raw: v.min, max_raw: v.max, persist_key: v.persistKey });
          const f = (x: number) => String(f16ToNumber(x));
          out.push(line(`.value ${JSON.stringify(o)}`, `init ${f(v.init)}, epsilon ${f(v.epsilon)}, min ${f(v.min)}, max ${f(v.max)}`));
        }
      } else if (s.type === HxeSection.COMMAND) {
        const sorted = [...img.commands].sort((a, b) => a.group - b.group || a.id - b.id);
        if (new Set(sorted.map((c) => c.group * 256 + c.id)).size !== sorted.length) return null;
        if (sorted.length === 0 || !sameSection(encodeCommandSection(sorted), s)) return null;
        for (const c of img.commands) {
          const o: Record<string, unknown> = { group: c.group, id: c.id, flags: c.flags, auth: c.auth, handler_offset: c.handlerOffset };
          if (c.name !== null) o["name"] = c.name;
          if (c.help !== null) o["help"] = c.help;
          if (c.groupName !== null) o["group_name"] = c.groupName;
          if (c.reserved !== 0) o["reserved"] = c.reserved;
          out.push(line(`.cmd ${JSON.stringify(o)}`, `handler ${hex(c.handlerOffset, 4)}`));
        }
      } else {
        const doc = parseJson(new TextDecoder("utf-8", { fatal: true }).decode(s.payload));
        const entries = mailboxDocumentEntries(doc);
        if (entries.length === 0 || !entries.every(isJsonObject)) return null;
        const specs = entries.flatMap((e) => mailboxSpecs(e, { file: "", line: 1, col: 1 }));
        // What the linker would write from these entries, in this order.
        if (!sameSection(encodeMailboxSection(specs.map((x) => x.json)), s)) return null;
        if (specs.some((x, i) => i > 0 && compareCodePoints(specs[i - 1]!.decl.target, x.decl.target) >= 0)) return null;
        for (const e of entries as JsonObject[]) out.push(`.mailbox ${dumpJsonInOrder(e)}`);
      }
    }
  } catch {
    return null;
  }
  return out;
}

function rawMetadata(img: HxeImage): string[] {
  return img.sections.map((s) => line(`.meta_raw ${s.type}, ${s.entryCount}, "${toHex(s.payload)}"`, `section at ${hex(s.offset, 8)}, ${s.size} bytes`));
}

/** True when the image is laid out exactly as writeHxe lays it out (so reassembly can reproduce it). */
function canonicalLayout(img: HxeImage): boolean {
  const roEnd = img.headerSize + img.code.length + img.rodata.length;
  const size = roEnd + (img.sections.length ? img.sections.length * HXE.META_ENTRY_BYTES : 0) + img.sections.reduce((n, s) => n + s.payload.length, 0);
  let at = roEnd + img.sections.length * HXE.META_ENTRY_BYTES;
  const packed = img.sections.every((s) => {
    const ok = s.offset === at;
    at += s.size;
    return ok;
  });
  return img.metaOffset === (img.sections.length ? roEnd : 0) && packed && img.byteLength === size;
}

function header(img: HxeImage): string[] {
  const flagNames = Object.entries(HXE_FLAG_NAMES)
    .filter(([bit]) => img.flags & Number(bit))
    .map(([, n]) => n);
  const out = [
    `; HXE v${img.version} image: ${img.byteLength} bytes, CRC ${hex(img.crc32, 8)}`,
    `; entry ${hex(img.entry, 4)}, code ${img.code.length} bytes, rodata ${img.rodata.length} bytes, bss ${img.bssSize}, req_caps ${hex(img.reqCaps, 8)}`,
    `; flags ${hex(img.flags, 4)}${flagNames.length ? ` (${flagNames.join(", ")})` : ""}${img.version === 2 ? `, app ${img.appName === null ? "(none)" : JSON.stringify(img.appName)}, ${img.sections.length} metadata section(s) at ${hex(img.metaOffset, 8)}` : ""}`,
  ];
  if (!canonicalLayout(img)) out.push("; note: this image is not laid out as the linker writes images; reassembly gives the canonical layout");
  out.push(`.hxe_version ${img.version}`, `.hxe_flags ${hex(img.flags, 4)}`);
  if (img.version === 2) out.push(`.app_name ${quote(Array.from(img.appName ?? "", (c) => c.charCodeAt(0)))}`);
  if (img.reqCaps !== 0) out.push(`.req_caps ${hex(img.reqCaps, 8)}`);
  if (img.bssSize !== 0) out.push(`.bss_size ${img.bssSize}`);
  return out;
}

/** Instruction starts by a linear sweep (LDI32 takes two words) and the labelled addresses. */
function sweep(code: Uint8Array, entry: number): { starts: Set<number>; labels: Map<number, string> } {
  const starts = new Set<number>();
  const targets = new Set<number>([entry]);
  for (let pc = 0; pc + ISA.INSN_BYTES <= code.length; ) {
    starts.add(pc);
    const w = be32(code, pc) >>> 0;
    const ext = pc + ISA.LDI32_BYTES <= code.length ? be32(code, pc + ISA.INSN_BYTES) >>> 0 : null;
    const i = decode(w);
    if (isCanonical(w, ext)) {
      if (i.info?.form === "jump") targets.add(i.imm12);
      if (i.info?.form === "call") targets.add(callTarget(i, pc)!);
    }
    pc += isCanonical(w, ext) && i.info?.form === "ldi32" ? ISA.LDI32_BYTES : ISA.INSN_BYTES;
  }
  const labels = new Map<number, string>();
  for (const t of [...targets].sort((a, b) => a - b)) if (starts.has(t)) labels.set(t, `L_${t.toString(16).toUpperCase().padStart(4, "0")}`);
  return { starts, labels };
}

function codeListing(img: HxeImage): string[] {
  const { code } = img;
  const { labels } = sweep(code, img.entry);
  const out = [".text", `.entry ${labels.get(img.entry) ?? hex(img.entry, 4)}`];
  for (let pc = 0; pc + ISA.INSN_BYTES <= code.length; ) {
    const label = labels.get(pc);
    if (label) out.push(`${label}:`);
    const w = be32(code, pc) >>> 0;
    const ext = pc + ISA.LDI32_BYTES <= code.length ? be32(code, pc + ISA.INSN_BYTES) >>> 0 : null;
    const i = decode(w);
    const where = `${pc.toString(16).toUpperCase().padStart(4, "0")}: ${hex(w, 8).slice(2)}`;
    if (!isCanonical(w, ext)) {
      const what = i.info ? `${formatInstruction(w, ext, pc)} (not canonical)` : "illegal opcode";
      out.push(line(`    .word ${hex(w, 8)}`, `${where} ${what}`));
      pc += ISA.INSN_BYTES;
      continue;
    }
    const text = formatInstruction(w, ext, pc, { label: (a) => labels.get(a) });
    if (i.info?.form === "ldi32") {
      out.push(line(`    ${text}`, `${where} ${hex(ext!, 8).slice(2)}`));
      pc += ISA.LDI32_BYTES;
    } else {
      const extra = i.info?.form === "svc" ? svcName(i.imm12) : i.info?.form === "call" ? `-> ${hex(callTarget(i, pc)!, 4)}` : undefined;
      out.push(line(`    ${text}`, extra ? `${where} ${extra}` : where));
      pc += ISA.INSN_BYTES;
    }
  }
  return out;
}

function rodataListing(rodata: Uint8Array): string[] {
  if (rodata.length === 0) return [];
  const out = [".data"];
  for (let at = 0; at < rodata.length; at += 16) {
    const row = rodata.subarray(at, at + 16);
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".")).join("");
    out.push(line(`    .byte ${Array.from(row, (b) => hex(b, 2)).join(", ")}`, `${hex(ISA.RODATA_BASE + at, 4).slice(2)}: ${ascii}`));
  }
  return out;
}

/** MVASM source for a loaded image; assembling it (no options) gives the same bytes when the layout is canonical. */
export function disassemble(img: HxeImage): string {
  const meta = structuredMetadata(img) ?? rawMetadata(img);
  return [...header(img), ...meta, ...codeListing(img), ...rodataListing(img.rodata), ""].join("\n");
}
