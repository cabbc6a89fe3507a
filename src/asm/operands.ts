/** Operand forms of MVASM (hsx-isa-hxe §6.3): registers, numbers, symbols, [Rn+off]. */
import { INSN_FIELDS, ISA } from "../../generated/ts/index.js";
import { AsmError, type SourcePos } from "./errors.js";
import { decodeEscapes, SYMBOL_RE, type Token } from "./lexer.js";

export type RefKind = "symbol" | "lo16" | "hi16" | "off16";

export interface SymRef {
  readonly kind: RefKind;
  readonly name: string;
}

export type Value = { readonly kind: "num"; readonly value: number } | { readonly kind: "sym"; readonly ref: SymRef };

export type PosFn = (col: number) => SourcePos;

/** The signed reading of imm12 (LDI, offsets, CALL deltas): -2048..2047, from the field width. */
export const IMM12_MIN = -(2 ** (INSN_FIELDS.imm12.width - 1));
export const IMM12_MAX = 2 ** (INSN_FIELDS.imm12.width - 1) - 1;
/** The unsigned reading (JMP/JZ/JNZ targets, SVC numbers): 0..0xFFF. */
export const UIMM12_MAX = INSN_FIELDS.imm12.mask;

const NUMBER_RE = /^([+-]?)(0[xX][0-9a-fA-F](?:_?[0-9a-fA-F])*|0[bB][01](?:_?[01])*|[0-9](?:_?[0-9])*)$/;
const REF_RE = /^(lo16|hi16|off16)\(\s*([^()\s]+)\s*\)$/i;
const REGISTER_RE = /^[rR]([0-9]+)$/;

/**
 * A numeric literal: decimal, 0x.., 0b.. (sign and `_` separators allowed) or a
 * character literal 'c' (escapes allowed). Returns null when `text` is not one.
 */
export function parseNumber(text: string, pos: SourcePos): number | null {
  const m = NUMBER_RE.exec(text);
  if (m) {
    const digits = m[2]!.replace(/_/g, "");
    const v = Number(BigInt(digits)); // BigInt reads 0x/0b prefixes; huge values stay huge and fail range checks
    return m[1] === "-" ? -v : v;
  }
  if (text.length >= 3 && text[0] === "'" && text[text.length - 1] === "'") {
    const body = text.slice(1, -1);
    if (body.length === 1 || (body.length === 2 && body.codePointAt(0)! > 0xffff)) return body.codePointAt(0)!;
    const bytes = decodeEscapes(body, () => pos);
    if (body[0] === "\\" && bytes.length === 1) return bytes[0]!;
    throw new AsmError("SYNTAX", pos, `invalid character literal ${text}`);
  }
  return null;
}

/** A number or a symbol reference (name, lo16(name), hi16(name), off16(name)). */
export function parseValue(tok: Token, pos: PosFn, what: string): Value {
  const n = parseNumber(tok.text, pos(tok.col));
  if (n !== null) return { kind: "num", value: n };
  const m = REF_RE.exec(tok.text);
  if (m) {
    if (!SYMBOL_RE.test(m[2]!)) throw new AsmError("SYNTAX", pos(tok.col), `invalid symbol name in ${tok.text}`);
    return { kind: "sym", ref: { kind: m[1]!.toLowerCase() as RefKind, name: m[2]! } };
  }
  if (SYMBOL_RE.test(tok.text)) return { kind: "sym", ref: { kind: "symbol", name: tok.text } };
  throw new AsmError("BAD_OPERAND", pos(tok.col), `expected ${what}, got "${tok.text}"`);
}

/** R0..R15 (case-insensitive; no SP/FP/LR aliases). */
export function parseRegister(tok: Token, pos: PosFn): number {
  const m = REGISTER_RE.exec(tok.text);
  const n = m ? Number(m[1]) : -1;
  if (!m || n >= ISA.REGISTER_COUNT || String(n) !== m[1]) throw new AsmError("BAD_REGISTER", pos(tok.col), `expected a register R0..R${ISA.REGISTER_COUNT - 1}, got "${tok.text}"`);
  return n;
}

/** [Rn], [Rn+X], [Rn-X], [Rn+-X] with X a number or a symbol reference (spaces allowed inside). */
export function parseMemory(tok: Token, pos: PosFn): { base: number; offset: Value } {
  const m = /^\[\s*([^\s+\-\]]+)\s*(?:([+-])\s*(.*?))?\s*\]$/.exec(tok.text);
  if (!m) throw new AsmError("BAD_OPERAND", pos(tok.col), `expected a memory operand [Rn+offset], got "${tok.text}"`);
  const base = parseRegister({ text: m[1]!, col: tok.col + tok.text.indexOf(m[1]!) }, pos);
  if (m[2] === undefined) return { base, offset: { kind: "num", value: 0 } };
  if (m[3] === "") throw new AsmError("SYNTAX", pos(tok.col + tok.text.length - 1), "missing offset after the sign");
  const offCol = tok.col + tok.text.lastIndexOf(m[3]!);
  const offset = parseValue({ text: m[3]!, col: offCol }, pos, "an offset");
  if (m[2] === "+") return { base, offset };
  if (offset.kind === "sym") throw new AsmError("BAD_OPERAND", pos(offCol), "a symbolic offset cannot be negated");
  return { base, offset: { kind: "num", value: -offset.value } };
}

/** Check a number against [min, max]; IMM_RANGE otherwise (never wrapped). */
export function inRange(v: number, min: number, max: number, pos: SourcePos, what: string): number {
  if (!Number.isSafeInteger(v) || v < min || v > max) throw new AsmError("IMM_RANGE", pos, `${what} ${v} outside ${min}..${max}`);
  return v;
}
