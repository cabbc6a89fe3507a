// isa.rule.F16_ARITHMETIC, R-ISA-F16-RNE, R-ISA-FDIV-ZERO, R-ISA-F2I-SAT
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { f16Add, f16Div, f16FromInt32, f16FromNumber, f16Mul, f16Sub, f16ToInt32, f16ToNumber } from "../../src/vm/index.js";
import { f16Units, isFiniteF16, nextDown, nextUp, oracleFromDouble, roundRational } from "./f16-oracle.js";

/** Decoding from the IEEE formula with BigInt, independent of the implementation's table. */
function oracleDecode(h: number): number {
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  const neg = (h & 0x8000) !== 0;
  if (exp === 31) return frac === 0 ? (neg ? -Infinity : Infinity) : NaN;
  const [, units] = f16Units(h);
  const v = Number(units) / 2 ** 24; // exact: units < 2^41, divisor a power of two
  return neg ? -v : v;
}

describe("f16 decode (exhaustive)", () => {
  it("decodes all 65,536 patterns exactly, including subnormals, signed zeros, infinities and NaNs", () => {
    for (let h = 0; h < 0x10000; h++) {
      const want = oracleDecode(h);
      const got = f16ToNumber(h);
      if (Number.isNaN(want)) expect(Number.isNaN(got), `pattern 0x${h.toString(16)}`).toBe(true);
      else if (!Object.is(got, want)) expect.fail(`pattern 0x${h.toString(16)}: got ${got}, want ${want}`);
    }
  });
  it("ignores bits above the low half", () => {
    expect(f16ToNumber(0x12343c00)).toBe(1);
  });
});

describe("f16 encode against the exact oracle", () => {
  it("rounds every f16 value, every midpoint and their neighbouring doubles like the oracle", () => {
    let checked = 0;
    for (let h = 0; h < 0x7c00; h++) {
      const v = f16ToNumber(h);
      const next = h + 1 === 0x7c00 ? 65536 : f16ToNumber(h + 1); // 2^16: the overflow neighbour
      const mid = (v + next) / 2; // exact in double
      for (const x of [v, mid, nextUp(mid), nextDown(mid), nextUp(v), h > 0 ? nextDown(v) : v]) {
        for (const s of [x, -x]) {
          const got = f16FromNumber(s);
          const want = oracleFromDouble(s);
          if (got !== want) expect.fail(`f16FromNumber(${s}) = 0x${got.toString(16)}, oracle 0x${want.toString(16)}`);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(370_000);
  });

  it("rounds random doubles like the oracle (fixed seed)", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (x) => f16FromNumber(x) === oracleFromDouble(x)),
      { seed: 0x5eed16, numRuns: 50_000 },
    );
    // Doubles spread over the f16 range in particular.
    fc.assert(
      fc.property(fc.double({ min: -70000, max: 70000, noNaN: true }), (x) => f16FromNumber(x) === oracleFromDouble(x)),
      { seed: 0x16f16, numRuns: 50_000 },
    );
  });

  it("has the spec's special cases", () => {
    expect(f16FromNumber(NaN)).toBe(0x7e00);
    expect(f16FromNumber(-NaN)).toBe(0x7e00);
    expect(f16FromNumber(Infinity)).toBe(0x7c00);
    expect(f16FromNumber(-Infinity)).toBe(0xfc00);
    expect(f16FromNumber(-0)).toBe(0x8000);
    expect(f16FromNumber(65519.99)).toBe(0x7bff);
    expect(f16FromNumber(65520)).toBe(0x7c00);
    // No clamp below 2^-14 (R-ISA-F16-RNE): IEEE rounds this up to the smallest normal.
    expect(f16FromNumber(2 ** -14 - 2 ** -26)).toBe(0x0400);
    expect(f16FromNumber(2 ** -25)).toBe(0x0000); // tie to even (0)
    expect(f16FromNumber(3 * 2 ** -25)).toBe(0x0002); // tie to even (2)
  });
});

function oracleOp(a: number, b: number, op: "add" | "sub" | "mul" | "div"): number {
  const [na, ua] = f16Units(a);
  const [nb, ub] = f16Units(b);
  const sa = na ? -ua : ua;
  const sb = nb ? -ub : ub;
  if (op === "div") {
    // (sa * 2^-24) / (sb * 2^-24) = sa / sb, carried with 2^24 units inside roundRational.
    const neg = na !== nb; // BigInt has no -0, so take the signs from the patterns
    const num = (sa < 0n ? -sa : sa);
    const den = sb < 0n ? -sb : sb;
    if (num === 0n) return neg ? 0x8000 : 0;
    return roundRational(neg, num, den);
  }
  // Sum/difference/product as an exact rational in 2^-24 (or 2^-48) units.
  let num: bigint;
  let den: bigint;
  if (op === "mul") {
    num = sa * sb;
    den = 1n << 48n;
  } else {
    num = op === "add" ? sa + sb : sa - sb;
    den = 1n << 24n;
  }
  if (num === 0n) {
    // IEEE signed zero: x + (-x) = +0; (-0) + (-0) = -0; products carry the xor of the signs.
    if (op === "mul") return na !== nb ? 0x8000 : 0;
    const negA = na;
    const negB = op === "add" ? nb : !nb;
    return ua === 0n && ub === 0n && negA && negB ? 0x8000 : 0;
  }
  return roundRational(num < 0n, num < 0n ? -num : num, den);
}

const finiteF16 = fc.integer({ min: 0, max: 0xffff }).filter(isFiniteF16);

describe("FADD/FSUB/FMUL/FDIV round once (fixed seeds)", () => {
  for (const [name, fn, op] of [
    ["FADD", f16Add, "add"],
    ["FSUB", f16Sub, "sub"],
    ["FMUL", f16Mul, "mul"],
  ] as const) {
    it(`${name} matches the exact oracle on random finite operands`, () => {
      fc.assert(
        fc.property(finiteF16, finiteF16, (a, b) => fn(a, b) === oracleOp(a, b, op)),
        { seed: 0xadd + name.length, numRuns: 40_000 },
      );
    });
  }

  it("FDIV matches the exact oracle on random finite operands with a nonzero divisor", () => {
    fc.assert(
      fc.property(
        finiteF16,
        finiteF16.filter((b) => (b & 0x7fff) !== 0),
        (a, b) => f16Div(a, b) === oracleOp(a, b, "div"),
      ),
      { seed: 0xd1f, numRuns: 60_000 },
    );
  });

  it("FDIV is correctly rounded where the double quotient lands exactly on an f16 midpoint", () => {
    // Quotients on the subnormal grid's midpoints: odd multiples of 2^-25. Every
    // dividend against divisors that produce many of them.
    let midpoints = 0;
    for (let a = 1; a < 0x7c00; a += 3) {
      for (const b of [0x4000, 0x4200, 0x4400, 0x4600, 0x5640, 0x6400, 0x7bff, 0x3c01]) {
        const q = f16ToNumber(a) / f16ToNumber(b);
        const scaled = q * 2 ** 25; // exact: a power-of-two scaling
        if (Number.isInteger(scaled) && scaled % 2 === 1 && q < 2 ** -14) midpoints++;
        const want = oracleOp(a, b, "div");
        if (f16Div(a, b) !== want) expect.fail(`FDIV 0x${a.toString(16)} / 0x${b.toString(16)}`);
      }
    }
    expect(midpoints).toBeGreaterThan(100);
  });

  it("FDIV by zero follows IEEE (R-ISA-FDIV-ZERO)", () => {
    expect(f16Div(0x3c00, 0x0000)).toBe(0x7c00); // 1 / +0 = +inf
    expect(f16Div(0x3c00, 0x8000)).toBe(0xfc00); // 1 / -0 = -inf
    expect(f16Div(0xbc00, 0x8000)).toBe(0x7c00); // -1 / -0 = +inf
    expect(f16Div(0x0000, 0x0000)).toBe(0x7e00); // 0/0 = NaN
    expect(f16Div(0x7c00, 0x0000)).toBe(0x7c00); // inf / 0 = inf
    expect(f16Div(0x7c00, 0x7c00)).toBe(0x7e00); // inf / inf = NaN
    expect(f16Div(0x3c00, 0x7c00)).toBe(0x0000); // 1 / inf = 0
  });

  it("has the prototype's verified special results where the spec agrees", () => {
    expect(f16Add(0x7c00, 0xfc00)).toBe(0x7e00); // inf + -inf = NaN
    expect(f16Add(0x7bff, 0x7bff)).toBe(0x7c00); // 65504 + 65504 overflows
    expect(f16Add(0x7e01, 0x3c00)).toBe(0x7e00); // any NaN result is 0x7E00
    expect(f16Mul(0xfe00, 0x3c00)).toBe(0x7e00); // NaN sign dropped
  });
});

describe("I2F and F2I", () => {
  it("I2F rounds int32 to nearest even (isa.opcode.I2F)", () => {
    expect(f16FromInt32(2049)).toBe(0x6800);
    expect(f16FromInt32(2051)).toBe(0x6802);
    expect(f16FromInt32(100000)).toBe(0x7c00);
    expect(f16FromInt32(-1)).toBe(0xbc00);
    expect(f16FromInt32(0)).toBe(0);
    expect(f16FromInt32(0xffffffff)).toBe(0xbc00); // the register's bits read as int32
    fc.assert(
      fc.property(fc.integer({ min: -0x80000000, max: 0x7fffffff }), (i) => f16FromInt32(i) === roundRational(i < 0, BigInt(Math.abs(i)), 1n)),
      { seed: 0x12f, numRuns: 20_000 },
    );
  });

  it("F2I truncates toward zero and saturates (R-ISA-F2I-SAT)", () => {
    expect(f16ToInt32(f16FromNumber(-2.5)) >>> 0).toBe(0xfffffffe);
    expect(f16ToInt32(0x7bff)).toBe(65504);
    expect(f16ToInt32(0x7e00)).toBe(0); // NaN
    expect(f16ToInt32(0x7c00) >>> 0).toBe(0x7fffffff);
    expect(f16ToInt32(0xfc00) >>> 0).toBe(0x80000000);
    expect(f16ToInt32(0x3bff)).toBe(0); // 0.99951171875
    for (let h = 0; h < 0x10000; h++) {
      const v = f16ToNumber(h);
      if (Number.isFinite(v) && f16ToInt32(h) !== Math.trunc(v)) expect.fail(`F2I 0x${h.toString(16)}`);
    }
  });
});
