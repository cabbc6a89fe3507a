/**
 * Instruction words: pure decode and encode (isa word layout, isa.rule.FETCH).
 * Field positions come from the generated INSN_FIELDS; opcode facts from OPCODES.
 */
import { INSN_FIELDS, OPCODES, OPCODE_INDEX, type OpcodeInfo } from "../../generated/ts/index.js";

const F = INSN_FIELDS;

/** One decoded instruction word. The VM ignores fields its opcode does not use. */
export interface Instr {
  readonly word: number;
  readonly op: number;
  readonly rd: number;
  readonly rs1: number;
  readonly rs2: number;
  /** imm12 as stored (0..0xFFF): the unsigned reading of JMP/JZ/JNZ/SVC/BRK. */
  readonly imm12: number;
  /** imm12 sign-extended (-2048..2047): LDI, loads/stores, CALL. */
  readonly simm12: number;
  /** The opcode's spec entry, or null for a reserved (illegal) opcode byte. */
  readonly info: OpcodeInfo | null;
}

/** Sign-extend a 12-bit immediate. */
export function sext12(imm12: number): number {
  return (imm12 << 20) >> 20;
}

/** The spec entry of an opcode byte, or null when the byte is reserved (isa.rule.ILLEGAL_OPCODE). */
export function opcodeInfo(op: number): OpcodeInfo | null {
  const i = OPCODE_INDEX[op & F.op.mask] ?? -1;
  return i < 0 ? null : OPCODES[i]!;
}

/** Split a 32-bit instruction word into its fields. */
export function decode(word: number): Instr {
  const w = word >>> 0;
  const imm12 = (w >>> F.imm12.shift) & F.imm12.mask;
  const op = (w >>> F.op.shift) & F.op.mask;
  return {
    word: w,
    op,
    rd: (w >>> F.rd.shift) & F.rd.mask,
    rs1: (w >>> F.rs1.shift) & F.rs1.mask,
    rs2: (w >>> F.rs2.shift) & F.rs2.mask,
    imm12,
    simm12: sext12(imm12),
    info: opcodeInfo(op),
  };
}

export interface EncodeFields {
  rd?: number;
  rs1?: number;
  rs2?: number;
  /** -2048..0xFFF; negative values are stored in two's complement. */
  imm?: number;
}

function field(name: keyof typeof F, value: number): number {
  const f = F[name];
  if (!Number.isInteger(value) || value < 0 || value > f.mask) throw new RangeError(`${name} ${value} does not fit ${f.width} bits`);
  return (value << f.shift) >>> 0;
}

/**
 * Build an instruction word (unused fields 0, as the assembler emits them).
 * Throws RangeError when a field does not fit: callers validate user input first.
 */
export function encode(op: number, fields: EncodeFields = {}): number {
  const imm = fields.imm ?? 0;
  if (!Number.isInteger(imm) || imm < -(F.imm12.mask + 1) / 2 || imm > F.imm12.mask) throw new RangeError(`imm ${imm} does not fit 12 bits`);
  return (
    (field("op", op) |
      field("rd", fields.rd ?? 0) |
      field("rs1", fields.rs1 ?? 0) |
      field("rs2", fields.rs2 ?? 0) |
      field("imm12", imm & F.imm12.mask)) >>>
    0
  );
}
