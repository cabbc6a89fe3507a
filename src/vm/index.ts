/** The reference MiniVM: interpreter, instruction words, f16 and a standalone host. */
export { MiniVM, VmConfigError, VmStopDetails, type MiniVMOptions, type VmConfigErrorCode, type VmStopCode } from "./exec.js";
export { decode, encode, opcodeInfo, sext12, type EncodeFields, type Instr } from "./decode.js";
export {
  F16_NAN,
  F16_NEG_INF,
  F16_POS_INF,
  f16Add,
  f16Div,
  f16FromInt32,
  f16FromNumber,
  f16Mul,
  f16Sub,
  f16ToInt32,
  f16ToNumber,
} from "./f16.js";
export {
  runStandalone,
  standaloneMemory,
  type StandaloneImage,
  type StandaloneOptions,
  type StandaloneOutcome,
  type StandaloneResult,
  type TraceChange,
  type TraceStep,
} from "./standalone.js";
