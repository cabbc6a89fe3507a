import { f16Add, f16Div, f16FromInt, f16Mul, f16Sub, f16ToInt } from "./f16.js";
import type { Expr, Stmt, Target } from "./lang.js";

const M32 = (1n << 32n) - 1n;

/** Machine state before one instruction, as the semantics language sees it. */
export interface SemInput {
  regs: readonly bigint[];
  pc: bigint;
  sp: bigint;
  limit: bigint;
  depth: bigint;
  codeLen: bigint;
  ext: bigint;
  flags: { Z: bigint; C: bigint; N: bigint; V: bigint };
  fields: { rd: number; rs1: number; rs2: number; imm12: number };
  /** Byte of data memory (address 0..0xFFFF). */
  mem(addr: number): number;
}

/** What one instruction did; nothing is applied to any state here. */
export interface SemOutput {
  kind: "ok" | "fault" | "stop";
  /** Fault or stop name. */
  name: string | null;
  regs: Map<number, bigint>;
  mem: Map<number, number>;
  pc: bigint | null;
  sp: bigint | null;
  depth: bigint | null;
  flags: Map<string, bigint>;
}

export class SemEvalError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
    this.name = "SemEvalError";
  }
}

const FLAGS = new Set(["Z", "C", "N", "V"]);

function u(x: bigint, bits: number): bigint {
  const m = (1n << BigInt(bits)) - 1n;
  return x & m;
}

function s32(x: bigint): bigint {
  const v = x & M32;
  return v >= 0x80000000n ? v - (1n << 32n) : v;
}

function b(v: boolean): bigint {
  return v ? 1n : 0n;
}

function truncDiv(l: bigint, r: bigint, at: number): bigint {
  if (r === 0n) throw new SemEvalError("division by zero in semantics", at);
  return l / r; // BigInt division truncates toward zero
}

/** Evaluate one semantics program. Reads see the state before the instruction. */
export function evalSem(prog: readonly Stmt[], input: SemInput): SemOutput {
  const out: SemOutput = { kind: "ok", name: null, regs: new Map(), mem: new Map(), pc: null, sp: null, depth: null, flags: new Map() };
  const locals = new Map<string, bigint>();
  const { fields } = input;
  const reg = (i: bigint, at: number): bigint => {
    if (i < 0n || i > 15n) throw new SemEvalError(`register index ${i} out of range`, at);
    return input.regs[Number(i)]!;
  };
  const readMem = (addr: bigint, bytes: number, at: number): bigint => {
    if (addr < 0n || addr + BigInt(bytes) > 0x10000n) throw new SemEvalError(`memory read of ${bytes} at ${addr} outside 0..0xFFFF`, at);
    let v = 0n;
    for (let i = bytes - 1; i >= 0; i--) v = (v << 8n) | BigInt(input.mem(Number(addr) + i));
    return v;
  };
  const inputs: Record<string, () => bigint> = {
    a: () => input.regs[fields.rs1]!,
    b: () => input.regs[fields.rs2]!,
    d: () => input.regs[fields.rd]!,
    imm: () => BigInt(fields.imm12 & 0x800 ? fields.imm12 - 0x1000 : fields.imm12),
    uimm: () => BigInt(fields.imm12),
    rd: () => BigInt(fields.rd),
    rs1: () => BigInt(fields.rs1),
    rs2: () => BigInt(fields.rs2),
    PC: () => input.pc,
    SP: () => input.sp,
    LIMIT: () => input.limit,
    DEPTH: () => input.depth,
    CODE_LEN: () => input.codeLen,
    EXT: () => input.ext,
    Z: () => input.flags.Z,
    C: () => input.flags.C,
    N: () => input.flags.N,
    V: () => input.flags.V,
  };
  const fns: Record<string, (args: bigint[], at: number) => bigint> = {
    u32: ([x]) => u(x!, 32),
    u16: ([x]) => u(x!, 16),
    u8: ([x]) => u(x!, 8),
    s32: ([x]) => s32(x!),
    bit: ([x, n]) => (n! < 0n ? 0n : (x! >> n!) & 1n),
    m8: ([e], at) => readMem(e!, 1, at),
    m16: ([e], at) => readMem(e!, 2, at),
    m32: ([e], at) => readMem(e!, 4, at),
    f16_add: ([x, y]) => BigInt(f16Add(Number(x), Number(y))),
    f16_sub: ([x, y]) => BigInt(f16Sub(Number(x), Number(y))),
    f16_mul: ([x, y]) => BigInt(f16Mul(Number(x), Number(y))),
    f16_div: ([x, y]) => BigInt(f16Div(Number(x), Number(y))),
    f16_from_int: ([x]) => BigInt(f16FromInt(x!)),
    f16_to_int: ([x]) => f16ToInt(Number(x)),
  };

  const ev = (e: Expr): bigint => {
    switch (e.k) {
      case "num":
        return e.v;
      case "name": {
        const local = locals.get(e.name);
        if (local !== undefined) return local;
        const get = inputs[e.name];
        if (!get) throw new SemEvalError(`unknown name ${e.name}`, e.at);
        return get();
      }
      case "reg":
        return reg(ev(e.index), e.at);
      case "call": {
        const f = fns[e.fn];
        if (!f) throw new SemEvalError(`unknown function ${e.fn}`, e.at);
        return f(e.args.map(ev), e.at);
      }
      case "un": {
        const v = ev(e.e);
        return e.op === "-" ? -v : e.op === "~" ? ~v : b(v === 0n);
      }
      case "tern":
        return ev(e.c) !== 0n ? ev(e.t) : ev(e.f);
      case "bin": {
        if (e.op === "&&") return b(ev(e.l) !== 0n && ev(e.r) !== 0n);
        if (e.op === "||") return b(ev(e.l) !== 0n || ev(e.r) !== 0n);
        const l = ev(e.l);
        const r = ev(e.r);
        switch (e.op) {
          case "==":
            return b(l === r);
          case "!=":
            return b(l !== r);
          case "<":
            return b(l < r);
          case "<=":
            return b(l <= r);
          case ">":
            return b(l > r);
          case ">=":
            return b(l >= r);
          case "|":
            return l | r;
          case "^":
            return l ^ r;
          case "&":
            return l & r;
          case "<<":
            return l << r;
          case ">>":
            return l >> r;
          case "+":
            return l + r;
          case "-":
            return l - r;
          case "*":
            return l * r;
          case "/":
            return truncDiv(l, r, e.at);
          case "%":
            if (r === 0n) throw new SemEvalError("remainder by zero", e.at);
            return l % r;
        }
      }
    }
  };

  const assign = (t: Target, v: bigint, at: number): void => {
    if (t.k === "reg") {
      const i = ev(t.index);
      if (i < 0n || i > 15n) throw new SemEvalError(`register index ${i} out of range`, at);
      out.regs.set(Number(i), u(v, 32));
      return;
    }
    if (t.k === "mem") {
      const addr = ev(t.addr);
      const bytes = t.width / 8;
      if (addr < 0n || addr + BigInt(bytes) > 0x10000n) throw new SemEvalError(`memory write of ${bytes} at ${addr} outside 0..0xFFFF`, at);
      for (let k = 0; k < bytes; k++) out.mem.set(Number(addr) + k, Number((v >> BigInt(8 * k)) & 0xffn));
      return;
    }
    if (FLAGS.has(t.name)) out.flags.set(t.name, v !== 0n ? 1n : 0n);
    else if (t.name === "PC") out.pc = u(v, 32);
    else if (t.name === "SP") out.sp = v;
    else if (t.name === "DEPTH") out.depth = v;
    else if (t.name in inputs) throw new SemEvalError(`${t.name} is an input and cannot be assigned`, at);
    else locals.set(t.name, v);
  };

  for (const s of prog) {
    if (s.k === "assign") {
      assign(s.target, ev(s.e), s.at);
      continue;
    }
    if (s.cond !== null && ev(s.cond) === 0n) continue;
    if (s.k === "fault") return { kind: "fault", name: s.name, regs: new Map(), mem: new Map(), pc: null, sp: null, depth: null, flags: new Map() };
    out.kind = "stop";
    out.name = s.name;
    return out;
  }
  return out;
}
