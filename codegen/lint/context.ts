import type { Diagnostic, LoadedSpec } from "../model/index.js";

/** Collects diagnostics located by spec item id (falling back to the item's file). */
export class LintContext {
  readonly diagnostics: Diagnostic[] = [];

  constructor(readonly spec: LoadedSpec) {}

  get model() {
    return this.spec.model;
  }

  report(itemId: string, code: string, message: string): void {
    const pos = this.spec.positions.get(itemId) ?? this.fallback(itemId);
    this.diagnostics.push({ code, ...pos, message });
  }

  private fallback(itemId: string) {
    const domain = itemId.split(".")[0] as keyof LoadedSpec["files"];
    const f = this.spec.files[domain];
    return { file: f ? f.path : "spec", line: 1, col: 1 };
  }
}

export function fits(value: number, width: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 2 ** width - 1;
}

export function isPowerOfTwo(v: number): boolean {
  return v > 0 && (v & (v - 1)) === 0 && v <= 0x80000000;
}

/** Report every value that appears more than once, at each occurrence after the first in the source. */
export function checkUnique<T>(ctx: LintContext, items: readonly T[], key: (t: T) => string | number, id: (t: T) => string, code: string, what: string): void {
  const first = new Map<string | number, T>();
  const pos = (t: T) => ctx.spec.positions.get(id(t));
  const inSourceOrder = [...items].sort((a, b) => {
    const pa = pos(a);
    const pb = pos(b);
    if (!pa || !pb) return 0;
    return pa.file.localeCompare(pb.file) || pa.line - pb.line || pa.col - pb.col;
  });
  for (const it of inSourceOrder) {
    const k = key(it);
    const prior = first.get(k);
    if (prior !== undefined) ctx.report(id(it), code, `duplicate ${what} ${typeof k === "number" ? hex(k) : JSON.stringify(k)} (first at ${id(prior)})`);
    else first.set(k, it);
  }
}

export function hex(v: number): string {
  return "0x" + v.toString(16).toUpperCase();
}
