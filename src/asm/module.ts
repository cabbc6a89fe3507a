/**
 * One MVASM source file assembled into a relocatable module (the prototype's .hxo):
 * code words, rodata bytes, labels, exports/imports, fixups and metadata. Every
 * symbol reference becomes a fixup resolved by the linker, which knows the final
 * addresses (link.ts).
 */
import { ISA, OPCODES, type FormName, type Mnemonic } from "../../generated/ts/index.js";
import { encode } from "../vm/decode.js";
import { AsmError, type AsmWarning, type SourcePos } from "./errors.js";
import { parseStringToken, splitOperands, stripComment, SYMBOL_RE, type Token } from "./lexer.js";
import { commandSpec, mailboxSpecs, valueSpec, type CommandSpec, type MailboxSpec } from "./metadata.js";
import { readJsonPayload } from "./payload.js";
import { IMM12_MAX, IMM12_MIN, inRange, parseMemory, parseNumber, parseRegister, parseValue, UIMM12_MAX, type PosFn, type SymRef, type Value } from "./operands.js";
import { expandSource, type ReadFile, type SourceLine } from "./source.js";
import type { ValueDecl } from "../hxe/index.js";

export type Section = "text" | "data";

export interface Label {
  readonly section: Section;
  readonly offset: number;
  readonly pos: SourcePos;
}

/** Where a resolved symbol value goes. */
export type CodeFixupType =
  /** LDI imm12: the value must survive sign extension (0..0x7FF). */
  | "imm12"
  /** Load/store offset: likewise. */
  | "mem"
  /** JMP/JZ/JNZ absolute target: an aligned code address <= 0xFFF. */
  | "jump"
  /** CALL: a word delta from the CALL, -2048..2047. */
  | "call"
  /** A whole word (LDI32's literal, .word in .text). */
  | "imm32";

export interface CodeFixup {
  readonly index: number;
  readonly type: CodeFixupType;
  readonly ref: SymRef;
  readonly pos: SourcePos;
}

export interface DataFixup {
  readonly offset: number;
  readonly size: 1 | 2 | 4;
  readonly ref: SymRef;
  readonly pos: SourcePos;
}

export type EntrySpec = { readonly offset: number; readonly pos: SourcePos } | { readonly symbol: string; readonly pos: SourcePos } | null;

export interface HeaderSpec {
  appName?: { value: string; pos: SourcePos };
  version?: { value: 1 | 2; pos: SourcePos };
  flags?: { value: number; pos: SourcePos };
  reqCaps?: { value: number; pos: SourcePos };
  bssSize?: { value: number; pos: SourcePos };
}

export interface RawSection {
  readonly type: number;
  readonly entryCount: number;
  readonly payload: Uint8Array;
  readonly pos: SourcePos;
}

export interface AsmModule {
  readonly file: string;
  readonly code: number[];
  readonly rodata: number[];
  readonly labels: Map<string, Label>;
  readonly exports: Map<string, SourcePos>;
  readonly externs: Map<string, SourcePos>;
  readonly imports: Map<string, SourcePos>;
  readonly codeFixups: CodeFixup[];
  readonly dataFixups: DataFixup[];
  entry: EntrySpec;
  readonly values: { decl: ValueDecl; pos: SourcePos }[];
  readonly commands: { spec: CommandSpec; pos: SourcePos }[];
  readonly mailboxes: (MailboxSpec & { pos: SourcePos })[];
  readonly rawSections: RawSection[];
  readonly header: HeaderSpec;
  readonly warnings: AsmWarning[];
  /** Position for module-wide errors (its first line). */
  readonly pos: SourcePos;
}

const MNEMONICS = new Map<string, { op: number; form: FormName }>(OPCODES.map((o) => [o.mnemonic, { op: o.value, form: o.form }]));
const U32_MAX = 0xffffffff;
const I32_MIN = -0x80000000;

/** A statement: its name (mnemonic or directive), operand text and where things are. */
interface Stmt {
  readonly name: string;
  readonly nameCol: number;
  readonly rest: string;
  readonly restCol: number;
  readonly pos: PosFn;
}

class Builder {
  section: Section = "text";
  index = 0;
  readonly m: AsmModule;

  constructor(
    readonly file: string,
    readonly lines: readonly SourceLine[],
  ) {
    this.m = {
      file,
      code: [],
      rodata: [],
      labels: new Map(),
      exports: new Map(),
      externs: new Map(),
      imports: new Map(),
      codeFixups: [],
      dataFixups: [],
      entry: null,
      values: [],
      commands: [],
      mailboxes: [],
      rawSections: [],
      header: {},
      warnings: [],
      pos: { file, line: 1, col: 1 },
    };
  }

  get pc(): number {
    return this.m.code.length * ISA.INSN_BYTES;
  }

  run(): AsmModule {
    for (this.index = 0; this.index < this.lines.length; this.index++) this.line(this.lines[this.index]!);
    this.checkReferences();
    return this.m;
  }

  private line(src: SourceLine): void {
    const pos: PosFn = (col) => ({ file: src.file, line: src.line, col });
    const code = stripComment(src.text);
    let at = code.length - code.trimStart().length;
    let body = code.trim();
    if (body === "") return;
    if (body.endsWith(":")) {
      // A line that ends with ':' is a label (the prototype's rule).
      const name = body.slice(0, -1).trim();
      if (name === "" || /\s/.test(name)) throw new AsmError("SYNTAX", pos(at + 1), `invalid label "${name}"`);
      this.define(name, pos(at + 1));
      return;
    }
    const inline = /^([A-Za-z_.][A-Za-z0-9_.$]*)\s*:\s*/.exec(body);
    if (inline) {
      // Extension: `label: statement` on one line.
      this.define(inline[1]!, pos(at + 1));
      at += inline[0].length;
      body = body.slice(inline[0].length);
    }
    const word = /^\S+/.exec(body)![0];
    const restStart = word.length + (/^\s*/.exec(body.slice(word.length))![0].length);
    const stmt: Stmt = { name: word, nameCol: at + 1, rest: body.slice(restStart), restCol: at + 1 + restStart, pos };
    if (word.startsWith(".")) this.directive(stmt);
    else this.instruction(stmt);
  }

  private define(name: string, pos: SourcePos): void {
    const prev = this.m.labels.get(name);
    if (prev) throw new AsmError("DUPLICATE_LABEL", pos, `duplicate label "${name}" (first defined at line ${prev.pos.line})`);
    this.m.labels.set(name, { section: this.section, offset: this.section === "text" ? this.pc : this.m.rodata.length, pos });
  }

  private operands(s: Stmt): Token[] {
    return splitOperands(s.rest, s.restCol, s.pos);
  }

  private count(s: Stmt, toks: Token[], min: number, max = min): void {
    if (toks.length < min || toks.length > max) {
      const want = min === max ? `${min}` : `${min}..${max}`;
      const at = toks.length > max ? toks[max]!.col : s.nameCol;
      throw new AsmError("OPERAND_COUNT", s.pos(at), `${s.name} takes ${want} operand${max === 1 ? "" : "s"}, got ${toks.length}`);
    }
  }

  private emit(word: number): void {
    this.m.code.push(word >>> 0);
  }

  private fixup(type: CodeFixupType, ref: SymRef, pos: SourcePos, index = this.m.code.length - 1): void {
    this.m.codeFixups.push({ index, type, ref, pos });
  }

  // ---- instructions (isa forms) ----

  private instruction(s: Stmt): void {
    const mn = s.name.toUpperCase();
    const info = MNEMONICS.get(mn as Mnemonic);
    if (!info) throw new AsmError("UNKNOWN_MNEMONIC", s.pos(s.nameCol), `unknown mnemonic ${s.name}`);
    if (this.section !== "text") throw new AsmError("SECTION", s.pos(s.nameCol), `instruction ${mn} outside .text`);
    const { op, form } = info;
    if (form === "svc") return this.svc(s, op);
    const t = this.operands(s);
    const reg = (i: number) => parseRegister(t[i]!, s.pos);
    switch (form) {
      case "rrr":
        this.count(s, t, 3);
        return this.emit(encode(op, { rd: reg(0), rs1: reg(1), rs2: reg(2) }));
      case "rr":
        this.count(s, t, 2);
        return this.emit(encode(op, { rd: reg(0), rs1: reg(1) }));
      case "cmp":
        this.count(s, t, 2);
        return this.emit(encode(op, { rs1: reg(0), rs2: reg(1) }));
      case "push":
        this.count(s, t, 1);
        return this.emit(encode(op, { rs1: reg(0) }));
      case "pop":
        this.count(s, t, 1);
        return this.emit(encode(op, { rd: reg(0) }));
      case "none":
        this.count(s, t, 0);
        return this.emit(encode(op));
      case "ri": {
        this.count(s, t, 2);
        const rd = reg(0);
        return this.signedImm(op, { rd }, parseValue(t[1]!, s.pos, "an immediate"), "imm12", s.pos(t[1]!.col), `${mn} immediate`);
      }
      case "load": {
        this.count(s, t, 2);
        const rd = reg(0);
        const mem = parseMemory(t[1]!, s.pos);
        return this.signedImm(op, { rd, rs1: mem.base }, mem.offset, "mem", s.pos(t[1]!.col), `${mn} offset`);
      }
      case "store": {
        this.count(s, t, 2);
        const mem = parseMemory(t[0]!, s.pos);
        return this.signedImm(op, { rs1: mem.base, rs2: reg(1) }, mem.offset, "mem", s.pos(t[0]!.col), `${mn} offset`);
      }
      case "jump":
        this.count(s, t, 1);
        return this.jump(op, t[0]!, s, mn);
      case "call":
        this.count(s, t, 1);
        return this.call(op, t[0]!, s);
      case "ldi32": {
        this.count(s, t, 2);
        const rd = reg(0);
        const v = parseValue(t[1]!, s.pos, "a 32-bit value or a symbol");
        this.emit(encode(op, { rd }));
        if (v.kind === "num") this.emit(inRange(v.value, I32_MIN, U32_MAX, s.pos(t[1]!.col), "LDI32 value"));
        else {
          this.emit(0);
          this.fixup("imm32", v.ref, s.pos(t[1]!.col));
        }
        return;
      }
      case "brk": {
        this.count(s, t, 0, 1);
        const code = t.length ? this.number(t[0]!, s, "a BRK code") : 0;
        return this.emit(encode(op, { imm: inRange(code, 0, ISA.BRK_CODE_MASK, s.pos(t[0]?.col ?? s.nameCol), "BRK code") }));
      }
    }
  }

  private number(tok: Token, s: Stmt, what: string): number {
    const n = parseNumber(tok.text, s.pos(tok.col));
    if (n === null) throw new AsmError("BAD_OPERAND", s.pos(tok.col), `expected ${what}, got "${tok.text}"`);
    return n;
  }

  /** LDI and load/store offsets: a number in -2048..2047, or a symbol fixed up later. */
  private signedImm(op: number, f: { rd?: number; rs1?: number; rs2?: number }, v: Value, type: "imm12" | "mem", pos: SourcePos, what: string): void {
    if (v.kind === "num") return this.emit(encode(op, { ...f, imm: inRange(v.value, IMM12_MIN, IMM12_MAX, pos, what) }));
    this.emit(encode(op, f));
    this.fixup(type, v.ref, pos);
  }

  /** JMP/JZ/JNZ: an absolute, aligned code address 0..0xFFF (R-ISA-JUMPS). */
  private jump(op: number, tok: Token, s: Stmt, mn: string): void {
    const v = parseValue(tok, s.pos, "a jump target");
    if (v.kind === "sym") {
      if (v.ref.kind !== "symbol") throw new AsmError("BAD_OPERAND", s.pos(tok.col), `${mn} takes a label or an address, not ${v.ref.kind}()`);
      this.emit(encode(op));
      return this.fixup("jump", v.ref, s.pos(tok.col));
    }
    if (!Number.isSafeInteger(v.value) || v.value < 0 || v.value > UIMM12_MAX) throw new AsmError("BRANCH_RANGE", s.pos(tok.col), `${mn} target ${v.value} outside 0..0x${UIMM12_MAX.toString(16).toUpperCase()}`);
    if (v.value % ISA.INSN_BYTES !== 0) throw new AsmError("MISALIGNED", s.pos(tok.col), `${mn} target 0x${v.value.toString(16)} is not a multiple of 4`);
    this.emit(encode(op, { imm: v.value }));
  }

  /** CALL label (pc-relative) or CALL n (a raw word delta), rs1 = 0. */
  private call(op: number, tok: Token, s: Stmt): void {
    const v = parseValue(tok, s.pos, "a call target");
    if (v.kind === "num") return this.emit(encode(op, { imm: inRange(v.value, IMM12_MIN, IMM12_MAX, s.pos(tok.col), "CALL word offset") }));
    if (v.ref.kind !== "symbol") throw new AsmError("BAD_OPERAND", s.pos(tok.col), `CALL takes a label or a word offset, not ${v.ref.kind}()`);
    this.emit(encode(op));
    this.fixup("call", v.ref, s.pos(tok.col));
  }

  /** SVC n | SVC MOD=m FN=f | SVC m, f (positional, encoded as module m, function f). */
  private svc(s: Stmt, op: number): void {
    if (this.section !== "text") throw new AsmError("SECTION", s.pos(s.nameCol), "instruction SVC outside .text");
    let imm: number;
    if (s.rest.includes("=")) {
      const parts = new Map<string, number>();
      const re = /\s*([A-Za-z]+)\s*=\s*([^\s,=]+)\s*,?/y;
      let at = 0;
      while (at < s.rest.length) {
        re.lastIndex = at;
        const m = re.exec(s.rest);
        if (!m) throw new AsmError("SYNTAX", s.pos(s.restCol + at), "expected KEY=value (MOD=m FN=f)");
        const key = m[1]!.toUpperCase();
        const col = s.restCol + at + m[0].indexOf(m[2]!);
        if (key !== "MOD" && key !== "FN") throw new AsmError("BAD_OPERAND", s.pos(s.restCol + at), `unknown SVC key ${m[1]} (MOD, FN)`);
        if (parts.has(key)) throw new AsmError("BAD_OPERAND", s.pos(s.restCol + at), `SVC ${key} given twice`);
        parts.set(key, this.number({ text: m[2]!, col }, s, `an SVC ${key}`));
        const max = key === "MOD" ? ISA.SVC_MOD_MASK : ISA.SVC_FN_MASK;
        inRange(parts.get(key)!, 0, max, s.pos(col), `SVC ${key}`);
        at = re.lastIndex;
      }
      imm = ((parts.get("MOD") ?? 0) << ISA.SVC_MOD_SHIFT) | (parts.get("FN") ?? 0);
    } else {
      const t = this.operands(s);
      this.count(s, t, 1, 2);
      if (t.length === 1) imm = inRange(this.number(t[0]!, s, "an SVC number"), 0, UIMM12_MAX, s.pos(t[0]!.col), "SVC number");
      else {
        const mod = inRange(this.number(t[0]!, s, "an SVC module"), 0, ISA.SVC_MOD_MASK, s.pos(t[0]!.col), "SVC module");
        const fn = inRange(this.number(t[1]!, s, "an SVC function"), 0, ISA.SVC_FN_MASK, s.pos(t[1]!.col), "SVC function");
        imm = (mod << ISA.SVC_MOD_SHIFT) | fn;
      }
    }
    this.emit(encode(op, { imm }));
  }

  // ---- directives (hsx-isa-hxe §6.2, plus the round-trip directives of the disassembler) ----

  private directive(s: Stmt): void {
    const d = s.name.toLowerCase();
    const h = DIRECTIVES[d];
    if (!h) throw new AsmError("UNKNOWN_DIRECTIVE", s.pos(s.nameCol), `unknown directive ${s.name}`);
    if (h.section && h.section !== this.section) throw new AsmError("SECTION", s.pos(s.nameCol), `${d} is only valid in .${h.section}`);
    h.run(this, s);
  }

  sectionSwitch(s: Stmt, to: Section): void {
    this.count(s, this.operands(s), 0);
    this.section = to;
  }

  symbols(s: Stmt, into: Map<string, SourcePos>): void {
    const t = this.operands(s);
    if (t.length === 0) this.count(s, t, 1);
    for (const tok of t) {
      if (!SYMBOL_RE.test(tok.text)) throw new AsmError("BAD_OPERAND", s.pos(tok.col), `expected a symbol name, got "${tok.text}"`);
      if (!into.has(tok.text)) into.set(tok.text, s.pos(tok.col));
    }
  }

  entry(s: Stmt): void {
    const t = this.operands(s);
    this.count(s, t, 0, 1);
    const pos = s.pos(t[0]?.col ?? s.nameCol);
    if (t.length === 0) this.m.entry = { offset: this.pc, pos };
    else {
      const v = parseValue(t[0]!, s.pos, "an entry label or offset");
      if (v.kind === "sym") {
        if (v.ref.kind !== "symbol") throw new AsmError("BAD_OPERAND", pos, ".entry takes a label or an offset");
        this.m.entry = { symbol: v.ref.name, pos };
      } else {
        inRange(v.value, 0, ISA.MAX_CODE_BYTES - ISA.INSN_BYTES, pos, "entry offset");
        if (v.value % ISA.INSN_BYTES !== 0) throw new AsmError("MISALIGNED", pos, `entry 0x${v.value.toString(16)} is not a multiple of 4`);
        this.m.entry = { offset: v.value, pos };
      }
    }
  }

  org(s: Stmt): void {
    const t = this.operands(s);
    this.count(s, t, 1);
    const pos = s.pos(t[0]!.col);
    const n = inRange(this.number(t[0]!, s, "an address"), 0, ISA.MAX_CODE_BYTES, pos, ".org address");
    if (n % ISA.INSN_BYTES !== 0) throw new AsmError("MISALIGNED", pos, `.org 0x${n.toString(16)} is not a multiple of 4`);
    if (n < this.pc) throw new AsmError("ORG", pos, `.org 0x${n.toString(16)} is below the current address 0x${this.pc.toString(16)}`);
    // Zero words fill the gap (opcode 0x00 is illegal: isa reserved_opcodes).
    while (this.pc < n) this.emit(0);
  }

  /** .byte/.half/.word in .data: numbers, strings (.byte) and symbols, little-endian. */
  data(s: Stmt, size: 1 | 2 | 4): void {
    const t = this.operands(s);
    if (t.length === 0) this.count(s, t, 1, Infinity);
    const min = size === 4 ? I32_MIN : -(2 ** (size * 8 - 1));
    const max = 2 ** (size * 8) - 1;
    for (const tok of t) {
      if (size === 1 && tok.text.startsWith('"')) {
        this.m.rodata.push(...parseStringToken(tok, s.pos));
        continue;
      }
      const v = parseValue(tok, s.pos, "a number or a symbol");
      const at = this.m.rodata.length;
      const n = v.kind === "num" ? inRange(v.value, min, max, s.pos(tok.col), `${s.name} value`) : 0;
      for (let i = 0; i < size; i++) this.m.rodata.push((n >>> (8 * i)) & 0xff);
      if (v.kind === "sym") this.m.dataFixups.push({ offset: at, size, ref: v.ref, pos: s.pos(tok.col) });
    }
  }

  /** .word in .text (extension): raw big-endian code words, for exact disassembly round trips. */
  codeWords(s: Stmt): void {
    const t = this.operands(s);
    if (t.length === 0) this.count(s, t, 1, Infinity);
    for (const tok of t) {
      const v = parseValue(tok, s.pos, "a number or a symbol");
      if (v.kind === "num") this.emit(inRange(v.value, I32_MIN, U32_MAX, s.pos(tok.col), ".word value"));
      else {
        this.emit(0);
        this.fixup("imm32", v.ref, s.pos(tok.col));
      }
    }
  }

  ascii(s: Stmt, nul: boolean): void {
    const t = this.operands(s);
    this.count(s, t, 1);
    if (!t[0]!.text.startsWith('"')) throw new AsmError("BAD_OPERAND", s.pos(t[0]!.col), `${s.name} expects a string literal`);
    this.m.rodata.push(...parseStringToken(t[0]!, s.pos));
    if (nul) this.m.rodata.push(0);
  }

  align(s: Stmt): void {
    const t = this.operands(s);
    this.count(s, t, 1);
    const n = inRange(this.number(t[0]!, s, "an alignment"), 1, ISA.MEM_SIZE, s.pos(t[0]!.col), ".align");
    while (this.m.rodata.length % n !== 0) this.m.rodata.push(0);
  }

  zero(s: Stmt): void {
    const t = this.operands(s);
    this.count(s, t, 1);
    const n = inRange(this.number(t[0]!, s, "a size"), 0, ISA.MEM_SIZE, s.pos(t[0]!.col), ".zero size");
    for (let i = 0; i < n; i++) this.m.rodata.push(0);
  }

  metadata(s: Stmt, kind: "value" | "cmd" | "mailbox"): void {
    const pos = s.pos(s.nameCol);
    const { value, nextIndex } = readJsonPayload(this.lines, this.index, s.rest, s.restCol, pos);
    this.index = nextIndex;
    if (kind === "value") this.m.values.push({ decl: valueSpec(value, pos, this.m.warnings), pos });
    else if (kind === "cmd") this.m.commands.push({ spec: commandSpec(value, pos, this.m.warnings), pos });
    else this.m.mailboxes.push(...mailboxSpecs(value, pos).map((x) => ({ ...x, pos })));
  }

  /** Header directives: each may appear once per module. */
  header<K extends keyof HeaderSpec>(s: Stmt, key: K, parse: (t: Token) => NonNullable<HeaderSpec[K]>["value"]): void {
    const t = this.operands(s);
    this.count(s, t, 1);
    if (this.m.header[key]) throw new AsmError("CONFLICT", s.pos(s.nameCol), `${s.name} given twice`);
    this.m.header[key] = { value: parse(t[0]!), pos: s.pos(s.nameCol) } as HeaderSpec[K];
  }

  headerNumber(s: Stmt, tok: Token, max: number): number {
    return inRange(this.number(tok, s, "a number"), 0, max, s.pos(tok.col), s.name);
  }

  /** .meta_raw TYPE, COUNT, "hex": a metadata section written as given (round trips of unusual images). */
  rawSection(s: Stmt): void {
    const t = this.operands(s);
    this.count(s, t, 3);
    const type = this.headerNumber(s, t[0]!, U32_MAX);
    const entryCount = this.headerNumber(s, t[1]!, U32_MAX);
    const hex = String.fromCharCode(...parseStringToken(t[2]!, s.pos)).replace(/\s+/g, "");
    if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new AsmError("SYNTAX", s.pos(t[2]!.col), ".meta_raw payload must be hex bytes");
    const payload = new Uint8Array(hex.length / 2);
    for (let i = 0; i < payload.length; i++) payload[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
    this.m.rawSections.push({ type, entryCount, payload, pos: s.pos(s.nameCol) });
  }

  /** Every referenced name is a local label or declared .extern/.import (else UNKNOWN_LABEL). */
  private checkReferences(): void {
    const known = (name: string) => this.m.labels.has(name) || this.m.externs.has(name) || this.m.imports.has(name);
    for (const f of [...this.m.codeFixups, ...this.m.dataFixups]) {
      if (!known(f.ref.name)) throw new AsmError("UNKNOWN_LABEL", f.pos, `unknown label ${f.ref.name}`);
    }
    for (const [name, pos] of this.m.exports) if (!this.m.labels.has(name)) throw new AsmError("UNKNOWN_LABEL", pos, `exported symbol ${name} is not defined`);
    const e = this.m.entry;
    if (e && "symbol" in e && !known(e.symbol)) throw new AsmError("UNKNOWN_LABEL", e.pos, `unknown entry label ${e.symbol}`);
  }
}

interface DirectiveHandler {
  readonly section?: Section;
  run(b: Builder, s: Stmt): void;
}

const DIRECTIVES: Record<string, DirectiveHandler> = {
  ".text": { run: (b, s) => b.sectionSwitch(s, "text") },
  ".data": { run: (b, s) => b.sectionSwitch(s, "data") },
  ".entry": { section: "text", run: (b, s) => b.entry(s) },
  ".org": { section: "text", run: (b, s) => b.org(s) },
  ".export": { run: (b, s) => b.symbols(s, b.m.exports) },
  ".extern": { run: (b, s) => b.symbols(s, b.m.externs) },
  ".import": { run: (b, s) => b.symbols(s, b.m.imports) },
  ".byte": { section: "data", run: (b, s) => b.data(s, 1) },
  ".half": { section: "data", run: (b, s) => b.data(s, 2) },
  ".hword": { section: "data", run: (b, s) => b.data(s, 2) },
  ".word": { run: (b, s) => (b.section === "data" ? b.data(s, 4) : b.codeWords(s)) },
  ".ascii": { section: "data", run: (b, s) => b.ascii(s, false) },
  ".asciz": { section: "data", run: (b, s) => b.ascii(s, true) },
  ".string": { section: "data", run: (b, s) => b.ascii(s, true) },
  ".align": { section: "data", run: (b, s) => b.align(s) },
  ".zero": { section: "data", run: (b, s) => b.zero(s) },
  ".value": { run: (b, s) => b.metadata(s, "value") },
  ".cmd": { run: (b, s) => b.metadata(s, "cmd") },
  ".mailbox": { run: (b, s) => b.metadata(s, "mailbox") },
  ".app_name": {
    run: (b, s) =>
      b.header(s, "appName", (t) => {
        if (!t.text.startsWith('"')) throw new AsmError("BAD_OPERAND", s.pos(t.col), ".app_name expects a string literal");
        return String.fromCharCode(...parseStringToken(t, s.pos));
      }),
  },
  ".hxe_version": {
    run: (b, s) =>
      b.header(s, "version", (t) => {
        const v = b.headerNumber(s, t, 2);
        if (v !== 1 && v !== 2) throw new AsmError("IMM_RANGE", s.pos(t.col), ".hxe_version must be 1 or 2");
        return v;
      }),
  },
  ".hxe_flags": { run: (b, s) => b.header(s, "flags", (t) => b.headerNumber(s, t, 0xffff)) },
  ".req_caps": { run: (b, s) => b.header(s, "reqCaps", (t) => b.headerNumber(s, t, U32_MAX)) },
  ".bss_size": { run: (b, s) => b.header(s, "bssSize", (t) => b.headerNumber(s, t, ISA.MAX_BSS_BYTES)) },
  ".meta_raw": { run: (b, s) => b.rawSection(s) },
};

export interface ModuleOptions {
  /** Reads included files; errors become INCLUDE errors. */
  readFile: ReadFile;
}

/** Assemble one source file into a module. Throws AsmError. */
export function assembleModule(file: string, text: string, opts: ModuleOptions): AsmModule {
  return new Builder(file, expandSource(file, text, opts.readFile)).run();
}
