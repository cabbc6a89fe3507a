/** Typed assembler errors and warnings, each at FILE:LINE:COL (1-based). */

export type AsmErrorCode =
  /** A malformed line, literal, string or operand. */
  | "SYNTAX"
  | "UNKNOWN_MNEMONIC"
  | "UNKNOWN_DIRECTIVE"
  /** Too few or too many operands. */
  | "OPERAND_COUNT"
  /** An operand of the wrong kind (a register where a target belongs, a string where a number belongs, ...). */
  | "BAD_OPERAND"
  | "BAD_REGISTER"
  /** A number or a symbol value that does not fit its field (never wrapped). */
  | "IMM_RANGE"
  /** JMP/JZ/JNZ to an address beyond 0xFFF (isa JUMP_REACH). */
  | "BRANCH_RANGE"
  /** CALL more than 2047 words away. */
  | "CALL_RANGE"
  /** A code target, entry or .org that is not a multiple of 4. */
  | "MISALIGNED"
  | "UNKNOWN_LABEL"
  | "DUPLICATE_LABEL"
  /** Two modules export the same symbol. */
  | "DUPLICATE_SYMBOL"
  /** An .import or a referenced .extern that no module exports. */
  | "UNRESOLVED_SYMBOL"
  /** A statement in the wrong section (.entry in .data, an instruction in .data, ...). */
  | "SECTION"
  /** A .value/.cmd/.mailbox payload that is not valid JSON or has bad fields. */
  | "BAD_METADATA"
  | "DUPLICATE_METADATA"
  /** An .include that is missing, unreadable or recursive. */
  | "INCLUDE"
  /** .org below the current address. */
  | "ORG"
  /** No code, or an entry point outside code or not in .text. */
  | "ENTRY"
  /** Code or rodata larger than the image format or memory allows. */
  | "SIZE"
  /** Header directives that contradict each other (.hxe_version 1 with metadata, two app names, ...). */
  | "CONFLICT";

export interface SourcePos {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export function formatPos(p: SourcePos): string {
  return `${p.file}:${p.line}:${p.col}`;
}

/** An assembly error. `message` reads FILE:LINE:COL: detail. */
export class AsmError extends Error {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  constructor(
    readonly code: AsmErrorCode,
    pos: SourcePos,
    readonly detail: string,
  ) {
    super(`${formatPos(pos)}: ${detail}`);
    this.name = "AsmError";
    this.file = pos.file;
    this.line = pos.line;
    this.col = pos.col;
  }
}

export function isAsmError(e: unknown): e is AsmError {
  return e instanceof AsmError;
}

/** Something the assembler accepted but a reader should know about. */
export interface AsmWarning {
  readonly pos: SourcePos;
  readonly message: string;
}

export function formatWarning(w: AsmWarning): string {
  return `${formatPos(w.pos)}: warning: ${w.message}`;
}
