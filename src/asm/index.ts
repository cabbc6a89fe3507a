/** MVASM: assembler, linker, instruction formatter and disassembler. */
export { assemble, type AsmSource, type AssembleOptions } from "./assemble.js";
export { AsmError, formatPos, formatWarning, isAsmError, type AsmErrorCode, type AsmWarning, type SourcePos } from "./errors.js";
export { appNameOf, link, type AsmResult, type LinkedSymbol, type LinkOptions } from "./link.js";
export { assembleModule, type AsmModule, type ModuleOptions } from "./module.js";
export { callTarget, formatInstruction, isCanonical, svcName, type FormatOptions } from "./format.js";
export { disassemble, quote } from "./disasm.js";
