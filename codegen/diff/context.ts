import type { LoadedSpec } from "../model/index.js";
import { canonicalJson } from "../model/canonical.js";
import { locate, type Where } from "./locate.js";
import { classOf, type RuleId } from "./rules.js";
import type { DiffChange } from "./types.js";

export type Side = "old" | "new";

export interface Finding {
  item: string;
  message: string;
  /** Which spec locates the change: "old" for things that are gone, "new" (default) otherwise. */
  side?: Side;
  /** A raw path when the item has no registered position of its own. */
  at?: Where;
  old?: unknown;
  new?: unknown;
}

/** Collects classified changes; comparators say which rule fired, the table says the class. */
export class DiffContext {
  readonly changes: DiffChange[] = [];

  constructor(
    readonly oldSpec: LoadedSpec,
    readonly newSpec: LoadedSpec,
  ) {}

  report(rule: RuleId, f: Finding): void {
    const spec = f.side === "old" ? this.oldSpec : this.newSpec;
    const change: DiffChange = { class: classOf(rule), kind: rule, item: f.item, location: locate(spec, f.item, f.at), message: f.message };
    if (f.old !== undefined) change.old = f.old;
    if (f.new !== undefined) change.new = f.new;
    this.changes.push(change);
  }
}

/** Equal by meaning: the same canonical JSON (key order never matters). */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // Most properties are scalars: only objects need the canonical (key-order-free) form.
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  return canonicalJson(a) === canonicalJson(b);
}

/** A short rendering of a value for a one-line message. */
export function show(v: unknown, max = 60): string {
  const s = v === undefined ? "(none)" : typeof v === "string" ? JSON.stringify(v) : canonicalJson(v);
  return s.length > max ? `${s.slice(0, max - 3)}...` : s;
}

export function hexOf(v: number, digits = 0): string {
  return "0x" + v.toString(16).toUpperCase().padStart(digits, "0");
}
