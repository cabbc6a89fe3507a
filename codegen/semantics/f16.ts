/**
 * IEEE 754 binary16 by exact rational arithmetic (BigInt), for the spec evaluator.
 * Deliberately independent of the reference VM's float code: the two readings of
 * the spec meet only in the conformance vectors.
 */

export const F16_NAN = 0x7e00;
const INF = 0x7c00;

type Value = { kind: "nan" } | { kind: "inf"; neg: boolean } | { kind: "finite"; neg: boolean; num: bigint; den: bigint };

function decode(h: number): Value {
  const neg = (h & 0x8000) !== 0;
  const exp = (h >> 10) & 0x1f;
  const frac = BigInt(h & 0x3ff);
  if (exp === 31) return frac === 0n ? { kind: "inf", neg } : { kind: "nan" };
  // value = frac * 2^-24 (subnormal) or (1024 + frac) * 2^(exp - 25)
  if (exp === 0) return { kind: "finite", neg, num: frac, den: 1n << 24n };
  const e = exp - 25;
  const m = 1024n + frac;
  return e >= 0 ? { kind: "finite", neg, num: m << BigInt(e), den: 1n } : { kind: "finite", neg, num: m, den: 1n << BigInt(-e) };
}

/** Round |num/den| to the nearest integer, ties to even. */
function roundHalfEven(num: bigint, den: bigint): bigint {
  const q = num / den;
  const r2 = 2n * (num - q * den);
  if (r2 > den || (r2 === den && (q & 1n) === 1n)) return q + 1n;
  return q;
}

/** Encode an exact rational (sign separate, num >= 0) as binary16 with one rounding. */
function encode(neg: boolean, num: bigint, den: bigint): number {
  const sign = neg ? 0x8000 : 0;
  if (num === 0n) return sign;
  // Find e with 2^e <= num/den < 2^(e+1).
  let e = num.toString(2).length - den.toString(2).length;
  const ge = (k: number) => (k >= 0 ? num >= den << BigInt(k) : num << BigInt(-k) >= den);
  while (!ge(e)) e--;
  while (ge(e + 1)) e++;
  if (e < -14) {
    // subnormal (or rounds up to the smallest normal, which is the same encoding step)
    const m = roundHalfEven(num << 24n, den);
    return sign | Number(m);
  }
  // significand in [1024, 2048): num/den * 2^(10 - e)
  const shift = 10 - e;
  let f = shift >= 0 ? roundHalfEven(num << BigInt(shift), den) : roundHalfEven(num, den << BigInt(-shift));
  if (f === 2048n) {
    f = 1024n;
    e++;
  }
  if (e + 15 >= 31) return sign | INF;
  return sign | ((e + 15) << 10) | Number(f - 1024n);
}

function exact(neg: boolean, num: bigint, den: bigint): number {
  return encode(neg, num < 0n ? -num : num, den);
}

export function f16Add(a: number, b: number): number {
  const x = decode(a);
  const y = decode(b);
  if (x.kind === "nan" || y.kind === "nan") return F16_NAN;
  if (x.kind === "inf" && y.kind === "inf") return x.neg === y.neg ? a : F16_NAN;
  if (x.kind === "inf") return a;
  if (y.kind === "inf") return b;
  const sx = x.neg ? -x.num : x.num;
  const sy = y.neg ? -y.num : y.num;
  const num = sx * y.den + sy * x.den;
  const den = x.den * y.den;
  // An exact zero sum is +0 under round-to-nearest, unless both operands are -0.
  if (num === 0n) return x.neg && y.neg ? 0x8000 : 0;
  return exact(num < 0n, num, den);
}

export function f16Sub(a: number, b: number): number {
  return f16Add(a, decode(b).kind === "nan" ? b : b ^ 0x8000);
}

export function f16Mul(a: number, b: number): number {
  const x = decode(a);
  const y = decode(b);
  if (x.kind === "nan" || y.kind === "nan") return F16_NAN;
  const neg = (x.kind === "inf" || x.kind === "finite" ? x.neg : false) !== (y.kind === "inf" || y.kind === "finite" ? y.neg : false);
  const isZero = (v: Value) => v.kind === "finite" && v.num === 0n;
  if (x.kind === "inf" || y.kind === "inf") return isZero(x) || isZero(y) ? F16_NAN : (neg ? 0x8000 : 0) | INF;
  if (x.kind !== "finite" || y.kind !== "finite") return F16_NAN;
  return encode(neg, x.num * y.num, x.den * y.den);
}

export function f16Div(a: number, b: number): number {
  const x = decode(a);
  const y = decode(b);
  if (x.kind === "nan" || y.kind === "nan") return F16_NAN;
  const neg = x.neg !== y.neg;
  const sign = neg ? 0x8000 : 0;
  if (x.kind === "inf") return y.kind === "inf" ? F16_NAN : sign | INF;
  if (y.kind === "inf") return sign;
  if (y.num === 0n) return x.num === 0n ? F16_NAN : sign | INF;
  return encode(neg, x.num * y.den, x.den * y.num);
}

export function f16FromInt(v: bigint): number {
  return exact(v < 0n, v, 1n);
}

/** Truncate toward zero; NaN gives 0, infinities saturate to the int32 range. */
export function f16ToInt(h: number): bigint {
  const x = decode(h);
  if (x.kind === "nan") return 0n;
  if (x.kind === "inf") return x.neg ? -0x80000000n : 0x7fffffffn;
  const q = x.num / x.den;
  return x.neg ? -q : q;
}
