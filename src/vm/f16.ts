/**
 * IEEE 754 binary16 (f16) for the MiniVM's FADD..F2I.
 *
 * isa.rule.F16_ARITHMETIC: operands are decoded exactly, the result is computed
 * exactly and rounded once to binary16, round-to-nearest-even, subnormals kept,
 * overflow to infinity, every NaN result is 0x7E00.
 *
 * A JS double holds a+b, a-b and a*b of two f16 values exactly (they need at most
 * 41 significant bits), so rounding the double once is the single rounding the
 * spec asks for. a/b is already rounded once in double; f16Div corrects the only
 * case where that first rounding can change the second (a quotient that lands
 * exactly on an f16 midpoint).
 */

import { ISA } from "../../generated/ts/index.js";

/** The canonical NaN every NaN result becomes (sign and payload dropped). */
export const F16_NAN = ISA.F16_CANONICAL_NAN;
export const F16_POS_INF = 0x7c00;
export const F16_NEG_INF = 0xfc00;
const SIGN = 0x8000;
const EXP_MASK = 0x7c00;
const FRAC_MASK = 0x03ff;

/** 2^-24: the smallest subnormal and the spacing of the whole subnormal grid. */
const TWO_M24 = 2 ** -24;
const TWO_24 = 2 ** 24;
/** 2^-14: the smallest normal. */
const MIN_NORMAL = 2 ** -14;
/** 65504 + half an ulp: everything at or above rounds to infinity (ties go to the even "65536"). */
const OVERFLOW = 65520;

/** 2^e for e in -40..40, indexed by e + P (exact powers, no Math.pow rounding doubts). */
const P = 40;
const POW2 = new Float64Array(2 * P + 1);
for (let e = -P; e <= P; e++) POW2[e + P] = 2 ** e;

/** The exact value of a binary16 bit pattern (NaN for every NaN pattern). */
function decodeBits(h: number): number {
  const exp = (h & EXP_MASK) >>> 10;
  const frac = h & FRAC_MASK;
  let v: number;
  if (exp === 0) v = frac * TWO_M24; // subnormal or zero
  else if (exp === 31) v = frac === 0 ? Infinity : NaN;
  else v = (1024 + frac) * POW2[exp - 25 + P]!;
  return h & SIGN ? -v : v;
}

/** Every f16 pattern decoded once: the hot loop reads this table. */
const VALUES = new Float64Array(65536);
for (let h = 0; h < 65536; h++) VALUES[h] = decodeBits(h);

/** The value of the low 16 bits of `h`, as a double. */
export function f16ToNumber(h: number): number {
  return VALUES[h & 0xffff]!;
}

/** m >= 0 rounded to an integer, ties to even. m must be below 2^52. */
function roundHalfEven(m: number): number {
  let r = Math.floor(m);
  const d = m - r;
  if (d > 0.5 || (d === 0.5 && (r & 1) === 1)) r++;
  return r;
}

/** floor(log2(a)) for a normal f16 magnitude range 2^-14 <= a < 2^16, exactly. */
function exponentOf(a: number): number {
  let e = Math.floor(Math.log2(a));
  // Math.log2 may be off by one next to a power of two; the table is exact.
  if (e > 15) e = 15;
  if (e < -14) e = -14;
  while (POW2[e + P]! > a) e--;
  while (e < 15 && POW2[e + 1 + P]! <= a) e++;
  return e;
}

/** Round a double to the nearest binary16 (ties to even). */
export function f16FromNumber(x: number): number {
  if (x !== x) return F16_NAN;
  let sign = 0;
  if (x < 0 || (x === 0 && 1 / x < 0)) {
    sign = SIGN;
    x = -x;
  }
  if (x >= OVERFLOW) return sign | F16_POS_INF;
  // Subnormal grid: multiples of 2^-24. A result of 1024 is the smallest normal 0x0400.
  if (x < MIN_NORMAL) return sign | roundHalfEven(x * TWO_24);
  const e = exponentOf(x);
  const r = roundHalfEven(x * POW2[10 - e + P]!); // 1024..2048, exact scaling
  // r == 2048 carries into the exponent field by itself.
  return sign | (((e + 15) << 10) + (r - 1024));
}

/** FADD: isa.opcode.FADD (exact sum, one rounding). */
export function f16Add(a: number, b: number): number {
  return f16FromNumber(VALUES[a & 0xffff]! + VALUES[b & 0xffff]!);
}

/** FSUB: isa.opcode.FSUB. */
export function f16Sub(a: number, b: number): number {
  return f16FromNumber(VALUES[a & 0xffff]! - VALUES[b & 0xffff]!);
}

/** FMUL: isa.opcode.FMUL (a 22-bit product, exact in double). */
export function f16Mul(a: number, b: number): number {
  return f16FromNumber(VALUES[a & 0xffff]! * VALUES[b & 0xffff]!);
}

/**
 * FDIV: isa.opcode.FDIV, correctly rounded. IEEE division by zero gives a signed
 * infinity, 0/0 and inf/inf NaN (R-ISA-FDIV-ZERO); JS division does exactly that.
 */
export function f16Div(a: number, b: number): number {
  const x = VALUES[a & 0xffff]!;
  const y = VALUES[b & 0xffff]!;
  const q = x / y;
  const h = f16FromNumber(q);
  const aq = Math.abs(q);
  if (!(aq > 0 && aq < Infinity) || !(Math.abs(y) < Infinity)) return h;
  // Spacing of the f16 grid around |q| (subnormals share the 2^-24 grid).
  const ulp = aq < MIN_NORMAL ? TWO_M24 : POW2[exponentOf(aq) - 10 + P]!;
  const u = aq / ulp; // exact: a power-of-two scaling
  if (u - Math.floor(u) !== 0.5) return h; // not a midpoint: double rounding is harmless
  // q sits exactly on a midpoint; compare the true quotient with it. aq*|y| has at
  // most 12 + 11 significant bits, so the product is exact.
  const prod = aq * Math.abs(y);
  const ax = Math.abs(x);
  if (ax === prod) return h; // a true tie: h is already the even neighbour
  const lower = Math.floor(u) * ulp;
  const m = ax > prod ? lower + ulp : lower;
  return f16FromNumber(q < 0 ? -m : m);
}

/** I2F: isa.opcode.I2F, signed int32 to f16 (exact in double, one rounding). */
export function f16FromInt32(i: number): number {
  return f16FromNumber(i | 0);
}

/** F2I: isa.opcode.F2I, truncation toward 0; NaN gives 0, infinities saturate (R-ISA-F2I-SAT). */
export function f16ToInt32(h: number): number {
  const v = VALUES[h & 0xffff]!;
  if (v !== v) return 0;
  if (v === Infinity) return 0x7fffffff;
  if (v === -Infinity) return -0x80000000;
  return v | 0; // |v| <= 65504: ToInt32 truncates toward zero
}
