/**
 * Pure flag arithmetic for the MiniVM (isa.rule.FLAGS_WRITE). Operands and results
 * are int32 (JS `| 0` values); each function returns the Z/C/N/V bits it defines.
 * Flag bit values come from the generated PswFlag.
 */
import { PswFlag } from "../../generated/ts/index.js";

const Z = PswFlag.Z;
const C = PswFlag.C;
const N = PswFlag.N;
const V = PswFlag.V;

/** The four flag bits every flag-setting instruction rewrites (or keeps explicitly). */
export const FLAG_MASK = Z | C | N | V;
export const FLAG_C = C;

const INT32_MAX = 0x7fffffff;
const INT32_MIN = -0x80000000;
const UINT32_MAX = 0xffffffff;

/** Z (result == 0) and N (bit 31). C and V are cleared: AND/OR/XOR/NOT/DIV. */
export function zn(r: number): number {
  return (r === 0 ? Z : 0) | (r < 0 ? N : 0);
}

/** isa.opcode.ADD: C = carry out of bit 31, V = signed overflow. */
export function addFlags(a: number, b: number, r: number): number {
  return zn(r) | ((r >>> 0) < (a >>> 0) ? C : 0) | (((a ^ r) & (b ^ r)) < 0 ? V : 0);
}

/** isa.opcode.SUB / CMP: C = no borrow (a >= b unsigned), V = signed overflow. */
export function subFlags(a: number, b: number, r: number): number {
  return zn(r) | ((a >>> 0) >= (b >>> 0) ? C : 0) | (((a ^ b) & (a ^ r)) < 0 ? V : 0);
}

/**
 * isa.opcode.MUL: C = V = (high 32 bits of the unsigned product != 0). The double
 * product is inexact above 2^53 but compares with 2^32 - 1 correctly (rounding is monotonic).
 */
export function mulFlags(a: number, b: number, r: number): number {
  return zn(r) | ((a >>> 0) * (b >>> 0) > UINT32_MAX ? C | V : 0);
}

/** isa.opcode.ADC: full carry and the true signed overflow of a + b + carry (R-ISA-ADC-V). */
export function adcFlags(a: number, b: number, cin: number, r: number): number {
  const s = a + b + cin;
  return zn(r) | ((a >>> 0) + (b >>> 0) + cin > UINT32_MAX ? C : 0) | (s > INT32_MAX || s < INT32_MIN ? V : 0);
}

/** isa.opcode.SBC: C = (a >= b + borrow) unsigned, V = the true signed overflow of a - b - borrow. */
export function sbcFlags(a: number, b: number, borrow: number, r: number): number {
  const s = a - b - borrow;
  return zn(r) | ((a >>> 0) - (b >>> 0) - borrow >= 0 ? C : 0) | (s > INT32_MAX || s < INT32_MIN ? V : 0);
}

/**
 * isa.rule.SHIFT_COUNT: Z/N of the result, V cleared, C = the last bit shifted out
 * (`out`, 0 or 1) when the count is nonzero, else the old C.
 */
export function shiftFlags(r: number, s: number, out: number, psw: number): number {
  return zn(r) | (s === 0 ? psw & C : out === 0 ? 0 : C);
}
