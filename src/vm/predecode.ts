/**
 * Pre-decoding of the code store (isa.rule.FETCH). Code is immutable and separate
 * from data (isa.rule.DATA_LITTLE_ENDIAN: Harvard layout), so every aligned word is
 * decoded once into two int32 slots:
 *
 *   slot 0: handler id | rd << 8 | rs1 << 12 | rs2 << 16
 *   slot 1: the operand the handler needs: sext(imm12), imm12, or the LDI32 literal
 *
 * Handler ids are a dense internal numbering (not an ABI number) so the interpreter
 * switch compiles to a jump table; the map from opcode bytes to ids is built from the
 * generated opcode table. An unaligned pc takes the slow path, decodeAt.
 */
import { INSN_FIELDS, ISA, OPCODES, type Mnemonic } from "../../generated/ts/index.js";

/** Interpreter handler ids. ILLEGAL is 0 so untouched table bytes are illegal. */
export const enum H {
  ILLEGAL,
  LDI, LD, ST, MOV, LDB, LDH, STB, STH,
  ADD, SUB, MUL, DIV, AND, OR, XOR, NOT, CMP,
  JMP, JZ, JNZ, CALL, RET, SVC,
  LSL, LSR, ASR, ADC, SBC,
  PUSH, POP,
  FADD, FSUB, FMUL, FDIV, I2F, F2I,
  LDI32, BRK,
  /** LDI32 whose extension word lies past the end of code: PC_FAULT (isa.opcode.LDI32). */
  LDI32_CUT,
}

const BY_MNEMONIC: Record<Mnemonic, H> = {
  LDI: H.LDI, LD: H.LD, ST: H.ST, MOV: H.MOV, LDB: H.LDB, LDH: H.LDH, STB: H.STB, STH: H.STH,
  ADD: H.ADD, SUB: H.SUB, MUL: H.MUL, DIV: H.DIV, AND: H.AND, OR: H.OR, XOR: H.XOR, NOT: H.NOT, CMP: H.CMP,
  JMP: H.JMP, JZ: H.JZ, JNZ: H.JNZ, CALL: H.CALL, RET: H.RET, SVC: H.SVC,
  LSL: H.LSL, LSR: H.LSR, ASR: H.ASR, ADC: H.ADC, SBC: H.SBC,
  PUSH: H.PUSH, POP: H.POP,
  FADD: H.FADD, FSUB: H.FSUB, FMUL: H.FMUL, FDIV: H.FDIV, I2F: H.I2F, F2I: H.F2I,
  LDI32: H.LDI32, BRK: H.BRK,
};

/** Handler id per opcode byte, and whether its immediate is read signed. */
const HANDLER = new Uint8Array(256);
const SIGNED = new Uint8Array(256);
for (const o of OPCODES) {
  HANDLER[o.value] = BY_MNEMONIC[o.mnemonic];
  SIGNED[o.value] = o.form === "ri" || o.form === "load" || o.form === "store" || o.form === "call" ? 1 : 0;
}

const F = INSN_FIELDS;
const INSN = ISA.INSN_BYTES;

/** Big-endian word at any byte offset (the caller checks bounds). */
export function be32(code: Uint8Array, at: number): number {
  return ((code[at]! << 24) | (code[at + 1]! << 16) | (code[at + 2]! << 8) | code[at + 3]!) | 0;
}

/**
 * Decode `word` (with `ext`, the following word, when `hasExt`) into out[0..1].
 * LDI32 without its extension word becomes LDI32_CUT.
 */
function decodeWord(word: number, ext: number, hasExt: boolean, out: Int32Array, at: number): void {
  const op = (word >>> F.op.shift) & F.op.mask;
  let h: number = HANDLER[op]!;
  const imm = (word >>> F.imm12.shift) & F.imm12.mask;
  let operand = SIGNED[op] ? (imm << 20) >> 20 : imm;
  if (h === H.LDI32) {
    if (hasExt) operand = ext;
    else h = H.LDI32_CUT;
  }
  out[at] = h | (((word >>> F.rd.shift) & F.rd.mask) << 8) | (((word >>> F.rs1.shift) & F.rs1.mask) << 12) | (((word >>> F.rs2.shift) & F.rs2.mask) << 16);
  out[at + 1] = operand;
}

/** Decode every aligned word of `code` once: two slots per word. */
export function predecode(code: Uint8Array): Int32Array {
  const n = Math.floor(code.length / INSN);
  const dec = new Int32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const hasExt = i + 1 < n;
    decodeWord(be32(code, i * INSN), hasExt ? be32(code, (i + 1) * INSN) : 0, hasExt, dec, i * 2);
  }
  return dec;
}

/**
 * Slow path for a pc that is not word aligned (the PC is not checked for alignment):
 * decode into out[0..1]. Returns false when the word itself lies outside code (PC_FAULT).
 */
export function decodeAt(code: Uint8Array, pc: number, out: Int32Array): boolean {
  if (pc + INSN > code.length) return false;
  const hasExt = pc + 2 * INSN <= code.length;
  decodeWord(be32(code, pc), hasExt ? be32(code, pc + INSN) : 0, hasExt, out, 0);
  return true;
}
