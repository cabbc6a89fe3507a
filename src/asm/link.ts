/**
 * The linker (the prototype's hld.py, hsx-isa-hxe §5.5): modules concatenated in
 * order, exported symbols resolved, fixups patched with range checks (errors, never
 * wraps), metadata merged and sorted, the entry chosen, HXE v2 (or v1) written.
 *
 * Differences from hld, on purpose: a module's own labels win over another module's
 * exports of the same name; off16(sym) is the offset inside the linked rodata.
 */
import { HXE, HxeFlag, INSN_FIELDS, ISA } from "../../generated/ts/index.js";
import {
  compareCodePoints,
  encodeCommandSection,
  encodeMailboxSection,
  encodeValueSection,
  isHxeWriteError,
  pyStrip,
  writeHxe,
  type CommandDecl,
  type HxeSectionData,
  type HxeWriteInput,
  type ValueDecl,
} from "../hxe/index.js";
import { AsmError, type AsmWarning, type SourcePos } from "./errors.js";
import type { AsmModule, CodeFixup, HeaderSpec, Section } from "./module.js";
import { IMM12_MAX, IMM12_MIN, type SymRef } from "./operands.js";

export interface LinkOptions {
  /** --app-name: wins over an .app_name directive. */
  appName?: string;
  /** Used when neither --app-name nor .app_name gives one (the CLI passes the output file's stem). */
  defaultAppName?: string;
  /** --single-instance: clear ALLOW_MULTIPLE. */
  singleInstance?: boolean;
}

export interface LinkedSymbol {
  readonly address: number;
  readonly section: Section;
  readonly file: string;
}

export interface AsmResult {
  readonly bytes: Uint8Array;
  readonly image: HxeWriteInput;
  readonly entry: number;
  /** Exported symbols with their final addresses. */
  readonly symbols: ReadonlyMap<string, LinkedSymbol>;
  readonly warnings: readonly AsmWarning[];
}

interface Placed {
  readonly m: AsmModule;
  readonly codeBase: number;
  readonly roBase: number;
}

const IMM_FIELD = INSN_FIELDS.imm12.mask << INSN_FIELDS.imm12.shift;
/** A symbol value must survive sext(imm12): addresses are non-negative, so 0..IMM12_MAX. */
const IMM12_POS_MAX = IMM12_MAX;
const JUMP_MAX = ISA.JUMP_REACH - 1;
const RODATA_ROOM = ISA.MEM_SIZE - ISA.RODATA_BASE;

function addressOf(p: Placed, section: Section, offset: number): number {
  return section === "text" ? p.codeBase + offset : ISA.RODATA_BASE + p.roBase + offset;
}

class Linker {
  readonly placed: Placed[] = [];
  readonly global = new Map<string, LinkedSymbol>();
  readonly code: number[] = [];
  readonly rodata: number[] = [];

  constructor(readonly mods: readonly AsmModule[]) {
    let codeBase = 0;
    let roBase = 0;
    for (const m of mods) {
      this.placed.push({ m, codeBase, roBase });
      codeBase += m.code.length * ISA.INSN_BYTES;
      roBase += m.rodata.length;
      this.code.push(...m.code);
      this.rodata.push(...m.rodata);
    }
    const last = mods[mods.length - 1]!;
    if (this.code.length * ISA.INSN_BYTES > ISA.MAX_CODE_BYTES) throw new AsmError("SIZE", last.pos, `code is ${this.code.length * ISA.INSN_BYTES} bytes; at most ${ISA.MAX_CODE_BYTES}`);
    if (this.rodata.length > RODATA_ROOM) throw new AsmError("SIZE", last.pos, `rodata is ${this.rodata.length} bytes; at most ${RODATA_ROOM} fit above 0x${ISA.RODATA_BASE.toString(16)}`);
    this.exports();
  }

  /** Exported (.export, or .extern and defined) symbols of every module; a name exported twice is an error. */
  private exports(): void {
    for (const p of this.placed) {
      for (const [name, label] of p.m.labels) {
        if (!p.m.exports.has(name) && !p.m.externs.has(name)) continue;
        const pos = p.m.exports.get(name) ?? p.m.externs.get(name)!;
        const prev = this.global.get(name);
        if (prev) throw new AsmError("DUPLICATE_SYMBOL", pos, `symbol ${name} is also exported by ${prev.file}`);
        this.global.set(name, { address: addressOf(p, label.section, label.offset), section: label.section, file: p.m.file });
      }
    }
    for (const p of this.placed)
      for (const [name, pos] of p.m.imports) if (!this.global.has(name)) throw new AsmError("UNRESOLVED_SYMBOL", pos, `unresolved import ${name}: no module exports it`);
  }

  /** A name as seen from module p: its own label first, then the exports. */
  lookup(p: Placed, name: string, pos: SourcePos): LinkedSymbol {
    const local = p.m.labels.get(name);
    if (local) return { address: addressOf(p, local.section, local.offset), section: local.section, file: p.m.file };
    const g = this.global.get(name);
    if (!g) throw new AsmError("UNRESOLVED_SYMBOL", pos, `unresolved symbol ${name}: no module exports it`);
    return g;
  }

  value(p: Placed, ref: SymRef, pos: SourcePos): { v: number; sym: LinkedSymbol } {
    const sym = this.lookup(p, ref.name, pos);
    switch (ref.kind) {
      case "symbol":
        return { v: sym.address, sym };
      case "lo16":
        return { v: sym.address & 0xffff, sym };
      case "hi16":
        return { v: (sym.address >>> 16) & 0xffff, sym };
      case "off16":
        if (sym.section !== "data") throw new AsmError("BAD_OPERAND", pos, `off16() needs a .data symbol; ${ref.name} is in .text`);
        return { v: sym.address - ISA.RODATA_BASE, sym };
    }
  }

  patchCode(p: Placed, f: CodeFixup): void {
    const { v, sym } = this.value(p, f.ref, f.pos);
    const at = p.codeBase / ISA.INSN_BYTES + f.index;
    const setImm = (imm: number) => (this.code[at] = ((this.code[at]! & ~IMM_FIELD) | ((imm << INSN_FIELDS.imm12.shift) & IMM_FIELD)) >>> 0);
    const name = f.ref.kind === "symbol" ? f.ref.name : `${f.ref.kind}(${f.ref.name})`;
    switch (f.type) {
      case "imm32":
        this.code[at] = v >>> 0;
        return;
      case "imm12":
      case "mem":
        if (v > IMM12_POS_MAX)
          throw new AsmError("IMM_RANGE", f.pos, `${name} = 0x${v.toString(16)} does not fit a signed 12-bit immediate${f.type === "imm12" ? " (use LDI32)" : " (load the address with LDI32 and use [Rn+0])"}`);
        setImm(v);
        return;
      case "jump":
        if (sym.section !== "text") throw new AsmError("BAD_OPERAND", f.pos, `jump target ${f.ref.name} is not a code label`);
        if (v > JUMP_MAX) throw new AsmError("BRANCH_RANGE", f.pos, `jump target ${f.ref.name} at 0x${v.toString(16)} is beyond 0x${JUMP_MAX.toString(16)} (JMP/JZ/JNZ are absolute 12-bit)`);
        setImm(v);
        return;
      case "call": {
        if (sym.section !== "text") throw new AsmError("BAD_OPERAND", f.pos, `CALL target ${f.ref.name} is not a code label`);
        const delta = (v - (p.codeBase + f.index * ISA.INSN_BYTES)) / ISA.INSN_BYTES;
        if (!Number.isInteger(delta)) throw new AsmError("MISALIGNED", f.pos, `CALL target ${f.ref.name} is not word aligned`);
        if (delta < IMM12_MIN || delta > IMM12_MAX) throw new AsmError("CALL_RANGE", f.pos, `CALL target ${f.ref.name} is ${delta} words away; CALL reaches ${IMM12_MIN}..${IMM12_MAX}`);
        setImm(delta);
        return;
      }
    }
  }

  patchAll(): void {
    for (const p of this.placed) {
      for (const f of p.m.codeFixups) this.patchCode(p, f);
      for (const f of p.m.dataFixups) {
        const { v } = this.value(p, f.ref, f.pos);
        const max = f.size === 4 ? 0xffffffff : 2 ** (8 * f.size) - 1;
        if (v > max) throw new AsmError("IMM_RANGE", f.pos, `${f.ref.name} = 0x${v.toString(16)} does not fit ${f.size} byte${f.size > 1 ? "s" : ""}`);
        for (let i = 0; i < f.size; i++) this.rodata[p.roBase + f.offset + i] = (v >>> (8 * i)) & 0xff;
      }
    }
  }

  /** hld's rule: exported _start; else the first module whose .entry symbol is exported; else module 0's .entry. */
  entry(): number {
    const codeBytes = this.code.length * ISA.INSN_BYTES;
    const first = this.placed[0]!;
    let entry: number;
    let pos = first.m.pos;
    const start = this.global.get("_start");
    const fromExport = this.placed.map((p) => p.m.entry).find((e) => e && "symbol" in e && this.global.has(e.symbol));
    if (start) entry = this.textAddress(start, "_start", first.m.labels.get("_start")?.pos ?? pos);
    else if (fromExport && "symbol" in fromExport) {
      pos = fromExport.pos;
      entry = this.textAddress(this.global.get(fromExport.symbol)!, fromExport.symbol, pos);
    } else {
      const e = first.m.entry;
      if (e) pos = e.pos;
      if (!e) entry = 0;
      else if ("offset" in e) entry = e.offset;
      else entry = this.textAddress(this.lookup(first, e.symbol, e.pos), e.symbol, e.pos);
    }
    if (codeBytes === 0) throw new AsmError("ENTRY", pos, "the program has no code");
    if (entry >= codeBytes) throw new AsmError("ENTRY", pos, `entry 0x${entry.toString(16)} is outside the ${codeBytes} bytes of code`);
    return entry;
  }

  private textAddress(sym: LinkedSymbol, name: string, pos: SourcePos): number {
    if (sym.section !== "text") throw new AsmError("ENTRY", pos, `entry ${name} is not in .text`);
    return sym.address;
  }

  /** Value, command and mailbox sections (merged, duplicates rejected, sorted), then raw sections. */
  sections(): HxeSectionData[] {
    const out: HxeSectionData[] = [];
    const values: { decl: ValueDecl; pos: SourcePos }[] = [];
    const commands: { decl: CommandDecl; pos: SourcePos }[] = [];
    const mailboxes = this.placed.flatMap((p) => p.m.mailboxes);
    for (const p of this.placed) {
      values.push(...p.m.values);
      for (const { spec, pos } of p.m.commands) {
        let handlerOffset: number;
        if ("offset" in spec.handler) handlerOffset = spec.handler.offset;
        else {
          const sym = this.lookup(p, spec.handler.symbol, pos);
          if (sym.section !== "text") throw new AsmError("BAD_METADATA", pos, `.cmd handler ${spec.handler.symbol} must be a .text label`);
          handlerOffset = sym.address;
        }
        const { handler: _h, ...rest } = spec;
        commands.push({ decl: { ...rest, handlerOffset }, pos });
      }
    }
    const byKey = <T extends { group: number; id: number }>(items: { decl: T; pos: SourcePos }[], what: string): T[] => {
      const seen = new Set<number>();
      for (const { decl, pos } of items) {
        const key = decl.group * 256 + decl.id;
        if (seen.has(key)) throw new AsmError("DUPLICATE_METADATA", pos, `duplicate ${what} (${decl.group},${decl.id})`);
        seen.add(key);
      }
      return items.map((x) => x.decl).sort((a, b) => a.group - b.group || a.id - b.id);
    };
    const v = byKey(values, ".value");
    const c = byKey(commands, ".cmd");
    const targets = new Set<string>();
    for (const mb of mailboxes) {
      if (targets.has(mb.decl.target)) throw new AsmError("DUPLICATE_METADATA", mb.pos, `duplicate mailbox target ${mb.decl.target}`);
      targets.add(mb.decl.target);
    }
    if (v.length) out.push(encodeValueSection(v));
    if (c.length) out.push(encodeCommandSection(c));
    if (mailboxes.length) out.push(encodeMailboxSection([...mailboxes].sort((a, b) => compareCodePoints(a.decl.target, b.decl.target)).map((x) => x.json)));
    for (const p of this.placed) out.push(...p.m.rawSections);
    return out;
  }

  /** One value per header directive across modules; different values conflict. */
  header<K extends keyof HeaderSpec>(key: K): NonNullable<HeaderSpec[K]> | undefined {
    let found: NonNullable<HeaderSpec[K]> | undefined;
    for (const p of this.placed) {
      const h = p.m.header[key];
      if (!h) continue;
      if (found && found.value !== h.value) throw new AsmError("CONFLICT", h.pos, `conflicting ${key} (also given at ${found.pos.file}:${found.pos.line})`);
      found = h as NonNullable<HeaderSpec[K]>;
    }
    return found;
  }
}

/** hld's _encode_app_name: stripped, at most 31 characters, non-ASCII dropped. */
export function appNameOf(candidate: string | undefined): string {
  if (!candidate) return "";
  const clean = [...pyStrip(candidate).slice(0, HXE.APP_NAME_MAX_CHARS)].filter((c) => c.charCodeAt(0) < 0x80).join("");
  return clean.slice(0, HXE.APP_NAME_MAX_CHARS);
}

/** Link assembled modules into an HXE image. Throws AsmError. */
export function link(mods: readonly AsmModule[], opts: LinkOptions = {}): AsmResult {
  if (mods.length === 0) throw new RangeError("link needs at least one module");
  const l = new Linker(mods);
  l.patchAll();
  const entry = l.entry();
  const sections = l.sections();
  const version = l.header("version");
  const flagsDirective = l.header("flags");
  const nameDirective = l.header("appName");
  const v1 = version?.value === 1;
  if (v1) {
    const meta = mods.flatMap((m) => [...m.values, ...m.commands, ...m.mailboxes, ...m.rawSections].map((x) => x.pos))[0];
    if (meta) throw new AsmError("CONFLICT", meta, "an .hxe_version 1 image has no metadata");
    if (nameDirective || opts.appName) throw new AsmError("CONFLICT", nameDirective?.pos ?? version.pos, "an .hxe_version 1 image has no app name");
  }
  let flags = flagsDirective?.value ?? (v1 ? 0 : HxeFlag.ALLOW_MULTIPLE);
  if (opts.singleInstance) flags &= ~HxeFlag.ALLOW_MULTIPLE;
  const image: HxeWriteInput = {
    version: v1 ? 1 : 2,
    flags,
    entry,
    code: wordsToBytes(l.code),
    rodata: Uint8Array.from(l.rodata),
    bssSize: l.header("bssSize")?.value ?? 0,
    reqCaps: l.header("reqCaps")?.value ?? 0,
    appName: v1 ? null : appNameOf(opts.appName ?? nameDirective?.value ?? opts.defaultAppName),
    sections,
  };
  const warnings = mods.flatMap((m) => m.warnings);
  let bytes: Uint8Array;
  try {
    bytes = writeHxe(image);
  } catch (e) {
    if (isHxeWriteError(e)) throw new AsmError("SIZE", mods[0]!.pos, `cannot write the image: ${e.message}`);
    throw e;
  }
  return { bytes, image, entry, symbols: l.global, warnings };
}

function wordsToBytes(words: readonly number[]): Uint8Array {
  const out = new Uint8Array(words.length * ISA.INSN_BYTES);
  const dv = new DataView(out.buffer);
  words.forEach((w, i) => dv.setUint32(i * ISA.INSN_BYTES, w >>> 0));
  return out;
}
