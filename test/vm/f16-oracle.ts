/**
 * An exact binary16 rounding oracle, independent of src/vm/f16.ts: BigInt rationals,
 * a table of every finite f16 value in units of 2^-24 and a binary search, ties to even.
 */

const UNIT_SHIFT = 24n; // every finite f16 is an integer number of 2^-24 units

/** k(h): the magnitude of positive pattern h (0..0x7C00) in 2^-24 units; 0x7C00 stands for 2^16 (the overflow neighbour). */
const UNITS: bigint[] = [];
for (let h = 0; h <= 0x7c00; h++) {
  const exp = h >> 10;
  const frac = BigInt(h & 0x3ff);
  UNITS.push(exp === 0 ? frac : (1024n + frac) << BigInt(exp - 1));
}

/** Nearest-even binary16 pattern of sign * num / den (num >= 0, den > 0). */
export function roundRational(negative: boolean, num: bigint, den: bigint): number {
  const sign = negative ? 0x8000 : 0;
  const target = num << UNIT_SHIFT; // compare k*den with target
  let lo = 0;
  let hi = 0x7c00;
  if (UNITS[hi]! * den <= target) return sign | 0x7c00; // >= 2^16: infinity
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (UNITS[mid]! * den <= target) lo = mid;
    else hi = mid;
  }
  if (UNITS[lo]! * den === target) return sign | lo;
  const twice = 2n * target;
  const sum = (UNITS[lo]! + UNITS[hi]!) * den;
  if (twice < sum) return sign | lo;
  if (twice > sum) return sign | hi;
  return sign | (lo % 2 === 0 ? lo : hi);
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** The exact rational value of a finite double: [negative, num, den]. */
export function doubleToRational(x: number): [boolean, bigint, bigint] {
  f64[0] = x;
  const bits = u64[0]!;
  const negative = bits >> 63n === 1n;
  const exp = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const mant = exp === 0 ? frac : frac | (1n << 52n);
  const e = (exp === 0 ? 1 : exp) - 1075; // value = mant * 2^e
  return e >= 0 ? [negative, mant << BigInt(e), 1n] : [negative, mant, 1n << BigInt(-e)];
}

/** Oracle f16 encoding of a double (NaN → 0x7E00). */
export function oracleFromDouble(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  if (x === Infinity) return 0x7c00;
  if (x === -Infinity) return 0xfc00;
  const [neg, num, den] = doubleToRational(x);
  return roundRational(neg, num, den);
}

/** The exact value of a finite f16 pattern as [negative, units of 2^-24]. */
export function f16Units(h: number): [boolean, bigint] {
  return [(h & 0x8000) !== 0, UNITS[h & 0x7fff]!];
}

export function isFiniteF16(h: number): boolean {
  return (h & 0x7c00) !== 0x7c00;
}

/** Adjacent doubles. */
export function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  f64[0] = x;
  u64[0] = x > 0 ? u64[0]! + 1n : u64[0]! - 1n;
  return f64[0]!;
}

export function nextDown(x: number): number {
  return -nextUp(-x);
}
