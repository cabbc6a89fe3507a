/** Small helpers to build test programs from instruction words. */
import { Op, type Mnemonic } from "../../generated/ts/index.js";
import { encode, MiniVM, type EncodeFields, type MiniVMOptions } from "../../src/vm/index.js";

/** One instruction word. */
export function I(mn: Mnemonic, f: EncodeFields = {}): number {
  return encode(Op[mn], f);
}

/** Big-endian code bytes from words. */
export function code(...words: number[]): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  const dv = new DataView(out.buffer);
  words.forEach((w, i) => dv.setUint32(i * 4, w >>> 0));
  return out;
}

/** A VM over `words` with optional register values. */
export function vmOf(words: number[], regs: Record<number, number> = {}, opts: Omit<MiniVMOptions, "code"> = {}): MiniVM {
  const vm = new MiniVM({ code: code(...words), ...opts });
  for (const [r, v] of Object.entries(regs)) vm.regs[Number(r)] = v;
  return vm;
}
