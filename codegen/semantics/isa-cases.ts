import type { Model, Opcode } from "../model/types.js";

/** One generated ISA test case: an instruction and the state it starts from. */
export interface IsaCase {
  /** Unique within the opcode; part of the stable vector id. */
  label: string;
  title: string;
  mnemonic: string;
  code: Uint8Array;
  pc: number;
  sp: number;
  limit: number;
  depth: number;
  psw: number;
  regs: number[];
  mem: { addr: number; bytes: number[] }[];
  /** Spec items the case exercises besides the opcode itself. */
  spec: string[];
  /** Memory ranges whose final contents the vector checks. */
  watch: { addr: number; len: number }[];
}

// Boundary operands: zero, one, sign and carry edges, all-ones.
const V32 = [0x0, 0x1, 0x2, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff, 0x0000ffff, 0x12345678];
const SHIFT_A = [0x1, 0x80000000, 0xffffffff, 0x12345678, 0x80000001];
const SHIFT_S = [0, 1, 2, 15, 31, 32, 33, 63, 0xffffffff];
// binary16: zeros, min/max subnormal, min normal, 1, -1, 1/3, max, infinities, NaNs, 2.
const F16 = [0x0000, 0x8000, 0x0001, 0x03ff, 0x0400, 0x3c00, 0xbc00, 0x3555, 0x7bff, 0x7c00, 0xfc00, 0x7e00, 0x7d00, 0x4000];
const I2F = [0, 1, -1, 2, 3, 2047, 2048, 2049, 2050, 2051, 4095, 4097, 65504, 65519, 65520, 65536, 100000, -100000, 0x7fffffff, -0x80000000, 12345, -2048];
const F2I = [...F16, 0x4100, 0xc100, 0x3bff, 0xbbff, 0x5640, 0x7bfe, 0xfbff];
const EA = [0x0000, 0x0001, 0x4000, 0x7fff, 0xfffb, 0xfffc, 0xfffd, 0xfffe, 0xffff];
const SP_CASES = [0x8000, 0x10000, 0x10004, 0xffff, 0xfffe, 0xfffd, 0xfffc, 0x0004, 0x0003, 0x0000];

const hex = (v: number, n = 1) => (v >>> 0).toString(16).padStart(n, "0");

/** Registers before the instruction: a recognisable pattern, so stray writes show. */
function baseRegs(): number[] {
  return Array.from({ length: 16 }, (_, i) => (0xa5a50000 | (i << 8) | i) >>> 0);
}

class Encoder {
  private readonly f: Record<string, { shift: number; mask: number }> = {};
  constructor(model: Model) {
    for (const w of model.isa.word.fields) this.f[w.name] = { shift: w.shift, mask: w.mask };
  }
  word(op: number, fields: { rd?: number; rs1?: number; rs2?: number; imm12?: number }): number {
    let w = (op & this.f.op!.mask) << this.f.op!.shift;
    for (const k of ["rd", "rs1", "rs2", "imm12"] as const) w |= ((fields[k] ?? 0) & this.f[k]!.mask) << this.f[k]!.shift;
    return w >>> 0;
  }
}

/** Code bytes with `words` placed at byte address `at`, zero elsewhere, `len` bytes long. */
function codeWith(at: number, words: readonly number[], len = Math.max(at + 4 * words.length, 16)): Uint8Array {
  const code = new Uint8Array(len);
  words.forEach((w, i) => {
    const p = at + 4 * i;
    code[p] = w >>> 24;
    code[p + 1] = (w >>> 16) & 0xff;
    code[p + 2] = (w >>> 8) & 0xff;
    code[p + 3] = w & 0xff;
  });
  return code;
}

function patternBytes(addr: number, n: number): { addr: number; bytes: number[] }[] {
  const start = Math.max(0, addr - 4);
  const end = Math.min(0x10000, addr + n + 4);
  return [{ addr: start, bytes: Array.from({ length: end - start }, (_, i) => (0x11 * ((start + i) % 15) + 0x0f) & 0xff) }];
}

export function isaCases(model: Model): IsaCase[] {
  const enc = new Encoder(model);
  const op = (m: string): Opcode => {
    const o = model.isa.opcodes.find((x) => x.mnemonic === m);
    if (!o) throw new Error(`no opcode ${m}`);
    return o;
  };
  const out: IsaCase[] = [];
  const add = (c: Omit<IsaCase, "code" | "pc" | "sp" | "limit" | "depth" | "psw" | "regs" | "mem" | "spec" | "watch"> & Partial<IsaCase> & { word?: number }) => {
    out.push({
      code: c.code ?? codeWith(c.pc ?? 0, [c.word ?? 0]),
      pc: c.pc ?? 0,
      sp: c.sp ?? 0x8000,
      limit: c.limit ?? 0,
      depth: c.depth ?? 0,
      psw: c.psw ?? 0,
      regs: c.regs ?? baseRegs(),
      mem: c.mem ?? [],
      spec: c.spec ?? [],
      watch: c.watch ?? [],
      label: c.label,
      title: c.title,
      mnemonic: c.mnemonic,
    });
  };
  const flagsOf = (model.enums.find((e) => e.name === "psw_flag")?.values ?? []).reduce<Record<string, number>>((a, v) => ({ ...a, [v.name]: v.value }), {});

  // Three-register ALU operations over boundary pairs (and carry in, where read).
  for (const m of ["ADD", "SUB", "MUL", "DIV", "AND", "OR", "XOR", "CMP", "ADC", "SBC"]) {
    const o = op(m);
    const carries = m === "ADC" || m === "SBC" ? [0, 1] : [0];
    for (const a of V32)
      for (const b of V32)
        for (const c of carries) {
          const regs = baseRegs();
          regs[2] = a;
          regs[3] = b;
          add({
            mnemonic: m,
            label: `a${hex(a)}.b${hex(b)}${carries.length > 1 ? `.c${c}` : ""}`,
            title: `${m} R1, R2=0x${hex(a, 8)}, R3=0x${hex(b, 8)}${carries.length > 1 ? ` with C=${c}` : ""}`,
            word: enc.word(o.value, { rd: 1, rs1: 2, rs2: 3 }),
            regs,
            psw: c ? flagsOf.C! : 0,
            spec: ["isa.rule.FLAGS_WRITE", ...(b === 0 && m === "DIV" ? ["enum.vm_error.DIV_ZERO", "isa.rule.FAULT"] : [])],
          });
        }
    // Destination aliasing a source: operands are read before the write.
    const regs = baseRegs();
    regs[2] = 0x80000001;
    add({ mnemonic: m, label: "alias", title: `${m} R2, R2, R2 reads before it writes`, word: enc.word(o.value, { rd: 2, rs1: 2, rs2: 2 }), regs, psw: flagsOf.C! | flagsOf.Z!, spec: ["isa.rule.FAULT"] });
  }

  for (const m of ["LSL", "LSR", "ASR"]) {
    const o = op(m);
    for (const a of SHIFT_A)
      for (const s of SHIFT_S)
        for (const c of [0, 1]) {
          const regs = baseRegs();
          regs[2] = a;
          regs[3] = s;
          add({ mnemonic: m, label: `a${hex(a)}.s${hex(s)}.c${c}`, title: `${m} 0x${hex(a, 8)} by R3=0x${hex(s)} with C=${c}`, word: enc.word(o.value, { rd: 1, rs1: 2, rs2: 3 }), regs, psw: c ? flagsOf.C! : 0, spec: ["isa.rule.SHIFT_COUNT"] });
        }
  }

  for (const m of ["MOV", "NOT"]) {
    const o = op(m);
    for (const a of V32) {
      const regs = baseRegs();
      regs[2] = a;
      add({ mnemonic: m, label: `a${hex(a)}`, title: `${m} R1, R2=0x${hex(a, 8)}`, word: enc.word(o.value, { rd: 1, rs1: 2 }), regs, psw: flagsOf.C! | flagsOf.V! });
    }
  }
  {
    // Writing R15 does not move SP.
    const regs = baseRegs();
    regs[2] = 0x1234;
    add({ mnemonic: "MOV", label: "r15", title: "MOV R15, R2 leaves SP alone", word: enc.word(op("MOV").value, { rd: 15, rs1: 2 }), regs, spec: ["isa.rule.R15_MIRRORS_SP"] });
  }

  for (const imm of [0, 1, 0x7ff, 0x800, 0xfff, 0x123]) {
    add({ mnemonic: "LDI", label: `i${hex(imm)}`, title: `LDI R4, imm12=0x${hex(imm, 3)}`, word: enc.word(op("LDI").value, { rd: 4, imm12: imm }) });
  }
  for (const v of [0, 0xffffffff, 0x12345678]) {
    add({ mnemonic: "LDI32", label: `v${hex(v)}`, title: `LDI32 R5, 0x${hex(v, 8)}`, code: codeWith(0, [enc.word(op("LDI32").value, { rd: 5 }), v]) });
  }
  add({ mnemonic: "LDI32", label: "overrun", title: "LDI32 whose extension word lies past the code", code: codeWith(0, [enc.word(op("LDI32").value, { rd: 5 })], 4), spec: ["enum.vm_error.PC_FAULT", "isa.rule.FETCH"] });

  // Loads and stores at every edge of memory, including wrap-around bases.
  const mems: { m: string; width: number; store: boolean }[] = [
    { m: "LD", width: 4, store: false },
    { m: "LDH", width: 2, store: false },
    { m: "LDB", width: 1, store: false },
    { m: "ST", width: 4, store: true },
    { m: "STH", width: 2, store: true },
    { m: "STB", width: 1, store: true },
  ];
  for (const { m, width, store } of mems) {
    const o = op(m);
    const cases: { base: number; off: number; ea: number }[] = [
      ...EA.map((ea) => ({ base: ea, off: 0, ea })),
      { base: 0, off: -4 & 0xfff, ea: 0xfffc },
      { base: 0xffffffff, off: 1, ea: 0 },
      { base: 0x10010, off: -0x10 & 0xfff, ea: 0 },
      { base: 0x7ff0, off: 0x7ff, ea: 0x87ef },
      { base: 0x4003, off: -3 & 0xfff, ea: 0x4000 },
    ];
    for (const { base, off, ea } of cases) {
      const regs = baseRegs();
      regs[2] = base;
      regs[3] = 0xcafebabe;
      const straddles = ea + width > 0x10000;
      add({
        mnemonic: m,
        label: `base${hex(base)}.off${hex(off)}`,
        title: `${m} at R2=0x${hex(base)} + ${off & 0x800 ? off - 0x1000 : off} (address 0x${hex(ea, 4)})`,
        word: store ? enc.word(o.value, { rs1: 2, rs2: 3, imm12: off }) : enc.word(o.value, { rd: 1, rs1: 2, imm12: off }),
        regs,
        mem: patternBytes(ea, width),
        spec: ["isa.rule.MEMORY_WRAP", "isa.rule.DATA_LITTLE_ENDIAN", ...(straddles ? ["enum.vm_error.MEM_FAULT", "isa.rule.FAULT"] : [])],
        watch: [{ addr: Math.max(0, ea - 2), len: Math.min(width + 4, 0x10000 - Math.max(0, ea - 2)) }],
      });
    }
  }

  // Stack operations at every SP edge and limit.
  for (const sp of SP_CASES)
    for (const limit of [0, 0x7ffc, 0x8000]) {
      const regs = baseRegs();
      regs[6] = 0x0badf00d;
      const spec = ["isa.rule.STACK_CHECKS", "isa.rule.R15_MIRRORS_SP"];
      add({ mnemonic: "PUSH", label: `sp${hex(sp)}.lim${hex(limit)}`, title: `PUSH R6 with SP=0x${hex(sp)}, limit 0x${hex(limit)}`, word: enc.word(op("PUSH").value, { rs1: 6 }), sp, limit, regs, spec, mem: patternBytes(Math.min(sp, 0xfffc) - 4, 8), watch: sp >= 4 && sp <= 0x10000 ? [{ addr: sp - 4, len: 4 }] : [] });
      if (limit !== 0) continue;
      add({ mnemonic: "POP", label: `sp${hex(sp)}`, title: `POP R7 with SP=0x${hex(sp)}`, word: enc.word(op("POP").value, { rd: 7 }), sp, regs, spec, mem: sp < 0x10000 ? patternBytes(sp, 4) : [] });
      add({ mnemonic: "POP", label: `sp${hex(sp)}.r15`, title: `POP R15 with SP=0x${hex(sp)} ends with R15 = the popped value`, word: enc.word(op("POP").value, { rd: 15 }), sp, regs, spec, mem: sp < 0x10000 ? patternBytes(sp, 4) : [] });
    }
  const callPc = 0x100;
  for (const imm of [-2, 0, 1, 0x7ff, -0x800])
    for (const sp of [0x8000, 0x10000, 0x10004, 0x0004, 0x0002]) {
      add({
        mnemonic: "CALL",
        label: `imm${hex(imm & 0xfff)}.sp${hex(sp)}`,
        title: `CALL ${imm} words from 0x${hex(callPc)} with SP=0x${hex(sp)}`,
        code: codeWith(callPc, [enc.word(op("CALL").value, { imm12: imm & 0xfff })]),
        pc: callPc,
        sp,
        depth: 1,
        spec: ["isa.rule.CALL_DEPTH", "isa.rule.STACK_CHECKS"],
        watch: sp >= 4 && sp <= 0x10000 ? [{ addr: sp - 4, len: 4 }] : [],
      });
    }
  for (const base of [0x200, 0xfff0, 0x12345]) {
    const regs = baseRegs();
    regs[9] = base;
    add({ mnemonic: "CALL", label: `reg${hex(base)}`, title: `CALL through R9=0x${hex(base)}`, code: codeWith(callPc, [enc.word(op("CALL").value, { rs1: 9, imm12: 3 })]), pc: callPc, regs, spec: ["isa.rule.CALL_DEPTH"] });
  }
  add({ mnemonic: "CALL", label: "limit", title: "CALL below the stack limit", code: codeWith(callPc, [enc.word(op("CALL").value, { imm12: 1 })]), pc: callPc, sp: 0x7000, limit: 0x7000, spec: ["enum.vm_error.STACK_OVERFLOW"] });
  for (const depth of [0, 1, 3])
    for (const sp of [0x7ff0, 0xfffc, 0xfffd, 0xffff, 0x10000, 0x10008]) {
      add({
        mnemonic: "RET",
        label: `d${depth}.sp${hex(sp)}`,
        title: `RET at call depth ${depth} with SP=0x${hex(sp)}`,
        code: codeWith(callPc, [enc.word(op("RET").value, {})]),
        pc: callPc,
        sp,
        depth,
        mem: sp < 0x10000 ? [{ addr: sp, bytes: [0x40, 0x02, 0x00, 0x00].slice(0, Math.min(4, 0x10000 - sp)) }] : [],
        spec: ["isa.rule.CALL_DEPTH", "isa.rule.STACK_CHECKS", ...(depth === 0 ? ["isa.rule.PC_ADVANCE"] : [])],
      });
    }

  for (const m of ["JMP", "JZ", "JNZ"]) {
    const o = op(m);
    for (const t of [0x000, 0x004, 0x002, 0x7fc, 0xffc, 0xfff])
      for (const z of m === "JMP" ? [0] : [0, 1]) {
        add({ mnemonic: m, label: `t${hex(t)}${m === "JMP" ? "" : `.z${z}`}`, title: `${m} 0x${hex(t, 3)} from 0x${hex(callPc)}${m === "JMP" ? "" : ` with Z=${z}`}`, code: codeWith(callPc, [enc.word(o.value, { imm12: t })]), pc: callPc, psw: z ? flagsOf.Z! : 0, spec: ["isa.rule.PC_ADVANCE"] });
      }
  }

  for (const imm of [0x000, 0x101, 0x503, 0xfff, 0xe02]) {
    add({ mnemonic: "SVC", label: `i${hex(imm)}`, title: `SVC module ${imm >> 8} function ${imm & 0xff}`, word: enc.word(op("SVC").value, { imm12: imm }), spec: ["isa.rule.PC_ADVANCE", "enum.vm_stop.SVC"] });
  }
  for (const imm of [0x000, 0x001, 0x07f, 0x0ff, 0xf01]) {
    add({ mnemonic: "BRK", label: `i${hex(imm)}`, title: `BRK with imm12 0x${hex(imm, 3)}`, word: enc.word(op("BRK").value, { imm12: imm }), spec: ["isa.rule.PC_ADVANCE", "enum.vm_stop.BRK"] });
  }

  // binary16: every pair of interesting values; high halves carry garbage that must be ignored/kept.
  for (const m of ["FADD", "FSUB", "FMUL", "FDIV"]) {
    const o = op(m);
    for (const x of F16)
      for (const y of F16) {
        const regs = baseRegs();
        regs[2] = (0xabcd0000 | x) >>> 0;
        regs[3] = (0x12340000 | y) >>> 0;
        add({ mnemonic: m, label: `${hex(x, 4)}.${hex(y, 4)}`, title: `${m} 0x${hex(x, 4)}, 0x${hex(y, 4)}`, word: enc.word(o.value, { rd: 1, rs1: 2, rs2: 3 }), regs, psw: flagsOf.Z! | flagsOf.N!, spec: ["isa.rule.F16_ARITHMETIC"] });
      }
  }
  for (const v of I2F) {
    const regs = baseRegs();
    regs[2] = v >>> 0;
    add({ mnemonic: "I2F", label: `v${hex(v)}`, title: `I2F of ${v}`, word: enc.word(op("I2F").value, { rd: 1, rs1: 2 }), regs, spec: ["isa.rule.F16_ARITHMETIC"] });
  }
  for (const h of F2I) {
    const regs = baseRegs();
    regs[2] = (0x77770000 | h) >>> 0;
    add({ mnemonic: "F2I", label: `h${hex(h, 4)}`, title: `F2I of 0x${hex(h, 4)}`, word: enc.word(op("F2I").value, { rd: 1, rs1: 2 }), regs, spec: ["isa.rule.F16_ARITHMETIC"] });
  }

  // Every reserved opcode byte is the ILLEGAL fault; fetching outside the code is PC_FAULT.
  for (const r of model.isa.reservedOpcodes)
    for (let v = r.from; v <= r.to; v++) {
      add({ mnemonic: "ILLEGAL", label: `op${hex(v, 2)}`, title: `reserved opcode 0x${hex(v, 2)}`, word: ((v << 24) | 0x123456) >>> 0, spec: ["enum.vm_error.ILLEGAL", "isa.rule.ILLEGAL_OPCODE", "isa.rule.FAULT"] });
    }
  for (const [label, pc, len] of [
    ["end", 16, 16],
    ["partial", 14, 16],
    ["far", 0x2000, 16],
    ["empty", 0, 0],
  ] as const) {
    add({ mnemonic: "FETCH", label, title: `fetch at 0x${hex(pc)} with ${len} bytes of code`, code: codeWith(0, [], len), pc, spec: ["enum.vm_error.PC_FAULT", "isa.rule.FETCH"] });
  }
  return out;
}
