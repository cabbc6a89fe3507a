import type { NumFormat } from "../../model/types.js";
import { hexOf, type DiffContext, type Side } from "../context.js";
import type { Where } from "../locate.js";
import { compareProps, matchBy, type PropCompare, type PropTable } from "../props.js";
import type { RuleId } from "../rules.js";

/** A list of named things compared by key: removals, additions, then each pair by its property table. */
export interface Keyed<T> {
  key(t: T): string;
  /** Item id of an entry on a side. */
  id(t: T, side: Side): string;
  what(t: T): string;
  /** Raw path, for entries the builder gives no position. */
  at?(t: T, side: Side): Where | undefined;
  props: PropTable<T>;
  /** Rules for a whole entry gone or new; removal is breaking and addition compatible unless said otherwise. */
  removed?: RuleId;
  added?: RuleId;
}

export function compareKeyed<T extends object>(ctx: DiffContext, k: Keyed<T>, olds: readonly T[], news: readonly T[]): void {
  const m = matchBy(olds, news, k.key);
  for (const o of m.removed) ctx.report(k.removed ?? "removed", { item: k.id(o, "old"), side: "old", at: k.at?.(o, "old"), message: `${k.what(o)} removed` });
  for (const n of m.added) ctx.report(k.added ?? "added", { item: k.id(n, "new"), at: k.at?.(n, "new"), message: `${k.what(n)} added` });
  for (const [o, n] of m.pairs) {
    compareProps(ctx, { item: k.id(n, "new"), what: k.what(n), at: k.at ? (side) => k.at!(side === "old" ? o : n, side) : undefined }, o, n, k.props);
  }
}

/** implemented -> planned takes something away; planned -> implemented adds it. */
export const statusProp: PropCompare<{ status: string }> = (ctx, o, n, ref) => {
  if (o.status === n.status) return;
  ctx.report(n.status === "implemented" ? "status-promoted" : "status-demoted", { item: ref.item, at: ref.at?.("new"), message: `${ref.what}: ${o.status} -> ${n.status}`, old: o.status, new: n.status });
};

/** Format a value the way the generated C does, so messages read like the header. */
export function formatter(format: NumFormat): (v: number) => string {
  const digits: Partial<Record<NumFormat, number>> = { hex: 0, hex2: 2, hex4: 4, hex8: 8 };
  const d = digits[format];
  return d === undefined ? (v) => String(v) : (v) => hexOf(v, d);
}
