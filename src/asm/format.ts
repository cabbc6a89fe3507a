/**
 * One instruction as MVASM text, for the disassembler and `run --trace`. The text
 * reassembles to the same word when the word is canonical (isCanonical): unused
 * fields zero, a form the assembler can write.
 */
import { FORMS, ISA, SVC_FUNCTIONS, SvcModule } from "../../generated/ts/index.js";
import { decode, type Instr } from "../vm/decode.js";

export interface FormatOptions {
  /** A label for a code address, when the caller has one. */
  label?: (address: number) => string | undefined;
}

const hex = (n: number, width: number): string => `0x${(n >>> 0).toString(16).toUpperCase().padStart(width, "0")}`;

function mem(base: number, off: number): string {
  return `[R${base}${off < 0 ? "-" : "+"}${Math.abs(off)}]`;
}

/** CALL's target address (rs1 = 0: relative to the CALL itself), or null for the register-based form. */
export function callTarget(i: Instr, pc: number): number | null {
  return i.rs1 === 0 ? (pc + i.simm12 * ISA.INSN_BYTES) & (ISA.MEM_SIZE - 1) : null;
}

/** True when formatInstruction's text assembles back to exactly this word (and ext). */
export function isCanonical(word: number, ext: number | null): boolean {
  const i = decode(word);
  if (!i.info) return false;
  const form = FORMS[i.info.form];
  const used = new Set(form.fields);
  if ((["rd", "rs1", "rs2", "imm12"] as const).some((f) => !used.has(f) && i[f] !== 0)) return false;
  switch (i.info.form) {
    case "jump":
      return i.imm12 % ISA.INSN_BYTES === 0;
    case "call":
      return i.rs1 === 0;
    case "brk":
      return i.imm12 <= ISA.BRK_CODE_MASK;
    case "ldi32":
      return ext !== null;
    default:
      return true;
  }
}

/** The name of an SVC, e.g. TASK.UART_WRITE, if the spec has one. */
export function svcName(imm12: number): string | undefined {
  const mod = (imm12 >>> ISA.SVC_MOD_SHIFT) & ISA.SVC_MOD_MASK;
  const fn = imm12 & ISA.SVC_FN_MASK;
  const modName = (Object.keys(SvcModule) as (keyof typeof SvcModule)[]).find((k) => SvcModule[k] === mod);
  const f = SVC_FUNCTIONS.find((x) => x.module === modName && x.number === fn);
  return f ? `${f.module}.${f.name}` : undefined;
}

/** MVASM text of one instruction at `pc`; `ext` is the following word (LDI32's literal). */
export function formatInstruction(word: number, ext: number | null, pc: number, opts: FormatOptions = {}): string {
  const i = decode(word);
  if (!i.info) return `.word ${hex(word, 8)}`;
  const mn = i.info.mnemonic;
  const target = (addr: number, fallback: string) => opts.label?.(addr) ?? fallback;
  switch (i.info.form) {
    case "rrr":
      return `${mn} R${i.rd}, R${i.rs1}, R${i.rs2}`;
    case "rr":
      return `${mn} R${i.rd}, R${i.rs1}`;
    case "ri":
      return `${mn} R${i.rd}, ${i.simm12}`;
    case "load":
      return `${mn} R${i.rd}, ${mem(i.rs1, i.simm12)}`;
    case "store":
      return `${mn} ${mem(i.rs1, i.simm12)}, R${i.rs2}`;
    case "cmp":
      return `${mn} R${i.rs1}, R${i.rs2}`;
    case "jump":
      return `${mn} ${target(i.imm12, hex(i.imm12, 3))}`;
    case "call": {
      const t = callTarget(i, pc);
      if (t === null) return `${mn} R${i.rs1}, ${i.simm12}`; // register-based: no assembler syntax
      return `${mn} ${target(t, String(i.simm12))}`;
    }
    case "none":
      return mn;
    case "svc":
      return `${mn} MOD=${(i.imm12 >>> ISA.SVC_MOD_SHIFT) & ISA.SVC_MOD_MASK}, FN=${i.imm12 & ISA.SVC_FN_MASK}`;
    case "push":
      return `${mn} R${i.rs1}`;
    case "pop":
      return `${mn} R${i.rd}`;
    case "ldi32":
      return ext === null ? `${mn} R${i.rd}, ?` : `${mn} R${i.rd}, ${hex(ext, 8)}`;
    case "brk":
      return i.imm12 === 0 ? mn : `${mn} ${i.imm12}`;
  }
}
