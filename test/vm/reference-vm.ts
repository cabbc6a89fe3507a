/**
 * A deliberately plain MiniVM written from the rule and opcode texts of
 * spec/isa.yaml, sharing no code with src/vm except the f16 helpers (tested on their
 * own against an exact oracle). Unsigned numbers everywhere, one instruction per call.
 */
import { OPCODE_INDEX, OPCODES, VmError } from "../../generated/ts/index.js";
import { f16Add, f16Div, f16FromInt32, f16Mul, f16Sub, f16ToInt32 } from "../../src/vm/f16.js";

export type RefStop = "OK" | "SVC" | "BRK" | "FAULT" | "EXIT";
const U32 = 2 ** 32;
const u32 = (x: number) => ((x % U32) + U32) % U32;
const s32 = (x: number) => (u32(x) >= 2 ** 31 ? u32(x) - U32 : u32(x));

export class RefVM {
  regs = new Array<number>(16).fill(0);
  pc = 0;
  sp = 0x8000;
  psw = 0;
  depth = 0;
  steps = 0;
  limit = 0;
  constructor(
    readonly code: Uint8Array,
    readonly mem: Uint8Array,
  ) {}

  private word(at: number): number {
    return ((this.code[at]! << 24) >>> 0) + (this.code[at + 1]! << 16) + (this.code[at + 2]! << 8) + this.code[at + 3]!;
  }
  private rd32(a: number): number {
    return this.mem[a]! + this.mem[a + 1]! * 256 + this.mem[a + 2]! * 65536 + this.mem[a + 3]! * 16777216;
  }
  private wr32(a: number, v: number): void {
    for (let i = 0; i < 4; i++) this.mem[a + i] = Math.floor(u32(v) / 256 ** i) % 256;
  }
  private fault(code: number): RefStop {
    this.regs[0] = code; // isa.rule.FAULT
    return "FAULT";
  }
  /** Z and N from the result; C and V given (undefined keeps the old bit). */
  private flags(r: number, c: boolean | undefined, v: boolean | undefined): void {
    let p = this.psw & ~0x05;
    if (u32(r) === 0) p |= 1;
    if (u32(r) >= 2 ** 31) p |= 4;
    if (c !== undefined) p = c ? p | 2 : p & ~2;
    if (v !== undefined) p = v ? p | 8 : p & ~8;
    this.psw = p;
  }

  step(): RefStop {
    const pc = this.pc;
    if (pc + 4 > this.code.length) return this.fault(VmError.PC_FAULT);
    const w = this.word(pc);
    const op = Math.floor(w / 2 ** 24);
    const rd = (w >>> 20) & 15, rs1 = (w >>> 16) & 15, rs2 = (w >>> 12) & 15, imm = w & 0xfff;
    const simm = imm >= 0x800 ? imm - 0x1000 : imm;
    const idx = OPCODE_INDEX[op]!;
    if (idx < 0) return this.fault(VmError.ILLEGAL);
    const mn = OPCODES[idx]!.mnemonic;
    const R = this.regs;
    const a = R[rs1]!, b = R[rs2]!;
    const ea = u32(a + simm) % 65536;
    let next = pc + 4;
    const C = (this.psw & 2) !== 0;
    switch (mn) {
      case "LDI": R[rd] = u32(simm); break;
      case "LDI32":
        if (pc + 8 > this.code.length) return this.fault(VmError.PC_FAULT);
        R[rd] = this.word(pc + 4);
        next = pc + 8;
        break;
      case "MOV": R[rd] = a; break;
      case "LD": if (ea + 4 > 65536) return this.fault(VmError.MEM_FAULT); R[rd] = this.rd32(ea); break;
      case "LDH": if (ea + 2 > 65536) return this.fault(VmError.MEM_FAULT); R[rd] = this.mem[ea]! + this.mem[ea + 1]! * 256; break;
      case "LDB": R[rd] = this.mem[ea]!; break;
      case "ST": if (ea + 4 > 65536) return this.fault(VmError.MEM_FAULT); this.wr32(ea, b); break;
      case "STH": if (ea + 2 > 65536) return this.fault(VmError.MEM_FAULT); this.mem[ea] = b % 256; this.mem[ea + 1] = Math.floor(b / 256) % 256; break;
      case "STB": this.mem[ea] = b % 256; break;
      case "ADD": R[rd] = u32(a + b); this.flags(a + b, a + b >= U32, s32(a) + s32(b) !== s32(a + b)); break;
      case "SUB": R[rd] = u32(a - b); this.flags(a - b, a >= b, s32(a) - s32(b) !== s32(a - b)); break;
      case "CMP": this.flags(a - b, a >= b, s32(a) - s32(b) !== s32(a - b)); break;
      case "MUL": {
        const p = BigInt(a) * BigInt(b);
        R[rd] = Number(p & 0xffffffffn);
        this.flags(R[rd]!, p >> 32n !== 0n, p >> 32n !== 0n);
        break;
      }
      case "DIV": {
        if (b === 0) return this.fault(VmError.DIV_ZERO);
        R[rd] = u32(Math.trunc(s32(a) / s32(b)));
        this.flags(R[rd]!, false, false);
        break;
      }
      case "AND": R[rd] = u32(a & b); this.flags(R[rd]!, false, false); break;
      case "OR": R[rd] = u32(a | b); this.flags(R[rd]!, false, false); break;
      case "XOR": R[rd] = u32(a ^ b); this.flags(R[rd]!, false, false); break;
      case "NOT": R[rd] = u32(~a); this.flags(R[rd]!, false, false); break;
      case "LSL": case "LSR": case "ASR": {
        const s = b % 32;
        const r = mn === "LSL" ? u32(a * 2 ** s) : mn === "LSR" ? Math.floor(a / 2 ** s) : u32(Math.floor(s32(a) / 2 ** s));
        const out = s === 0 ? undefined : mn === "LSL" ? Math.floor(a / 2 ** (32 - s)) % 2 === 1 : Math.floor(a / 2 ** (s - 1)) % 2 === 1;
        R[rd] = r;
        this.flags(r, out, false);
        break;
      }
      case "ADC": { const ci = C ? 1 : 0; const t = a + b + ci; R[rd] = u32(t); this.flags(t, t >= U32, s32(a) + s32(b) + ci !== s32(t)); break; }
      case "SBC": { const bo = C ? 0 : 1; const t = a - b - bo; R[rd] = u32(t); this.flags(t, t >= 0, s32(a) - s32(b) - bo !== s32(t)); break; }
      case "JMP": next = imm; break;
      case "JZ": if (this.psw & 1) next = imm; break;
      case "JNZ": if (!(this.psw & 1)) next = imm; break;
      case "CALL": {
        const base = rs1 !== 0 ? a : pc;
        if (this.sp - 4 < 0 || this.sp - 4 < this.limit || this.sp > 65536) return this.fault(VmError.STACK_OVERFLOW);
        this.sp -= 4;
        this.wr32(this.sp, pc + 4);
        R[15] = this.sp;
        this.depth++;
        next = u32(base + simm * 4) % 65536;
        break;
      }
      case "RET":
        if (this.depth === 0) return "EXIT";
        if (this.sp >= 65536) return this.fault(VmError.STACK_UNDERFLOW);
        if (this.sp > 65532) return this.fault(VmError.MEM_FAULT);
        next = this.rd32(this.sp);
        this.sp += 4;
        R[15] = this.sp;
        this.depth--;
        break;
      case "PUSH":
        if (this.sp - 4 < 0 || this.sp - 4 < this.limit || this.sp > 65536) return this.fault(VmError.STACK_OVERFLOW);
        this.sp -= 4;
        this.wr32(this.sp, a);
        R[15] = this.sp;
        break;
      case "POP": {
        if (this.sp >= 65536) return this.fault(VmError.STACK_UNDERFLOW);
        if (this.sp > 65532) return this.fault(VmError.MEM_FAULT);
        const v = this.rd32(this.sp);
        this.sp += 4;
        R[15] = this.sp;
        R[rd] = v;
        break;
      }
      case "FADD": R[rd] = u32(Math.floor(R[rd]! / 65536) * 65536 + f16Add(a, b)); break;
      case "FSUB": R[rd] = u32(Math.floor(R[rd]! / 65536) * 65536 + f16Sub(a, b)); break;
      case "FMUL": R[rd] = u32(Math.floor(R[rd]! / 65536) * 65536 + f16Mul(a, b)); break;
      case "FDIV": R[rd] = u32(Math.floor(R[rd]! / 65536) * 65536 + f16Div(a, b)); break;
      case "I2F": R[rd] = u32(Math.floor(R[rd]! / 65536) * 65536 + f16FromInt32(a)); break;
      case "F2I": R[rd] = u32(f16ToInt32(a)); break;
      case "SVC": this.pc = next; this.steps++; return "SVC";
      case "BRK": this.pc = next; this.steps++; return "BRK";
    }
    this.pc = next;
    this.steps++;
    return "OK";
  }
}
