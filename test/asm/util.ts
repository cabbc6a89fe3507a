/** Assembler test helpers. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { assemble, AsmError, type AsmErrorCode, type AssembleOptions, type AsmResult } from "../../src/asm/index.js";
import { readHxe, type HxeImage } from "../../src/hxe/index.js";
import { REPO_ROOT } from "../helpers.js";

export const FIXTURES = join(REPO_ROOT, "test", "fixtures");

export function fixture(...parts: string[]): string {
  return readFileSync(join(FIXTURES, ...parts), "utf8");
}

/** Assemble one source text (named t.mvasm). */
export function asm(text: string, opts: AssembleOptions = {}): AsmResult {
  return assemble([{ name: "t.mvasm", text }], opts);
}

export function img(text: string, opts: AssembleOptions = {}): HxeImage {
  return readHxe(asm(text, opts).bytes);
}

/** Code words of an assembled program. */
export function words(text: string): number[] {
  const code = img(text).code;
  return Array.from({ length: code.length / 4 }, (_, i) => new DataView(code.buffer, code.byteOffset).getUint32(i * 4));
}

export function hexWords(text: string): string[] {
  return words(text).map((w) => w.toString(16).padStart(8, "0"));
}

/** The AsmError an assembly throws (fails when it does not throw one). */
export function asmError(text: string | { name: string; text: string }[], opts: AssembleOptions = {}): AsmError {
  try {
    if (typeof text === "string") asm(text, opts);
    else assemble(text, opts);
  } catch (e) {
    if (e instanceof AsmError) return e;
    throw e;
  }
  throw new Error("expected an AsmError");
}

export function expectCode(e: AsmError, code: AsmErrorCode, line?: number, col?: number): void {
  if (e.code !== code || (line !== undefined && e.line !== line) || (col !== undefined && e.col !== col))
    throw new Error(`expected ${code}${line !== undefined ? ` at ${line}:${col ?? "?"}` : ""}, got ${e.code}: ${e.message}`);
}
