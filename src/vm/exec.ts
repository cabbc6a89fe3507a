/**
 * The MiniVM interpreter: one short case per opcode, each citing its spec item
 * (spec/isa.yaml). The loop runs over pre-decoded words (predecode.ts), keeps pc,
 * sp, psw and the call depth in locals and allocates nothing per instruction.
 *
 * Stops (isa enum vm_stop): OK when the step budget is used up; SVC and BRK after
 * they retire (pc advanced, the caller services or reports them); FAULT with R0 =
 * the code, pc at the faulting instruction and no retirement (isa.rule.FAULT);
 * EXIT when RET runs at call depth 0 (isa.rule.CALL_DEPTH: pc not advanced, not
 * retired, R0 is the status).
 */
import { ISA, PswFlag, VmError, VmStop } from "../../generated/ts/index.js";
import { adcFlags, addFlags, FLAG_C, FLAG_MASK, mulFlags, sbcFlags, shiftFlags, subFlags, zn } from "./alu.js";
import { f16Add, f16Div, f16FromInt32, f16Mul, f16Sub, f16ToInt32 } from "./f16.js";
import { load16, load32, store16, store32 } from "./memory.js";
import { decodeAt, H, predecode } from "./predecode.js";

/** Why run() returned: one of the generated VmStop values. */
export type VmStopCode = VmStop;

const MEM_SIZE = ISA.MEM_SIZE;
/** isa.rule.MEMORY_WRAP: data addresses wrap modulo the memory size. */
const ADDR_MASK = ISA.MEM_SIZE - 1;
const INSN = ISA.INSN_BYTES;
const LDI32_LEN = ISA.LDI32_BYTES;
const SLOT = ISA.STACK_SLOT_BYTES;
/** R15 mirrors SP (isa.rule.R15_MIRRORS_SP). */
const SP_MIRROR = ISA.REGISTER_COUNT - 1;
/** isa.rule.SHIFT_COUNT: shifts use the low 5 bits of R[rs2]. */
const SHIFT_MASK = ISA.SHIFT_COUNT_MASK;
/** f16 results replace the low half of R[rd] only (isa.rule.F16_ARITHMETIC). */
const HIGH_HALF = 0xffff0000 | 0;
const Z = PswFlag.Z;
const NOT_FLAGS = ~FLAG_MASK;

// The pre-decoded table has two int32 slots per 4-byte word: index = pc / 4 * 2 = pc >>> 1.
if (INSN !== 4) throw new Error("predecode layout assumes 4-byte instruction words");

/** Details of the last stop. One object per VM, rewritten on every stop (no allocation). */
export class VmStopDetails {
  reason: VmStopCode = VmStop.OK;
  /** The instruction that stopped the VM (for OK: the next pc). */
  pc = 0;
  /** FAULT: the fault code; EXIT: the exit status (R0); SVC: imm12; BRK: the BRK code. */
  code = 0;
  svcModule = 0;
  svcFunction = 0;
  brkCode = 0;
}

export type VmConfigErrorCode = "MEM_SIZE" | "REG_BASE" | "HOST_ENDIAN";

/** A MiniVM constructed with options it cannot honour (a host bug, not a guest fault). */
export class VmConfigError extends Error {
  constructor(readonly code: VmConfigErrorCode, message: string) {
    super(message);
    this.name = "VmConfigError";
  }
}

export interface MiniVMOptions {
  /** The code section: big-endian instruction words. Never visible to loads. */
  code: Uint8Array;
  /** 64 KiB data memory; created zeroed if absent. */
  mem?: Uint8Array;
  /** 0: registers in a private array; else R0..R15 live little-endian in mem at regBase. */
  regBase?: number;
  pc?: number;
  sp?: number;
  stackLimit?: number;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export class MiniVM {
  readonly code: Uint8Array;
  readonly mem: Uint8Array;
  /** R0..R15; a view into mem at regBase when regBase != 0. */
  readonly regs: Uint32Array;
  readonly regBase: number;
  pc: number;
  sp: number;
  psw = 0;
  callDepth = 0;
  stackLimit: number;
  /** Retired instructions. */
  steps = 0;
  readonly stop = new VmStopDetails();

  /** The same registers as int32, for the interpreter. */
  private readonly r: Int32Array;
  private readonly dec: Int32Array;
  private readonly alignedEnd: number;
  private readonly slow = new Int32Array(2);

  constructor(opts: MiniVMOptions) {
    this.code = opts.code;
    const mem = opts.mem ?? new Uint8Array(MEM_SIZE);
    if (mem.length !== MEM_SIZE) throw new VmConfigError("MEM_SIZE", `data memory must be ${MEM_SIZE} bytes, got ${mem.length}`);
    this.mem = mem;
    const regBase = opts.regBase ?? 0;
    this.regBase = regBase;
    if (regBase === 0) {
      this.r = new Int32Array(ISA.REGISTER_COUNT);
    } else {
      const bank = ISA.REGISTER_COUNT * 4;
      if (!Number.isInteger(regBase) || regBase < 0 || regBase + bank > MEM_SIZE || (mem.byteOffset + regBase) % 4 !== 0)
        throw new VmConfigError("REG_BASE", `regBase 0x${regBase.toString(16)} must be 4-byte aligned with the ${bank}-byte bank inside memory`);
      if (!LITTLE_ENDIAN_HOST) throw new VmConfigError("HOST_ENDIAN", "registers in memory need a little-endian host");
      this.r = new Int32Array(mem.buffer, mem.byteOffset + regBase, ISA.REGISTER_COUNT);
    }
    this.regs = new Uint32Array(this.r.buffer, this.r.byteOffset, ISA.REGISTER_COUNT);
    this.pc = opts.pc ?? 0;
    this.sp = opts.sp ?? ISA.STANDALONE_SP;
    this.stackLimit = opts.stackLimit ?? ISA.STANDALONE_STACK_LIMIT;
    this.dec = predecode(this.code);
    this.alignedEnd = (this.dec.length / 2) * INSN;
  }

  /** Retire one instruction (or stop). */
  step(): VmStopCode {
    return this.run(1);
  }

  /** Retire up to maxSteps instructions; returns why it stopped (details in `stop`). */
  run(maxSteps: number): VmStopCode {
    const r = this.r;
    const mem = this.mem;
    const dec = this.dec;
    const code = this.code;
    const slow = this.slow;
    const alignedEnd = this.alignedEnd;
    const limit = this.stackLimit;
    const stop = this.stop;
    let pc = this.pc >>> 0;
    let sp = this.sp >>> 0;
    let psw = this.psw & 0xff;
    let depth = this.callDepth;
    const budget = Number.isFinite(maxSteps) ? Math.max(0, Math.floor(maxSteps)) : Number.MAX_SAFE_INTEGER;
    let left = budget;
    let fault = 0;
    let reason: VmStopCode = VmStop.OK;

    loop: while (left > 0) {
      let x: number;
      let imm: number;
      if ((pc & (INSN - 1)) === 0 && pc < alignedEnd) {
        const i = pc >>> 1;
        x = dec[i]!;
        imm = dec[i + 1]!;
      } else if (decodeAt(code, pc, slow)) {
        x = slow[0]!;
        imm = slow[1]!;
      } else {
        fault = VmError.PC_FAULT; // isa.rule.FETCH
        break;
      }
      const rd = (x >>> 8) & 15;
      const rs1 = (x >>> 12) & 15;
      const rs2 = (x >>> 16) & 15;

      switch (x & 0xff) {
        case H.LDI: // isa.opcode.LDI
          r[rd] = imm;
          pc += INSN;
          break;
        case H.LDI32: // isa.opcode.LDI32
          r[rd] = imm;
          pc += LDI32_LEN;
          break;
        case H.LDI32_CUT: // isa.opcode.LDI32: extension word outside code
          fault = VmError.PC_FAULT;
          break loop;
        case H.MOV: // isa.opcode.MOV
          r[rd] = r[rs1]!;
          pc += INSN;
          break;
        case H.LD: {
          // isa.opcode.LD, isa.rule.MEMORY_WRAP
          const a = (r[rs1]! + imm) & ADDR_MASK;
          if (a > MEM_SIZE - 4) { fault = VmError.MEM_FAULT; break loop; }
          r[rd] = load32(mem, a);
          pc += INSN;
          break;
        }
        case H.LDH: {
          // isa.opcode.LDH
          const a = (r[rs1]! + imm) & ADDR_MASK;
          if (a > MEM_SIZE - 2) { fault = VmError.MEM_FAULT; break loop; }
          r[rd] = load16(mem, a);
          pc += INSN;
          break;
        }
        case H.LDB: // isa.opcode.LDB (zero-extended, R-ISA-LDB-ZEXT)
          r[rd] = mem[(r[rs1]! + imm) & ADDR_MASK]!;
          pc += INSN;
          break;
        case H.ST: {
          // isa.opcode.ST
          const a = (r[rs1]! + imm) & ADDR_MASK;
          if (a > MEM_SIZE - 4) { fault = VmError.MEM_FAULT; break loop; }
          store32(mem, a, r[rs2]!);
          pc += INSN;
          break;
        }
        case H.STH: {
          // isa.opcode.STH
          const a = (r[rs1]! + imm) & ADDR_MASK;
          if (a > MEM_SIZE - 2) { fault = VmError.MEM_FAULT; break loop; }
          store16(mem, a, r[rs2]!);
          pc += INSN;
          break;
        }
        case H.STB: // isa.opcode.STB
          mem[(r[rs1]! + imm) & ADDR_MASK] = r[rs2]!;
          pc += INSN;
          break;
        case H.ADD: {
          // isa.opcode.ADD
          const a = r[rs1]!, b = r[rs2]!, v = (a + b) | 0;
          r[rd] = v;
          psw = (psw & NOT_FLAGS) | addFlags(a, b, v);
          pc += INSN;
          break;
        }
        case H.SUB: {
          // isa.opcode.SUB
          const a = r[rs1]!, b = r[rs2]!, v = (a - b) | 0;
          r[rd] = v;
          psw = (psw & NOT_FLAGS) | subFlags(a, b, v);
          pc += INSN;
          break;
        }
        case H.CMP: {
          // isa.opcode.CMP
          const a = r[rs1]!, b = r[rs2]!;
          psw = (psw & NOT_FLAGS) | subFlags(a, b, (a - b) | 0);
          pc += INSN;
          break;
        }
        case H.MUL: {
          // isa.opcode.MUL
          const a = r[rs1]!, b = r[rs2]!, v = Math.imul(a, b);
          r[rd] = v;
          psw = (psw & NOT_FLAGS) | mulFlags(a, b, v);
          pc += INSN;
          break;
        }
        case H.DIV: {
          // isa.opcode.DIV: signed, truncated toward 0; INT_MIN / -1 wraps to INT_MIN
          const a = r[rs1]!, b = r[rs2]!;
          if (b === 0) { fault = VmError.DIV_ZERO; break loop; }
          const v = (a / b) | 0;
          r[rd] = v;
          psw = (psw & NOT_FLAGS) | zn(v);
          pc += INSN;
          break;
        }
        case H.AND: {
          // isa.opcode.AND
          const v = r[rs1]! & r[rs2]!;
          r[rd] = v;
          psw = (psw & NOT_FLAGS) | zn(v);
          pc += INSN;
          break;
        }
        case H.OR: {
          // isa.opcode.OR
          const v = r[rs1]! | r[rs2]!;
          r[rd] = v;
          psw = (psw & NOT_FLAGS) | zn(v);
          pc += INSN;
          break;
        }
        case H.XOR: {
          // isa.opcode.XOR
          const v = r[rs1]! ^ r[rs2]!;
          r[rd] = v;
          psw = (psw & NOT_FLAGS) | zn(v);
          pc += INSN;
          break;
        }
        case H.NOT: {
          // isa.opcode.NOT
          const v = ~r[rs1]!;
          r[rd] = v;
          psw = (psw & NOT_FLAGS) | zn(v);
          pc += INSN;
          break;
        }
        case H.LSL: {
          // isa.opcode.LSL: C = bit (32 - s) of a
          const a = r[rs1]!, s = r[rs2]! & SHIFT_MASK, v = a << s;
          r[rd] = v;
          psw = (psw & NOT_FLAGS) | shiftFlags(v, s, (a >>> (32 - s)) & 1, psw);
          pc += INSN;
          break;
        }
        case H.LSR: {
          // isa.opcode.LSR: C = bit (s - 1) of a
          const a = r[rs1]!, s = r[rs2]! & SHIFT_MASK, v = (a >>> s) | 0;
          r[rd] = v;
          psw = (psw & NOT_FLAGS) | shiftFlags(v, s, (a >>> (s - 1)) & 1, psw);
          pc += INSN;
          break;
        }
        case H.ASR: {
          // isa.opcode.ASR
          const a = r[rs1]!, s = r[rs2]! & SHIFT_MASK, v = a >> s;
          r[rd] = v;
          psw = (psw & NOT_FLAGS) | shiftFlags(v, s, (a >>> (s - 1)) & 1, psw);
          pc += INSN;
          break;
        }
        case H.ADC: {
          // isa.opcode.ADC (R-ISA-ADC-V)
          const a = r[rs1]!, b = r[rs2]!, cin = psw & FLAG_C ? 1 : 0, v = (a + b + cin) | 0;
          r[rd] = v;
          psw = (psw & NOT_FLAGS) | adcFlags(a, b, cin, v);
          pc += INSN;
          break;
        }
        case H.SBC: {
          // isa.opcode.SBC: borrow = 1 - C
          const a = r[rs1]!, b = r[rs2]!, borrow = psw & FLAG_C ? 0 : 1, v = (a - b - borrow) | 0;
          r[rd] = v;
          psw = (psw & NOT_FLAGS) | sbcFlags(a, b, borrow, v);
          pc += INSN;
          break;
        }
        case H.JMP: // isa.opcode.JMP: absolute, zero-extended (R-ISA-JUMPS)
          pc = imm;
          break;
        case H.JZ: // isa.opcode.JZ: tests PSW.Z (R-ISA-JZ-PSW)
          pc = psw & Z ? imm : pc + INSN;
          break;
        case H.JNZ: // isa.opcode.JNZ
          pc = psw & Z ? pc + INSN : imm;
          break;
        case H.CALL: {
          // isa.opcode.CALL, isa.rule.STACK_CHECKS, isa.rule.CALL_DEPTH
          const base = rs1 !== 0 ? r[rs1]! >>> 0 : pc;
          const raw = sp - SLOT;
          if (raw < 0 || raw < limit || raw + SLOT > MEM_SIZE) { fault = VmError.STACK_OVERFLOW; break loop; }
          store32(mem, raw, pc + INSN);
          sp = raw;
          r[SP_MIRROR] = sp;
          depth++;
          pc = (base + (imm << 2)) & ADDR_MASK;
          break;
        }
        case H.RET: {
          // isa.opcode.RET, R-ISA-RET-EXIT, R-ISA-STACK-TOP
          // isa.rule.CALL_DEPTH: RET at depth 0 does not retire (steps unchanged).
          if (depth === 0) { reason = VmStop.EXIT; break loop; }
          if (sp >= MEM_SIZE) { fault = VmError.STACK_UNDERFLOW; break loop; }
          if (sp > MEM_SIZE - SLOT) { fault = VmError.MEM_FAULT; break loop; }
          pc = load32(mem, sp) >>> 0; // not masked
          sp += SLOT;
          r[SP_MIRROR] = sp;
          depth--;
          break;
        }
        case H.PUSH: {
          // isa.opcode.PUSH, isa.rule.STACK_CHECKS
          const raw = sp - SLOT;
          if (raw < 0 || raw < limit || raw + SLOT > MEM_SIZE) { fault = VmError.STACK_OVERFLOW; break loop; }
          store32(mem, raw, r[rs1]!);
          sp = raw;
          r[SP_MIRROR] = sp;
          pc += INSN;
          break;
        }
        case H.POP: {
          // isa.opcode.POP: R15 = SP first, then R[rd] (so POP R15 keeps the popped value)
          if (sp >= MEM_SIZE) { fault = VmError.STACK_UNDERFLOW; break loop; }
          if (sp > MEM_SIZE - SLOT) { fault = VmError.MEM_FAULT; break loop; }
          const v = load32(mem, sp);
          sp += SLOT;
          r[SP_MIRROR] = sp;
          r[rd] = v;
          pc += INSN;
          break;
        }
        case H.FADD: // isa.opcode.FADD
          r[rd] = (r[rd]! & HIGH_HALF) | f16Add(r[rs1]!, r[rs2]!);
          pc += INSN;
          break;
        case H.FSUB: // isa.opcode.FSUB
          r[rd] = (r[rd]! & HIGH_HALF) | f16Sub(r[rs1]!, r[rs2]!);
          pc += INSN;
          break;
        case H.FMUL: // isa.opcode.FMUL
          r[rd] = (r[rd]! & HIGH_HALF) | f16Mul(r[rs1]!, r[rs2]!);
          pc += INSN;
          break;
        case H.FDIV: // isa.opcode.FDIV (R-ISA-FDIV-ZERO)
          r[rd] = (r[rd]! & HIGH_HALF) | f16Div(r[rs1]!, r[rs2]!);
          pc += INSN;
          break;
        case H.I2F: // isa.opcode.I2F
          r[rd] = (r[rd]! & HIGH_HALF) | f16FromInt32(r[rs1]!);
          pc += INSN;
          break;
        case H.F2I: // isa.opcode.F2I (R-ISA-F2I-SAT)
          r[rd] = f16ToInt32(r[rs1]!);
          pc += INSN;
          break;
        case H.SVC: // isa.opcode.SVC: retire, advance, hand the call to the caller
          stop.pc = pc;
          stop.code = imm;
          stop.svcModule = (imm >>> ISA.SVC_MOD_SHIFT) & ISA.SVC_MOD_MASK;
          stop.svcFunction = imm & ISA.SVC_FN_MASK;
          pc += INSN;
          left--;
          reason = VmStop.SVC;
          break loop;
        case H.BRK: // isa.opcode.BRK
          stop.pc = pc;
          stop.code = stop.brkCode = imm & ISA.BRK_CODE_MASK;
          pc += INSN;
          left--;
          reason = VmStop.BRK;
          break loop;
        default: // isa.rule.ILLEGAL_OPCODE (R-ISA-ILLEGAL)
          fault = VmError.ILLEGAL;
          break loop;
      }
      left--;
    }

    this.steps += budget - left;
    this.sp = sp;
    this.psw = psw;
    this.callDepth = depth;
    if (fault !== 0) {
      // isa.rule.FAULT: R0 = code, pc stays at the faulting instruction.
      r[0] = fault;
      reason = VmStop.FAULT;
      stop.code = fault;
      stop.pc = pc;
    } else if (reason === VmStop.EXIT) {
      stop.code = r[0]! >>> 0;
      stop.pc = pc;
    } else if (reason === VmStop.OK) {
      stop.pc = pc;
    }
    this.pc = pc;
    stop.reason = reason;
    return reason;
  }
}
